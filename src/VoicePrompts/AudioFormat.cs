using System;
using VoicePrompts.Shared;

namespace VoicePrompts
{
    /// <summary>
    /// An audio format name as the speech endpoint knows it (<c>response_format</c>). A string-backed value rather
    /// than an enum so that compatible servers' formats fit without a new release.
    /// </summary>
    public readonly struct AudioFormat : IEquatable<AudioFormat>
    {
        private readonly string? _value;

        /// <summary>Creates a format from its wire name, e.g. <c>"wav"</c>.</summary>
        public AudioFormat(string value)
        {
            if (string.IsNullOrWhiteSpace(value))
                throw new ArgumentException("An audio format name must not be empty.", nameof(value));
            _value = value.Trim().ToLowerInvariant();
        }

        /// <summary>MP3, the endpoint's default (<c>audio/mpeg</c>).</summary>
        public static AudioFormat Mp3 { get; } = new("mp3");
        /// <summary>Opus in Ogg (<c>audio/opus</c>).</summary>
        public static AudioFormat Opus { get; } = new("opus");
        /// <summary>AAC in ADTS (<c>audio/aac</c>).</summary>
        public static AudioFormat Aac { get; } = new("aac");
        /// <summary>FLAC (<c>audio/flac</c>).</summary>
        public static AudioFormat Flac { get; } = new("flac");
        /// <summary>WAV, 24 kHz mono 16-bit (<c>audio/wav</c>).</summary>
        public static AudioFormat Wav { get; } = new("wav");
        /// <summary>Headerless PCM, 24 kHz, 16-bit signed little-endian, mono (<c>audio/pcm</c>).</summary>
        public static AudioFormat Pcm { get; } = new("pcm");

        /// <summary>G.711 μ-law, 8 kHz mono, for telephony (<c>audio/PCMU</c>; the Realtime API's <c>audio/pcmu</c>).</summary>
        public static AudioFormat Pcmu { get; } = new("pcmu");
        /// <summary>G.711 A-law, 8 kHz mono, for telephony (<c>audio/PCMA</c>).</summary>
        public static AudioFormat Pcma { get; } = new("pcma");

        /// <summary>The wire name; <c>mp3</c> for a default value.</summary>
        public string Value => _value ?? SpeechModelCatalog.DefaultFormat;

        /// <summary>The media type the endpoint answers with for this format.</summary>
        public string ContentType => Value switch
        {
            "mp3" => "audio/mpeg",
            "opus" => "audio/opus",
            "aac" => "audio/aac",
            "flac" => "audio/flac",
            "wav" => "audio/wav",
            "pcm" => "audio/pcm",
            "pcmu" => "audio/PCMU",
            "pcma" => "audio/PCMA",
            _ => "application/octet-stream",
        };

        /// <summary>The usual file extension, with the dot.</summary>
        public string FileExtension => "." + Value;

        /// <inheritdoc />
        public bool Equals(AudioFormat other) => string.Equals(Value, other.Value, StringComparison.Ordinal);
        /// <inheritdoc />
        public override bool Equals(object? obj) => obj is AudioFormat other && Equals(other);
        /// <inheritdoc />
        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);
        /// <inheritdoc />
        public override string ToString() => Value;

        /// <summary>Compares two formats.</summary>
        public static bool operator ==(AudioFormat left, AudioFormat right) => left.Equals(right);
        /// <summary>Compares two formats.</summary>
        public static bool operator !=(AudioFormat left, AudioFormat right) => !left.Equals(right);
        /// <summary>Converts a wire name.</summary>
        public static implicit operator AudioFormat(string value) => new(value);
    }
}
