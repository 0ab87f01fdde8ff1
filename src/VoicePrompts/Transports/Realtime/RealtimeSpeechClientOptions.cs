using System;

namespace VoicePrompts
{
    /// <summary>
    /// Where and how <see cref="RealtimeSpeechClient"/> reaches the Realtime API — the connection's base URL (the
    /// WebSocket URL is derived from it: <c>wss://…/realtime?model=…</c>; Azure: <c>wss://{resource}/openai/v1/realtime</c>),
    /// credentials and retries — and how it reads.
    /// </summary>
    public sealed class RealtimeSpeechClientOptions : SpeechConnectionOptions
    {
        /// <summary>How a reworded read is handled.</summary>
        public SpeechFidelityOptions Fidelity { get; set; } = new();

        /// <summary>Sessions kept open per (model, voice, speed, format); reads beyond share them. Default 4.</summary>
        public int MaxSessionsPerAudio { get; set; } = 4;

        /// <summary>Reads a session runs at once before another is opened. Default 4.</summary>
        public int MaxConcurrentReadsPerSession { get; set; } = 4;

        /// <summary>
        /// Text longer than this is read in several responses of whole sentences, each checked on its own: the model has
        /// no fixed input limit, but long inputs drift more. Default 1,000 characters.
        /// </summary>
        public int MaxCharactersPerRead { get; set; } = 1000;

        /// <summary>How long connecting and setting up a session may take. Default 30 seconds.</summary>
        public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>Options from <c>OPENAI_API_KEY</c> and <c>OPENAI_BASE_URL</c> (or the Azure variables), as the speech client reads them.</summary>
        public static RealtimeSpeechClientOptions FromEnvironment() =>
            ReadEnvironment(new RealtimeSpeechClientOptions(), Environment.GetEnvironmentVariable);

        /// <summary>Reads over <paramref name="connection"/>: one configuration serves both transports.</summary>
        public static RealtimeSpeechClientOptions From(SpeechConnectionOptions connection)
        {
            if (connection is null) throw new ArgumentNullException(nameof(connection));
            return connection.CopyConnectionTo(new RealtimeSpeechClientOptions());
        }
    }

    /// <summary>What to do when the model's transcript is not the text it was asked to read.</summary>
    public sealed class SpeechFidelityOptions
    {
        /// <summary>Reads repeated after a mismatch or a response without audio. Default 2.</summary>
        public int MaxRetries { get; set; } = 2;

        /// <summary>Throw <see cref="SpeechFidelityException"/> when every read mismatched (default), or accept the last and report it.</summary>
        public SpeechFidelityPolicy OnMismatch { get; set; } = SpeechFidelityPolicy.Throw;
    }

    /// <summary>The end of a read that never matched.</summary>
    public enum SpeechFidelityPolicy
    {
        /// <summary>A <see cref="SpeechFidelityException"/> with the input, transcript and audio.</summary>
        Throw,

        /// <summary>The last audio, with <see cref="SpeechAudio.TranscriptMatchesInput"/> false.</summary>
        Accept,
    }
}
