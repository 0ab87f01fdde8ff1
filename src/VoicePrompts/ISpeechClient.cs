using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace VoicePrompts
{
    /// <summary>
    /// Turns a <see cref="SpeechRequest"/> into audio. Generated prompt methods depend only on this interface, so the
    /// backend (OpenAI, a compatible server, a cache, a test double) is the application's choice.
    /// </summary>
    public interface ISpeechClient
    {
        /// <summary>Synthesizes the whole clip.</summary>
        Task<SpeechAudio> SynthesizeAsync(SpeechRequest request, CancellationToken cancellationToken = default);

        /// <summary>
        /// Streams the audio as it arrives. A stream that cannot be completed ends with an exception, never with a
        /// silently shortened clip.
        /// </summary>
        IAsyncEnumerable<ReadOnlyMemory<byte>> StreamAsync(SpeechRequest request, CancellationToken cancellationToken = default);
    }
}
