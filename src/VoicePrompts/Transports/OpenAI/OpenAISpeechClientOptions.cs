using System;

namespace VoicePrompts
{
    /// <summary>Where and how <see cref="OpenAISpeechClient"/> connects, and how it asks for audio.</summary>
    public sealed class OpenAISpeechClientOptions : SpeechConnectionOptions
    {
        /// <summary>
        /// How audio comes back: raw bytes (the default: lowest latency, every compatible server supports it) or
        /// server-sent events, which also report token usage (<see cref="SpeechAudio.Usage"/>). Models that refuse SSE
        /// (tts-1, tts-1-hd) always get raw audio.
        /// </summary>
        public SpeechStreamFormat StreamFormat { get; set; } = SpeechStreamFormat.Audio;

        /// <summary>
        /// Options from <c>OPENAI_API_KEY</c>, <c>OPENAI_BASE_URL</c>, <c>OPENAI_ORG_ID</c> and <c>OPENAI_PROJECT_ID</c>;
        /// when neither <c>OPENAI_API_KEY</c> nor <c>OPENAI_BASE_URL</c> is set but <c>AZURE_OPENAI_ENDPOINT</c> is, Azure
        /// OpenAI from <c>AZURE_OPENAI_ENDPOINT</c>, <c>AZURE_OPENAI_API_KEY</c> and <c>AZURE_OPENAI_API_VERSION</c>
        /// (with <c>AZURE_OPENAI_DEPLOYMENT</c>, the deployment path).
        /// </summary>
        public static OpenAISpeechClientOptions FromEnvironment() => FromEnvironment(Environment.GetEnvironmentVariable);

        internal static OpenAISpeechClientOptions FromEnvironment(Func<string, string?> variable) =>
            ReadEnvironment(new OpenAISpeechClientOptions(), variable);
    }

    /// <summary>How the speech endpoint returns audio.</summary>
    public enum SpeechStreamFormat
    {
        /// <summary>Raw audio bytes as they are synthesized (<c>stream_format: audio</c>, the server's default).</summary>
        Audio,

        /// <summary>Server-sent events carrying base64 audio, then usage (<c>stream_format: sse</c>).</summary>
        ServerSentEvents,
    }

    /// <summary>What <c>AddVoicePrompts</c> does with input longer than the model accepts.</summary>
    public enum LongTextPolicy
    {
        /// <summary>Refuse it with <see cref="InvalidSpeechRequestException"/> before any network call.</summary>
        Throw,

        /// <summary>
        /// Split it at sentence boundaries into requests within the limits, sent one after another, and join their audio
        /// (<see cref="LongTextSpeechClient"/>). Only pcm, wav and mp3 join; other formats are refused with a message.
        /// </summary>
        Split,
    }
}
