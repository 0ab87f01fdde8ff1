namespace VoicePrompts
{
    /// <summary>
    /// One declared prompt, as listed by the generated <c>VoicePrompts.Generated.VoicePromptCatalog.All</c>: what tools
    /// need to pre-render static prompts and estimate cost.
    /// </summary>
    public sealed class PromptInfo
    {
        /// <summary>Created by generated code.</summary>
        public PromptInfo(
            string id, string model, string voice, string? instructions, AudioFormat format, double speed,
            string template, bool isStatic, int? staticInputTokens, string sourceFile, int line)
        {
            Id = id;
            Model = model;
            Voice = voice;
            Instructions = instructions;
            Format = format;
            Speed = speed;
            Template = template;
            IsStatic = isStatic;
            StaticInputTokens = staticInputTokens;
            SourceFile = sourceFile;
            Line = line;
        }

        /// <summary><c>{class full name}.{prompt name}</c>, e.g. <c>MyShop.CheckoutPrompts.OrderShipped</c>.</summary>
        public string Id { get; }
        /// <summary>The speech model.</summary>
        public string Model { get; }
        /// <summary>The voice name.</summary>
        public string Voice { get; }
        /// <summary>The instructions, if any.</summary>
        public string? Instructions { get; }
        /// <summary>The audio format.</summary>
        public AudioFormat Format { get; }
        /// <summary>The speaking speed.</summary>
        public double Speed { get; }
        /// <summary>The Scriban template as declared.</summary>
        public string Template { get; }
        /// <summary>True when the template has no variables: its text is known at build time.</summary>
        public bool IsStatic { get; }
        /// <summary>Exact o200k_base token count of a static prompt's input; null for templated prompts.</summary>
        public int? StaticInputTokens { get; }
        /// <summary>The declaring file, relative to the project directory where possible.</summary>
        public string SourceFile { get; }
        /// <summary>The 1-based line of the declaration.</summary>
        public int Line { get; }

        /// <inheritdoc />
        public override string ToString() => Id;
    }
}
