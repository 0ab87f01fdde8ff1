using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using VoicePrompts.Generator.Parsing;
using VoicePrompts.Shared;

namespace VoicePrompts.Generator.Analyzers
{
    /// <summary>Reads a C# <c>[Prompt]</c> method into <see cref="PromptFacts"/>, with the location of every value.</summary>
    internal static class CSharpPromptFacts
    {
        public static PromptFacts? Create(IMethodSymbol method, KnownTypes known, CancellationToken cancellationToken)
        {
            if (method.PartialDefinitionPart is not null)
                return null; // an implementation part: the definition carries the prompt
            var promptAttribute = KnownTypes.Find(method.GetAttributes(), known.PromptAttribute);
            if (promptAttribute?.ConstructorArguments.FirstOrDefault().Value is not string template)
                return null;
            var expression = CSharpPromptParser.GetTemplateExpression(promptAttribute, cancellationToken);

            var inputs = new List<InputFact>();
            foreach (var parameter in method.Parameters)
            {
                if (SymbolEqualityComparer.Default.Equals(parameter.Type, known.CancellationToken)
                    || SymbolEqualityComparer.Default.Equals(parameter.Type.OriginalDefinition, known.SpeechClient))
                    continue;
                var maxLengthAttribute = KnownTypes.Find(parameter.GetAttributes(), known.MaxLengthAttribute);
                int? maxLength = maxLengthAttribute is { ConstructorArguments.Length: 1 } && maxLengthAttribute.ConstructorArguments[0].Value is int n && n >= 0 ? n : null;
                string type = TypeName(parameter.Type);
                inputs.Add(new InputFact(parameter.Name, type, maxLength, PromptChecks.MaxRenderedBytes(type, maxLength), Example: null));
            }

            var facts = new PromptFacts(PromptNaming.PromptNameFromMethod(method.Name), template,
                (offset, length) => TemplateLocations.InCSharp(expression, template, offset, length), inputs);

            // The method's [Voice] over its class's, value by value, each with where it was written.
            var own = ReadVoice(KnownTypes.Find(method.GetAttributes(), known.VoiceAttribute), cancellationToken);
            var inherited = ReadVoice(KnownTypes.Find(method.ContainingType.GetAttributes(), known.VoiceAttribute), cancellationToken);
            facts.Voice = own.Voice ?? inherited.Voice;
            facts.Instructions = own.Instructions ?? inherited.Instructions;
            facts.Model = own.Model ?? inherited.Model;
            facts.Format = own.Format ?? inherited.Format;
            facts.Speed = own.Speed ?? inherited.Speed;
            return facts;
        }

        /// <summary>The values one [Voice] attribute sets, with their locations; none for a missing attribute.</summary>
        public static PromptFacts ReadVoice(AttributeData? attribute, CancellationToken cancellationToken)
        {
            var facts = new PromptFacts("", "", (_, _) => null, System.Array.Empty<InputFact>());
            if (attribute is null)
                return facts;
            facts.Voice = Positional(attribute, cancellationToken);
            facts.Instructions = Named<string>("Instructions", attribute, cancellationToken);
            facts.Model = Named<string>("Model", attribute, cancellationToken);
            facts.Format = Named<string>("Format", attribute, cancellationToken);
            facts.Speed = Named<double>("Speed", attribute, cancellationToken);
            return facts;
        }

        private static string TypeName(ITypeSymbol type)
        {
            if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
                type = nullable.TypeArguments[0];
            return type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        }

        private static DeclaredValue<string>? Positional(AttributeData? attribute, CancellationToken cancellationToken)
        {
            if (attribute is not { ConstructorArguments.Length: 1 } || attribute.ConstructorArguments[0].Value is not string value)
                return null;
            var syntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
            var argument = syntax?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals is null && a.NameColon is null);
            return new DeclaredValue<string>(value, argument?.Expression.GetLocation() ?? syntax?.GetLocation());
        }

        private static DeclaredValue<T>? Named<T>(string name, AttributeData? attribute, CancellationToken cancellationToken)
        {
            if (attribute is null)
                return null;
            foreach (var pair in attribute.NamedArguments)
            {
                if (pair.Key != name || pair.Value.Value is not T value)
                    continue;
                var syntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
                var argument = syntax?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name);
                return new DeclaredValue<T>(value, argument?.Expression.GetLocation() ?? syntax?.GetLocation());
            }
            return null;
        }
    }
}
