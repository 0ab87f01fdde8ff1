using System;

namespace VoicePrompts
{
    /// <summary>
    /// Token usage as a backend reports it. Totals are always present; the text/audio split only where the backend
    /// gives it (the Realtime API does, the speech endpoint does not). New counts are added as new nullable
    /// properties, so code written against this shape keeps compiling.
    /// </summary>
    public sealed class SpeechUsage : IEquatable<SpeechUsage>
    {
        /// <summary>Creates a usage report.</summary>
        public SpeechUsage(int inputTokens, int outputTokens, int totalTokens)
        {
            InputTokens = inputTokens;
            OutputTokens = outputTokens;
            TotalTokens = totalTokens;
        }

        /// <summary>Tokens read: the input text and, where the backend counts them, the instructions.</summary>
        public int InputTokens { get; }

        /// <summary>Tokens produced (audio, and text where the backend also writes a transcript).</summary>
        public int OutputTokens { get; }

        /// <summary>All tokens billed.</summary>
        public int TotalTokens { get; }

        /// <summary>Of <see cref="InputTokens"/>, the text tokens; null when not reported.</summary>
        public int? InputTextTokens { get; init; }

        /// <summary>Of <see cref="InputTokens"/>, the audio tokens; null when not reported.</summary>
        public int? InputAudioTokens { get; init; }

        /// <summary>Of <see cref="OutputTokens"/>, the text tokens (a transcript); null when not reported.</summary>
        public int? OutputTextTokens { get; init; }

        /// <summary>Of <see cref="OutputTokens"/>, the audio tokens; null when not reported.</summary>
        public int? OutputAudioTokens { get; init; }

        /// <summary>
        /// What these tokens cost at <paramref name="model"/>'s list price, in US dollars, from the model catalog:
        /// <c>gpt-4o-mini-tts</c> $0.60 text in and $12 audio out per 1M tokens; <c>gpt-realtime-*</c> $0.60 text in,
        /// $10 audio in, $2.40 text out (the transcript) and $20 audio out. Null for a model whose price the catalog
        /// does not know (<c>tts-1</c>, <c>tts-1-hd</c>, a compatible server's own). A deployment name mapped by
        /// <paramref name="settings"/> (the project's <c>VoicePromptsModelAliases</c>; a request's
        /// <see cref="SpeechRequest.ModelSettings"/>) is priced as the model it runs. Cached-input discounts are not
        /// reported by the backends, so this is the most the tokens cost.
        /// </summary>
        public decimal? EstimateCostUsd(string model, ModelSettings? settings = null)
        {
            if (model is null) throw new ArgumentNullException(nameof(model));
            return Shared.SpeechModelCatalog.Get((settings ?? ModelSettings.Default).ResolveModel(model))
                .Price(InputTokens, OutputTokens, InputTextTokens, InputAudioTokens, OutputTextTokens, OutputAudioTokens);
        }

        /// <summary>
        /// The usage of two requests together (a long text spoken in pieces): totals add up, and a detail stays
        /// known only when both sides report it.
        /// </summary>
        public SpeechUsage Add(SpeechUsage other)
        {
            if (other is null) throw new ArgumentNullException(nameof(other));
            return new SpeechUsage(InputTokens + other.InputTokens, OutputTokens + other.OutputTokens, TotalTokens + other.TotalTokens)
            {
                InputTextTokens = InputTextTokens + other.InputTextTokens,
                InputAudioTokens = InputAudioTokens + other.InputAudioTokens,
                OutputTextTokens = OutputTextTokens + other.OutputTextTokens,
                OutputAudioTokens = OutputAudioTokens + other.OutputAudioTokens,
            };
        }

        /// <inheritdoc />
        public bool Equals(SpeechUsage? other) =>
            other is not null && InputTokens == other.InputTokens && OutputTokens == other.OutputTokens && TotalTokens == other.TotalTokens
            && InputTextTokens == other.InputTextTokens && InputAudioTokens == other.InputAudioTokens
            && OutputTextTokens == other.OutputTextTokens && OutputAudioTokens == other.OutputAudioTokens;

        /// <inheritdoc />
        public override bool Equals(object? obj) => Equals(obj as SpeechUsage);

        /// <inheritdoc />
        public override int GetHashCode() => unchecked((InputTokens * 397 ^ OutputTokens) * 397 ^ TotalTokens);

        /// <inheritdoc />
        public override string ToString() =>
            $"{InputTokens} in ({InputTextTokens?.ToString() ?? "?"} text, {InputAudioTokens?.ToString() ?? "?"} audio), "
            + $"{OutputTokens} out ({OutputTextTokens?.ToString() ?? "?"} text, {OutputAudioTokens?.ToString() ?? "?"} audio), {TotalTokens} total";
    }
}
