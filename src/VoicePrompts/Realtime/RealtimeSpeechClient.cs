using System;
using System.Collections.Generic;
using System.IO;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
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
        /// <summary>The Realtime API's only PCM rate.</summary>
        private const int RealtimePcmRate = 24000;

        private readonly RealtimeSpeechClientOptions _options;
        private readonly SpeechClientMetadata _metadata;
        private readonly Dictionary<string, List<RealtimeSession>> _pool = new(StringComparer.Ordinal);
        private readonly SemaphoreSlim _opening = new(1, 1);
        private readonly Random _jitter = new();
        private bool _disposed;

        /// <summary>Creates a client.</summary>
        public RealtimeSpeechClient(RealtimeSpeechClientOptions? options)
        {
            _options = options ?? new RealtimeSpeechClientOptions();
            var endpoint = Endpoint("model");
            _metadata = new SpeechClientMetadata(_options.Azure?.Endpoint is not null ? ProviderNames.AzureOpenAI : ProviderNames.OpenAIRealtime,
                new Uri(endpoint.GetLeftPart(UriPartial.Path)));
        }

        /// <summary>A client from <c>OPENAI_API_KEY</c> / <c>OPENAI_BASE_URL</c> (or the Azure variables).</summary>
        public static RealtimeSpeechClient FromEnvironment() => new(RealtimeSpeechClientOptions.FromEnvironment());

        /// <summary>Who this client speaks to.</summary>
        public SpeechClientMetadata Metadata => _metadata;

        /// <inheritdoc />
        public async Task<SpeechAudio> SynthesizeAsync(SpeechRequest request, CancellationToken cancellationToken = default)
        {
            Prepare(request);
            using var pcm = new MemoryStream();
            var read = new PieceTotals();
            foreach (var piece in Pieces(request))
            {
                var one = await ReadVerifiedAsync(piece, cancellationToken).ConfigureAwait(false);
                pcm.Write(one.Data, 0, one.Data.Length);
                read.Add(one.Usage, one.Transcript, one.Matches, one.ResponseId);
            }
            byte[] data = request.Format == AudioFormat.Wav ? WithWavHeader(pcm.ToArray()) : pcm.ToArray();
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
            int? rate = SpeechModelCatalog.SampleRateOf(request.Format.Value);
            bool headerSent = request.Format != AudioFormat.Wav;
            var read = new PieceTotals();
            foreach (var piece in Pieces(request))
            {
                await foreach (var update in StreamOneAsync(piece, cancellationToken).ConfigureAwait(false))
                {
                    if (update.IsFinal)
                    {
                        read.Add(update.Usage, update.Transcript, update.TranscriptMatchesInput, update.RequestId);
                        continue;
                    }
                    if (!headerSent)
                    {
                        headerSent = true;
                        yield return new SpeechAudioUpdate(WavHeader.ForPcm16Mono(RealtimePcmRate, dataLength: null), request.Format) { SampleRate = rate, RequestId = update.RequestId };
                    }
                    yield return new SpeechAudioUpdate(update.Data, request.Format) { SampleRate = rate, RequestId = update.RequestId };
                }
            }
            yield return new SpeechAudioUpdate(ReadOnlyMemory<byte>.Empty, request.Format)
            {
                IsFinal = true, SampleRate = rate, RequestId = read.ResponseIds, Usage = read.Usage,
                Transcript = read.Transcript, TranscriptMatchesInput = read.Matches,
            };
        }

        /// <summary>
        /// What goes on the wire: WAV as PCM (the header is the client's), and text longer than
        /// <see cref="RealtimeSpeechClientOptions.MaxCharactersPerRead"/> as several reads of whole sentences — long
        /// inputs drift more, and each piece is checked on its own.
        /// </summary>
        private IEnumerable<SpeechRequest> Pieces(SpeechRequest request)
        {
            var wire = request.Format == AudioFormat.Wav ? request with { Format = AudioFormat.Pcm } : request;
            int max = Math.Max(2, _options.MaxCharactersPerRead);
            if (request.Input.Length <= max)
                return new[] { wire };
            var pieces = new List<SpeechRequest>();
            foreach (var text in SpeechTextSplitter.Split(request.Input, max, null))
                pieces.Add(wire with { Input = text });
            return pieces;
        }

        /// <summary>One piece, read until its transcript matches (or the fidelity policy gives up).</summary>
        private async Task<PieceRead> ReadVerifiedAsync(SpeechRequest request, CancellationToken cancellationToken)
        {
            var fidelity = _options.Fidelity ?? new SpeechFidelityOptions();
            SpeechUsage? spent = null; // every read is billed, the discarded ones too
            for (int read = 1; ; read++)
            {
                var reader = await StartWithRetryAsync(request, cancellationToken).ConfigureAwait(false);
                using var pcm = new MemoryStream();
                try
                {
                    while (await reader.NextAudioAsync(cancellationToken).ConfigureAwait(false) is { } chunk)
                        pcm.Write(chunk, 0, chunk.Length);
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
            if (serviceType == typeof(SpeechClientMetadata)) return _metadata;
            return serviceType.IsInstanceOfType(this) ? this : null;
        }

        /// <summary>Closes every pooled session.</summary>
        public void Dispose()
        {
            List<RealtimeSession> sessions;
            lock (_pool)
            {
                _disposed = true;
                sessions = new List<RealtimeSession>();
                foreach (var list in _pool.Values) sessions.AddRange(list);
                _pool.Clear();
            }
            foreach (var session in sessions) session.Dispose();
        }

        private void Prepare(SpeechRequest request)
        {
            SpeechRequestValidator.Validate(request);
            string model = SpeechRequestValidator.ModelOf(request);
            if (SpeechModelCatalog.Get(model).Transport != SpeechTransport.Realtime)
                throw new NotSupportedException($"{request.Model} is a model of the speech endpoint, not of the Realtime API; send it through OpenAISpeechClient (SpeechClient.Default routes by model).");
            // The same rule, and message, as the HTTP transport: one key and base URL serve both.
            new OpenAISpeechClientOptions { BaseUrl = _options.BaseUrl, ApiKey = _options.ApiKey, Azure = _options.Azure }.EnsureCredentials();
        }

        /// <summary>Starts a read, retrying what is transient before any audio: rate limits, server errors, closed sessions.</summary>
        private async Task<ResponseReader> StartWithRetryAsync(SpeechRequest request, CancellationToken cancellationToken)
        {
            var retry = _options.Retry ?? new SpeechRetryOptions();
            for (int attempt = 0; ; attempt++)
            {
                ResponseReader? reader = null;
                try
                {
                    var session = await AcquireAsync(request, cancellationToken).ConfigureAwait(false);
                    string format = request.Format.Value;
                    var pending = await session.StartAsync((eventId, correlation) =>
                        RealtimeWire.ResponseCreate(eventId, correlation, request.Input, request.Instructions, format, request.Voice), cancellationToken).ConfigureAwait(false);
                    reader = new ResponseReader(pending);
                    await reader.WaitForFirstAsync(cancellationToken).ConfigureAwait(false);
                    return reader;
                }
                catch (Exception ex) when (attempt < retry.MaxRetries && IsTransient(ex) && !cancellationToken.IsCancellationRequested)
                {
                    reader?.Dispose();
                    var delay = ex is SpeechApiException { StatusCode: (System.Net.HttpStatusCode)429 } ? retry.BaseDelay : TimeSpan.FromTicks(retry.BaseDelay.Ticks / 4);
                    double factor = Math.Pow(2, attempt) * (0.5 + Jitter());
                    await Task.Delay(TimeSpan.FromTicks(Math.Min(retry.MaxDelay.Ticks, (long)(delay.Ticks * factor))), cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    reader?.Dispose();
                    throw;
                }
            }
        }

        private double Jitter()
        {
            lock (_jitter) return _jitter.NextDouble();
        }

        private static bool IsTransient(Exception ex) =>
            ex is SpeechApiException api ? RealtimeErrors.IsTransient(api) : ex is WebSocketException or RealtimeSessionClosedException or TimeoutException;

        private async Task<RealtimeSession> AcquireAsync(SpeechRequest request, CancellationToken cancellationToken)
        {
            string model = request.Model;
            string key = model + "|" + (request.Voice.IsCustom ? "id:" : "") + request.Voice.Value + "|" + request.Speed?.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + "|" + request.Format.Value;
            int perSession = Math.Max(1, _options.MaxConcurrentReadsPerSession);
            int maxSessions = Math.Max(1, _options.MaxSessionsPerAudio);
            while (true)
            {
                RealtimeSession? best = null;
                bool mayOpen;
                lock (_pool)
                {
                    if (_disposed) throw new ObjectDisposedException(nameof(RealtimeSpeechClient));
                    if (!_pool.TryGetValue(key, out var sessions)) _pool[key] = sessions = new List<RealtimeSession>();
                    sessions.RemoveAll(s => !s.IsUsable && s.Active == 0 && Retire(s));
                    foreach (var s in sessions)
                        if (s.IsUsable && (best is null || s.Active < best.Active)) best = s;
                    int usable = sessions.FindAll(s => s.IsUsable).Count;
                    mayOpen = usable < maxSessions;
                    if (best is not null && (best.Active < perSession || !mayOpen))
                        return best;
                }
                await _opening.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    lock (_pool)
                    {
                        // Another caller may have opened one while this one waited.
                        foreach (var s in _pool[key])
                            if (s.IsUsable && s.Active < perSession) return s;
                    }
                    var opened = await RealtimeSession.OpenAsync(Endpoint(model), ConfigureAsync(await TokenAsync(cancellationToken).ConfigureAwait(false)),
                        RealtimeWire.SessionUpdate(request.Format.Value, request.Voice, request.Speed), _options.ConnectTimeout, cancellationToken).ConfigureAwait(false);
                    lock (_pool)
                    {
                        if (_disposed) { opened.Dispose(); throw new ObjectDisposedException(nameof(RealtimeSpeechClient)); }
                        _pool[key].Add(opened);
                    }
                    return opened;
                }
                finally
                {
                    _opening.Release();
                }
            }
        }

        private static bool Retire(RealtimeSession session)
        {
            session.Dispose();
            return true;
        }

        private async Task<string?> TokenAsync(CancellationToken cancellationToken) =>
            _options.Azure?.TokenProvider is { } tokens ? await tokens(cancellationToken).ConfigureAwait(false) : null;

        private Action<ClientWebSocketOptions> ConfigureAsync(string? bearer) => socket =>
        {
            // GA shape only: no OpenAI-Beta header (a beta header has the socket closed with 4000).
            if (_options.Azure?.Endpoint is not null)
            {
                if (bearer is not null) socket.SetRequestHeader("Authorization", "Bearer " + bearer);
                else if (_options.Azure.ApiKey is not null) socket.SetRequestHeader("api-key", _options.Azure.ApiKey);
            }
            else
            {
                if (_options.ApiKey is not null) socket.SetRequestHeader("Authorization", "Bearer " + _options.ApiKey);
                if (_options.Organization is not null) socket.SetRequestHeader("OpenAI-Organization", _options.Organization);
                if (_options.Project is not null) socket.SetRequestHeader("OpenAI-Project", _options.Project);
            }
        };

        private Uri Endpoint(string model) => _options.Azure?.Endpoint is { } azure
            ? RealtimeWire.RealtimeUri(new Uri(azure.GetLeftPart(UriPartial.Authority) + "/openai/v1/"), model)
            : RealtimeWire.RealtimeUri(_options.BaseUrl, model);

        private static byte[] WithWavHeader(byte[] pcm)
        {
            var header = WavHeader.ForPcm16Mono(RealtimePcmRate, pcm.Length);
            var wav = new byte[header.Length + pcm.Length];
            header.CopyTo(wav, 0);
            pcm.CopyTo(wav, header.Length);
            return wav;
        }


        /// <summary>Reads one response's events: audio as it comes, then the transcript and usage.</summary>
        private sealed class ResponseReader : IDisposable
        {
            private readonly PendingResponse _pending;
            private readonly StringBuilder _transcriptDeltas = new();
            private byte[]? _held;
            private bool _done;
            private bool _disposed;

            public ResponseReader(PendingResponse pending) => _pending = pending;

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
                            return audio;
                        case "response.output_audio_transcript.delta":
                            _transcriptDeltas.Append(received.Text);
                            break;
                        case "response.output_audio_transcript.done":
                            Transcript = received.Text;
                            break;
                        case "error":
                            _done = true;
                            throw RealtimeErrors.From(received);
                        case PendingResponse.SessionClosed:
                            _done = true;
                            throw new RealtimeSessionClosedException(received.Message ?? "the Realtime session ended");
                        case "response.done":
                            _done = true;
                            Usage = received.Usage;
                            Transcript ??= _transcriptDeltas.Length > 0 ? _transcriptDeltas.ToString() : null;
                            if (received.Status == "failed")
                                throw RealtimeErrors.From(new RealtimeEvent("error")
                                {
                                    ErrorType = received.ErrorType, ErrorCode = received.ErrorCode,
                                    Message = received.Message ?? $"The Realtime response failed ({received.ErrorCode ?? received.ErrorType ?? received.Reason ?? "no reason given"}).",
                                });
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
            }
        }
    }

    /// <summary>The Realtime session ended (its 60 minutes, a 1001 close, the network) while a read was running.</summary>
    public sealed class RealtimeSessionClosedException : IOException
    {
        /// <summary>Creates the exception.</summary>
        public RealtimeSessionClosedException(string message) : base(message)
        {
        }
    }
}
