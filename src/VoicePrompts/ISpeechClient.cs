using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace VoicePrompts
{
    /// <summary>
    /// Turns a <see cref="SpeechRequest"/> into audio. Generated prompt methods depend only on this interface, so the
    /// backend (OpenAI, Azure OpenAI, a compatible server, a cache, a test double) is the application's choice, and
    /// cross-cutting behaviour wraps it as a <see cref="DelegatingSpeechClient"/>.
    /// </summary>
    public interface ISpeechClient : IDisposable
    {
        /// <summary>Synthesizes the whole clip.</summary>
        Task<SpeechAudio> SynthesizeAsync(SpeechRequest request, CancellationToken cancellationToken = default);

        /// <summary>
        /// Streams the audio as the transport delivers it, never buffering the whole clip. The last update has
        /// <see cref="SpeechAudioUpdate.IsFinal"/> set and carries what is known only at the end (usage, transcript).
        /// A stream that cannot be completed ends with an exception, never with a silently shortened clip.
        /// </summary>
        IAsyncEnumerable<SpeechAudioUpdate> StreamAsync(SpeechRequest request, CancellationToken cancellationToken = default);

        /// <summary>
        /// What this client is or wraps, by type (and key): the client itself, an inner client, or its
        /// <see cref="SpeechClientMetadata"/>. Null when it has no such service. A client that sends requests to more than
        /// one backend answers <c>GetService(typeof(SpeechClientMetadata), request)</c> with the metadata of the backend
        /// that <c>request</c> goes to; others ignore a <see cref="SpeechRequest"/> key and answer null.
        /// </summary>
        object? GetService(Type serviceType, object? serviceKey = null);
    }
}
