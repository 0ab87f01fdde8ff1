using System;
using VoicePrompts.Shared;

namespace VoicePrompts
{
    /// <summary>
    /// What to say and how: the backend-neutral request that generated prompt methods build and any
    /// <see cref="ISpeechClient"/> turns into audio. Equal requests produce the same speech, so the record's value
    /// equality is usable as a cache identity.
    /// </summary>
    public sealed record SpeechRequest
    {
        /// <summary>Creates a request.</summary>
        /// <param name="model">The speech model, e.g. <c>gpt-4o-mini-tts</c>.</param>
        /// <param name="voice">The voice.</param>
        /// <param name="input">The text to speak.</param>
        public SpeechRequest(string model, SpeechVoice voice, string input)
        {
            Model = model ?? throw new ArgumentNullException(nameof(model));
            Input = input ?? throw new ArgumentNullException(nameof(input));
            if (voice.Value is null) throw new ArgumentException("A voice is required.", nameof(voice));
            Voice = voice;
        }

        /// <summary>The speech model.</summary>
        public string Model { get; init; }

        /// <summary>The voice.</summary>
        public SpeechVoice Voice { get; init; }

        /// <summary>The text to speak.</summary>
        public string Input { get; init; }

        /// <summary>How to speak (tone, pace, accent); null for none.</summary>
        public string? Instructions { get; init; }

        /// <summary>The audio format; <c>mp3</c> by default.</summary>
        public AudioFormat Format { get; init; } = AudioFormat.Mp3;

        /// <summary>Speaking speed, within the model's range (0.25–4.0 for the speech models); null for the model's default.</summary>
        public double? Speed { get; init; }

        /// <summary>
        /// The language of <see cref="Input"/> as a BCP 47 tag (<c>en-US</c>, <c>de</c>), or null when unspecified.
        /// Backends that take no language ignore it; it still tells apart otherwise equal requests.
        /// </summary>
        public string? Language { get; init; }

        /// <summary>
        /// The model aliases and token limits this request is validated with: the project's that built it (generated
        /// code sets its assembly's), else those given to the client's builder, else none. How a request is checked,
        /// not what it says: two requests that differ only here are equal.
        /// </summary>
        public ModelSettings? ModelSettings { get; init; }

        /// <summary>Equal when every field that changes the speech is equal (<see cref="ModelSettings"/> is not one of them).</summary>
        public bool Equals(SpeechRequest? other) =>
            other is not null
            && string.Equals(Model, other.Model, StringComparison.Ordinal)
            && Voice.Equals(other.Voice)
            && string.Equals(Input, other.Input, StringComparison.Ordinal)
            && string.Equals(Instructions, other.Instructions, StringComparison.Ordinal)
            && Format.Equals(other.Format)
            && Nullable.Equals(Speed, other.Speed)
            && string.Equals(Language, other.Language, StringComparison.Ordinal);

        /// <inheritdoc />
        public override int GetHashCode()
        {
            unchecked
            {
                int hash = StringComparer.Ordinal.GetHashCode(Model);
                hash = (hash * 397) ^ Voice.GetHashCode();
                hash = (hash * 397) ^ StringComparer.Ordinal.GetHashCode(Input);
                hash = (hash * 397) ^ (Instructions is null ? 0 : StringComparer.Ordinal.GetHashCode(Instructions));
                hash = (hash * 397) ^ Format.GetHashCode();
                hash = (hash * 397) ^ Speed.GetHashCode();
                hash = (hash * 397) ^ (Language is null ? 0 : StringComparer.Ordinal.GetHashCode(Language));
                return hash;
            }
        }
    }
}
