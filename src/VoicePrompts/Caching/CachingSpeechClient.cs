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
    /// clip, marked <see cref="SpeechAudio.IsCacheHit"/>, with its transcript and fidelity flag and no usage. A miss
    /// synthesizes, stores and returns it — once for every concurrent <see cref="SynthesizeAsync"/> of the same key in
    /// this client, however the store's lookups and writes interleave. Streaming on a miss passes bytes on as they
    /// arrive and stores the clip only when it completed. A clip whose transcript did not match its input
    /// (<see cref="SpeechAudio.TranscriptMatchesInput"/> false) is returned, flagged, and never stored. A store that
    /// fails (a distributed cache that is down) is logged and counted, never an exception to the caller.
    /// </summary>
    internal sealed class CachingSpeechClient : DelegatingSpeechClient
    {
        private const int ChunkSize = 16 * 1024;
        private readonly ISpeechAudioStore _store;
        private readonly SpeechClientMetadata? _backend;
        private readonly ILogger _logger;
        private readonly ConcurrentDictionary<string, Lazy<Task<SpeechAudio>>> _inFlight = new(StringComparer.Ordinal);

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
            if (request is null) throw new ArgumentNullException(nameof(request));
            string key = KeyFor(request);

            // Every caller of a key joins one look-up-then-synthesis. A look-up outside it could run beside another
            // caller's write and miss it (HybridCache even merges concurrent look-ups of a key into one answer), and
            // pay a second time. The Lazy makes sure only the flight that won GetOrAdd ever starts.
            var created = new Lazy<Task<SpeechAudio>>(() => LookUpOrSynthesizeAsync(request, key), LazyThreadSafetyMode.ExecutionAndPublication);
            var flight = _inFlight.GetOrAdd(key, created);
            bool joined = !ReferenceEquals(flight, created);
            var shared = flight.Value;
            if (!joined)
            {
                // Leaves the map once the clip is stored (or the synthesis failed), whether or not anyone still waits.
                _ = shared.ContinueWith(
                    (_, state) => ((ICollection<KeyValuePair<string, Lazy<Task<SpeechAudio>>>>)_inFlight).Remove((KeyValuePair<string, Lazy<Task<SpeechAudio>>>)state!),
                    new KeyValuePair<string, Lazy<Task<SpeechAudio>>>(key, flight), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }

            // It runs to completion for whoever still waits; a caller that cancels stops waiting, not the others.
            var audio = await WaitAsync(shared, cancellationToken).ConfigureAwait(false);
            if (joined && !audio.IsCacheHit)
            {
                // Another caller paid for this clip; to this one it is as good as stored.
                VoicePromptsTelemetry.CacheHits.Add(1);
                return AsHit(audio);
            }
            return audio;
        }

        /// <inheritdoc />
        public override async IAsyncEnumerable<SpeechAudioUpdate> StreamAsync(SpeechRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            if (request is null) throw new ArgumentNullException(nameof(request));
            string key = KeyFor(request);
            if (await TryGetAsync(key, cancellationToken).ConfigureAwait(false) is { } hit)
            {
                for (int offset = 0; offset < hit.Data.Length; offset += ChunkSize)
                    yield return new SpeechAudioUpdate(hit.Data.Slice(offset, Math.Min(ChunkSize, hit.Data.Length - offset)), hit.Format) { SampleRate = hit.SampleRate };
                yield return new SpeechAudioUpdate(ReadOnlyMemory<byte>.Empty, hit.Format)
                {
                    SampleRate = hit.SampleRate, IsFinal = true, IsCacheHit = true, RequestId = hit.RequestId,
                    Transcript = hit.Transcript, TranscriptMatchesInput = hit.TranscriptMatchesInput,
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
                    SampleRate = last.SampleRate, RequestId = last.RequestId, Usage = last.Usage,
                    Transcript = last.Transcript, TranscriptMatchesInput = last.TranscriptMatchesInput,
                }, CancellationToken.None).ConfigureAwait(false);
            }
        }

        /// <summary>
        /// Its store for <c>GetService&lt;ISpeechAudioStore&gt;()</c>, so tools over the app's client (the review page)
        /// read the clips it keeps, under <see cref="SpeechCacheKey.For(SpeechRequest, ISpeechClient)"/>.
        /// </summary>
        public override object? GetService(Type serviceType, object? serviceKey = null) =>
            serviceKey is null && serviceType == typeof(ISpeechAudioStore) ? _store : base.GetService(serviceType, serviceKey);

        /// <summary>The key names the backend this request goes to: a router answers per request (a realtime model's endpoint is not the HTTP one).</summary>
        private string KeyFor(SpeechRequest request) =>
            SpeechCacheKey.For(request, InnerClient.GetService<SpeechClientMetadata>(request) ?? _backend);

        /// <summary>Runs once per flight, when the winning Lazy is first read (outside GetOrAdd, so no hop to the thread pool is needed).</summary>
        private async Task<SpeechAudio> LookUpOrSynthesizeAsync(SpeechRequest request, string key)
        {
            if (await TryGetAsync(key, CancellationToken.None).ConfigureAwait(false) is { } stored)
                return stored;
            VoicePromptsTelemetry.CacheMisses.Add(1);
            var audio = await InnerClient.SynthesizeAsync(request, CancellationToken.None).ConfigureAwait(false);
            await TrySetAsync(key, audio, CancellationToken.None).ConfigureAwait(false);
            return audio;
        }

        /// <summary>The stored clip as a hit: marked, with its transcript and flag, and no usage (nothing was paid).</summary>
        private static SpeechAudio AsHit(SpeechAudio stored) => new(stored.Data, stored.Format, stored.ContentType)
        {
            IsCacheHit = true, RequestId = stored.RequestId, SampleRate = stored.SampleRate,
            Transcript = stored.Transcript, TranscriptMatchesInput = stored.TranscriptMatchesInput,
        };

        private async Task<SpeechAudio?> TryGetAsync(string key, CancellationToken cancellationToken)
        {
            try
            {
                var audio = await _store.GetAsync(key, cancellationToken).ConfigureAwait(false);
                if (audio is null)
                    return null;
                if (audio.TranscriptMatchesInput == false)
                    return null; // a store filled by something else: a reworded read is no answer to this request
                VoicePromptsTelemetry.CacheHits.Add(1);
                return AsHit(audio);
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
            if (audio.TranscriptMatchesInput == false)
            {
                // The caller who accepted a reworded read has it, flagged; the next caller gets a new read.
                SpeechClientLog.CacheSkippedMismatch(_logger, key);
                return;
            }
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
