using System;

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
            string template, string? staticInput, int? staticInputTokens, string sourceFile, int line)
        {
            Id = id;
            Model = model;
            Voice = voice;
            Instructions = instructions;
            Format = format;
            Speed = speed;
            Template = template;
            StaticInput = staticInput;
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
        public bool IsStatic => StaticInput is not null;
        /// <summary>The exact text a static prompt sends (the template rendered once, at build time); null for templated prompts.</summary>
        public string? StaticInput { get; }
        /// <summary>Exact o200k_base token count of a static prompt's input; null for templated prompts.</summary>
        public int? StaticInputTokens { get; }
        /// <summary>The declaring file, relative to the project directory where possible.</summary>
        public string SourceFile { get; }
        /// <summary>The 1-based line of the declaration.</summary>
        public int Line { get; }

        /// <summary>
        /// The request a static prompt sends — the same one its generated <c>…Request()</c> method returns, so a clip
        /// cached from it (pre-rendering) is what the app later asks for.
        /// </summary>
        /// <exception cref="InvalidOperationException">The prompt has variables; only its rendering knows its text.</exception>
        public SpeechRequest CreateRequest()
        {
            if (StaticInput is null)
                throw new InvalidOperationException($"Prompt {Id} has variables; only static prompts have a request before rendering.");
            var voice = Shared.SpeechModelCatalog.IsCustomVoiceId(Voice) ? SpeechVoice.FromId(Voice) : SpeechVoice.FromName(Voice);
            return new SpeechRequest(Model, voice, StaticInput) { Instructions = Instructions, Format = Format, Speed = Speed };
        }

        /// <inheritdoc />
        public override string ToString() => Id;
    }
}
