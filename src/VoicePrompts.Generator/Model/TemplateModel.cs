namespace VoicePrompts.Generator.Model
{
    /// <summary>A Scriban template and what the generator learned from parsing it.</summary>
    /// <param name="Text">The template source.</param>
    /// <param name="Bindings">Each variable the template reads, with the parameter bound to it.</param>
    /// <param name="ConstantText">The rendered text when the template has no variables and renders the same every time; else null.</param>
    /// <param name="StaticInputTokens">The exact o200k_base tokens of the text a static prompt sends (its spoken form); else null.</param>
    /// <param name="Pronounce">Words said otherwise than written, applied to the synthesis input only.</param>
    /// <param name="Parts">
    /// A template without logic, in order: its text and its outputs, which generated code builds directly (SPEC §3);
    /// empty for a constant text and for a template Scriban must render.
    /// </param>
    internal sealed record TemplateModel(string Text, EquatableArray<TemplateBinding> Bindings, string? ConstantText, int? StaticInputTokens,
        EquatableArray<PronounceEntry> Pronounce = default, EquatableArray<TemplatePart> Parts = default)
    {
        public bool IsStatic => ConstantText is not null;

        /// <summary>Rendered by generated code, without Scriban.</summary>
        public bool IsCompiled => Parts.Count > 0;

        /// <summary>What a static prompt sends: its constant text with the pronunciations applied; else null.</summary>
        public string? SpokenConstantText => ConstantText is null ? null : PronounceEntry.Apply(ConstantText, Pronounce);

        /// <summary>Counted here, in the cached parse step, so the catalog and hover text reuse it.</summary>
        /// <param name="parts">The template's <see cref="TemplateAnalysis.Parts"/> (split once, with its analysis).</param>
        public static TemplateModel Create(string text, EquatableArray<TemplateBinding> bindings, string? constantText,
            EquatableArray<PronounceEntry> pronounce, EquatableArray<TemplatePart> parts) =>
            new(text, bindings, constantText,
                constantText is null ? null : Shared.Tokens.O200kTokenCounter.Count(PronounceEntry.Apply(constantText, pronounce)), pronounce,
                constantText is null ? parts : default);
    }

    /// <summary>Text as written (<paramref name="IsOutput"/> false) or the name of the variable output there.</summary>
    /// <param name="Indent">
    /// For an output that starts a line after white space only: that white space, which Scriban repeats after each line
    /// break of the value (its auto-indent); else null.
    /// </param>
    internal sealed record TemplatePart(string Text, bool IsOutput, string? Indent = null)
    {
        /// <summary>
        /// The parts of a template without logic from its <see cref="Parsing.SimpleTemplate"/> scan, leaving out empty
        /// text; empty for a template without outputs.
        /// </summary>
        public static EquatableArray<TemplatePart> From(System.Collections.Generic.List<string> statics, System.Collections.Generic.List<(string Name, int Offset)> outputs)
        {
            if (outputs.Count == 0)
                return default;
            var parts = new System.Collections.Generic.List<TemplatePart>(statics.Count + outputs.Count);
            for (int i = 0; i < statics.Count; i++)
            {
                if (statics[i].Length > 0) parts.Add(new TemplatePart(statics[i], IsOutput: false));
                if (i < outputs.Count) parts.Add(new TemplatePart(outputs[i].Name, IsOutput: true, IndentBefore(statics[i], i == 0)));
            }
            return parts.ToEquatableArray();
        }

        /// <summary>
        /// The white space between a line's start and an output: the text after the last line break of the text before
        /// it, or all of that text at the template's start, when it is white space only. Text after another output on
        /// the same line does not count, as in Scriban.
        /// </summary>
        private static string? IndentBefore(string text, bool atStart)
        {
            int lineStart = text.LastIndexOf('\n') + 1;
            if (text.Length == lineStart || (lineStart == 0 && !atStart))
                return null;
            for (int i = lineStart; i < text.Length; i++)
                if (!char.IsWhiteSpace(text[i]))
                    return null;
            return text.Substring(lineStart);
        }
    }

    /// <summary>A word and how to say it (<c>pronounce:</c>, <c>[Pronounce]</c>).</summary>
    internal sealed record PronounceEntry(string Word, string Spoken, bool IgnoreCase)
    {
        /// <summary>The one rewrite the runtime applies too (<c>PronunciationMap</c>).</summary>
        public static string Apply(string text, EquatableArray<PronounceEntry> entries) =>
            entries.Count == 0 ? text : Shared.PronunciationRewriter.Apply(text,
                System.Linq.Enumerable.ToList(System.Linq.Enumerable.Select(entries, e => e.Word)),
                System.Linq.Enumerable.ToList(System.Linq.Enumerable.Select(entries, e => e.Spoken)),
                System.Linq.Enumerable.ToList(System.Linq.Enumerable.Select(entries, e => e.IgnoreCase)));

        /// <summary><paramref name="inner"/>'s entries, then <paramref name="outer"/>'s for words the inner map does not have.</summary>
        public static EquatableArray<PronounceEntry> Merge(EquatableArray<PronounceEntry> inner, EquatableArray<PronounceEntry> outer) =>
            outer.Count == 0 ? inner : System.Linq.Enumerable.ToArray(System.Linq.Enumerable.Concat(inner,
                System.Linq.Enumerable.Where(outer, o => !System.Linq.Enumerable.Any(inner, i => i.Word == o.Word)))).ToEquatableArray();
    }

    /// <summary>A template problem at a position inside the template text (0-based line and column).</summary>
    internal sealed record TemplateError(string Message, int Offset, int Line, int Column);

    /// <summary>The result of parsing a template: variables in order of first use (and where), errors, constant text.</summary>
    internal sealed record TemplateAnalysis(
        string Text,
        EquatableArray<string> Variables,
        EquatableArray<TemplateError> Errors,
        string? ConstantText,
        EquatableArray<int> VariableOffsets = default,
        EquatableArray<TemplatePart> Parts = default)
    {
        /// <summary>Where <paramref name="variable"/> is first read in the template text, or 0.</summary>
        public int OffsetOf(string variable)
        {
            int index = Variables.IndexOf(variable);
            return index >= 0 && index < VariableOffsets.Count ? VariableOffsets[index] : 0;
        }

        public bool HasErrors => Errors.Count > 0;
    }
}
