using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace VoicePrompts
{
    /// <summary>Conveniences over <see cref="ISpeechClient"/>.</summary>
    public static class SpeechClientExtensions
    {
        /// <summary>The client's service of type <typeparamref name="TService"/>, or null.</summary>
        public static TService? GetService<TService>(this ISpeechClient client, object? serviceKey = null) where TService : class
        {
            if (client is null) throw new ArgumentNullException(nameof(client));
            return client.GetService(typeof(TService), serviceKey) as TService;
        }

        /// <summary>
        /// Streams only the audio bytes, for callers (and prompt methods declared as
        /// <c>IAsyncEnumerable&lt;ReadOnlyMemory&lt;byte&gt;&gt;</c>) that need nothing else.
        /// </summary>
        public static async IAsyncEnumerable<ReadOnlyMemory<byte>> StreamBytesAsync(this ISpeechClient client, SpeechRequest request,
            [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            if (client is null) throw new ArgumentNullException(nameof(client));
            await foreach (var update in client.StreamAsync(request, cancellationToken).ConfigureAwait(false))
                if (!update.Data.IsEmpty)
                    yield return update.Data;
        }
    }
}
