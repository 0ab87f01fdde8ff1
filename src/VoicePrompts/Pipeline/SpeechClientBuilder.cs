using System;
using System.Collections.Generic;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using VoicePrompts.Caching;

namespace VoicePrompts
{
    /// <summary>
    /// Composes decorators over a backend, the way Microsoft.Extensions.AI's <c>ChatClientBuilder</c> does: the first
    /// <see cref="Use(Func{ISpeechClient, ISpeechClient})"/> is the outermost. The usual order is cache, long-text
    /// splitting, OpenTelemetry, logging, then the transport — so a cache hit costs no request, and every piece of a
    /// split text is a request of its own.
    /// </summary>
    public sealed class SpeechClientBuilder
    {
        private readonly Func<IServiceProvider, ISpeechClient> _inner;
        private readonly List<Func<ISpeechClient, IServiceProvider, ISpeechClient>> _decorators = new();

        /// <summary>Starts from <paramref name="innerClient"/>, the backend.</summary>
        public SpeechClientBuilder(ISpeechClient innerClient)
        {
            if (innerClient is null) throw new ArgumentNullException(nameof(innerClient));
            _inner = _ => innerClient;
        }

        /// <summary>Starts from a backend created from the services when <see cref="Build"/> runs.</summary>
        public SpeechClientBuilder(Func<IServiceProvider, ISpeechClient> innerClientFactory) =>
            _inner = innerClientFactory ?? throw new ArgumentNullException(nameof(innerClientFactory));

        /// <summary>Adds a decorator inside those added before it.</summary>
        public SpeechClientBuilder Use(Func<ISpeechClient, ISpeechClient> clientFactory)
        {
            if (clientFactory is null) throw new ArgumentNullException(nameof(clientFactory));
            return Use((inner, _) => clientFactory(inner));
        }

        /// <summary>Adds a decorator, given the services, inside those added before it.</summary>
        public SpeechClientBuilder Use(Func<ISpeechClient, IServiceProvider, ISpeechClient> clientFactory)
        {
            _decorators.Add(clientFactory ?? throw new ArgumentNullException(nameof(clientFactory)));
            return this;
        }

        /// <summary>The composed client. Disposing it disposes every decorator and the backend.</summary>
        public ISpeechClient Build(IServiceProvider? services = null)
        {
            services ??= EmptyServiceProvider.Instance;
            var client = _inner(services) ?? throw new InvalidOperationException("The inner client factory returned null.");
            for (int i = _decorators.Count - 1; i >= 0; i--)
                client = _decorators[i](client, services) ?? throw new InvalidOperationException($"Decorator {i + 1} returned null.");
            return client;
        }

        private sealed class EmptyServiceProvider : IServiceProvider
        {
            public static readonly EmptyServiceProvider Instance = new();

            public object? GetService(Type serviceType) => null;
        }
    }

    /// <summary>The decorators VoicePrompts ships, as <see cref="SpeechClientBuilder"/> steps.</summary>
    public static class SpeechClientBuilderExtensions
    {
        /// <summary>Serves repeated requests from <paramref name="store"/> (<see cref="CachingSpeechClient"/>).</summary>
        public static SpeechClientBuilder UseCache(this SpeechClientBuilder builder, ISpeechAudioStore store)
        {
            if (builder is null) throw new ArgumentNullException(nameof(builder));
            if (store is null) throw new ArgumentNullException(nameof(store));
            return builder.Use((inner, services) => new CachingSpeechClient(inner, store,
                (ILogger<CachingSpeechClient>?)services.GetService(typeof(ILogger<CachingSpeechClient>))));
        }

        /// <summary>Splits input over the model's limits and joins the audio (<see cref="LongTextSpeechClient"/>).</summary>
        public static SpeechClientBuilder UseLongTextSplitting(this SpeechClientBuilder builder)
        {
            if (builder is null) throw new ArgumentNullException(nameof(builder));
            return builder.Use(inner => new LongTextSpeechClient(inner));
        }

        /// <summary>Reports requests on the <c>VoicePrompts</c> activity source and meter (<see cref="OpenTelemetrySpeechClient"/>).</summary>
        public static SpeechClientBuilder UseOpenTelemetry(this SpeechClientBuilder builder)
        {
            if (builder is null) throw new ArgumentNullException(nameof(builder));
            return builder.Use(inner => new OpenTelemetrySpeechClient(inner));
        }

        /// <summary>
        /// Logs each request's outcome (<see cref="LoggingSpeechClient"/>) to <paramref name="loggerFactory"/>, or to the
        /// services' <see cref="ILoggerFactory"/>; nothing is added when neither exists.
        /// </summary>
        public static SpeechClientBuilder UseLogging(this SpeechClientBuilder builder, ILoggerFactory? loggerFactory = null)
        {
            if (builder is null) throw new ArgumentNullException(nameof(builder));
            return builder.Use((inner, services) =>
            {
                var factory = loggerFactory ?? (ILoggerFactory?)services.GetService(typeof(ILoggerFactory));
                return factory is null || factory is NullLoggerFactory ? inner : new LoggingSpeechClient(inner, factory.CreateLogger<LoggingSpeechClient>());
            });
        }

        /// <summary>
        /// Validates and routes requests that carry no <see cref="SpeechRequest.ModelSettings"/> with
        /// <paramref name="settings"/>: deployment names known only at run time
        /// (<c>ModelSettings.Parse("my-deployment=gpt-4o-mini-tts", null)</c>). Requests from generated code carry their
        /// project's settings when it set any, and keep them. Add it outside the cache, so the cache keys the same
        /// requests the transport receives.
        /// </summary>
        public static SpeechClientBuilder UseModelSettings(this SpeechClientBuilder builder, ModelSettings settings)
        {
            if (builder is null) throw new ArgumentNullException(nameof(builder));
            if (settings is null) throw new ArgumentNullException(nameof(settings));
            return builder.Use(inner => new ModelSettingsSpeechClient(inner, settings));
        }

        /// <summary>A builder over <paramref name="client"/>.</summary>
        public static SpeechClientBuilder AsBuilder(this ISpeechClient client) => new(client);
    }
}
