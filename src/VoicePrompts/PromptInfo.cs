using System;

namespace VoicePrompts
{
    /// <summary>
    /// One declared prompt, as listed by the generated <c>VoicePrompts.Generated.VoicePromptCatalog.All</c>: what tools
    /// need to pre-render static prompts and estimate cost.
    /// </summary>
    public sealed class PromptInfo
    {
        /// <summary>Creates an entry; generated code sets the rest with an object initializer, so new facts can be added without breaking it.</summary>
        public PromptInfo(string id, string model, string voice, string template)
        {
            Id = id ?? throw new ArgumentNullException(nameof(id));
            Model = model ?? throw new ArgumentNullException(nameof(model));
            Voice = voice ?? throw new ArgumentNullException(nameof(voice));
            Template = template ?? throw new ArgumentNullException(nameof(template));
        }

        /// <summary><c>{class full name}.{prompt name}</c>, e.g. <c>MyShop.CheckoutPrompts.OrderShipped</c>.</summary>
        public string Id { get; }
        /// <summary>The speech model (or a deployment name the project maps to one).</summary>
        public string Model { get; }
        /// <summary>The voice name, or a custom voice id.</summary>
        public string Voice { get; }
        /// <summary>The Scriban template as declared.</summary>
        public string Template { get; }
        /// <summary>The instructions, if any.</summary>
        public string? Instructions { get; init; }
        /// <summary>The audio format.</summary>
        public AudioFormat Format { get; init; } = AudioFormat.Mp3;
        /// <summary>The speaking speed, or null for the model's default.</summary>
        public double? Speed { get; init; }
        /// <summary>
        /// The culture of this variant of the prompt (BCP 47: <c>fr</c>, <c>de-CH</c>), or null for the neutral one. A
        /// prompt with translations is listed once per variant, under the same <see cref="Id"/>.
        /// </summary>
        public string? Language { get; init; }
        /// <summary>True when the template has no variables: its text is known at build time.</summary>
        public bool IsStatic => StaticInput is not null;
        /// <summary>
        /// The exact text a static prompt sends (the template rendered once, at build time, with its pronunciations
        /// applied); null for templated prompts.
        /// </summary>
        public string? StaticInput { get; init; }
        /// <summary>Exact o200k_base token count of a static prompt's input; null for templated prompts.</summary>
        public int? StaticInputTokens { get; init; }
        /// <summary>
        /// The declared example value of each template variable (a <c>.voice.yaml</c> parameter's <c>example:</c>), by
        /// variable name: a number or a flag where the parameter is one, else the text. Null for a static prompt and
        /// for a prompt that declares none. Review tools render the template with them (<see cref="PromptTemplate"/>)
        /// to hear a realistic reading; the build's token check counts the same rendering.
        /// </summary>
        public System.Collections.Generic.IReadOnlyDictionary<string, object?>? Examples { get; init; }
        /// <summary>
        /// The words a templated prompt says otherwise than written, applied to its rendered text before it is sent;
        /// null when it has none. (A static prompt's <see cref="StaticInput"/> has them applied already.)
        /// </summary>
        public PronunciationMap? Pronunciations { get; init; }
        /// <summary>The declaring file, relative to the project directory where possible.</summary>
        public string SourceFile { get; init; } = "";
        /// <summary>The 1-based line of the declaration.</summary>
        public int Line { get; init; }
        /// <summary>The declaring project's model aliases and token limits, or null when it set none.</summary>
        public ModelSettings? ModelSettings { get; init; }

        /// <summary>
        /// The request a static prompt sends — the same one its generated <c>…Request()</c> method returns, so a clip
        /// cached from it (pre-rendering) is what the app later asks for.
        /// </summary>
        /// <exception cref="InvalidOperationException">The prompt has variables; only its rendering knows its text.</exception>
        public SpeechRequest CreateRequest()
        {
            if (StaticInput is null)
                throw new InvalidOperationException($"Prompt {Id} has variables; only static prompts have a request before rendering.");
            var voice = SpeechVoice.Parse(Voice);
            return new SpeechRequest(Model, voice, StaticInput) { Instructions = Instructions, Format = Format, Speed = Speed, Language = Language, ModelSettings = ModelSettings };
        }

        /// <inheritdoc />
        public override string ToString() => Language is null ? Id : Id + " [" + Language + "]";
    }
}
