using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using VoicePrompts.Generator.Parsing;

namespace VoicePrompts.Generator.Analyzers
{
    /// <summary>
    /// How the C# analyzers find their work: syntax-node actions on declarations, this generator's own output skipped
    /// at once by its tree (a symbol action would bind the attributes of thousands of generated members first). A
    /// diagnostic reported from the node it points at is local to that document, as the IDE and code fixes need.
    /// </summary>
    internal static class PromptNodes
    {
        /// <summary>
        /// How every C# prompt analyzer treats generated code. Roslyn treats a partial method whose implementation part
        /// is generated as generated code and would skip its declaration; so generated code is analyzed, and the
        /// actions below skip this generator's own trees by path.
        /// </summary>
        public const GeneratedCodeAnalysisFlags GeneratedCodeFlags = GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics;

        /// <summary>
        /// Runs <paramref name="start"/> per compilation with its well-known types, only when the compilation references
        /// VoicePrompts: a project without the attribute costs the C# prompt analyzers nothing.
        /// </summary>
        public static void OnCompilationsWithPrompts(AnalysisContext context, System.Action<CompilationStartAnalysisContext, KnownTypes> start)
        {
            context.RegisterCompilationStartAction(compilation =>
            {
                var known = KnownTypes.For(compilation.Compilation);
                if (known.PromptAttribute is not null)
                    start(compilation, known);
            });
        }

        public static readonly SyntaxKind[] TypeDeclarations =
        {
            SyntaxKind.ClassDeclaration, SyntaxKind.StructDeclaration, SyntaxKind.RecordDeclaration,
            SyntaxKind.RecordStructDeclaration, SyntaxKind.InterfaceDeclaration,
        };

        /// <summary>The [Prompt] method this method declaration declares, or null (attribute lists are checked first, syntactically).</summary>
        public static IMethodSymbol? PromptMethod(SyntaxNodeAnalysisContext context, KnownTypes known)
        {
            var syntax = (MethodDeclarationSyntax)context.Node;
            if (syntax.AttributeLists.Count == 0 || GeneratedCode.IsOurs(syntax.SyntaxTree))
                return null;
            if (context.SemanticModel.GetDeclaredSymbol(syntax, context.CancellationToken) is not IMethodSymbol declared)
                return null;
            // For a partial method this may be either part; the prompt is the definition, analyzed at its own syntax
            // only (a user-written implementation part is reported there, as VP0009).
            var method = declared.PartialDefinitionPart ?? declared;
            // A body written without a declaration part gets its declaration from the generator (VP0009): the
            // user's syntax is then where the prompt is analyzed.
            bool definitionIsOurs = declared.PartialDefinitionPart is { } definition && definition.Locations.All(l => GeneratedCode.IsOurs(l.SourceTree));
            if (!definitionIsOurs && !method.DeclaringSyntaxReferences.Any(r => r.SyntaxTree == syntax.SyntaxTree && r.Span == syntax.Span))
                return null;
            return KnownTypes.Find(method.GetAttributes(), known.PromptAttribute) is null ? null : method;
        }

        /// <summary>The type this declaration declares and its [Voice], when that attribute is written on this declaration.</summary>
        public static (INamedTypeSymbol Type, AttributeData Voice)? TypeVoiceWrittenHere(SyntaxNodeAnalysisContext context, KnownTypes known)
        {
            var syntax = (TypeDeclarationSyntax)context.Node;
            if (syntax.AttributeLists.Count == 0 || GeneratedCode.IsOurs(syntax.SyntaxTree)
                || context.SemanticModel.GetDeclaredSymbol(syntax, context.CancellationToken) is not INamedTypeSymbol type)
                return null;
            var voice = KnownTypes.Find(type.GetAttributes(), known.VoiceAttribute);
            if (voice?.ApplicationSyntaxReference is not { } reference
                || reference.SyntaxTree != syntax.SyntaxTree || !syntax.AttributeLists.Any(list => list.Span.Contains(reference.Span)))
                return null;
            return (type, voice);
        }
    }
}
