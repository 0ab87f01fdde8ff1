using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace VoicePrompts.Generator.Parsing
{
    /// <summary>
    /// Finds the <c>ISpeechClient</c> a class provides, as LoggerMessage finds its logger: the one field, property or
    /// primary-constructor parameter of that type (own or inherited and accessible); none means
    /// <c>SpeechClient.Default</c>; two or more is an error.
    /// </summary>
    internal static class ClientResolver
    {
        public const string DefaultClient = "global::VoicePrompts.SpeechClient.Default";

        /// <returns>The C# expression for the client, or null when the class has more than one.</returns>
        public static string? Resolve(INamedTypeSymbol type, bool forStaticMember, KnownTypes known, ProblemLog log, Location? location)
        {
            // Every prompt of a class asks; the answer depends only on the class, so it is found once per type symbol
            // (which lives as long as its compilation) instead of binding the constructors and members per prompt.
            var candidates = (forStaticMember ? s_staticCandidates : s_instanceCandidates)
                .GetValue(type, t => Candidates(t, forStaticMember, known));
            if (candidates.Count == 0)
                return DefaultClient;
            if (candidates.Count > 1)
            {
                log.Fail(ProblemKind.MultipleClients, location, type.Name, string.Join(", ", candidates.Select(c => c.Name)));
                return null;
            }
            var only = candidates[0];
            // A nullable member falls back to the default client rather than failing with a null reference.
            return only.Nullable ? "(" + only.Expression + " ?? " + DefaultClient + ")" : only.Expression;
        }

        private sealed class CandidateList : List<(string Name, string Expression, bool Nullable)>
        {
        }

        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<INamedTypeSymbol, CandidateList> s_instanceCandidates = new();
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<INamedTypeSymbol, CandidateList> s_staticCandidates = new();

        /// <summary>Every member and primary-constructor parameter of the class that could be its client.</summary>
        private static CandidateList Candidates(INamedTypeSymbol type, bool forStaticMember, KnownTypes known)
        {
            var candidates = new CandidateList();

            foreach (var parameter in PrimaryConstructorParameters(type))
            {
                if (!forStaticMember && IsClient(parameter.Type, known))
                    candidates.Add((parameter.Name, Identifiers.Escape(parameter.Name), parameter.NullableAnnotation == NullableAnnotation.Annotated));
            }

            for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
            {
                bool inherited = !SymbolEqualityComparer.Default.Equals(current, type);
                foreach (var member in current.GetMembers())
                {
                    if (member.IsImplicitlyDeclared && member is not IPropertySymbol) continue; // backing fields
                    if (inherited && member.DeclaredAccessibility == Accessibility.Private) continue;
                    if (forStaticMember && !member.IsStatic) continue;
                    ITypeSymbol? memberType = member switch
                    {
                        IFieldSymbol field => field.Type,
                        IPropertySymbol { IsIndexer: false } property => property.Type,
                        _ => null,
                    };
                    if (memberType is null || !IsClient(memberType, known)) continue;
                    // A record's positional parameter is also a property: count it once.
                    if (candidates.Any(c => c.Name == member.Name)) continue;
                    string access = member.IsStatic
                        ? member.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + "." + Identifiers.Escape(member.Name)
                        : "this." + Identifiers.Escape(member.Name);
                    candidates.Add((member.Name, access, memberType.NullableAnnotation == NullableAnnotation.Annotated));
                }
            }

            // `partial class C(ISpeechClient speech) { readonly ISpeechClient _speech = speech; }`: the parameter only
            // initializes the member, which is the class's one client, not a second one.
            candidates.RemoveAll(c => c.Expression == Identifiers.Escape(c.Name)
                && InitializersOf(type, known).Any(initializer => initializer.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Any(n => n.Identifier.ValueText == c.Name)));
            return candidates;
        }

        /// <summary>The initializers of the type's own <c>ISpeechClient</c>-typed fields and properties, as written.</summary>
        private static IEnumerable<SyntaxNode> InitializersOf(INamedTypeSymbol type, KnownTypes known)
        {
            foreach (var member in type.GetMembers())
            {
                var memberType = member switch { IFieldSymbol f => f.Type, IPropertySymbol p => p.Type, _ => null };
                if (member.IsImplicitlyDeclared || memberType is null || !IsClient(memberType, known))
                    continue;
                foreach (var reference in member.DeclaringSyntaxReferences)
                {
                    var initializer = reference.GetSyntax() switch
                    {
                        VariableDeclaratorSyntax { Initializer: { } field } => field.Value,
                        PropertyDeclarationSyntax { Initializer: { } property } => property.Value,
                        _ => null,
                    };
                    if (initializer is not null)
                        yield return initializer;
                }
            }
        }

        private static bool IsClient(ITypeSymbol type, KnownTypes known) =>
            SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, known.SpeechClient);

        private static IEnumerable<IParameterSymbol> PrimaryConstructorParameters(INamedTypeSymbol type)
        {
            foreach (var constructor in type.InstanceConstructors)
            {
                foreach (var reference in constructor.DeclaringSyntaxReferences)
                {
                    // A primary constructor's declaring syntax is the type declaration itself.
                    if (reference.GetSyntax() is TypeDeclarationSyntax)
                        return constructor.Parameters;
                }
            }
            return Enumerable.Empty<IParameterSymbol>();
        }
    }
}
