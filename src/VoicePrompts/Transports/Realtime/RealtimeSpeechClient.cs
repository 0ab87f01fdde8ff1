using System;
using System.Collections.Generic;
using System.IO;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using VoicePrompts.Audio;
using VoicePrompts.Realtime;
using VoicePrompts.Shared;

namespace VoicePrompts
{
    /// <summary>
    /// <see cref="ISpeechClient"/> over OpenAI's Realtime API, for <c>gpt-realtime-*</c> models (OpenAI's successor for
    /// speech after 2027-01-06). Each request is one out-of-band response that asks for a word-for-word reading; the
    /// transcript the model reports is compared with the input, and a reworded or silent read is read again
    /// (<see cref="SpeechFidelityOptions"/>). Sessions are pooled by what a session fixes — model, voice, speed, format —
    /// and several reads share one connection; a session that closes is replaced.
    /// </summary>
    public sealed class RealtimeSpeechClient : ISpeechClient
    {
        /// <summary>
        /// How many times one read may move to a new session after the one it ran on closed having served other reads
        /// (a 1001 close, the 60-minute limit): such a move is free. A session that closed without serving anything
        /// counts as a failed attempt instead, against <see cref="SpeechRetryOptions.MaxRetries"/>.
        /// </summary>
        private const int MaxMovesPerRead = 32;

        private readonly RealtimeSpeechClientOptions _options;
        private readonly SpeechConnection _connection;

        /// <summary>When a session stops taking new reads (tests shorten it to watch sessions age out).</summary>
        internal TimeSpan SessionMaxAge { get; set; } = RealtimeSession.DefaultMaxAge;

        private readonly Dictionary<string, AudioPool> _pool = new(StringComparer.Ordinal);
        private bool _disposed;

        /// <summary>Creates a client.</summary>
        public RealtimeSpeechClient(RealtimeSpeechClientOptions? options)
        {
            _options = options ?? new RealtimeSpeechClientOptions();
            _connection = new SpeechConnection(_options, null);
        }

        /// <summary>A client from <c>OPENAI_API_KEY</c> / <c>OPENAI_BASE_URL</c> (or the Azure variables).</summary>
        public static RealtimeSpeechClient FromEnvironment() => new(RealtimeSpeechClientOptions.FromEnvironment());

        /// <summary>Who this client speaks to.</summary>
        public SpeechClientMetadata Metadata => _connection.RealtimeMetadata;

        /// <inheritdoc />
        /// <remarks>
        /// PCM and G.711 come from the API as they are; WAV is a header added here; narrow-band PCM (<c>pcm_8000</c>,
        /// <c>pcm_16000</c>, and in WAV) is made here from the API's 24 kHz PCM.
        /// </remarks>
        public async Task<SpeechAudio> SynthesizeAsync(SpeechRequest request, CancellationToken cancellationToken = default)
        {
            Prepare(request);
            var (wire, conversion) = WireFormat(request.Format);
            using var samples = new MemoryStream();
            var read = new PieceTotals();
            foreach (var piece in Pieces(request, wire))
            {
                var one = await ReadVerifiedAsync(piece, cancellationToken).ConfigureAwait(false);
                samples.Write(one.Data, 0, one.Data.Length);
                read.Add(one.Usage, one.Transcript, one.Matches, one.ResponseId);
            }
            byte[] data = conversion is { } target
                ? AudioConverter.ConvertAll(samples.GetBuffer().AsSpan(0, (int)samples.Length), AudioFormatFacts.Of(wire.Value)!.Value, target)
                : samples.ToArray();
            return new SpeechAudio(data, request.Format)
            {
                Usage = read.Usage,
                Transcript = read.Transcript,
                TranscriptMatchesInput = read.Matches,
                RequestId = read.ResponseIds,
                SampleRate = SpeechModelCatalog.SampleRateOf(request.Format.Value),
            };
        }

