using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;

namespace VoicePrompts.Realtime
{
    /// <summary>
    /// One Realtime WebSocket with its audio fixed (voice, speed, format): several out-of-band responses may run on it
    /// at once, each correlated by the metadata it was created with. A receive loop routes every server event to its
    /// response; when the socket closes (the 60-minute limit, 1001, the network) every response still open is told.
    /// </summary>
    internal sealed class RealtimeSession : IDisposable
    {
        /// <summary>OpenAI ends a session after 60 minutes; new reads go to a fresh one well before.</summary>
        internal static readonly TimeSpan DefaultMaxAge = TimeSpan.FromMinutes(55);

        private readonly TimeSpan _maxAge;

        private readonly ClientWebSocket _socket;
        private readonly SemaphoreSlim _sendLock = new(1, 1);
        private readonly ConcurrentDictionary<string, PendingResponse> _byCorrelation = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, PendingResponse> _byResponse = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, PendingResponse> _byEvent = new(StringComparer.Ordinal);
        private readonly TaskCompletionSource<bool> _created = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource<bool> _updated = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly CancellationTokenSource _closing = new();
        private readonly DateTime _openedAt = DateTime.UtcNow;
        private int _active;
        private int _completed;
        private int _disposed;
        private volatile string? _closedBecause;
        private long _rateLimitResetTicks; // the latest rate_limits.updated: when an exhausted limit resets (UTC ticks), 0 for none

        private RealtimeSession(ClientWebSocket socket, TimeSpan maxAge)
        {
            _socket = socket;
            _maxAge = maxAge;
        }

        /// <summary>Responses running on this session, or reserved for a read about to start.</summary>
        public int Active => Volatile.Read(ref _active);

        /// <summary>Responses this session completed (<c>response.done</c> seen).</summary>
        public int Completed => Volatile.Read(ref _completed);

        /// <summary>How long until the exhausted rate limit of the last <c>rate_limits.updated</c> resets; null when none is exhausted.</summary>
        public TimeSpan? RateLimitReset
        {
            get
            {
                long at = Interlocked.Read(ref _rateLimitResetTicks);
                if (at == 0) return null;
                var wait = new DateTime(at, DateTimeKind.Utc) - DateTime.UtcNow;
                return wait > TimeSpan.Zero ? wait : null;
            }
        }

        /// <summary>Holds a place for a read that will call <see cref="StartAsync"/> (under the pool's lock, so two callers never both take the last place).</summary>
        public void Reserve() => Interlocked.Increment(ref _active);

        /// <summary>Whether new reads may start here.</summary>
        public bool IsUsable => _closedBecause is null && _socket.State == WebSocketState.Open && DateTime.UtcNow - _openedAt < _maxAge;

        /// <summary>
        /// Connects with the connection's <paramref name="headers"/> (GA shape only: no <c>OpenAI-Beta</c> header, which
        /// has the socket closed with 4000), waits for <c>session.created</c>, fixes the session's audio and waits for
        /// <c>session.updated</c>. A handshake the server refuses is a <see cref="SpeechApiException"/> with its status
        /// and the wait it asked for, as an HTTP refusal is.
        /// </summary>
        public static async Task<RealtimeSession> OpenAsync(Uri uri, IReadOnlyList<KeyValuePair<string, string>> headers, byte[] sessionUpdate, TimeSpan timeout, TimeSpan maxAge, CancellationToken cancellationToken)
        {
            var socket = new ClientWebSocket();
            foreach (var header in headers)
                socket.Options.SetRequestHeader(header.Key, header.Value);
#if NET
            socket.Options.CollectHttpResponseDetails = true;
#endif
            var session = new RealtimeSession(socket, maxAge);
            try
            {
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                deadline.CancelAfter(timeout);
                try
                {
                    await socket.ConnectAsync(uri, deadline.Token).ConfigureAwait(false);
                }
                catch (WebSocketException refused) when (HandshakeRefusal(socket, refused) is { } error)
                {
                    throw error;
                }
                _ = Task.Run(session.ReceiveLoopAsync);
                await WaitAsync(session._created.Task, deadline.Token, cancellationToken).ConfigureAwait(false);
                await session.SendAsync(sessionUpdate, deadline.Token).ConfigureAwait(false);
                await WaitAsync(session._updated.Task, deadline.Token, cancellationToken).ConfigureAwait(false);
                return session;
            }
            catch
            {
                session.Dispose();
                throw;
            }
        }

