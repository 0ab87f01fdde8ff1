using System;
using System.Net.Http;
using System.Threading;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VoicePrompts;

namespace Microsoft.Extensions.DependencyInjection
{
    /// <summary><c>services.AddVoicePrompts(…)</c>: the speech client as <see cref="ISpeechClient"/>, over IHttpClientFactory.</summary>
    public static class VoicePromptsServiceCollectionExtensions
    {
        /// <summary>
        /// Registers <see cref="OpenAISpeechClient"/> as <see cref="ISpeechClient"/> (singleton), its options and a named
        /// HttpClient (<see cref="OpenAISpeechClient.HttpClientName"/>; no overall timeout, since audio streams last as
        /// long as the speech). Values not set fall back to <c>OPENAI_API_KEY</c>, <c>OPENAI_BASE_URL</c>,
        /// <c>OPENAI_ORG_ID</c>, <c>OPENAI_PROJECT_ID</c>.
        /// </summary>
        /// <returns>The HttpClient's builder, to add handlers, a proxy or resilience of your own.</returns>
        public static IHttpClientBuilder AddVoicePrompts(this IServiceCollection services, Action<VoicePromptsOptions>? configure = null)
        {
            if (services is null) throw new ArgumentNullException(nameof(services));
            var options = services.AddOptions<VoicePromptsOptions>();
            if (configure is not null)
                options.Configure(configure);

            services.TryAddSingleton(provider => new OpenAISpeechClient(
                provider.GetRequiredService<IOptions<VoicePromptsOptions>>().Value.ToClientOptions(),
                provider.GetRequiredService<IHttpClientFactory>(),
                provider.GetService<ILogger<OpenAISpeechClient>>()));
            services.TryAddSingleton<ISpeechClient>(provider =>
            {
                var client = provider.GetRequiredService<OpenAISpeechClient>();
                var options = provider.GetRequiredService<IOptions<VoicePromptsOptions>>().Value;
                return options.CacheDirectory is null
                    ? client
                    : new VoicePrompts.Caching.CachingSpeechClient(client,
                        new VoicePrompts.Caching.DiskSpeechAudioStore(options.CacheDirectory, options.CacheMaxBytes),
                        provider.GetService<ILogger<VoicePrompts.Caching.CachingSpeechClient>>());
            });

            return services.AddHttpClient(OpenAISpeechClient.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        }

        /// <summary>
        /// As <see cref="AddVoicePrompts(IServiceCollection, Action{VoicePromptsOptions})"/>, with options bound from
        /// <paramref name="configuration"/> (e.g. <c>builder.Configuration.GetSection("VoicePrompts")</c>: <c>BaseUrl</c>,
        /// <c>ApiKey</c>, <c>StreamFormat</c>, <c>Retry:MaxRetries</c>, …), then <paramref name="configure"/>.
        /// </summary>
        public static IHttpClientBuilder AddVoicePrompts(this IServiceCollection services, IConfiguration configuration, Action<VoicePromptsOptions>? configure = null)
        {
            if (configuration is null) throw new ArgumentNullException(nameof(configuration));
            services.AddOptions<VoicePromptsOptions>().Bind(configuration);
            return services.AddVoicePrompts(configure);
        }
    }
}

namespace VoicePrompts
{
    /// <summary>Options of <c>services.AddVoicePrompts(…)</c>; bindable from configuration.</summary>
    public sealed class VoicePromptsOptions
    {
        /// <summary>The API base; OpenAI's when neither this nor <c>OPENAI_BASE_URL</c> is set.</summary>
        public Uri? BaseUrl { get; set; }

        /// <summary>The bearer key; <c>OPENAI_API_KEY</c> when not set. Keep it in user secrets or the environment, not in appsettings.json.</summary>
        public string? ApiKey { get; set; }

        /// <summary>Sent as <c>OpenAI-Organization</c>; <c>OPENAI_ORG_ID</c> when not set.</summary>
        public string? Organization { get; set; }

        /// <summary>Sent as <c>OpenAI-Project</c>; <c>OPENAI_PROJECT_ID</c> when not set.</summary>
        public string? Project { get; set; }

        /// <summary>Raw audio (default) or server-sent events with usage.</summary>
        public SpeechStreamFormat StreamFormat { get; set; } = SpeechStreamFormat.Audio;

        /// <summary>Retries of transient failures.</summary>
        public SpeechRetryOptions Retry { get; set; } = new();

        /// <summary>Refuse (default) or split input over the model's limits.</summary>
        public LongTextPolicy LongText { get; set; } = LongTextPolicy.Throw;

        /// <summary>
        /// A folder for the content-addressed audio cache (<see cref="Caching.DiskSpeechAudioStore"/>): when set, the
        /// registered <see cref="ISpeechClient"/> pays once per distinct request. Null (default) for no cache.
        /// </summary>
        public string? CacheDirectory { get; set; }

        /// <summary>The cache folder's size cap in bytes; least recently used clips are evicted past it. Null for no cap.</summary>
        public long? CacheMaxBytes { get; set; }

        /// <summary>Caches synthesized clips on disk in <paramref name="directory"/> (shared safely by processes).</summary>
        public VoicePromptsOptions UseDiskCache(string directory, long? maxBytes = null)
        {
            CacheDirectory = directory;
            CacheMaxBytes = maxBytes;
            return this;
        }

        /// <summary>Whether unset values are taken from the <c>OPENAI_*</c> environment variables. Default true.</summary>
        public bool UseEnvironment { get; set; } = true;

        internal OpenAISpeechClientOptions ToClientOptions()
        {
            var environment = UseEnvironment ? OpenAISpeechClientOptions.FromEnvironment() : new OpenAISpeechClientOptions();
            return new OpenAISpeechClientOptions
            {
                BaseUrl = BaseUrl ?? environment.BaseUrl,
                ApiKey = ApiKey ?? environment.ApiKey,
                Organization = Organization ?? environment.Organization,
                Project = Project ?? environment.Project,
                StreamFormat = StreamFormat,
                Retry = Retry,
                LongText = LongText,
            };
        }
    }
}
