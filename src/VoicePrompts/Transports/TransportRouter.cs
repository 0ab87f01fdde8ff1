using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using VoicePrompts.Shared;

namespace VoicePrompts
{
    /// <summary>
    /// Sends each request to the transport its model needs, from the model catalog: speech models over HTTP, realtime
    /// models (<c>gpt-realtime-*</c>, after the project's aliases) over the Realtime API — so moving a project to
    /// <c>gpt-realtime-2.1-mini</c> is a change of <c>VoicePromptsDefaultModel</c>. The realtime transport is created on
    /// first use.
    /// </summary>
    internal sealed class TransportRouter : ISpeechClient
    {
        private readonly ISpeechClient _speech;
        private readonly Func<ISpeechClient> _createRealtime;
        private readonly bool _ownsTransports;
        private ISpeechClient? _realtime;

        /// <param name="speech">The HTTP transport.</param>
        /// <param name="createRealtime">Makes the Realtime transport when a realtime model is first asked for.</param>
        /// <param name="ownsTransports">Whether disposing the router disposes both transports (not when the container owns them).</param>
        public TransportRouter(ISpeechClient speech, Func<ISpeechClient> createRealtime, bool ownsTransports)
        {
            _speech = speech;
            _createRealtime = createRealtime;
            _ownsTransports = ownsTransports;
        }

        public Task<SpeechAudio> SynthesizeAsync(SpeechRequest request, CancellationToken cancellationToken = default) =>
            Route(request).SynthesizeAsync(request, cancellationToken);

        public IAsyncEnumerable<SpeechAudioUpdate> StreamAsync(SpeechRequest request, CancellationToken cancellationToken = default) =>
            Route(request).StreamAsync(request, cancellationToken);

        private ISpeechClient Route(SpeechRequest request)
        {
            if (request is null) throw new ArgumentNullException(nameof(request));
            return SpeechModelCatalog.Get(SpeechRequestValidator.ModelOf(request)).Transport == SpeechTransport.Realtime ? Realtime() : _speech;
        }

        private ISpeechClient Realtime()
        {
            var realtime = Volatile.Read(ref _realtime);
            if (realtime is not null) return realtime;
            var created = _createRealtime();
            if (Interlocked.CompareExchange(ref _realtime, created, null) is { } other)
            {
                if (_ownsTransports) created.Dispose();
                return other;
            }
            return created;
        }

        /// <summary>
        /// With a <see cref="SpeechRequest"/> as the key, the transport that request goes to answers (so a realtime
        /// request's cache key names the realtime endpoint); without one, the HTTP transport answers for the backend,
        /// and the Realtime one when asked for by type.
        /// </summary>
        public object? GetService(Type serviceType, object? serviceKey = null)
        {
            if (serviceType is null) throw new ArgumentNullException(nameof(serviceType));
            if (serviceKey is SpeechRequest request) return Route(request).GetService(serviceType);
            if (serviceKey is null && serviceType.IsInstanceOfType(this)) return this;
            if (_speech.GetService(serviceType, serviceKey) is { } found) return found;
            if (serviceType == typeof(RealtimeSpeechClient))
                return Realtime();
            return Volatile.Read(ref _realtime)?.GetService(serviceType, serviceKey);
        }

        public void Dispose()
        {
            if (!_ownsTransports) return;
            _speech.Dispose();
            Volatile.Read(ref _realtime)?.Dispose();
        }
    }
}
