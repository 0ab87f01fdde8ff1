using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using VoicePrompts.Generator.Model;
using VoicePrompts.Shared;

namespace VoicePrompts.Generator.Parsing
{
    /// <summary>
    /// Builds the translations of a YAML prompt from the translation files of its class (<c>Menu.fr.voice.yaml</c>).
    /// The generator calls it while resolving the neutral file, with no sink; the YAML analyzer calls it for the
    /// translation file, with one, so every problem is reported where it is written.
    /// </summary>
    internal static class VariantResolver
    {
        /// <summary>
        /// The variants of <paramref name="neutral"/> in <paramref name="variantFiles"/> (every translation file, ordered by
        /// path; the first file of a culture to translate a prompt wins). A broken translation breaks the prompt: its
        /// failure is the neutral prompt's.
        /// </summary>
        public static EquatableArray<PromptVariant> ForPrompt(PromptModel neutral, string className, EquatableArray<VoiceYamlFile> variantFiles,
            YamlSymbols symbols, out string? failure)
        {
            failure = null;
            if (variantFiles.Count == 0)
                return EquatableArray<PromptVariant>.Empty;
            var variants = new List<PromptVariant>();
            foreach (var file in variantFiles)
            {
                if (file.Class?.Value != className || !IsUsable(file) || variants.Any(v => v.Culture == file.Culture))
                    continue;
                var prompt = file.Prompts.FirstOrDefault(p => PromptNaming.ToPascalCase(p.Key.Value) == neutral.Name);
                if (prompt is null)
                    continue;
                var log = new ProblemLog(null);
                var variant = Resolve(file, prompt, neutral, symbols, log, text: null);
                failure ??= log.Failure;
                if (variant is not null)
                    variants.Add(variant);
            }
            return variants.OrderBy(v => v.Culture, StringComparer.Ordinal).ToEquatableArray();
        }

        /// <summary>A translation file whose prompts can be trusted: well-formed YAML.</summary>
        public static bool IsUsable(VoiceYamlFile file) =>
            file.IsVariant && file.Class is not null
            && !file.Problems.Any(p => p.Kind is YamlProblemKind.Syntax or YamlProblemKind.DuplicateKey or YamlProblemKind.TooLarge);

        /// <summary>One translation of <paramref name="neutral"/>; null when it cannot be used (the log says why).</summary>
        /// <param name="text">The translation file's text, for exact locations; analyzers pass it.</param>
        public static PromptVariant? Resolve(VoiceYamlFile file, YamlPromptModel prompt, PromptModel neutral, YamlSymbols symbols, ProblemLog log, SourceText? text,
            bool locate = false)
        {
            if (!prompt.IsValid || prompt.Text is null)
                return null; // its schema problem is reported as such
            string culture = file.Culture!;
            Location? At(YamlSpan span) => locate ? TemplateLocations.Yaml(file.Path, span) : null;
            var inputs = neutral.Parameters.Where(p => p.Role == ParameterRole.Input).ToList();
            string neutralParameters = inputs.Count == 0 ? "none" : string.Join(", ", inputs.Select(p => p.Variable ?? p.Name));

            // The translation may restate a parameter (for its own example or max_length), not change it.
            var restatable = neutral.Parameters.Where(p => p.Role is ParameterRole.Input or ParameterRole.Culture).ToList();
            foreach (var parameter in prompt.Parameters)
            {
                var match = restatable.FirstOrDefault(p => p.Variable == parameter.Key.Value)
                    ?? restatable.FirstOrDefault(p => p.Name == PromptNaming.ToCamelCase(parameter.Key.Value));
                if (match is null)
                {
                    log.Fail(ProblemKind.TranslationParameterMismatch, At(parameter.Key.Span), culture, neutral.Name,
                        $"declares parameter '{parameter.Key.Value}', which the neutral prompt does not have", neutralParameters);
                    continue;
                }
                if (parameter.Type is { } type && symbols.Type(type.Value, neutral.Type.Namespace) is { } resolved && resolved.Type != match.Type)
                    log.Fail(ProblemKind.TranslationParameterMismatch, At(type.Span), culture, neutral.Name,
                        $"declares parameter '{parameter.Key.Value}' as '{type.Value}', where the neutral prompt's is '{TypeText(match.Type)}'", neutralParameters);
            }

            var analysis = TemplateParser.Analyze(prompt.Text.Value);
            foreach (var error in analysis.Errors)
                log.Fail(ProblemKind.TemplateSyntaxError, locate ? TemplateLocations.InYaml(file.Path, text, prompt.Text, error.Offset, 1) : null,
                    DisplayName(neutral.Name, culture), error.Line + 1, error.Column + 1, error.Message);
            var bindings = CSharpPromptParser.Bind(analysis, neutral.Parameters, out var unbound, out _);
            foreach (var variable in unbound)
                log.Fail(ProblemKind.TranslationParameterMismatch,
                    locate ? TemplateLocations.InYaml(file.Path, text, prompt.Text, analysis.OffsetOf(variable), variable.Length) : null,
                    culture, neutral.Name, $"reads variable '{variable}', which is not a parameter of the neutral prompt", neutralParameters);
            if (log.Failure is not null)
                return null;

            var settings = prompt.Settings.ToVoiceSettings().Over(file.Settings.ToVoiceSettings()).Over(neutral.Settings);
            var pronounce = PronounceEntry.Merge(YamlPronounceEntry.ToModel(prompt.Pronounce), YamlPronounceEntry.ToModel(file.Pronounce));
            return new PromptVariant(culture, settings, TemplateModel.Create(prompt.Text.Value, bindings, analysis.ConstantText, pronounce, analysis.Parts),
                new SourcePosition(file.Path, prompt.Key.Span.StartLine + 1));
        }

        /// <summary>How messages name one translation of a prompt: <c>Hello [fr]</c>, as <c>PromptInfo</c> prints it.</summary>
        public static string DisplayName(string prompt, string culture) => prompt + " [" + culture + "]";

        private static string TypeText(string type) => type.StartsWith("global::", StringComparison.Ordinal) ? type.Substring("global::".Length) : type;
    }
}
