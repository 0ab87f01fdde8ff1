using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace VoicePrompts.Tests.Realtime;

/// <summary>
/// A Realtime API on 127.0.0.1 (Kestrel WebSockets) that speaks the GA events, checks every client event against
/// OpenAI's schemas and the retired beta names, and answers each <c>response.create</c> with a script — by default a
/// faithful read: PCM bytes derived from the text, a transcript equal to it, usage with details.
/// </summary>
internal sealed class FakeRealtimeServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _connections;
    private int _responses;

    private FakeRealtimeServer(WebApplication app, Func<Read, Task> script, Uri baseUrl)
    {
        _app = app;
        Script = script;
        BaseUrl = baseUrl;
    }

    /// <summary>The HTTP base URL a client is configured with (<c>http://127.0.0.1:port/v1/</c>).</summary>
    public Uri BaseUrl { get; }

    /// <summary>What answers each read; tests may swap it between calls.</summary>
    public Func<Read, Task> Script { get; set; }

    /// <summary>Every problem found in a client event (schema errors, beta names). A passing test leaves it empty.</summary>
    public ConcurrentQueue<string> Violations { get; } = new();

    /// <summary>Every client event received, as JSON, in order per connection.</summary>
    public ConcurrentQueue<JsonElement> ClientEvents { get; } = new();

    /// <summary>Answers for the next WebSocket upgrades, one each, instead of accepting them (a 429, a 503, …).</summary>
    public ConcurrentQueue<Func<HttpContext, Task>> Handshakes { get; } = new();

    /// <summary>The upgrade requests: path and query, and the headers that matter.</summary>
    public ConcurrentQueue<(string PathAndQuery, string? Authorization, string? ApiKey, string? Beta)> Connections { get; } = new();

    /// <summary>Reads started so far (response.create received).</summary>
    public int Responses => Volatile.Read(ref _responses);

    /// <summary>The most reads that ran at once on one connection.</summary>
    public int MostConcurrentOnOneConnection { get; private set; }

    public int ConnectionCount => Volatile.Read(ref _connections);

    private int _open;

    /// <summary>Connections whose WebSocket has not ended yet.</summary>
    public int OpenConnections => Volatile.Read(ref _open);

    /// <summary>The most connections that were open at one time.</summary>
    public int MostOpenAtOnce { get; private set; }

    public static async Task<FakeRealtimeServer> StartAsync(Func<Read, Task>? script = null)
    {
        FakeRealtimeServer? server = null;
        var (app, baseUrl) = await LoopbackServer.StartKestrelAsync(app =>
        {
            app.UseWebSockets();
            app.Run(context => server!.HandleAsync(context));
        });
        server = new FakeRealtimeServer(app, script ?? Faithful, baseUrl);
        return server;
    }

    /// <summary>The PCM a faithful read of <paramref name="text"/> returns: deterministic, so tests can compare bytes.</summary>
    public static byte[] PcmFor(string text) => Encoding.UTF8.GetBytes("pcm:" + text);

    /// <summary>Reads the text as written, in three audio chunks.</summary>
    public static async Task Faithful(Read read)
    {
        await read.CreatedAsync();
        await read.AudioAsync(PcmFor(read.Text), chunks: 3);
        await read.TranscriptAsync(read.Text);
        await read.DoneAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest || !context.Request.Path.Value!.EndsWith("/realtime", StringComparison.Ordinal))
        {
            context.Response.StatusCode = 404;
            return;
        }
        Connections.Enqueue((context.Request.Path + context.Request.QueryString, context.Request.Headers.Authorization.FirstOrDefault(),
            context.Request.Headers["api-key"].FirstOrDefault(), context.Request.Headers["OpenAI-Beta"].FirstOrDefault()));
        Interlocked.Increment(ref _connections);
        if (Handshakes.TryDequeue(out var refuse))
        {
            await refuse(context); // answered without upgrading, as a refusing server does
            return;
        }
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var connection = new Connection(this, socket);
        await connection.SendAsync(new JsonObject
        {
            ["type"] = "session.created",
            ["event_id"] = "event_created",
            ["session"] = new JsonObject { ["type"] = "realtime", ["object"] = "realtime.session", ["id"] = "sess_" + _connections, ["model"] = context.Request.Query["model"].ToString() },
        });
        int open = Interlocked.Increment(ref _open);
        lock (this) MostOpenAtOnce = Math.Max(MostOpenAtOnce, open);
        try
        {
            await connection.RunAsync();
        }
        finally
        {
            Interlocked.Decrement(ref _open);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    internal sealed class Connection(FakeRealtimeServer server, WebSocket socket)
    {
        private readonly SemaphoreSlim _send = new(1, 1);
        private readonly List<Task> _reads = new();
        private int _running;
        private int _created;

        /// <summary>A read stops counting as running when its <c>response.done</c> is about to go out (the client may start the next one as soon as it arrives).</summary>
        internal void ReadEnded() => Interlocked.Decrement(ref _running);
        public ConcurrentDictionary<string, Read> ByResponse { get; } = new();

        /// <summary>Closes with the connection: set when the socket is closed by either side.</summary>
        public bool Closed => socket.State != WebSocketState.Open;

        public JsonObject? SessionAudio { get; private set; }

        public async Task SendAsync(JsonNode message)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(message.ToJsonString());
            await _send.WaitAsync();
            try
            {
                if (socket.State == WebSocketState.Open)
                    await socket.SendAsync(bytes, WebSocketMessageType.Text, true, CancellationToken.None);
            }
            finally
            {
                _send.Release();
            }
        }

        public async Task CloseAsync(WebSocketCloseStatus status, string description)
        {
            await _send.WaitAsync();
            try
            {
                if (socket.State == WebSocketState.Open)
                    await socket.CloseOutputAsync(status, description, CancellationToken.None);
            }
            finally
            {
                _send.Release();
            }
        }

        public async Task RunAsync()
        {
            var buffer = new byte[1 << 16];
            using var message = new MemoryStream();
            try
            {
                while (socket.State == WebSocketState.Open)
                {
                    var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
                    if (result.MessageType == WebSocketMessageType.Close) break;
                    message.Write(buffer, 0, result.Count);
                    if (!result.EndOfMessage) continue;
                    var element = JsonDocument.Parse(message.ToArray()).RootElement.Clone();
                    message.SetLength(0);
                    await OnClientEventAsync(element);
                }
            }
            catch (WebSocketException)
            {
                // The client went away.
            }
            await Task.WhenAll(_reads.ToArray());
        }

        private async Task OnClientEventAsync(JsonElement clientEvent)
        {
            server.ClientEvents.Enqueue(clientEvent);
            foreach (var problem in RealtimeSchemas.Check(clientEvent))
                server.Violations.Enqueue(problem);
            switch (clientEvent.GetProperty("type").GetString())
            {
                case "session.update":
                    SessionAudio = JsonNode.Parse(clientEvent.GetRawText())!["session"]!["audio"]!["output"]!.AsObject();
                    await SendAsync(new JsonObject { ["type"] = "session.updated", ["event_id"] = "event_updated", ["session"] = new JsonObject { ["type"] = "realtime" } });
                    break;
                case "response.create":
                {
                    Interlocked.Increment(ref server._responses);
                    var read = new Read(this, clientEvent, "resp_" + Guid.NewGuid().ToString("N")[..12]) { NumberOnConnection = Interlocked.Increment(ref _created) };
                    ByResponse[read.ResponseId] = read;
                    int now = Interlocked.Increment(ref _running);
                    lock (server) server.MostConcurrentOnOneConnection = Math.Max(server.MostConcurrentOnOneConnection, now);
                    _reads.Add(Task.Run(async () =>
                    {
                        try { await server.Script(read); }
                        finally { read.Ended(); }
                    }));
                    break;
                }
                case "response.cancel":
                    if (ByResponse.TryGetValue(clientEvent.GetProperty("response_id").GetString()!, out var cancelled))
                        cancelled.Cancel();
                    break;
            }
        }
    }

    /// <summary>One <c>response.create</c> and what the script sends back for it.</summary>
    public sealed class Read
    {
        private readonly Connection _connection;
        private readonly TaskCompletionSource _cancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);

        internal Read(Connection connection, JsonElement create, string responseId)
        {
            _connection = connection;
            Create = create;
            ResponseId = responseId;
            var response = create.GetProperty("response");
            Text = response.GetProperty("input")[0].GetProperty("content")[0].GetProperty("text").GetString()!;
            Instructions = response.TryGetProperty("instructions", out var i) ? i.GetString() : null;
            Metadata = response.GetProperty("metadata").Clone();
            EventId = create.TryGetProperty("event_id", out var e) ? e.GetString() : null;
        }

        public JsonElement Create { get; }
        public string ResponseId { get; }

        /// <summary>1 for the first <c>response.create</c> on its connection, 2 for the second, …</summary>
        public int NumberOnConnection { get; init; }
        public string Text { get; }
        public string? Instructions { get; }
        public JsonElement Metadata { get; }
        public string? EventId { get; }

        /// <summary>The session's output audio as the client fixed it (format, voice, speed).</summary>
        public JsonObject? SessionAudio => _connection.SessionAudio;

        /// <summary>Completes when the client sends <c>response.cancel</c> for this read.</summary>
        public Task Cancelled => _cancelled.Task;

        internal void Cancel() => _cancelled.TrySetResult();

        private int _ended;

        internal void Ended()
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0) _connection.ReadEnded();
        }

        private JsonObject Response(string status, JsonNode? usage = null, JsonNode? statusDetails = null) => new()
        {
            ["object"] = "realtime.response",
            ["id"] = ResponseId,
            ["status"] = status,
            ["status_details"] = statusDetails,
            ["output"] = new JsonArray(),
            ["conversation_id"] = null,
            ["output_modalities"] = new JsonArray("audio"),
            ["usage"] = usage,
            ["metadata"] = JsonNode.Parse(Metadata.GetRawText()),
        };

        public Task CreatedAsync() => _connection.SendAsync(new JsonObject { ["type"] = "response.created", ["event_id"] = "event_rc", ["response"] = Response("in_progress") });

        public async Task AudioAsync(byte[] audio, int chunks = 1, int delayMs = 0, Task? between = null)
        {
            int size = Math.Max(1, (audio.Length + chunks - 1) / chunks);
            for (int offset = 0, n = 0; offset < audio.Length; offset += size, n++)
            {
                if (n == 1 && between is not null) await between;
                if (delayMs > 0 && n > 0) await Task.Delay(delayMs);
                await _connection.SendAsync(new JsonObject
                {
                    ["type"] = "response.output_audio.delta", ["event_id"] = "event_d" + n, ["response_id"] = ResponseId, ["item_id"] = "item_1",
                    ["output_index"] = 0, ["content_index"] = 0, ["delta"] = Convert.ToBase64String(audio, offset, Math.Min(size, audio.Length - offset)),
                });
            }
            await _connection.SendAsync(new JsonObject { ["type"] = "response.output_audio.done", ["event_id"] = "event_ad", ["response_id"] = ResponseId, ["item_id"] = "item_1", ["output_index"] = 0, ["content_index"] = 0 });
        }

        public Task TranscriptAsync(string transcript) => _connection.SendAsync(new JsonObject
        {
            ["type"] = "response.output_audio_transcript.done", ["event_id"] = "event_td", ["response_id"] = ResponseId, ["item_id"] = "item_1",
            ["output_index"] = 0, ["content_index"] = 0, ["transcript"] = transcript,
        });

        public Task DoneAsync(string status = "completed", JsonNode? statusDetails = null) => EndThen(() => _connection.SendAsync(new JsonObject
        {
            ["type"] = "response.done",
            ["event_id"] = "event_done",
            ["response"] = Response(status, status == "completed" ? new JsonObject
            {
                ["total_tokens"] = 130, ["input_tokens"] = 100, ["output_tokens"] = 30,
                ["input_token_details"] = new JsonObject { ["text_tokens"] = 100, ["audio_tokens"] = 0 },
                ["output_token_details"] = new JsonObject { ["text_tokens"] = 10, ["audio_tokens"] = 20 },
            } : null, statusDetails),
        }));

        private Task EndThen(Func<Task> send)
        {
            Ended();
            return send();
        }

        public Task ErrorAsync(string type, string code, string message, string? param = null) => _connection.SendAsync(new JsonObject
        {
            ["type"] = "error",
            ["event_id"] = "event_err",
            ["error"] = new JsonObject { ["type"] = type, ["code"] = code, ["message"] = message, ["param"] = param, ["event_id"] = EventId },
        });

        /// <summary><c>rate_limits.updated</c> with one requests limit at <paramref name="remaining"/>, resetting in <paramref name="resetSeconds"/>.</summary>
        public Task RateLimitsAsync(int remaining, double resetSeconds) => _connection.SendAsync(new JsonObject
        {
            ["type"] = "rate_limits.updated",
            ["event_id"] = "event_rl",
            ["rate_limits"] = new JsonArray(
                new JsonObject { ["name"] = "requests", ["limit"] = 1000, ["remaining"] = remaining, ["reset_seconds"] = resetSeconds },
                new JsonObject { ["name"] = "tokens", ["limit"] = 50000, ["remaining"] = 49000, ["reset_seconds"] = 60 }),
        });

        public Task CloseSessionAsync(WebSocketCloseStatus status, string description) => _connection.CloseAsync(status, description);
    }
}
