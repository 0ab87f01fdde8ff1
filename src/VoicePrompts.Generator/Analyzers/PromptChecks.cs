using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Scriban;
using Scriban.Runtime;
using VoicePrompts.Generator.Diagnostics;
using VoicePrompts.Generator.Model;
using VoicePrompts.Generator.Parsing;
using VoicePrompts.Generator.Tokens;
using VoicePrompts.Shared;
using VoicePrompts.Shared.Tokens;

namespace VoicePrompts.Generator.Analyzers
{
    /// <summary>
    /// The checks of a prompt's content — sizes against the model's limits, voice, model, format, speed — shared by
    /// the C# and the YAML analyzers so both judge a prompt the same way.
    /// </summary>
    internal static class PromptChecks
    {
        public static void CheckLimits(PromptFacts prompt, AnalyzerSettings settings, Action<Diagnostic> report)
        {
            string model = prompt.Settings.Model?.Value ?? settings.DefaultModel;
            var facts = SpeechModelCatalog.Get(SpeechModelCatalog.Resolve(model, settings.Aliases));
            int? limit = settings.TokenLimit(model);
            string? instructions = prompt.Settings.Instructions?.Value;

            var analysis = TemplateParser.Analyze(prompt.Template);
            if (analysis.HasErrors)
                return; // reported as a template error

            if (analysis.ConstantText is { } written)
            {
                string text = PronounceEntry.Apply(written, prompt.Pronounce);
                CheckRenderedText(prompt, text, model, facts, limit, DiagnosticDescriptors.InputOverTokenLimit, renderedFrom: "", report);
                // Only when the input alone fits (else VP0001 says it); input and instructions are sent apart, so
                // each is counted on its own.
                if (limit is int l && settings.CheckInstructionsPlusInput && instructions is not null && facts.AcceptsInstructions
                    && O200kTokenCounter.IsWithinLimit(text, l))
                {
                    int inputTokens = O200kTokenCounter.Count(text);
                    int instructionTokens = O200kTokenCounter.Count(instructions);
                    if (inputTokens + instructionTokens > l)
                        report(Diagnostic.Create(DiagnosticDescriptors.InstructionsPlusInputOverTokenLimit, prompt.WholeTemplateLocation,
                            prompt.Name, inputTokens + instructionTokens, inputTokens, instructionTokens, model, l));
                }
                return;
            }

            var inputs = Bind(prompt, analysis);
            if (inputs is null)
                return;

            // With example values: the exact count of one realistic rendering.
            if (inputs.Values.All(i => i.Example is not null) && RenderWithExamples(prompt.Template, inputs, prompt.Culture) is { } rendered)
                CheckRenderedText(prompt, PronounceEntry.Apply(rendered, prompt.Pronounce), model, facts, limit, DiagnosticDescriptors.ExampleOverTokenLimit,
                    " rendered with its example values", report);

            // With maximum lengths: a bound no rendering within them can exceed.
            if (limit is int max && inputs.Values.All(i => i.MaxRenderedBytes is not null) && TemplateParser.TrySplit(prompt.Template) is { } split)
            {
                // Pronunciations: the static text as sent, and each value as long as its longest spoken form could make it.
                int growth = Growth(prompt.Pronounce);
                long bound = TemplateTokenBound.Compute(split.Statics.Select(t => PronounceEntry.Apply(t, prompt.Pronounce)).ToList(),
                    split.Variables.Select(v => inputs[v].MaxRenderedBytes!.Value * growth).ToList());
                if (bound > max)
                {
                    string lengths = string.Join(", ", inputs.Values.Distinct().Select(i => i.MaxLength is int n
                        ? i.Name + " at " + n.ToString("N0", CultureInfo.InvariantCulture) + " characters"
                        : i.Name + " at its longest " + i.Type));
                    report(Diagnostic.Create(DiagnosticDescriptors.MaxLengthBoundOverTokenLimit, prompt.WholeTemplateLocation,
                        prompt.Name, bound, lengths, model, max));
                }
            }
        }

        /// <summary>
        /// Instructions over 4,096 characters, reported where they are written (checked once per declaration, not
        /// per prompt that inherits them).
        /// </summary>
        /// <param name="subject">The declaration that wrote them, as messages name it: <c>Class 'X'</c>, <c>Prompt 'Y'</c>.</param>
        public static void CheckInstructionsLength(DeclaredValue<string>? instructions, string subject, Action<Diagnostic> report)
        {
            if (instructions is not null && instructions.Value.Length > SpeechModelCatalog.MaxInstructionsCharacters)
                report(Diagnostic.Create(DiagnosticDescriptors.InstructionsOverCharacterLimit, instructions.Location,
                    subject, instructions.Value.Length, SpeechModelCatalog.MaxInstructionsCharacters));
        }

