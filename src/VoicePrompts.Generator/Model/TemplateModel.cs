namespace VoicePrompts.Generator.Model
{
    /// <summary>A Scriban template and what the generator learned from parsing it.</summary>
    /// <param name="Text">The template source.</param>
    /// <param name="Bindings">Each variable the template reads, with the parameter bound to it.</param>
    /// <param name="ConstantText">The rendered text when the template has no variables and renders the same every time; else null.</param>
    /// <param name="StaticInputTokens">The exact o200k_base tokens of <paramref name="ConstantText"/>; else null.</param>
    internal sealed record TemplateModel(string Text, EquatableArray<TemplateBinding> Bindings, string? ConstantText, int? StaticInputTokens)
    {
        public bool IsStatic => ConstantText is not null;

        /// <summary>Counted here, in the cached parse step, so the catalog and hover text reuse it.</summary>
        public static TemplateModel Create(string text, EquatableArray<TemplateBinding> bindings, string? constantText) =>
            new(text, bindings, constantText, constantText is null ? null : Shared.Tokens.O200kTokenCounter.Count(constantText));
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
