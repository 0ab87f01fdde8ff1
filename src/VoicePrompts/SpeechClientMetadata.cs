using System;

namespace VoicePrompts
{
    /// <summary>
    /// Who a client speaks to, as <see cref="ISpeechClient.GetService"/> returns it: the provider, the endpoint and the
    /// default model. The cache uses the provider and endpoint in its keys, so two backends that accept the same model
    /// name never serve each other's clips.
    /// </summary>
    public sealed class SpeechClientMetadata
    {
        /// <summary>Creates the metadata.</summary>
        /// <param name="providerName">A short name such as <c>openai</c>, <c>azure.openai</c> or <c>openai-compatible</c>.</param>
        /// <param name="endpoint">The URL requests go to, without credentials.</param>
        /// <param name="defaultModelId">The model used when a request names none, if the client has one.</param>
        public SpeechClientMetadata(string providerName, Uri? endpoint = null, string? defaultModelId = null)
        {
            if (string.IsNullOrWhiteSpace(providerName))
                throw new ArgumentException("A provider name is required.", nameof(providerName));
            ProviderName = providerName;
            Endpoint = endpoint;
            DefaultModelId = defaultModelId;
        }

        /// <summary>The provider, e.g. <c>openai</c>.</summary>
        public string ProviderName { get; }

        /// <summary>The endpoint requests go to.</summary>
        public Uri? Endpoint { get; }

        /// <summary>The default model, if any.</summary>
        public string? DefaultModelId { get; }
    }

    /// <summary>The provider names VoicePrompts' own clients report in <see cref="SpeechClientMetadata.ProviderName"/>.</summary>
    public static class ProviderNames
    {
        /// <summary>OpenAI's own service (<c>api.openai.com</c>).</summary>
        public const string OpenAI = "openai";

        /// <summary>Azure OpenAI (<c>*.openai.azure.com</c>, <c>*.cognitiveservices.azure.com</c>).</summary>
        public const string AzureOpenAI = "azure.openai";

        /// <summary>OpenAI's Realtime API (WebSocket).</summary>
        public const string OpenAIRealtime = "openai.realtime";

        /// <summary>Any other server that speaks OpenAI's speech endpoint.</summary>
        public const string OpenAICompatible = "openai-compatible";
    }
}