        /// <inheritdoc />
        public async IAsyncEnumerable<SpeechAudioUpdate> StreamAsync(SpeechRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            Prepare(request);
            var (wire, conversion) = WireFormat(request.Format);
            var updates = StreamPiecesAsync(request, wire, cancellationToken);
            if (conversion is not null)
                updates = ConvertedSpeech.Stream(updates, request.Format, AudioFormatFacts.Of(wire.Value)!.Value, cancellationToken);
            await foreach (var update in updates.ConfigureAwait(false))
                yield return update;
        }

        /// <summary>
        /// The session's audio format for <paramref name="requested"/> — G.711 for G.711, else 24 kHz PCM — and what must
        /// be done to it here: a WAV header, a resampling, or nothing (null).
        /// </summary>
        private static (AudioFormat Wire, AudioFormatFacts? Conversion) WireFormat(AudioFormat requested)
        {
            if (AudioFormatFacts.Of(requested.Value) is not { } target)
                return (requested, null); // refused by Prepare before this is reached
            var wire = target.Encoding switch
            {
                SampleEncoding.MuLaw => AudioFormat.Pcmu,
                SampleEncoding.ALaw => AudioFormat.Pcma,
                _ => AudioFormat.Pcm,
            };
            return (wire, wire == requested ? null : target);
        }

        private async IAsyncEnumerable<SpeechAudioUpdate> StreamPiecesAsync(SpeechRequest request, AudioFormat wire, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            int? rate = SpeechModelCatalog.SampleRateOf(wire.Value);
            var read = new PieceTotals();
            foreach (var piece in Pieces(request, wire))
            {
                await foreach (var update in StreamOneAsync(piece, cancellationToken).ConfigureAwait(false))
                {
                    if (update.IsFinal)
                    {
                        read.Add(update.Usage, update.Transcript, update.TranscriptMatchesInput, update.RequestId);
                        continue;
                    }
                    yield return new SpeechAudioUpdate(update.Data, wire) { SampleRate = rate, RequestId = update.RequestId };
                }
            }
            yield return new SpeechAudioUpdate(ReadOnlyMemory<byte>.Empty, wire)
            {
                IsFinal = true, SampleRate = rate, RequestId = read.ResponseIds, Usage = read.Usage,
                Transcript = read.Transcript, TranscriptMatchesInput = read.Matches,
            };
        }

        /// <summary>
        /// What goes on the wire: the session's format, and text longer than
        /// <see cref="RealtimeSpeechClientOptions.MaxCharactersPerRead"/> as several reads of whole sentences — long
        /// inputs drift more, and each piece is checked on its own.
        /// </summary>
        private IEnumerable<SpeechRequest> Pieces(SpeechRequest request, AudioFormat wire)
        {
            var wireRequest = request.Format == wire ? request : request with { Format = wire };
            int max = Math.Max(2, _options.MaxCharactersPerRead);
            if (request.Input.Length <= max)
                return new[] { wireRequest };
            var pieces = new List<SpeechRequest>();
            foreach (var text in SpeechTextSplitter.Split(request.Input, max, null))
                pieces.Add(wireRequest with { Input = text });
            return pieces;
        }

