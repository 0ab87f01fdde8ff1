using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace VoicePrompts.Caching
{
    /// <summary>
    /// An <see cref="ISpeechClient"/> that pays once per distinct request: clips are kept in an
    /// <see cref="ISpeechAudioStore"/> under their <see cref="SpeechCacheKey"/>. A hit returns (or streams) the stored
    /// clip; a miss synthesizes, stores and returns it — once for concurrent identical misses in this process. Streaming
    /// on a miss passes bytes on as they arrive and stores the clip only when it completed. A store that fails (a
    /// distributed cache that is down) is logged and counted, never an exception to the caller: synthesis still works.
    /// </summary>
    public sealed class CachingSpeechClient : DelegatingSpeechClient
    {
        private const int ChunkSize = 16 * 1024;
        private readonly ISpeechAudioStore _store;
        private readonly SpeechClientMetadata? _backend;
        private readonly ILogger _logger;
        private readonly ConcurrentDictionary<string, Task<SpeechAudio>> _inFlight = new(StringComparer.Ordinal);

        /// <summary>Creates the caching decorator.</summary>
        /// <param name="inner">The client that synthesizes on a miss; its <see cref="SpeechClientMetadata"/> is part of every key.</param>
        /// <param name="store">Where clips are kept.</param>
        /// <param name="logger">Where store failures are logged.</param>
        public CachingSpeechClient(ISpeechClient inner, ISpeechAudioStore store, ILogger<CachingSpeechClient>? logger = null)
            : base(inner)
        {
            _store = store ?? throw new ArgumentNullException(nameof(store));
            _backend = inner.GetService<SpeechClientMetadata>();
            _logger = (ILogger?)logger ?? NullLogger.Instance;
        }

        /// <inheritdoc />
        public override async Task<SpeechAudio> SynthesizeAsync(SpeechRequest request, CancellationToken cancellationToken = default)
        {
            string key = SpeechCacheKey.For(request, _backend);
            if (await TryGetAsync(key, cancellationToken).ConfigureAwait(false) is { } hit)
                return hit;

            // Concurrent identical misses share one synthesis. It runs to completion for whoever still waits; a
            // caller that cancels stops waiting, not the others.
            var shared = _inFlight.GetOrAdd(key, _ => SynthesizeAndStoreAsync(request, key));
            try
            {
                return await WaitAsync(shared, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                if (shared.IsCompleted) // remove this synthesis only, not a newer one for the same key
                    ((ICollection<KeyValuePair<string, Task<SpeechAudio>>>)_inFlight).Remove(new KeyValuePair<string, Task<SpeechAudio>>(key, shared));
            }
        }

        /// <inheritdoc />
        public override async IAsyncEnumerable<SpeechAudioUpdate> StreamAsync(SpeechRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            if (request is null) throw new ArgumentNullException(nameof(request));
            string key = SpeechCacheKey.For(request, _backend);
            if (await TryGetAsync(key, cancellationToken).ConfigureAwait(false) is { } hit)
            {
                for (int offset = 0; offset < hit.Data.Length; offset += ChunkSize)
                    yield return new SpeechAudioUpdate(hit.Data.Slice(offset, Math.Min(ChunkSize, hit.Data.Length - offset)), hit.Format) { SampleRate = hit.SampleRate };
                // A hit costs nothing: no usage is reported for it.
                yield return new SpeechAudioUpdate(ReadOnlyMemory<byte>.Empty, hit.Format)
                {
                    SampleRate = hit.SampleRate, IsFinal = true, RequestId = hit.RequestId, Transcript = hit.Transcript,
                };
                yield break;
            }

            VoicePromptsTelemetry.CacheMisses.Add(1);
            using var clip = new MemoryStream();
            SpeechAudioUpdate? last = null;
            await foreach (var update in InnerClient.StreamAsync(request, cancellationToken).ConfigureAwait(false))
            {
                if (!update.Data.IsEmpty)
                    clip.Write(update.Data.ToArray(), 0, update.Data.Length);
                last = update;
                yield return update;
            }
            // Reached only when the inner stream ended normally and the caller read to the end: the clip is whole.
            // A broken stream threw above; a caller that stopped early never gets here.
            if (last is { IsFinal: true })
            {
                await TrySetAsync(key, new SpeechAudio(clip.ToArray(), request.Format)
                {
                    SampleRate = last.SampleRate, RequestId = last.RequestId, Usage = last.Usage, Transcript = last.Transcript,
                }, CancellationToken.None).ConfigureAwait(false);
            }
        }

        private async Task<SpeechAudio> SynthesizeAndStoreAsync(SpeechRequest request, string key)
        {
            await Task.Yield(); // leave GetOrAdd before the work starts
            // Another synthesis of this key may have finished between the caller's lookup and GetOrAdd; a second
            // lookup costs far less than paying twice.
            if (await TryGetAsync(key, CancellationToken.None).ConfigureAwait(false) is { } stored)
                return stored;
            VoicePromptsTelemetry.CacheMisses.Add(1);
            var audio = await InnerClient.SynthesizeAsync(request, CancellationToken.None).ConfigureAwait(false);
            await TrySetAsync(key, audio, CancellationToken.None).ConfigureAwait(false);
            return audio;
        }

        private async Task<SpeechAudio?> TryGetAsync(string key, CancellationToken cancellationToken)
        {
            try
            {
                var audio = await _store.GetAsync(key, cancellationToken).ConfigureAwait(false);
                if (audio is not null)
                    VoicePromptsTelemetry.CacheHits.Add(1);
                return audio;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                VoicePromptsTelemetry.CacheErrors.Add(1, new KeyValuePair<string, object?>("voiceprompts.cache.operation", "get"));
                SpeechClientLog.CacheFailed(_logger, "read", key, ex);
                return null;
            }
        }

        private async Task TrySetAsync(string key, SpeechAudio audio, CancellationToken cancellationToken)
        {
            try
            {
                await _store.SetAsync(key, audio, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                VoicePromptsTelemetry.CacheErrors.Add(1, new KeyValuePair<string, object?>("voiceprompts.cache.operation", "set"));
                SpeechClientLog.CacheFailed(_logger, "write", key, ex);
            }
        }

        private static async Task<T> WaitAsync<T>(Task<T> task, CancellationToken cancellationToken)
        {
            if (!await TaskWaiting.CompletesBeforeAsync(task, cancellationToken).ConfigureAwait(false))
                throw new OperationCanceledException(cancellationToken);
            return await task.ConfigureAwait(false);
        }
    }
}