        private static void CheckRenderedText(PromptFacts prompt, string text, string model, ModelFacts facts, int? limit, DiagnosticDescriptor tokenRule, string renderedFrom, Action<Diagnostic> report)
        {
            if (facts.MaxInputCharacters is int characters && text.Length > characters)
                report(Diagnostic.Create(DiagnosticDescriptors.InputOverCharacterLimit, prompt.WholeTemplateLocation,
                    prompt.Name, text.Length, renderedFrom, characters));
            if (limit is int l && !O200kTokenCounter.IsWithinLimit(text, l))
                report(Diagnostic.Create(tokenRule, prompt.WholeTemplateLocation, prompt.Name, O200kTokenCounter.Count(text), model, l));
        }

        /// <summary>The most a pronunciation multiplies a value's UTF-8 length by (1 when none makes text longer).</summary>
        private static int Growth(EquatableArray<PronounceEntry> pronounce)
        {
            int growth = 1;
            foreach (var entry in pronounce)
            {
                int word = System.Text.Encoding.UTF8.GetByteCount(entry.Word), spoken = System.Text.Encoding.UTF8.GetByteCount(entry.Spoken);
                if (word > 0)
                    growth = Math.Max(growth, (spoken + word - 1) / word);
            }
            return growth;
        }

        /// <summary>Each template variable with the input it binds to; null when one has no input (reported elsewhere).</summary>
        private static Dictionary<string, InputFact>? Bind(PromptFacts prompt, TemplateAnalysis analysis)
        {
            var parameters = prompt.Inputs.Select(i => new ParameterModel(i.Name, i.Type, ParameterRole.Input, null, i.MaxLength, i.Example)).ToList();
            var bindings = CSharpPromptParser.Bind(analysis, parameters, out var unbound, out _);
            if (unbound.Count > 0)
                return null;
            var inputs = new Dictionary<string, InputFact>(StringComparer.Ordinal);
            foreach (var binding in bindings)
                inputs[binding.Variable] = prompt.Inputs.First(i => i.Name == binding.Parameter);
            return inputs;
        }

        internal static string? RenderWithExamples(string text, Dictionary<string, InputFact> inputs, string? culture)
        {
            // As the generated code renders: a translation in its culture, the neutral text invariantly.
            var cultureInfo = culture is null ? CultureInfo.InvariantCulture : CultureInfo.GetCultureInfo(culture);
            // A constant, or a template without logic rendered as generated code renders it: a build whose templates are
            // all simple never loads Scriban (about 500 methods to compile in every compiler process).
            var analysis = TemplateParser.Analyze(text);
            if (analysis.ConstantText is { } constant)
                return constant;
            if (analysis.Parts.Count == 0)
                return RenderWithScriban(text, inputs, cultureInfo);
            var rendered = new System.Text.StringBuilder(text.Length + 16 * analysis.Parts.Count);
            foreach (var part in analysis.Parts)
            {
                if (!part.IsOutput)
                {
                    rendered.Append(part.Text);
                    continue;
                }
                if (!inputs.TryGetValue(part.Text, out var input))
                    return null;
                string value = ScribanOutput.CutValue(ExampleValue(input) switch
                {
                    bool flag => flag ? "true" : "false",
                    IFormattable formattable => formattable.ToString(null, cultureInfo),
                    var other => (string)other,
                });
                rendered.Append(part.Indent is { } indent ? ScribanOutput.Indent(value, indent) : value);
            }
            return ScribanOutput.CutText(rendered.ToString());
        }

        internal static string? RenderWithScriban(string text, Dictionary<string, InputFact> inputs, CultureInfo culture)
        {
            try
            {
                var template = Template.Parse(text);
                var globals = new ScriptObject();
                foreach (var pair in inputs)
                    globals.Add(pair.Key, ExampleValue(pair.Value));
                var context = new TemplateContext { StrictVariables = true, LoopLimit = 1000, RecursiveLimit = 50 };
                context.PushCulture(culture);
                context.PushGlobal(globals);
                return template.Render(context);
            }
            catch (Exception)
            {
                return null; // an example that does not render is not a size problem
            }
        }

        private static object ExampleValue(InputFact input) => Model.ExampleValue.Of(input.Type, input.Example!);

