using System;
using System.Collections.Generic;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using VoicePrompts.Caching;

namespace VoicePrompts
{
    /// <summary>
    /// Composes decorators over a backend, the way Microsoft.Extensions.AI's <c>ChatClientBuilder</c> does: the first
    /// <see cref="Use(Func{ISpeechClient, ISpeechClient})"/> is the outermost. The same type serves
    /// <c>client.AsBuilder()</c> and <c>services.AddVoicePrompts(…)</c>; there, the decorators the options ask for (cache,
    /// long-text splitting, OpenTelemetry, logging) sit inside yours, just over the transport. The usual order is cache,
    /// long-text splitting, OpenTelemetry, logging, then the transport — so a cache hit costs no request, and every piece
    /// of a split text is a request of its own.
    /// </summary>
    /// <remarks>
    /// Disposing the built client disposes every decorator and the transport: the client the builder started with, or
    /// the one <see cref="UseTransport"/> made. A transport that must outlive it (one the container owns) is given
    /// wrapped in an adapter that does not dispose it, as <c>AsSpeechClient()</c> over an <c>ITextToSpeechClient</c> is.
    /// <c>AddVoicePrompts</c>' own OpenAI transports are container singletons and are disposed by the container.
    /// </remarks>
    public sealed class SpeechClientBuilder
    {
        private readonly List<Func<ISpeechClient, IServiceProvider, ISpeechClient>> _decorators = new();
        private readonly Func<ISpeechClient, IServiceProvider, ISpeechClient>? _standard;
        private Func<IServiceProvider, ISpeechClient> _transport;

        /// <summary>Starts from <paramref name="innerClient"/>, the backend.</summary>
        public SpeechClientBuilder(ISpeechClient innerClient)
        {
            if (innerClient is null) throw new ArgumentNullException(nameof(innerClient));
            _transport = _ => innerClient;
        }

        /// <summary>Starts from a backend created from the services when <see cref="Build"/> runs.</summary>
        public SpeechClientBuilder(Func<IServiceProvider, ISpeechClient> innerClientFactory) =>
            _transport = innerClientFactory ?? throw new ArgumentNullException(nameof(innerClientFactory));

        /// <summary><c>AddVoicePrompts</c>' builder: <paramref name="standard"/> adds the decorators its options ask for over the transport.</summary>
        internal SpeechClientBuilder(Func<IServiceProvider, ISpeechClient> transport, Func<ISpeechClient, IServiceProvider, ISpeechClient> standard)
            : this(transport) => _standard = standard;

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

        /// <summary>
        /// Speaks through the client <paramref name="transport"/> makes instead of the one the builder started with
        /// (for <c>AddVoicePrompts</c>: its OpenAI transports, HTTP for speech models and the Realtime API for realtime
        /// ones); every decorator still wraps it. VoicePrompts.Extensions.AI uses it to put an
        /// <c>ITextToSpeechClient</c> underneath. The client it makes is disposed with the built client.
        /// </summary>
        public SpeechClientBuilder UseTransport(Func<IServiceProvider, ISpeechClient> transport)
        {
            _transport = transport ?? throw new ArgumentNullException(nameof(transport));
            return this;
        }

        /// <summary>The composed client. Disposing it disposes every decorator and the transport.</summary>
        public ISpeechClient Build(IServiceProvider? services = null)
        {
            services ??= EmptyServiceProvider.Instance;
            var client = _transport(services) ?? throw new InvalidOperationException("The transport factory returned null.");
            if (_standard is not null)
                client = _standard(client, services) ?? throw new InvalidOperationException("The standard decorators returned null.");
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
