using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VoicePrompts;
using VoicePrompts.Caching;

namespace Microsoft.Extensions.DependencyInjection
{
    /// <summary><c>services.AddVoicePrompts(…)</c>: the speech client as <see cref="ISpeechClient"/>, over IHttpClientFactory.</summary>
    public static class VoicePromptsServiceCollectionExtensions
    {
        /// <summary>
        /// Registers the speech client as <see cref="ISpeechClient"/> (singleton): the <see cref="OpenAISpeechClient"/>
        /// transport (also registered as itself) over a named HttpClient (<see cref="OpenAISpeechClient.HttpClientName"/>;
        /// no overall timeout, since audio streams last as long as the speech), composed with the decorators the options
        /// ask for — cache, long-text splitting — plus OpenTelemetry and logging. Values not set fall back to
        /// <c>OPENAI_API_KEY</c>, <c>OPENAI_BASE_URL</c>, <c>OPENAI_ORG_ID</c>, <c>OPENAI_PROJECT_ID</c>.
        /// </summary>
        /// <returns>
        /// The builder of the registered client, to add decorators of your own (outside the built-in ones) or another
        /// transport. Handlers, a proxy or resilience of your own go on the named HttpClient:
        /// <c>services.AddHttpClient(OpenAISpeechClient.HttpClientName)</c>.
        /// </returns>
        public static SpeechClientBuilder AddVoicePrompts(this IServiceCollection services) => services.AddVoicePrompts((Action<VoicePromptsOptions>?)null);

        /// <summary>As <see cref="AddVoicePrompts(IServiceCollection)"/>, then <paramref name="configure"/> on the options.</summary>
        public static SpeechClientBuilder AddVoicePrompts(this IServiceCollection services, Action<VoicePromptsOptions>? configure)
        {
            if (services is null) throw new ArgumentNullException(nameof(services));
            var options = services.AddOptions<VoicePromptsOptions>();
            if (configure is not null)
                options.Configure(configure);

            services.TryAddSingleton(provider => new OpenAISpeechClient(
                provider.GetRequiredService<IOptions<VoicePromptsOptions>>().Value.ToClientOptions(),
                provider.GetRequiredService<IHttpClientFactory>(),
                provider.GetService<ILogger<OpenAISpeechClient>>()));

            services.TryAddSingleton(provider => new RealtimeSpeechClient(
                RealtimeSpeechClientOptions.From(provider.GetRequiredService<IOptions<VoicePromptsOptions>>().Value.ToClientOptions())));

            services.AddHttpClient(OpenAISpeechClient.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
            // Speech models over HTTP, realtime models over the Realtime API: the catalog decides per request. The
            // container owns both transports (the router does not dispose them).
            var builder = new SpeechClientBuilder(
                provider => new TransportRouter(provider.GetRequiredService<OpenAISpeechClient>(), () => provider.GetRequiredService<RealtimeSpeechClient>(), ownsTransports: false),
                StandardDecorators);
            services.TryAddSingleton<ISpeechClient>(provider => builder.Build(provider));
            return builder;
        }

        /// <summary>What the options ask for, over the transport: model settings, cache, long-text splitting, then OpenTelemetry and logging.</summary>
        private static ISpeechClient StandardDecorators(ISpeechClient transport, IServiceProvider provider)
        {
            var options = provider.GetRequiredService<IOptions<VoicePromptsOptions>>().Value;
            var pipeline = new SpeechClientBuilder(transport);
            if (options.ModelAliases is not null || options.TokenLimits is not null)
                pipeline.UseModelSettings(ModelSettings.Parse(options.ModelAliases, options.TokenLimits));
            if (CreateCacheStore(provider, options) is { } store)
                pipeline.UseCache(store);
            if (options.LongText == LongTextPolicy.Split)
                pipeline.UseLongTextSplitting();
            return pipeline.UseOpenTelemetry().UseLogging().Build(provider);
        }

        internal static ISpeechAudioStore? CreateCacheStore(IServiceProvider provider, VoicePromptsOptions options)
        {
            switch (options.EffectiveCache)
            {
                case SpeechCacheKind.Disk:
                    return new DiskSpeechAudioStore(
                        options.CacheDirectory ?? throw new InvalidOperationException("VoicePrompts: Cache is Disk but no CacheDirectory is set; use UseDiskCache(path)."),
                        options.CacheMaxBytes);
                case SpeechCacheKind.Hybrid:
                    var hybrid = provider.GetService<HybridCache>() ?? throw new InvalidOperationException(
                        "VoicePrompts: UseHybridCache() needs a HybridCache service; call services.AddHybridCache() " +
                        "(and services.AddStackExchangeRedisCache(…) to share clips between app instances through Redis).");
                    return new HybridSpeechAudioStore(hybrid, options.CacheExpiration, options.CacheLocalExpiration,
                        provider.GetService<IOptions<HybridCacheOptions>>()?.Value.MaximumPayloadBytes,
                        provider.GetService<ILogger<HybridSpeechAudioStore>>());
                default:
                    return null;
            }
        }

        /// <summary>
        /// As <see cref="AddVoicePrompts(IServiceCollection, Action{VoicePromptsOptions})"/>, with options bound from
        /// <paramref name="configuration"/> (e.g. <c>builder.Configuration.GetSection("VoicePrompts")</c>: <c>BaseUrl</c>,
        /// <c>ApiKey</c>, <c>StreamFormat</c>, <c>LongText</c>, <c>Retry:MaxRetries</c>, …), then <paramref name="configure"/>.
        /// </summary>
        public static SpeechClientBuilder AddVoicePrompts(this IServiceCollection services, IConfiguration configuration, Action<VoicePromptsOptions>? configure)
        {
            if (configuration is null) throw new ArgumentNullException(nameof(configuration));
            services.AddOptions<VoicePromptsOptions>().Bind(configuration);
            return services.AddVoicePrompts(configure);
        }

        /// <summary>As <see cref="AddVoicePrompts(IServiceCollection, IConfiguration, Action{VoicePromptsOptions})"/>, with options from configuration only.</summary>
        public static SpeechClientBuilder AddVoicePrompts(this IServiceCollection services, IConfiguration configuration) =>
            services.AddVoicePrompts(configuration, null);
    }
}

namespace VoicePrompts
{
    using Microsoft.Extensions.DependencyInjection;

