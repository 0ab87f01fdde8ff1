using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace VoicePrompts
{
    /// <summary>
    /// A client that passes everything to an inner client; a decorator (cache, long-text splitting, logging,
    /// telemetry) overrides what it changes. Disposing it disposes the inner client.
    /// </summary>
    public abstract class DelegatingSpeechClient : ISpeechClient
    {
        /// <summary>Wraps <paramref name="innerClient"/>.</summary>
        protected DelegatingSpeechClient(ISpeechClient innerClient) =>
            InnerClient = innerClient ?? throw new ArgumentNullException(nameof(innerClient));

        /// <summary>The client this one wraps.</summary>
        protected ISpeechClient InnerClient { get; }

        /// <inheritdoc />
        public virtual Task<SpeechAudio> SynthesizeAsync(SpeechRequest request, CancellationToken cancellationToken = default) =>
            InnerClient.SynthesizeAsync(request, cancellationToken);

        /// <inheritdoc />
        public virtual IAsyncEnumerable<SpeechAudioUpdate> StreamAsync(SpeechRequest request, CancellationToken cancellationToken = default) =>
            InnerClient.StreamAsync(request, cancellationToken);

        /// <summary>This client when it is a <paramref name="serviceType"/> (and no key is asked for); else the inner client's answer.</summary>
        public virtual object? GetService(Type serviceType, object? serviceKey = null)
        {
            if (serviceType is null) throw new ArgumentNullException(nameof(serviceType));
            return serviceKey is null && serviceType.IsInstanceOfType(this) ? this : InnerClient.GetService(serviceType, serviceKey);
        }

        /// <inheritdoc />
        public void Dispose()
        {
            Dispose(disposing: true);
            GC.SuppressFinalize(this);
        }

        /// <summary>Disposes the inner client.</summary>
        protected virtual void Dispose(bool disposing)
        {
            if (disposing)
                InnerClient.Dispose();
        }
    }
}
