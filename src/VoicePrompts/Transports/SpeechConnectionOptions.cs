using System;

namespace VoicePrompts
{
    /// <summary>
    /// Where and how VoicePrompts reaches a speech service — OpenAI, Azure OpenAI or an OpenAI-compatible server — for
    /// both transports: the HTTP speech endpoint and the Realtime API derive their URLs, credentials, headers and retry
    /// policy from the same fields. Configure a connection once: <see cref="SpeechClient.Create"/>, <c>AddVoicePrompts</c>
    /// (<see cref="VoicePromptsOptions"/>) and each transport's options are connections.
    /// </summary>
    public class SpeechConnectionOptions
    {
        /// <summary>OpenAI's own endpoint base.</summary>
        public static readonly Uri OpenAIBaseUrl = new("https://api.openai.com/v1/");

        /// <summary>
        /// The API base; null for OpenAI's (<c>https://api.openai.com/v1</c>; <c>AddVoicePrompts</c> reads
        /// <c>OPENAI_BASE_URL</c> first). Any OpenAI-compatible speech server's base (Kokoro-FastAPI, Speaches, LocalAI, …)
        /// works the same way. The Realtime API's WebSocket URL is derived from it (<c>wss://…/realtime?model=…</c>).
        /// </summary>
        public Uri? BaseUrl { get; set; }

        /// <summary>The bearer key; may be null for compatible servers that need none.</summary>
        public string? ApiKey { get; set; }

        /// <summary>Sent as <c>OpenAI-Organization</c> when set (not to Azure).</summary>
        public string? Organization { get; set; }

        /// <summary>Sent as <c>OpenAI-Project</c> when set (not to Azure).</summary>
        public string? Project { get; set; }

        /// <summary>
        /// Azure OpenAI instead of OpenAI's URL and key (<c>VoicePrompts:Azure:Endpoint</c>, <c>:ApiKey</c>,
        /// <c>:Deployment</c>, <c>:ApiVersion</c>): once its endpoint is set, <see cref="BaseUrl"/> and
        /// <see cref="ApiKey"/> are not used.
        /// </summary>
        public AzureOpenAIOptions Azure { get; set; } = new();

        /// <summary>Retries of transient failures, over HTTP and the Realtime API alike.</summary>
        public SpeechRetryOptions Retry { get; set; } = new();

        internal bool IsAzure => Azure?.Endpoint is not null;

        /// <summary>The base URL requests go to when not Azure.</summary>
        internal Uri EffectiveBaseUrl => BaseUrl ?? OpenAIBaseUrl;

        /// <summary>Throws when these options cannot reach the service: OpenAI's own host without an API key, Azure without credentials.</summary>
        /// <exception cref="InvalidOperationException">No credentials.</exception>
        public void EnsureCredentials()
        {
            if (IsAzure && Azure!.ApiKey is null && Azure.TokenProvider is null)
                throw new InvalidOperationException(
                    "No credentials for Azure OpenAI: set AZURE_OPENAI_API_KEY (or AzureOpenAIOptions.ApiKey), or AzureOpenAIOptions.TokenProvider for Microsoft Entra ID.");
            if (!IsAzure && ApiKey is null && EffectiveBaseUrl.Host.Equals(OpenAIBaseUrl.Host, StringComparison.OrdinalIgnoreCase))
                throw new InvalidOperationException(
                    "No API key for OpenAI: set OPENAI_API_KEY (or the connection options' ApiKey), or set OPENAI_BASE_URL to an OpenAI-compatible speech server.");
        }

        /// <summary>Copies the connection — endpoint, credentials, headers, retries — into <paramref name="target"/>.</summary>
        internal T CopyConnectionTo<T>(T target) where T : SpeechConnectionOptions
        {
            target.BaseUrl = BaseUrl;
            target.ApiKey = ApiKey;
            target.Organization = Organization;
            target.Project = Project;
            target.Azure = Azure ?? new AzureOpenAIOptions();
            target.Retry = Retry;
            return target;
        }

        /// <summary>
        /// Fills <paramref name="target"/> from <c>OPENAI_API_KEY</c>, <c>OPENAI_BASE_URL</c>, <c>OPENAI_ORG_ID</c> and
        /// <c>OPENAI_PROJECT_ID</c>; when neither <c>OPENAI_API_KEY</c> nor <c>OPENAI_BASE_URL</c> is set but
        /// <c>AZURE_OPENAI_ENDPOINT</c> is, Azure OpenAI from <c>AZURE_OPENAI_ENDPOINT</c>, <c>AZURE_OPENAI_API_KEY</c>,
        /// <c>AZURE_OPENAI_API_VERSION</c> and <c>AZURE_OPENAI_DEPLOYMENT</c>.
        /// </summary>
        internal static T ReadEnvironment<T>(T target, Func<string, string?> variable) where T : SpeechConnectionOptions
        {
            target.ApiKey = NullIfEmpty(variable("OPENAI_API_KEY"));
            target.Organization = NullIfEmpty(variable("OPENAI_ORG_ID"));
            target.Project = NullIfEmpty(variable("OPENAI_PROJECT_ID"));
            string? baseUrl = NullIfEmpty(variable("OPENAI_BASE_URL"));
            string? azureEndpoint = NullIfEmpty(variable("AZURE_OPENAI_ENDPOINT"));
            if (target.ApiKey is null && baseUrl is null && azureEndpoint is not null)
            {
                if (!Uri.TryCreate(azureEndpoint, UriKind.Absolute, out var endpoint))
                    throw new InvalidOperationException($"AZURE_OPENAI_ENDPOINT is not an absolute URL: '{azureEndpoint}'.");
                target.Azure = new AzureOpenAIOptions
                {
                    Endpoint = endpoint,
                    ApiKey = NullIfEmpty(variable("AZURE_OPENAI_API_KEY")),
                    ApiVersion = NullIfEmpty(variable("AZURE_OPENAI_API_VERSION")),
                    Deployment = NullIfEmpty(variable("AZURE_OPENAI_DEPLOYMENT")),
                };
                return target;
            }
            if (baseUrl is not null)
            {
                if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri))
                    throw new InvalidOperationException($"OPENAI_BASE_URL is not an absolute URL: '{baseUrl}'.");
                target.BaseUrl = uri;
            }
            return target;
        }

        private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
    }
}
