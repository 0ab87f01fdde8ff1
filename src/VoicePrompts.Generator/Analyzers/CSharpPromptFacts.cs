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
                int? maxLength = known.MaxLengthOf(parameter);
                string type = TypeName(parameter.Type);
                inputs.Add(new InputFact(parameter.Name, type, maxLength, PromptChecks.MaxRenderedBytes(type, maxLength), Example: null));
            }

            // The method's [Voice] over its class's, value by value, each with where it was written.
            var settings = VoiceAttributeReader.ReadDeclared(KnownTypes.Find(method.GetAttributes(), known.VoiceAttribute), cancellationToken)
                .Over(VoiceAttributeReader.ReadDeclared(KnownTypes.Find(method.ContainingType.GetAttributes(), known.VoiceAttribute), cancellationToken));
            return new PromptFacts(PromptNaming.PromptNameFromMethod(method.Name), template,
                (offset, length) => TemplateLocations.InCSharp(expression, template, offset, length), inputs, settings);
        }

        private static string TypeName(ITypeSymbol type)
        {
            if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
                type = nullable.TypeArguments[0];
            return type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        }
    }
}