        /// <summary>One piece, read until its transcript matches (or the fidelity policy gives up).</summary>
        private async Task<PieceRead> ReadVerifiedAsync(SpeechRequest request, CancellationToken cancellationToken)
        {
            var fidelity = _options.Fidelity ?? new SpeechFidelityOptions();
            SpeechUsage? spent = null; // every read is billed, the discarded ones too
            int moves = 0;
            for (int read = 1; ; read++)
            {
                var reader = await StartWithRetryAsync(request, cancellationToken).ConfigureAwait(false);
                using var pcm = new MemoryStream();
                try
                {
                    while (await reader.NextAudioAsync(cancellationToken).ConfigureAwait(false) is { } chunk)
                        pcm.Write(chunk, 0, chunk.Length);
                }
                catch (RealtimeSessionClosedException) when (reader.SessionServedOthers && moves < MaxMovesPerRead && !cancellationToken.IsCancellationRequested)
                {
                    // Its session closed under it, and none of this audio has reached the caller: read it again on a
                    // new session. (A session that served nothing before closing is a failure, not a move: it is
                    // retried inside StartWithRetryAsync, or thrown.)
                    moves++;
                    read--;
                    continue;
                }
                finally
                {
                    reader.Dispose();
                }
                bool matches = pcm.Length > 0 && TranscriptComparer.Matches(request.Input, reader.Transcript);
                spent = spent is null ? reader.Usage : reader.Usage is null ? spent : spent.Add(reader.Usage);
                var result = new PieceRead(pcm.ToArray(), reader.Transcript, reader.Transcript is null ? null : matches, spent, reader.ResponseId);
                if (matches)
                    return result;
                VoicePromptsTelemetry.FidelityMismatches.Add(1, VoicePromptsTelemetry.Model(request.Model));
                if (read > fidelity.MaxRetries)
                {
                    if (fidelity.OnMismatch == SpeechFidelityPolicy.Accept && pcm.Length > 0)
                        return result;
                    var audio = pcm.Length == 0 ? null : new SpeechAudio(result.Data, request.Format)
                    {
                        Transcript = reader.Transcript, TranscriptMatchesInput = false, Usage = spent, RequestId = reader.ResponseId,
                    };
                    throw new SpeechFidelityException(request.Input, reader.Transcript, audio, read);
                }
            }
        }

        /// <summary>One piece streamed: a silent read is read again until audio has been yielded; then a mismatch is reported.</summary>
        private async IAsyncEnumerable<SpeechAudioUpdate> StreamOneAsync(SpeechRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var fidelity = _options.Fidelity ?? new SpeechFidelityOptions();
            for (int read = 1; ; read++)
            {
                var reader = await StartWithRetryAsync(request, cancellationToken).ConfigureAwait(false);
                try
                {
                    byte[]? first = await reader.NextAudioAsync(cancellationToken).ConfigureAwait(false);
                    if (first is null)
                    {
                        VoicePromptsTelemetry.FidelityMismatches.Add(1, VoicePromptsTelemetry.Model(request.Model));
                        if (read > fidelity.MaxRetries)
                            throw new SpeechFidelityException(request.Input, reader.Transcript, null, read);
                        continue;
                    }
                    yield return new SpeechAudioUpdate(first, request.Format) { RequestId = reader.ResponseId };
                    while (await reader.NextAudioAsync(cancellationToken).ConfigureAwait(false) is { } chunk)
                        yield return new SpeechAudioUpdate(chunk, request.Format) { RequestId = reader.ResponseId };
                    // Audio was heard: it cannot be taken back, so a mismatch is reported, not retried.
                    bool? matches = reader.Transcript is null ? null : TranscriptComparer.Matches(request.Input, reader.Transcript);
                    if (matches != true)
                        VoicePromptsTelemetry.FidelityMismatches.Add(1, VoicePromptsTelemetry.Model(request.Model));
                    yield return new SpeechAudioUpdate(ReadOnlyMemory<byte>.Empty, request.Format)
                    {
                        IsFinal = true, RequestId = reader.ResponseId, Usage = reader.Usage, Transcript = reader.Transcript, TranscriptMatchesInput = matches,
                    };
                    yield break;
                }
                finally
                {
                    reader.Dispose();
                }
            }
        }

        private sealed record PieceRead(byte[] Data, string? Transcript, bool? Matches, SpeechUsage? Usage, string? ResponseId);

        /// <summary>This client or its <see cref="SpeechClientMetadata"/>.</summary>
        public object? GetService(Type serviceType, object? serviceKey = null)
        {
            if (serviceType is null) throw new ArgumentNullException(nameof(serviceType));
            if (serviceKey is not null) return null;
            if (serviceType == typeof(SpeechClientMetadata)) return Metadata;
            return serviceType.IsInstanceOfType(this) ? this : null;
        }

