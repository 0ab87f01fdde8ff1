namespace VoicePrompts.Generator.Model
{
    /// <summary>A Scriban template and what the generator learned from parsing it.</summary>
    /// <param name="Text">The template source.</param>
    /// <param name="Bindings">Each variable the template reads, with the parameter bound to it.</param>
    /// <param name="ConstantText">The rendered text when the template has no variables and renders the same every time; else null.</param>
    /// <param name="StaticInputTokens">The exact o200k_base tokens of the text a static prompt sends (its spoken form); else null.</param>
    /// <param name="Pronounce">Words said otherwise than written, applied to the synthesis input only.</param>
    internal sealed record TemplateModel(string Text, EquatableArray<TemplateBinding> Bindings, string? ConstantText, int? StaticInputTokens,
        EquatableArray<PronounceEntry> Pronounce = default)
    {
        public bool IsStatic => ConstantText is not null;

        /// <summary>What a static prompt sends: its constant text with the pronunciations applied; else null.</summary>
        public string? SpokenConstantText => ConstantText is null ? null : PronounceEntry.Apply(ConstantText, Pronounce);

        /// <summary>Counted here, in the cached parse step, so the catalog and hover text reuse it.</summary>
        public static TemplateModel Create(string text, EquatableArray<TemplateBinding> bindings, string? constantText,
            EquatableArray<PronounceEntry> pronounce = default) =>
            new(text, bindings, constantText,
                constantText is null ? null : Shared.Tokens.O200kTokenCounter.Count(PronounceEntry.Apply(constantText, pronounce)), pronounce);
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
        EquatableArray<int> VariableOffsets = default)
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
