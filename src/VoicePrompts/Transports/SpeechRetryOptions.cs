using System;

namespace VoicePrompts
{
    /// <summary>
    /// How <see cref="OpenAISpeechClient"/> retries transient failures (408, 409, 429, 5xx, and connection failures
    /// before any audio reached the caller): capped exponential backoff with jitter, or the server's own
    /// <c>retry-after-ms</c> / <c>Retry-After</c> when it sends one — never longer than <see cref="MaxRetryAfter"/>.
    /// A 429 with code <c>insufficient_quota</c> is not retried: waiting cannot add credit.
    /// </summary>
    public sealed class SpeechRetryOptions
    {
        /// <summary>Retries after the first attempt; 0 turns retrying off. Default 3.</summary>
        public int MaxRetries { get; set; } = 3;

        /// <summary>The first backoff delay, doubled each retry (with jitter). Default 0.5 s.</summary>
        public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(0.5);

        /// <summary>The longest backoff delay. Default 8 s.</summary>
        public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(8);

        /// <summary>
        /// The longest wait a server's <c>Retry-After</c> can ask for; longer requests are cut to this (a proxy
        /// asking for an hour would otherwise hang the caller). Default 60 s.
        /// </summary>
        public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);
    }
}