        /// <summary>Closes every pooled session; reads still running end, and every later call throws <see cref="ObjectDisposedException"/>.</summary>
        public void Dispose()
        {
            var sessions = new List<RealtimeSession>();
            lock (_pool)
            {
                if (_disposed) return;
                _disposed = true;
                foreach (var pool in _pool.Values) sessions.AddRange(pool.Sessions);
                _pool.Clear();
            }
            foreach (var session in sessions) session.Dispose();
        }

        private void ThrowIfDisposed()
        {
            if (_disposed) throw new ObjectDisposedException(nameof(RealtimeSpeechClient));
        }

        private void Prepare(SpeechRequest request)
        {
            lock (_pool) ThrowIfDisposed();
            SpeechRequestValidator.Validate(request);
            string model = SpeechRequestValidator.ModelOf(request);
            if (SpeechModelCatalog.Get(model).Transport != SpeechTransport.Realtime)
                throw new NotSupportedException($"{request.Model} is a model of the speech endpoint, not of the Realtime API; send it through OpenAISpeechClient (SpeechClient.Default routes by model).");
            _connection.EnsureCredentials(); // the same rule, and message, as the HTTP transport's
        }

        /// <summary>
        /// Starts a read under the connection's retry policy, which retries what is transient before any audio: rate
        /// limits (after the reset the server gave), server errors, a handshake refused with a retryable status,
        /// sessions that could not open or closed before serving anything.
        /// </summary>
        private Task<ResponseReader> StartWithRetryAsync(SpeechRequest request, CancellationToken cancellationToken)
        {
            string key = PoolKey(request);
            return _connection.ExecuteAsync(request.Model, token => StartOnceAsync(request, key, token), cancellationToken);
        }

        /// <summary>
        /// One attempt: a slot, a place on a session, the <c>response.create</c>, the first audio. A read whose session
        /// closed after serving others moves to a new session within the attempt: that is the session's end, not a failure.
        /// </summary>
        private async Task<ResponseReader> StartOnceAsync(SpeechRequest request, string key, CancellationToken cancellationToken)
        {
            for (int moves = 0; ; moves++)
            {
                ResponseReader? reader = null;
                AudioPool pool;
                lock (_pool)
                {
                    ThrowIfDisposed();
                    if (!_pool.TryGetValue(key, out pool!))
                        _pool[key] = pool = new AudioPool(Math.Max(1, _options.MaxSessionsPerAudio) * Math.Max(1, _options.MaxConcurrentReadsPerSession));
                }
                // A slot first: never more reads than the sessions may carry, so never more sessions than allowed.
                await pool.Slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                bool slotHeld = true;
                try
                {
                    var session = await ReserveAsync(pool, request, cancellationToken).ConfigureAwait(false);
                    string format = request.Format.Value;
                    var pending = await session.StartAsync((eventId, correlation) =>
                        RealtimeWire.ResponseCreate(eventId, correlation, request.Input, request.Instructions, format, request.Voice), cancellationToken).ConfigureAwait(false);
                    reader = new ResponseReader(this, pending, pool.Slots);
                    slotHeld = false; // the reader gives it back when it is disposed
                    await reader.WaitForFirstAsync(cancellationToken).ConfigureAwait(false);
                    return reader;
                }
                catch (RealtimeSessionClosedException) when (reader is { SessionServedOthers: true } && moves < MaxMovesPerRead && !cancellationToken.IsCancellationRequested)
                {
                    reader.Dispose();
                }
                catch
                {
                    reader?.Dispose();
                    throw;
                }
                finally
                {
                    if (slotHeld) pool.Slots.Release();
                }
            }
        }

        /// <summary>What a session fixes: reads that differ in any of these cannot share one.</summary>
        private static string PoolKey(SpeechRequest request) =>
            request.Model + "|" + (request.Voice.IsCustom ? "id:" : "") + request.Voice.Value + "|"
            + request.Speed?.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + "|" + request.Format.Value;

