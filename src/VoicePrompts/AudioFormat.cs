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

        /// <summary>
        /// G.711 μ-law, 8 kHz mono, for telephony (<c>audio/PCMU</c>; the Realtime API's <c>audio/pcmu</c>, Twilio's
        /// <c>audio/x-mulaw</c>). The Realtime API makes it; for every other backend VoicePrompts makes it from 24 kHz PCM.
        /// </summary>
        public static AudioFormat Pcmu { get; } = new("pcmu");
        /// <summary>G.711 A-law, 8 kHz mono, for telephony outside North America and Japan (<c>audio/PCMA</c>); made like <see cref="Pcmu"/>.</summary>
        public static AudioFormat Pcma { get; } = new("pcma");

        /// <summary>
        /// Headerless 16-bit little-endian PCM at 8 kHz, mono (<c>pcm_8000</c>; Asterisk's <c>slin</c>). No backend makes
        /// it: VoicePrompts low-passes and resamples the backend's 24 kHz PCM while it streams.
        /// </summary>
        public static AudioFormat Pcm8000 { get; } = new("pcm_8000");
        /// <summary>Headerless 16-bit little-endian PCM at 16 kHz, mono (<c>pcm_16000</c>; Azure Communication Services' default), made like <see cref="Pcm8000"/>.</summary>
        public static AudioFormat Pcm16000 { get; } = new("pcm_16000");

        /// <summary>
        /// <see cref="Pcmu"/> in a WAV file (format tag 7, with its <c>fact</c> chunk): what Twilio's <c>&lt;Play&gt;</c>,
        /// Amazon Connect and Genesys prompt libraries load.
        /// </summary>
        public static AudioFormat WavPcmu { get; } = new("wav_pcmu");
        /// <summary><see cref="Pcma"/> in a WAV file (format tag 6).</summary>
        public static AudioFormat WavPcma { get; } = new("wav_pcma");
        /// <summary><see cref="Pcm8000"/> in a WAV file.</summary>
        public static AudioFormat Wav8000 { get; } = new("wav_8000");
        /// <summary><see cref="Pcm16000"/> in a WAV file.</summary>
        public static AudioFormat Wav16000 { get; } = new("wav_16000");

        /// <summary>The wire name; <c>mp3</c> for a default value.</summary>
        public string Value => _value ?? SpeechModelCatalog.DefaultFormat;

        /// <summary>The media type the endpoint answers with for this format.</summary>
        public string ContentType => Value switch
        {
            "mp3" => "audio/mpeg",
            "opus" => "audio/opus",
            "aac" => "audio/aac",
            "flac" => "audio/flac",
            "wav" or "wav_pcmu" or "wav_pcma" or "wav_8000" or "wav_16000" => "audio/wav",
            "pcm" => "audio/pcm",
            "pcm_8000" => "audio/pcm; rate=8000",
            "pcm_16000" => "audio/pcm; rate=16000",
            "pcmu" => "audio/PCMU",
            "pcma" => "audio/PCMA",
            _ => "application/octet-stream",
        };

        /// <summary>The usual file extension, with the dot: <c>.wav</c> for every WAV format, <c>.pcm</c> for narrow-band PCM.</summary>
        public string FileExtension => Value switch
        {
            "wav_pcmu" or "wav_pcma" or "wav_8000" or "wav_16000" => ".wav",
            "pcm_8000" or "pcm_16000" => ".pcm",
            _ => "." + Value,
        };

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