        /// <summary>The refused upgrade as the typed error (its body is not readable here: status and headers only); null when no status came back.</summary>
        private static SpeechApiException? HandshakeRefusal(ClientWebSocket socket, WebSocketException refused)
        {
#if NET
            var status = socket.HttpStatusCode;
            if (status is 0 or System.Net.HttpStatusCode.SwitchingProtocols)
                return null;
            var responseHeaders = socket.HttpResponseHeaders;
            string? Header(string name)
            {
                if (responseHeaders is null) return null;
                foreach (var pair in responseHeaders)
                    if (string.Equals(pair.Key, name, StringComparison.OrdinalIgnoreCase))
                        foreach (var value in pair.Value) return value;
                return null;
            }
            return SpeechConnection.Refused(status, "The Realtime API refused the WebSocket upgrade: " + refused.Message, null, null, null,
                Header("x-request-id"), Header);
#else
            return null; // netstandard2.0's ClientWebSocket does not say why; the WebSocketException is retried as a connection error
#endif
        }

        /// <summary>
        /// Starts a read on the place <see cref="Reserve"/> held; its events arrive on the returned response until
        /// <c>response.done</c>, an error or the socket's end. A session that closed, or closes while the request is
        /// sent, is a <see cref="RealtimeSessionClosedException"/>: the read never ran, and may run elsewhere.
        /// </summary>
        public async Task<PendingResponse> StartAsync(Func<string, string, byte[]> responseCreate, CancellationToken cancellationToken)
        {
            string correlation = RealtimeWire.NewId("vp_"), eventId = RealtimeWire.NewId("event_vp");
            var pending = new PendingResponse(this, correlation, eventId);
            _byCorrelation[correlation] = pending;
            _byEvent[eventId] = pending;
            try
            {
                if (_closedBecause is { } why)
                    throw new RealtimeSessionClosedException(why);
                await SendAsync(responseCreate(eventId, correlation), cancellationToken).ConfigureAwait(false);
                return pending;
            }
            catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException && !cancellationToken.IsCancellationRequested)
            {
                Finish(pending);
                throw new RealtimeSessionClosedException(_closedBecause ?? "the Realtime session ended: " + ex.Message);
            }
            catch
            {
                Finish(pending);
                throw;
            }
        }

