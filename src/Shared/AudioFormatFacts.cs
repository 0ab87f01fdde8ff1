using System;

namespace VoicePrompts.Shared
{
    /// <summary>How the samples of a format are coded.</summary>
    internal enum SampleEncoding
    {
        /// <summary>A compressed or container format (mp3, opus, aac, flac) or one a compatible server names.</summary>
        Other,

        /// <summary>Signed 16-bit little-endian linear PCM, mono.</summary>
        Pcm16,

        /// <summary>ITU-T G.711 μ-law, one byte a sample.</summary>
        MuLaw,

        /// <summary>ITU-T G.711 A-law, one byte a sample.</summary>
        ALaw,
    }

    /// <summary>
    /// What a format's bytes are: the sample coding, the rate and whether a RIFF/WAVE header comes first. The
    /// telephony formats (<c>pcmu</c>, <c>pcm_8000</c>, <c>wav_pcmu</c>…) are named here once; which model makes which
    /// natively is the model catalog's fact (<see cref="SpeechModelCatalog"/>).
    /// </summary>
    internal readonly struct AudioFormatFacts : IEquatable<AudioFormatFacts>
    {
        public AudioFormatFacts(SampleEncoding encoding, int sampleRate, bool isWav)
        {
            Encoding = encoding;
            SampleRate = sampleRate;
            IsWav = isWav;
        }

        public SampleEncoding Encoding { get; }

        /// <summary>Samples a second; 0 where the format does not fix it.</summary>
        public int SampleRate { get; }

        public bool IsWav { get; }

        /// <summary>Bytes a sample takes: 2 for PCM, 1 for G.711.</summary>
        public int BytesPerSample => Encoding == SampleEncoding.Pcm16 ? 2 : 1;

        /// <summary>OpenAI's <c>pcm</c>: 24 kHz 16-bit mono, what every backend VoicePrompts speaks through can produce.</summary>
        public static AudioFormatFacts Pcm24k => new(SampleEncoding.Pcm16, 24000, isWav: false);

        /// <summary>A WAV whose rate its own header tells (a compatible server's or an MEAI provider's).</summary>
        public static AudioFormatFacts AnyWav => new(SampleEncoding.Pcm16, 0, isWav: true);

        public bool Equals(AudioFormatFacts other) => Encoding == other.Encoding && SampleRate == other.SampleRate && IsWav == other.IsWav;

        public override bool Equals(object? obj) => obj is AudioFormatFacts other && Equals(other);

        public override int GetHashCode() => ((int)Encoding * 397 ^ SampleRate) * 2 + (IsWav ? 1 : 0);

        /// <summary>The format names whose samples VoicePrompts can make from 16-bit PCM itself (G.711, narrow-band PCM, and those in WAV).</summary>
        public static readonly string[] TelephonyFormats =
        {
            "pcmu", "pcma", "pcm_8000", "pcm_16000", "wav_pcmu", "wav_pcma", "wav_8000", "wav_16000",
        };

        /// <summary>The facts of a format name, or null for one whose bytes are not plain samples (mp3, opus, a server's own).</summary>
        public static AudioFormatFacts? Of(string? format) => format switch
        {
            "pcm" => new AudioFormatFacts(SampleEncoding.Pcm16, 24000, false),
            "wav" => new AudioFormatFacts(SampleEncoding.Pcm16, 24000, true),
            "pcmu" => new AudioFormatFacts(SampleEncoding.MuLaw, 8000, false),
            "pcma" => new AudioFormatFacts(SampleEncoding.ALaw, 8000, false),
            "pcm_8000" => new AudioFormatFacts(SampleEncoding.Pcm16, 8000, false),
            "pcm_16000" => new AudioFormatFacts(SampleEncoding.Pcm16, 16000, false),
            "wav_pcmu" => new AudioFormatFacts(SampleEncoding.MuLaw, 8000, true),
            "wav_pcma" => new AudioFormatFacts(SampleEncoding.ALaw, 8000, true),
            "wav_8000" => new AudioFormatFacts(SampleEncoding.Pcm16, 8000, true),
            "wav_16000" => new AudioFormatFacts(SampleEncoding.Pcm16, 16000, true),
            _ => null,
        };

        /// <summary>True for any WAV format (<c>wav</c>, <c>wav_pcmu</c>…).</summary>
        public static bool IsWavFormat(string? format) => Of(format) is { IsWav: true };
    }
}