    /// <summary>
    /// Options of <c>services.AddVoicePrompts(…)</c>, bindable from configuration: the connection (both transports use
    /// it; unset values come from <c>OPENAI_API_KEY</c>, <c>OPENAI_BASE_URL</c>, <c>OPENAI_ORG_ID</c>,
    /// <c>OPENAI_PROJECT_ID</c>, and the <c>AZURE_OPENAI_*</c> variables when no <c>OPENAI_*</c> ones are set), and what
    /// the registered client does on top of it.
    /// </summary>
    public sealed class VoicePromptsOptions : SpeechConnectionOptions
    {
        /// <summary>Speaks through Azure OpenAI at <paramref name="endpoint"/> with a key, or with <see cref="AzureOpenAIOptions.TokenProvider"/> set afterwards.</summary>
        public VoicePromptsOptions UseAzureOpenAI(Uri endpoint, string? apiKey = null)
        {
            Azure ??= new AzureOpenAIOptions();
            Azure.Endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
            Azure.ApiKey = apiKey;
            return this;
        }

        /// <summary>Raw audio (default) or server-sent events with usage.</summary>
        public SpeechStreamFormat StreamFormat { get; set; } = SpeechStreamFormat.Audio;

        /// <summary>Refuse (default) or split input over the model's limits.</summary>
        public LongTextPolicy LongText { get; set; } = LongTextPolicy.Throw;

        /// <summary>
        /// Where synthesized clips are cached, so the registered <see cref="ISpeechClient"/> pays once per distinct
        /// request: <see cref="SpeechCacheKind.None"/>, <see cref="SpeechCacheKind.Disk"/> or
        /// <see cref="SpeechCacheKind.Hybrid"/>. Unset (default): the disk cache when <see cref="CacheDirectory"/> is
        /// set, else none.
        /// </summary>
        public SpeechCacheKind? Cache { get; set; }

        /// <summary>The folder of the disk cache (<see cref="DiskSpeechAudioStore"/>, shared safely by processes).</summary>
        public string? CacheDirectory { get; set; }

        /// <summary>The disk cache's size cap in bytes; least recently used clips are evicted past it. Null for no cap.</summary>
        public long? CacheMaxBytes { get; set; }