        /// <param name="offerFix">False where the location is not the voice literal itself (a voice inherited from the
        /// class, reported at the method's Model): the code fix must not rewrite it.</param>
        /// <param name="subject">The declaration the values belong to, as messages name it: <c>Class 'X'</c>, <c>Prompt 'Y'</c>.</param>
        /// <param name="aliases">The project's <c>VoicePromptsModelAliases</c>: a deployment name is checked as the model it runs.</param>
        public static void CheckVoice(VoiceDeclaration prompt, string subject, Action<Diagnostic> report, string defaultModel,
            IReadOnlyDictionary<string, string> aliases, bool offerFix = true)
        {
            string model = prompt.Model?.Value ?? defaultModel;
            var facts = SpeechModelCatalog.Get(SpeechModelCatalog.Resolve(model, aliases));

            if (prompt.Voice is { } voice && facts.Voices is { } voices
                && !voices.Contains(voice.Value, StringComparer.Ordinal) && !SpeechModelCatalog.IsCustomVoiceId(voice.Value))
            {
                string? nearest = NearestVoice(voice.Value, voices);
                var properties = nearest is null || !offerFix
                    ? ImmutableDictionary<string, string?>.Empty
                    : ImmutableDictionary<string, string?>.Empty.Add(DiagnosticIds.NearestVoiceProperty, nearest).Add(DiagnosticIds.VoiceProperty, voice.Value);
                report(Diagnostic.Create(DiagnosticDescriptors.UnknownVoice, voice.Location, properties,
                    subject, voice.Value, voices.Count, model, nearest is null ? "" : $"; did you mean '{nearest}'?"));
            }

            if (prompt.Instructions is { } instructions && !facts.AcceptsInstructions)
                report(Diagnostic.Create(DiagnosticDescriptors.InstructionsNotSupported, instructions.Location, subject, model));

            if (prompt.Speed is { } speed && !facts.AcceptsSpeed(speed.Value))
                report(Diagnostic.Create(DiagnosticDescriptors.SpeedOutOfRange, speed.Location,
                    subject, speed.Value.ToString(CultureInfo.InvariantCulture), Subjects.Speed(facts.MinSpeed), Subjects.Speed(facts.MaxSpeed), model));

            if (prompt.Format is { } format && !facts.AcceptsFormat(format.Value))
                report(Diagnostic.Create(DiagnosticDescriptors.UnknownFormat, format.Location,
                    subject, format.Value, model, facts.DescribeFormats()));
        }

        /// <summary>The valid voice closest to <paramref name="voice"/>: same letters ignoring case, else fewest edits (at most half its length).</summary>
        internal static string? NearestVoice(string voice, IReadOnlyList<string> voices)
        {
            foreach (var candidate in voices)
                if (string.Equals(candidate, voice.Trim(), StringComparison.OrdinalIgnoreCase))
                    return candidate;
            string? best = null;
            int bestDistance = int.MaxValue;
            foreach (var candidate in voices)
            {
                int distance = EditDistance(voice.Trim().ToLowerInvariant(), candidate);
                if (distance < bestDistance)
                {
                    best = candidate;
                    bestDistance = distance;
                }
            }
            return bestDistance <= Math.Max(2, voice.Length / 2) ? best : null;
        }

        private static int EditDistance(string a, string b)
        {
            var previous = new int[b.Length + 1];
            var current = new int[b.Length + 1];
            for (int j = 0; j <= b.Length; j++) previous[j] = j;
            for (int i = 1; i <= a.Length; i++)
            {
                current[0] = i;
                for (int j = 1; j <= b.Length; j++)
                    current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
                (previous, current) = (current, previous);
            }
            return previous[b.Length];
        }

        /// <summary>
        /// The most UTF-8 bytes a value of <paramref name="type"/> renders to (Scriban, invariant culture): strings by
        /// their maximum length, numbers and bools by their longest text; null when unbounded or unknown.
        /// </summary>
        internal static long? MaxRenderedBytes(string type, int? maxLength)
        {
            long? byLength = maxLength is int n ? (long)n * TemplateTokenBound.MaxBytesPerUtf16Unit : null;
            return TypeKeyword(type) switch
            {
                "string" => byLength,
                "bool" => 5,                   // false
                "byte" => 3,
                "sbyte" => 4,
                "short" => 6,
                "ushort" => 5,
                "int" => 11,                   // -2147483648
                "uint" => 10,
                "long" => 20,
                "ulong" => 20,
                "float" => 16,                 // -3.4028235E+38 and room for Scriban's format
                "double" => 25,                // -1.7976931348623157E+308
                "decimal" => 31,               // -79228162514264337593543950335 with a point
                "char" => 3,
                _ => byLength,                 // any other type: only its declared maximum length bounds it
            };
        }

        /// <summary>A C# keyword for a type written as a keyword or a full name (<c>System.Int32</c>, <c>global::System.String?</c>).</summary>
        internal static string TypeKeyword(string type)
        {
            string t = type.Trim();
            if (t.EndsWith("?", StringComparison.Ordinal)) t = t.Substring(0, t.Length - 1);
            if (t.StartsWith("global::", StringComparison.Ordinal)) t = t.Substring("global::".Length);
            return t switch
            {
                "System.String" => "string",
                "System.Boolean" => "bool",
                "System.Byte" => "byte",
                "System.SByte" => "sbyte",
                "System.Int16" => "short",
                "System.UInt16" => "ushort",
                "System.Int32" => "int",
                "System.UInt32" => "uint",
                "System.Int64" => "long",
                "System.UInt64" => "ulong",
                "System.Single" => "float",
                "System.Double" => "double",
                "System.Decimal" => "decimal",
                "System.Char" => "char",
                _ => t,
            };
        }
    }
}