        /// <summary>Asks the server to stop a response (the caller stopped listening).</summary>
        public async Task CancelAsync(PendingResponse pending)
        {
            if (pending.ResponseId is { } id && IsUsable)
            {
                try
                {
                    await SendAsync(RealtimeWire.ResponseCancel(id), CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or OperationCanceledException)
                {
                    // The session is going away anyway.
                }
            }
        }

        internal void Finish(PendingResponse pending)
        {
            if (!pending.MarkFinished()) return;
            _byCorrelation.TryRemove(pending.Correlation, out _);
            _byEvent.TryRemove(pending.EventId, out _);
            if (pending.ResponseId is { } id) _byResponse.TryRemove(id, out _);
            Interlocked.Decrement(ref _active);
        }

        private async Task SendAsync(byte[] message, CancellationToken cancellationToken)
        {
            await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await _socket.SendAsync(new ArraySegment<byte>(message), WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _sendLock.Release();
            }
        }

        private async Task ReceiveLoopAsync()
        {
            // Each pooled session keeps its buffer for its life (up to 60 minutes); a larger event simply takes more
            // receives into the message stream, so a small buffer costs nothing but memory saved per session.
            var buffer = new byte[16 * 1024];
            using var message = new MemoryStream();
            string reason = "the Realtime session ended";
            try
            {
                while (true)
                {
                    var result = await _socket.ReceiveAsync(new ArraySegment<byte>(buffer), _closing.Token).ConfigureAwait(false);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        reason = $"the Realtime session was closed ({(int?)_socket.CloseStatus} {_socket.CloseStatusDescription})";
                        break;
                    }
                    message.Write(buffer, 0, result.Count);
                    if (!result.EndOfMessage) continue;
                    var json = new ReadOnlyMemory<byte>(message.GetBuffer(), 0, (int)message.Length);
                    RealtimeEvent? received;
                    try
                    {
                        received = RealtimeWire.Read(json);
                    }
                    catch (Exception ex) when (ex is System.Text.Json.JsonException or FormatException or System.Collections.Generic.KeyNotFoundException or InvalidOperationException)
                    {
                        received = new RealtimeEvent("error") { ErrorType = "invalid_server_event", Message = "The server sent an event that could not be read: " + ex.Message };
                    }
                    message.SetLength(0);
                    Dispatch(received);
                }
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
            {
                reason = "the Realtime connection broke: " + ex.Message;
            }
            Close(reason);
        }

        private void Dispatch(RealtimeEvent received)
        {
            switch (received.Type)
            {
                case "session.created":
                    _created.TrySetResult(true);
                    return;
                case "session.updated":
                    _updated.TrySetResult(true);
                    return;
                case "rate_limits.updated":
                    Interlocked.Exchange(ref _rateLimitResetTicks, received.RateLimitReset is { } reset ? DateTime.UtcNow.Add(reset).Ticks : 0);
                    return;
                case "response.done":
                    Interlocked.Increment(ref _completed);
                    if (received.ResponseId is { } doneId && _byResponse.TryGetValue(doneId, out var done))
                        done.Post(received);
                    else if (received.Correlation is { } c && _byCorrelation.TryGetValue(c, out var early))
                        early.Post(received); // done before its created was seen (a refused response)
                    return;
                case "response.created":
                    if (received.Correlation is { } correlation && _byCorrelation.TryGetValue(correlation, out var started) && received.ResponseId is { } id)
                    {
                        started.ResponseId = id;
                        _byResponse[id] = started;
                    }
                    return;
                case "error":
                    if (received.ClientEventId is { } eventId && _byEvent.TryGetValue(eventId, out var failed))
                    {
                        failed.Post(received);
                    }
                    else if (!_updated.Task.IsCompleted)
                    {
                        // The session could not be set up (a voice the model lacks, a bad key): nothing can run on it.
                        var error = RealtimeErrors.From(received);
                        _created.TrySetException(error);
                        _updated.TrySetException(error);
                    }
                    return;
                default:
                    if (received.ResponseId is { } responseId && _byResponse.TryGetValue(responseId, out var pending))
                        pending.Post(received);
                    return;
            }
        }

        private void Close(string reason)
        {
            _closedBecause = reason;
            var closed = new RealtimeEvent(PendingResponse.SessionClosed) { Message = reason };
            _created.TrySetException(new WebSocketException(reason));
            _updated.TrySetException(new WebSocketException(reason));
            foreach (var pending in _byCorrelation.Values)
                pending.Post(closed);
        }

        /// <summary>Waits for a set-up step: the caller giving up is a cancellation, the deadline passing a timeout.</summary>
        private static async Task WaitAsync(Task task, CancellationToken deadline, CancellationToken caller)
        {
            if (!await TaskWaiting.CompletesBeforeAsync(task, deadline).ConfigureAwait(false))
            {
                caller.ThrowIfCancellationRequested();
                throw new TimeoutException("The Realtime session did not start in time.");
            }
            await task.ConfigureAwait(false);
        }

        /// <summary>Tells every open response the session is over, and closes the socket in the background: nothing here blocks.</summary>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            if (_closedBecause is null) Close("the Realtime session was disposed");
            _ = CloseSocketAsync();
        }

        private async Task CloseSocketAsync()
        {
            try
            {
                // Closing politely is a courtesy, given a second; a send in progress finishes first (one sender at a time).
                using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                if (_socket.State == WebSocketState.Open && await _sendLock.WaitAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(false))
                {
                    try
                    {
                        await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", patience.Token).ConfigureAwait(false);
                    }
                    finally
                    {
                        _sendLock.Release();
                    }
                }
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException or IOException)
            {
            }
            finally
            {
                _closing.Cancel();
                _socket.Dispose();
            }
        }
    }

    /// <summary>One read in flight: its server events, in order, until it is over.</summary>
    internal sealed class PendingResponse
    {
        /// <summary>The pseudo-event a response gets when its session ends under it.</summary>
        public const string SessionClosed = "voiceprompts.session_closed";

        private readonly RealtimeSession _session;
        private readonly ConcurrentQueue<RealtimeEvent> _events = new();
        private readonly SemaphoreSlim _available = new(0);
        private int _finished;

        public PendingResponse(RealtimeSession session, string correlation, string eventId)
        {
            _session = session;
            Correlation = correlation;
            EventId = eventId;
        }

        public string Correlation { get; }

        public string EventId { get; }

        public string? ResponseId { get; set; }

        public RealtimeSession Session => _session;

        public void Post(RealtimeEvent received)
        {
            _events.Enqueue(received);
            _available.Release();
        }

        public async Task<RealtimeEvent> NextAsync(CancellationToken cancellationToken)
        {
            await _available.WaitAsync(cancellationToken).ConfigureAwait(false);
            _events.TryDequeue(out var next);
            return next!;
        }

        internal bool MarkFinished() => Interlocked.Exchange(ref _finished, 1) == 0;

        public void Finish() => _session.Finish(this);
    }
}
