using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using VoicePrompts.Generator.Parsing;
using VoicePrompts.Shared;

namespace VoicePrompts.Generator.Analyzers
{
    /// <summary>Reads a C# <c>[Prompt]</c> method into <see cref="PromptFacts"/>, with the location of every value.</summary>
    internal static class CSharpPromptFacts
    {
        /// <summary>The neutral template's facts, then each translation's (<c>[Prompt("…", Culture = "fr")]</c>), checked on its own text.</summary>
        public static List<PromptFacts> Create(IMethodSymbol method, KnownTypes known, CancellationToken cancellationToken)
        {
            var all = new List<PromptFacts>();
            if (method.PartialDefinitionPart is not null)
                return all; // an implementation part: the definition carries the prompt

            var inputs = new List<InputFact>();
            foreach (var parameter in method.Parameters)
            {
                if (KnownTypes.IsCancellationToken(parameter.Type)
                    || SymbolEqualityComparer.Default.Equals(parameter.Type.OriginalDefinition, known.SpeechClient)
                    || KnownTypes.IsCultureInfo(parameter.Type))
                    continue;
                int? maxLength = KnownTypes.MaxLengthOf(parameter);
                string type = TypeName(parameter.Type);
                inputs.Add(new InputFact(parameter.Name, type, maxLength, PromptChecks.MaxRenderedBytes(type, maxLength), Example: null));
            }

            // The method's [Voice] over its class's, value by value, each with where it was written.
            var settings = VoiceAttributeReader.ReadDeclared(KnownTypes.Find(method.GetAttributes(), known.VoiceAttribute), cancellationToken)
                .Over(VoiceAttributeReader.ReadDeclared(KnownTypes.Find(method.ContainingType.GetAttributes(), known.VoiceAttribute), cancellationToken));
            string name = PromptNaming.PromptNameFromMethod(method.Name);
            foreach (var attribute in KnownTypes.FindAll(method.GetAttributes(), known.PromptAttribute))
            {
                if (attribute.ConstructorArguments.FirstOrDefault().Value is not string template)
                    continue;
                string? written = KnownTypes.CultureOf(attribute);
                string? culture = written is null ? null : CultureNames.Normalize(written);
                if (written is not null && culture is null)
                    continue; // an unknown culture is reported as such
                var expression = CSharpPromptParser.GetTemplateExpression(attribute, cancellationToken);
                all.Add(new PromptFacts(culture is null ? name : VariantResolver.DisplayName(name, culture), template,
                    (offset, length) => TemplateLocations.InCSharp(expression, template, offset, length), inputs, settings,
                    known.PronunciationsFor(method, culture), culture));
            }
            return all;
        }

        private static string TypeName(ITypeSymbol type)
        {
            if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
                type = nullable.TypeArguments[0];
            return type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        }
    }
}
