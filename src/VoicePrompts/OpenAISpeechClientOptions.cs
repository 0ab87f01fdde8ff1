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

        /// <summary>Options from <c>OPENAI_API_KEY</c>, <c>OPENAI_BASE_URL</c>, <c>OPENAI_ORG_ID</c> and <c>OPENAI_PROJECT_ID</c>.</summary>
        public static OpenAISpeechClientOptions FromEnvironment()
        {
            var options = new OpenAISpeechClientOptions
            {
                ApiKey = NullIfEmpty(Environment.GetEnvironmentVariable("OPENAI_API_KEY")),
                Organization = NullIfEmpty(Environment.GetEnvironmentVariable("OPENAI_ORG_ID")),
                Project = NullIfEmpty(Environment.GetEnvironmentVariable("OPENAI_PROJECT_ID")),
            };
            string? baseUrl = NullIfEmpty(Environment.GetEnvironmentVariable("OPENAI_BASE_URL"));
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
}
