using System;

namespace VoicePrompts
{
    /// <summary>Where and how <see cref="OpenAISpeechClient"/> connects.</summary>
    public sealed class OpenAISpeechClientOptions
    {
        /// <summary>OpenAI's own endpoint base.</summary>
        public static readonly Uri OpenAIBaseUrl = new("https://api.openai.com/v1/");

        /// <summary>
        /// The API base, <c>https://api.openai.com/v1</c> by default; any OpenAI-compatible speech server's base
        /// (Kokoro-FastAPI, Speaches, LocalAI, …) works the same way.
        /// </summary>
        public Uri BaseUrl { get; set; } = OpenAIBaseUrl;

        /// <summary>The bearer key; may be null for compatible servers that need none.</summary>
        public string? ApiKey { get; set; }

        /// <summary>Sent as <c>OpenAI-Organization</c> when set.</summary>
        public string? Organization { get; set; }

        /// <summary>Sent as <c>OpenAI-Project</c> when set.</summary>
        public string? Project { get; set; }

        /// <summary>
        /// How audio comes back: raw bytes (the default: lowest latency, every compatible server supports it) or
        /// server-sent events, which also report token usage (<see cref="SpeechAudio.Usage"/>). Models that refuse SSE
        /// (tts-1, tts-1-hd) always get raw audio.
        /// </summary>
        public SpeechStreamFormat StreamFormat { get; set; } = SpeechStreamFormat.Audio;

        /// <summary>Retries of transient failures.</summary>
        public SpeechRetryOptions Retry { get; set; } = new();

        /// <summary>
        /// Azure OpenAI instead of OpenAI's URL and key: when set (with an endpoint), <see cref="BaseUrl"/> and
        /// <see cref="ApiKey"/> are not used.
        /// </summary>
        public AzureOpenAIOptions? Azure { get; set; }

        internal bool IsAzure => Azure?.Endpoint is not null;

        /// <summary>Throws when these options cannot reach the speech service: OpenAI's own host without an API key.</summary>
        /// <exception cref="InvalidOperationException">No key for OpenAI.</exception>
        public void EnsureCredentials()
        {
            if (IsAzure && Azure!.ApiKey is null && Azure.TokenProvider is null)
                throw new InvalidOperationException(
                    "No credentials for Azure OpenAI: set AZURE_OPENAI_API_KEY (or AzureOpenAIOptions.ApiKey), or AzureOpenAIOptions.TokenProvider for Microsoft Entra ID.");
            if (!IsAzure && ApiKey is null && BaseUrl.Host.Equals(OpenAIBaseUrl.Host, StringComparison.OrdinalIgnoreCase))
                throw new InvalidOperationException(
                    "No API key for OpenAI: set OPENAI_API_KEY (or OpenAISpeechClientOptions.ApiKey), or set OPENAI_BASE_URL to an OpenAI-compatible speech server.");
        }

        /// <summary>
        /// Options from <c>OPENAI_API_KEY</c>, <c>OPENAI_BASE_URL</c>, <c>OPENAI_ORG_ID</c> and <c>OPENAI_PROJECT_ID</c>;
        /// when neither <c>OPENAI_API_KEY</c> nor <c>OPENAI_BASE_URL</c> is set but <c>AZURE_OPENAI_ENDPOINT</c> is, Azure
        /// OpenAI from <c>AZURE_OPENAI_ENDPOINT</c>, <c>AZURE_OPENAI_API_KEY</c> and <c>AZURE_OPENAI_API_VERSION</c>
        /// (with <c>AZURE_OPENAI_DEPLOYMENT</c>, the deployment path).
        /// </summary>
        public static OpenAISpeechClientOptions FromEnvironment() => FromEnvironment(Environment.GetEnvironmentVariable);

        internal static OpenAISpeechClientOptions FromEnvironment(Func<string, string?> variable)
        {
            var options = new OpenAISpeechClientOptions
            {
                ApiKey = NullIfEmpty(variable("OPENAI_API_KEY")),
                Organization = NullIfEmpty(variable("OPENAI_ORG_ID")),
                Project = NullIfEmpty(variable("OPENAI_PROJECT_ID")),
            };
            string? baseUrl = NullIfEmpty(variable("OPENAI_BASE_URL"));
            string? azureEndpoint = NullIfEmpty(variable("AZURE_OPENAI_ENDPOINT"));
            if (options.ApiKey is null && baseUrl is null && azureEndpoint is not null)
            {
                if (!Uri.TryCreate(azureEndpoint, UriKind.Absolute, out var endpoint))
                    throw new InvalidOperationException($"AZURE_OPENAI_ENDPOINT is not an absolute URL: '{azureEndpoint}'.");
                options.Azure = new AzureOpenAIOptions
                {
                    Endpoint = endpoint,
                    ApiKey = NullIfEmpty(variable("AZURE_OPENAI_API_KEY")),
                    ApiVersion = NullIfEmpty(variable("AZURE_OPENAI_API_VERSION")),
                    Deployment = NullIfEmpty(variable("AZURE_OPENAI_DEPLOYMENT")),
                };
                return options;
            }
            if (baseUrl is not null)
            {
                if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri))
                    throw new InvalidOperationException($"OPENAI_BASE_URL is not an absolute URL: '{baseUrl}'.");
                options.BaseUrl = uri;
            }
            return options;
        }

        private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
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