        /// <summary>
        /// A place on the least busy session with room, opening one when none has room. The caller holds a slot, so
        /// there is room on the open sessions or fewer than <see cref="RealtimeSpeechClientOptions.MaxSessionsPerAudio"/>
        /// are open; one session opens at a time per key, and everyone who needs it waits for that one.
        /// </summary>
        private async Task<RealtimeSession> ReserveAsync(AudioPool pool, SpeechRequest request, CancellationToken cancellationToken)
        {
            int perSession = Math.Max(1, _options.MaxConcurrentReadsPerSession);
            while (true)
            {
                Task<RealtimeSession>? opening = null;
                RealtimeSession? reserved = null;
                List<RealtimeSession>? retired = null;
                lock (_pool)
                {
                    ThrowIfDisposed();
                    RealtimeSession? best = null;
                    for (int i = pool.Sessions.Count - 1; i >= 0; i--)
                    {
                        var session = pool.Sessions[i];
                        if (session.IsUsable)
                        {
                            if (best is null || session.Active < best.Active) best = session;
                        }
                        else if (session.Active == 0)
                        {
                            (retired ??= new List<RealtimeSession>()).Add(session);
                            pool.Sessions.RemoveAt(i);
                        }
                    }
                    if (best is not null && best.Active < perSession)
                    {
                        best.Reserve();
                        reserved = best;
                    }
                    else
                    {
                        opening = pool.Opening ??= OpenIntoAsync(pool, request);
                    }
                }
                Retire(retired);
                if (reserved is not null)
                    return reserved;
                // Waiting is the caller's to give up; the opening goes on for the others.
                if (!await TaskWaiting.CompletesBeforeAsync(opening!, cancellationToken).ConfigureAwait(false))
                    throw new OperationCanceledException(cancellationToken);
                await opening!.ConfigureAwait(false); // its failure is this caller's too, retried as any
            }
        }

        /// <summary>Closing a session is sent, not awaited, and never under the pool's lock.</summary>
        private static void Retire(List<RealtimeSession>? sessions)
        {
            if (sessions is null) return;
            foreach (var session in sessions) session.Dispose();
        }

        /// <summary>Opens a session for <paramref name="pool"/> and adds it there; bounded by the connect timeout, not by any one caller.</summary>
        private async Task<RealtimeSession> OpenIntoAsync(AudioPool pool, SpeechRequest request)
        {
            await Task.Yield(); // leave the pool's lock before connecting
            RealtimeSession opened;
            try
            {
                using var deadline = new CancellationTokenSource(_options.ConnectTimeout);
                var headers = await _connection.HeadersAsync(deadline.Token).ConfigureAwait(false);
                opened = await RealtimeSession.OpenAsync(_connection.RealtimeEndpoint(request.Model), headers,
                    RealtimeWire.SessionUpdate(request.Format.Value, request.Voice, request.Speed), _options.ConnectTimeout, SessionMaxAge, CancellationToken.None).ConfigureAwait(false);
            }
            catch
            {
                lock (_pool) pool.Opening = null; // the next caller who needs a session tries again
                throw;
            }
            // Added and no longer "opening" in one step, so a waiter that loops finds it.
            lock (_pool)
            {
                pool.Opening = null;
                if (!_disposed)
                {
                    pool.Sessions.Add(opened);
                    return opened;
                }
            }
            opened.Dispose();
            throw new ObjectDisposedException(nameof(RealtimeSpeechClient));
        }

        /// <summary>The sessions of one (model, voice, speed, format), the slots for reads on them, and the session being opened.</summary>
        private sealed class AudioPool
        {
            public AudioPool(int slots) => Slots = new SemaphoreSlim(slots, slots);

            public List<RealtimeSession> Sessions { get; } = new();

            public SemaphoreSlim Slots { get; }

            public Task<RealtimeSession>? Opening { get; set; }
        }

        /// <summary>Reads one response's events: audio as it comes, then the transcript and usage.</summary>
        private sealed class ResponseReader : IDisposable
        {
            private readonly RealtimeSpeechClient _owner;
            private readonly PendingResponse _pending;
            private readonly SemaphoreSlim _slot;
            private readonly StringBuilder _transcriptDeltas = new();
            private byte[]? _held;
            private long _received;
            private bool _done;
            private bool _disposed;

