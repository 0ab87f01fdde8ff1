using System;
using System.Threading;
using System.Threading.Tasks;

namespace VoicePrompts
{
    /// <summary>
    /// Where and how <see cref="OpenAISpeechClient"/> reaches Azure OpenAI, which keeps <c>gpt-4o-mini-tts</c>
    /// (2025-12-15) until 2027-06-15. Two URL shapes: the v1 API (<c>{endpoint}/openai/v1/audio/speech</c>, the
    /// deployment name in <c>model</c>; the default) and, when <see cref="ApiVersion"/> and <see cref="Deployment"/> are
    /// set, the deployment path (<c>{endpoint}/openai/deployments/{deployment}/audio/speech?api-version=…</c>).
    /// Authentication: an <c>api-key</c> header, or a Microsoft Entra ID bearer token from <see cref="TokenProvider"/>.
    /// </summary>
    public sealed class AzureOpenAIOptions
    {
        /// <summary>The scope of Entra ID tokens for Azure OpenAI.</summary>
        public const string TokenScope = "https://cognitiveservices.azure.com/.default";

        /// <summary>The resource endpoint, e.g. <c>https://contoso.openai.azure.com/</c> (<c>AZURE_OPENAI_ENDPOINT</c>).</summary>
        public Uri? Endpoint { get; set; }

        /// <summary>The resource key, sent as <c>api-key</c> (<c>AZURE_OPENAI_API_KEY</c>); null when <see cref="TokenProvider"/> authenticates.</summary>
        public string? ApiKey { get; set; }

        /// <summary>
        /// Microsoft Entra ID: returns a bearer token for <see cref="TokenScope"/>, called before every attempt (cache
        /// tokens in it; Azure.Identity's credentials do). With Azure.Identity:
        /// <c>o.TokenProvider = async ct =&gt; (await credential.GetTokenAsync(new(new[] { AzureOpenAIOptions.TokenScope }), ct)).Token;</c>
        /// </summary>
        public Func<CancellationToken, ValueTask<string>>? TokenProvider { get; set; }

        /// <summary>The deployment, for the deployment path (with <see cref="ApiVersion"/>); the v1 API takes it as the request's model instead.</summary>
        public string? Deployment { get; set; }

        /// <summary>The <c>api-version</c> of the deployment path (e.g. <c>2025-03-01-preview</c>); null for the v1 API.</summary>
        public string? ApiVersion { get; set; }

        /// <summary>The URL speech requests go to.</summary>
        /// <exception cref="InvalidOperationException">No endpoint, or an api-version without a deployment.</exception>
        internal Uri SpeechEndpoint()
        {
            if (Endpoint is null)
                throw new InvalidOperationException("Azure OpenAI needs an endpoint: set AZURE_OPENAI_ENDPOINT or AzureOpenAIOptions.Endpoint (https://{resource}.openai.azure.com/).");
            // The resource root, whether given with or without /openai/… after it.
            string root = Endpoint.GetLeftPart(UriPartial.Authority) + "/";
            if (ApiVersion is null)
                return new Uri(root + "openai/v1/audio/speech");
            if (string.IsNullOrWhiteSpace(Deployment))
                throw new InvalidOperationException($"Azure OpenAI's api-version {ApiVersion} needs a deployment name for its URL: set AzureOpenAIOptions.Deployment, or clear ApiVersion to use the v1 API.");
            return new Uri(root + "openai/deployments/" + Uri.EscapeDataString(Deployment!.Trim()) + "/audio/speech?api-version=" + Uri.EscapeDataString(ApiVersion));
        }
    }
}