        /// <summary>How long the HybridCache's distributed cache keeps a clip; 30 days when not set.</summary>
        public TimeSpan? CacheExpiration { get; set; }

        /// <summary>How long the HybridCache keeps a clip in this process's memory; 10 minutes when not set.</summary>
        public TimeSpan? CacheLocalExpiration { get; set; }

        /// <summary>Caches synthesized clips on disk in <paramref name="directory"/> (shared safely by processes).</summary>
        public VoicePromptsOptions UseDiskCache(string directory, long? maxBytes = null)
        {
            Cache = SpeechCacheKind.Disk;
            CacheDirectory = directory;
            CacheMaxBytes = maxBytes;
            return this;
        }

        /// <summary>
        /// Caches synthesized clips in the app's <c>HybridCache</c> (register it with <c>services.AddHybridCache()</c>):
        /// memory, plus its distributed cache — with <c>services.AddStackExchangeRedisCache(…)</c>, every app instance
        /// shares the clips through Redis. Concurrent identical misses synthesize once; a distributed cache that is down
        /// costs syntheses, never exceptions.
        /// </summary>
        /// <param name="expiration">How long the distributed cache keeps a clip (default 30 days; a clip's key is its content, so it never goes stale).</param>
        /// <param name="localExpiration">How long a clip stays in this process's memory (default 10 minutes).</param>
        public VoicePromptsOptions UseHybridCache(TimeSpan? expiration = null, TimeSpan? localExpiration = null)
        {
            Cache = SpeechCacheKind.Hybrid;
            CacheExpiration = expiration;
            CacheLocalExpiration = localExpiration;
            return this;
        }

        internal SpeechCacheKind EffectiveCache =>
            Cache ?? (CacheDirectory is not null ? SpeechCacheKind.Disk : SpeechCacheKind.None);

        /// <summary>
        /// Model aliases for requests that carry none (<c>VoicePrompts:ModelAliases</c>: <c>my-deployment=gpt-4o-mini-tts</c>),
        /// in the syntax of the <c>VoicePromptsModelAliases</c> MSBuild property: a deployment name known only from
        /// configuration is validated and routed as the model it runs.
        /// </summary>
        public string? ModelAliases { get; set; }

        /// <summary>Token limits for requests that carry none (<c>model=limit;…</c>, as <c>VoicePromptsTokenLimits</c>).</summary>
        public string? TokenLimits { get; set; }

        /// <summary>Whether unset values are taken from the <c>OPENAI_*</c> environment variables. Default true.</summary>
        public bool UseEnvironment { get; set; } = true;

        internal OpenAISpeechClientOptions ToClientOptions()
        {
            // Configured OpenAI values win over Azure variables in the environment, as OPENAI_* ones do.
            bool configuredOpenAI = BaseUrl is not null || ApiKey is not null;
            var environment = UseEnvironment ? OpenAISpeechClientOptions.FromEnvironment() : new OpenAISpeechClientOptions();
            var configured = Azure ?? new AzureOpenAIOptions();
            var azure = configured.Endpoint is not null ? configured : configuredOpenAI ? new AzureOpenAIOptions() : environment.Azure;
            if (azure.Endpoint is not null && configured.Endpoint is null && configured.TokenProvider is not null)
                azure.TokenProvider = configured.TokenProvider; // Entra ID configured in code, endpoint from the environment
            return new OpenAISpeechClientOptions
            {
                Azure = azure,
                BaseUrl = BaseUrl ?? environment.BaseUrl,
                ApiKey = ApiKey ?? environment.ApiKey,
                Organization = Organization ?? environment.Organization,
                Project = Project ?? environment.Project,
                StreamFormat = StreamFormat,
                Retry = Retry,
            };
        }
    }

    /// <summary>Where <c>AddVoicePrompts</c> caches synthesized clips.</summary>
    public enum SpeechCacheKind
    {
        /// <summary>No cache: every call synthesizes.</summary>
        None,

        /// <summary>Files in <see cref="VoicePromptsOptions.CacheDirectory"/>.</summary>
        Disk,

        /// <summary>The app's <c>HybridCache</c>: memory plus its distributed cache (e.g. Redis).</summary>
        Hybrid,
    }
}