            public ResponseReader(RealtimeSpeechClient owner, PendingResponse pending, SemaphoreSlim slot)
            {
                _owner = owner;
                _pending = pending;
                _slot = slot;
            }

            /// <summary>Whether the session this read ran on completed other reads: if it closed, it closed as sessions do, not at once.</summary>
            public bool SessionServedOthers => _pending.Session.Completed > 0;

            public string? Transcript { get; private set; }

            public SpeechUsage? Usage { get; private set; }

            public string? ResponseId => _pending.ResponseId;

            /// <summary>Waits for the first audio (held for <see cref="NextAudioAsync"/>) or the end, so failures before audio surface here, where they can be retried.</summary>
            public async Task WaitForFirstAsync(CancellationToken cancellationToken) =>
                _held = await ReadAudioAsync(cancellationToken).ConfigureAwait(false);

            /// <summary>The next audio, or null when the response completed.</summary>
            public async Task<byte[]?> NextAudioAsync(CancellationToken cancellationToken)
            {
                if (_held is { } held)
                {
                    _held = null;
                    return held;
                }
                return await ReadAudioAsync(cancellationToken).ConfigureAwait(false);
            }

            private async Task<byte[]?> ReadAudioAsync(CancellationToken cancellationToken)
            {
                while (!_done)
                {
                    RealtimeEvent received;
                    try
                    {
                        received = await _pending.NextAsync(cancellationToken).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        await _pending.Session.CancelAsync(_pending).ConfigureAwait(false);
                        throw;
                    }
                    switch (received.Type)
                    {
                        case "response.output_audio.delta" when received.Audio is { Length: > 0 } audio:
                            _received += audio.Length;
                            return audio;
                        case "response.output_audio_transcript.delta":
                            _transcriptDeltas.Append(received.Text);
                            break;
                        case "response.output_audio_transcript.done":
                            Transcript = received.Text;
                            break;
                        case "error":
                            _done = true;
                            throw RealtimeErrors.From(received, _pending.Session.RateLimitReset);
                        case PendingResponse.SessionClosed:
                            _done = true;
                            if (_owner._disposed) // the client closed it: that is what the caller should hear
                                throw new ObjectDisposedException(nameof(RealtimeSpeechClient));
                            throw new RealtimeSessionClosedException(received.Message ?? "the Realtime session ended", _received, ResponseId);
                        case "response.done":
                            _done = true;
                            Usage = received.Usage;
                            Transcript ??= _transcriptDeltas.Length > 0 ? _transcriptDeltas.ToString() : null;
                            if (received.Status == "failed")
                                throw RealtimeErrors.From(new RealtimeEvent("error")
                                {
                                    ErrorType = received.ErrorType, ErrorCode = received.ErrorCode,
                                    Message = received.Message ?? $"The Realtime response failed ({received.ErrorCode ?? received.ErrorType ?? received.Reason ?? "no reason given"}).",
                                }, _pending.Session.RateLimitReset);
                            if (received.Status is "cancelled" or "incomplete")
                                Transcript = null; // a cut-off read is no reading of the text
                            return null;
                    }
                }
                return null;
            }

            public void Dispose()
            {
                if (_disposed) return;
                _disposed = true;
                _pending.Finish();
                _slot.Release();
            }
        }
    }

    /// <summary>
    /// The Realtime session ended (its 60 minutes, a 1001 close, the network) while a read was running. Internal: a
    /// read whose audio had not reached the caller runs again elsewhere; what reaches the caller is the
    /// <see cref="SpeechStreamException"/> a broken HTTP stream also is.
    /// </summary>
    internal sealed class RealtimeSessionClosedException : SpeechStreamException
    {
        public RealtimeSessionClosedException(string message, long bytesReceived = 0, string? responseId = null)
            : base("The Realtime session closed under the read: " + message, bytesReceived, responseId)
        {
        }
    }
}
