using System;
using System.Threading;

namespace VoicePrompts
{
    /// <summary>
    /// The process-wide client that generated code uses when a prompt's class has no <see cref="ISpeechClient"/> of
    /// its own (as LoggerMessage falls back to nothing, VoicePrompts falls back to this).
    /// </summary>
    public static class SpeechClient
    {
        private static ISpeechClient? s_default;

        /// <summary>
        /// The default client. Created on first use from the environment (<c>OPENAI_API_KEY</c>,
        /// <c>OPENAI_BASE_URL</c>) as an <see cref="OpenAISpeechClient"/> reporting to <see cref="VoicePromptsTelemetry"/>;
        /// an application may replace it at start-up.
        /// </summary>
        public static ISpeechClient Default
        {
            get
            {
                var client = Volatile.Read(ref s_default);
                if (client is not null) return client;
                var created = CreateFromEnvironment();
                if (Interlocked.CompareExchange(ref s_default, created, null) is not null)
                    created.Dispose(); // another thread won the race; don't leak its HttpClient
                return Volatile.Read(ref s_default)!;
            }
            set => Volatile.Write(ref s_default, value ?? throw new ArgumentNullException(nameof(value)));
        }

        /// <summary>
        /// The client <see cref="Default"/> starts with: the endpoint the environment names, over HTTP for speech models
        /// and the Realtime API for realtime ones (chosen per request from the model catalog), with telemetry.
        /// </summary>
        public static ISpeechClient CreateFromEnvironment() => Create(OpenAISpeechClientOptions.FromEnvironment());

        /// <summary>
        /// A client for the connection <paramref name="options"/> describe (OpenAI, Azure OpenAI or a compatible server):
        /// over HTTP for speech models and the Realtime API for realtime ones, chosen per request from the model catalog,
        /// with telemetry. Disposing it closes both transports.
        /// </summary>
        public static ISpeechClient Create(SpeechConnectionOptions options)
        {
            if (options is null) throw new ArgumentNullException(nameof(options));
            var router = new TransportRouter(new OpenAISpeechClient(options as OpenAISpeechClientOptions ?? options.CopyConnectionTo(new OpenAISpeechClientOptions())), () => new RealtimeSpeechClient(RealtimeSpeechClientOptions.From(options)), ownsTransports: true);
            return new SpeechClientBuilder(router).UseOpenTelemetry().Build();
        }
    }
}
