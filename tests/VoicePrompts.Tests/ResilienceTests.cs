using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace VoicePrompts.Tests;

/// <summary>
/// The client against a real loopback Kestrel server that replays the live SSE recording and injects faults:
/// rate limits, server errors, resets before and during the body, cut event streams, bad error bodies, slow bodies.
/// Every request body the server receives is checked against the documented field rules.
/// </summary>
public class ResilienceTests
{
    private const string Key = "sk-secret-test-key-1234";

    /// <summary>Short waits so the retry tests run fast; a server's own Retry-After still applies (capped).</summary>
    private static OpenAISpeechClient Client(LoopbackServer server, SpeechStreamFormat format = SpeechStreamFormat.Audio, TimeSpan? maxRetryAfter = null, int retries = 3) =>
        new(new OpenAISpeechClientOptions
        {
            BaseUrl = server.BaseUrl,
            ApiKey = Key,
            StreamFormat = format,
            Retry = new SpeechRetryOptions
            {
                MaxRetries = retries,
                BaseDelay = TimeSpan.FromMilliseconds(10),
                MaxDelay = TimeSpan.FromMilliseconds(40),
                MaxRetryAfter = maxRetryAfter ?? TimeSpan.FromSeconds(60),
            },
        });

    private static readonly SpeechRequest Hello = new("gpt-4o-mini-tts", SpeechVoice.Coral, "Hello there.");

    /// <summary>A server that answers attempt n (0-based) with handlers[n], the last handler for any later attempt.</summary>
    private static Task<LoopbackServer> Scripted(params Func<HttpContext, Task>[] handlers)
    {
        int attempt = -1;
        return LoopbackServer.StartAsync((context, body) =>
        {
            WireRules.Check(body);
            int n = Interlocked.Increment(ref attempt);
            return handlers[Math.Min(n, handlers.Length - 1)](context);
        });
    }

    private static Func<HttpContext, Task> Audio(byte[] bytes) => async context =>
    {
        context.Response.ContentType = "audio/mpeg";
        context.Response.Headers["X-Request-ID"] = "req_ok";
        await context.Response.Body.WriteAsync(bytes);
    };

    private static Func<HttpContext, Task> Error(int status, string? code = null, string? body = null, params (string Name, string Value)[] headers) => async context =>
    {
        context.Response.StatusCode = status;
        context.Response.Headers["X-Request-ID"] = "req_err";
        foreach (var (name, value) in headers) context.Response.Headers[name] = value;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body ?? JsonSerializer.Serialize(new
        {
            error = new { message = $"error {status}", type = "requests", param = (string?)null, code },
        }));
    };

    private static readonly byte[] Clip = Enumerable.Range(0, 5000).Select(i => (byte)(i * 7)).ToArray();

    // ---- SSE replay ----

    private static async Task<LoopbackServer> ReplaySse(RecordedFixtures.Exchange exchange, bool cutBeforeDone = false) =>
        await LoopbackServer.StartAsync(async (context, body) =>
        {
            WireRules.Check(body);
            context.Response.ContentType = exchange.ContentType;
            context.Response.Headers["X-Request-ID"] = "req_sse";
            foreach (var line in exchange.ResponseBody.EnumerateArray().Select(l => l.GetString()!))
            {
                if (cutBeforeDone && line.Contains("speech.audio.done", StringComparison.Ordinal))
                    break; // the connection ends cleanly, but the stream never said it was done
                await context.Response.WriteAsync(line);
                await context.Response.Body.FlushAsync();
            }
        });

    private static byte[] RecordedSseAudio(RecordedFixtures.Exchange exchange) =>
        exchange.ResponseBody.EnumerateArray().Select(l => l.GetString()!)
            .Where(l => l.StartsWith("data: {", StringComparison.Ordinal) && l.Contains("speech.audio.delta", StringComparison.Ordinal))
            .SelectMany(l => Convert.FromBase64String(JsonDocument.Parse(l.Substring(6)).RootElement.GetProperty("audio").GetString()!))
            .ToArray();

    [FixtureFact]
    public async Task Replays_the_SSE_recording_deltas_joined_and_usage_parsed()
    {
        var exchange = RecordedFixtures.Load("streaming-sse.json");
        await using var server = await ReplaySse(exchange);
        using var client = Client(server, SpeechStreamFormat.ServerSentEvents);
        var recorded = exchange.RequestBody;
        var request = new SpeechRequest(recorded.GetProperty("model").GetString()!, recorded.GetProperty("voice").GetString()!, recorded.GetProperty("input").GetString()!);

        var audio = await client.SynthesizeAsync(request);
        byte[] expected = RecordedSseAudio(exchange);
        Assert.True(expected.Length > 10_000);
        Assert.Equal(expected, audio.Data.ToArray());
        Assert.Equal(new SpeechUsage(10, 93, 103), audio.Usage);
        Assert.Equal("req_sse", audio.RequestId);

        var updates = new List<SpeechAudioUpdate>();
        await foreach (var update in client.StreamAsync(request))
            updates.Add(update);
        Assert.Equal(expected, updates.SelectMany(u => u.Data.ToArray()).ToArray());
        // Usage arrives after the last audio: on the one final update, which carries no audio of its own.
        var final = Assert.Single(updates, u => u.IsFinal);
        Assert.Same(updates[^1], final);
        Assert.True(final.Data.IsEmpty);
        Assert.Equal(new SpeechUsage(10, 93, 103), final.Usage);
        Assert.Equal("req_sse", final.RequestId);
        Assert.All(updates.SkipLast(1), u => Assert.Null(u.Usage));

        // Same request shape as recorded, with the format the client always names.
        var sent = JsonNode.Parse(server.Requests.First().Body)!;
        var expectedBody = JsonNode.Parse(recorded.GetRawText())!.AsObject();
        expectedBody["response_format"] = "mp3";
        Assert.True(JsonNode.DeepEquals(expectedBody, sent), sent.ToJsonString());
    }

    [FixtureFact]
    public async Task An_SSE_stream_cut_before_done_is_an_exception_not_a_short_clip()
    {
        var exchange = RecordedFixtures.Load("streaming-sse.json");
        await using var server = await ReplaySse(exchange, cutBeforeDone: true);
        using var client = Client(server, SpeechStreamFormat.ServerSentEvents, retries: 1);

        long received = 0;
        var ex = await Assert.ThrowsAsync<SpeechStreamException>(async () =>
        {
            await foreach (var chunk in client.StreamAsync(Hello)) received += chunk.Data.Length;
        });
        Assert.Equal(RecordedSseAudio(exchange).Length, received); // every delta arrived; the ending did not
        Assert.Equal(received, ex.BytesReceived);
        Assert.Contains("speech.audio.done", ex.Message);

        // Buffered synthesis retries (nothing reached the caller), then fails the same way.
        // (Whether the reset overtakes the headers — a connection error — or the body — a broken stream — depends on
        // the machine's load; either way no clip is returned.)
        int before = server.Requests.Count;
        var buffered = await Assert.ThrowsAnyAsync<Exception>(() => client.SynthesizeAsync(Hello));
        Assert.True(buffered is SpeechStreamException or HttpRequestException, buffered.ToString());
        Assert.Equal(2, server.Requests.Count - before);
    }

    [Fact]
    public async Task tts_1_gets_raw_audio_even_when_SSE_is_configured()
    {
        await using var server = await Scripted(Audio(Clip));
        using var client = Client(server, SpeechStreamFormat.ServerSentEvents);
        var audio = await client.SynthesizeAsync(new SpeechRequest("tts-1", SpeechVoice.Coral, "Hi"));
        Assert.Equal(Clip, audio.Data.ToArray());
        Assert.DoesNotContain("stream_format", Encoding.UTF8.GetString(Assert.Single(server.Requests).Body));
    }

    // ---- Retries ----

    [Fact]
    public async Task A_429_with_Retry_After_seconds_is_retried_after_that_wait()
    {
        await using var server = await Scripted(Error(429, headers: ("Retry-After", "1")), Audio(Clip));
        using var client = Client(server);
        var watch = Stopwatch.StartNew();
        var audio = await client.SynthesizeAsync(Hello);
        Assert.Equal(Clip, audio.Data.ToArray());
        Assert.Equal(2, server.Requests.Count);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(950), $"retried after {watch.Elapsed.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task retry_after_ms_wins_over_Retry_After()
    {
        await using var server = await Scripted(Error(429, headers: new[] { ("retry-after-ms", "300"), ("Retry-After", "30") }), Audio(Clip));
        using var client = Client(server);
        var watch = Stopwatch.StartNew();
        await client.SynthesizeAsync(Hello);
        Assert.Equal(2, server.Requests.Count);
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(290), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_huge_Retry_After_is_capped()
    {
        await using var server = await Scripted(Error(503, headers: ("Retry-After", "86400")), Audio(Clip));
        using var client = Client(server, maxRetryAfter: TimeSpan.FromMilliseconds(200));
        var watch = Stopwatch.StartNew();
        await client.SynthesizeAsync(Hello);
        Assert.Equal(2, server.Requests.Count);
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(190), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Exhausted_quota_is_not_retried()
    {
        await using var server = await Scripted(Error(429, code: "insufficient_quota"), Audio(Clip));
        using var client = Client(server);
        var ex = await Assert.ThrowsAsync<SpeechApiException>(() => client.SynthesizeAsync(Hello));
        Assert.Equal((HttpStatusCode)429, ex.StatusCode);
        Assert.Equal("insufficient_quota", ex.ErrorCode);
        Assert.Equal("req_err", ex.RequestId);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Server_errors_are_retried_until_success()
    {
        await using var server = await Scripted(Error(500), Error(503), Audio(Clip));
        using var client = Client(server);
        var chunks = new List<byte>();
        await foreach (var chunk in client.StreamAsync(Hello)) chunks.AddRange(chunk.Data.ToArray());
        Assert.Equal(Clip, chunks.ToArray());
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task Retries_run_out_into_the_typed_error()
    {
        await using var server = await Scripted(Error(502));
        using var client = Client(server, retries: 2);
        var ex = await Assert.ThrowsAsync<SpeechApiException>(() => client.SynthesizeAsync(Hello));
        Assert.Equal(HttpStatusCode.BadGateway, ex.StatusCode);
        Assert.Equal("error 502", ex.ServerMessage);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task A_reset_before_the_headers_is_retried()
    {
        await using var server = await Scripted(context => { context.Abort(); return Task.CompletedTask; }, Audio(Clip));
        using var client = Client(server);
        var audio = await client.SynthesizeAsync(Hello);
        Assert.Equal(Clip, audio.Data.ToArray());
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task A_reset_mid_body_after_audio_reached_the_caller_is_an_exception()
    {
        // The reset comes only once the caller holds the first audio: a reset that overtook it would make the
        // kernel drop the unread bytes, and then a retry would be right.
        var firstAudioHeld = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await Scripted(async context =>
        {
            context.Response.ContentType = "audio/mpeg";
            await context.Response.Body.WriteAsync(Clip.AsMemory(0, 1000));
            await context.Response.Body.FlushAsync();
            if (!firstAudioHeld.Task.IsCompleted) await Task.WhenAny(firstAudioHeld.Task, Task.Delay(10_000));
            else await Task.Delay(50);
            context.Abort();
        });
        using var client = Client(server, retries: 1);
        long received = 0;
        var ex = await Assert.ThrowsAsync<SpeechStreamException>(async () =>
        {
            await foreach (var chunk in client.StreamAsync(Hello))
            {
                received += chunk.Data.Length;
                if (received >= 1000) firstAudioHeld.TrySetResult();
            }
        });
        Assert.Equal(1000, received);
        Assert.Equal(1000, ex.BytesReceived);
        Assert.Single(server.Requests); // audio had reached the caller: no retry

        // Buffered: nothing reached the caller, so it is retried, then reported as a broken stream.
        // (Whether the reset overtakes the headers — a connection error — or the body — a broken stream — depends on
        // the machine's load; either way no clip is returned.)
        int before = server.Requests.Count;
        var buffered = await Assert.ThrowsAnyAsync<Exception>(() => client.SynthesizeAsync(Hello));
        Assert.True(buffered is SpeechStreamException or HttpRequestException, buffered.ToString());
        Assert.Equal(2, server.Requests.Count - before);
    }

    // ---- Errors ----

    [Fact]
    public async Task A_malformed_error_body_still_gives_a_typed_error()
    {
        await using var server = await Scripted(Error(400, body: "<html><body>Bad gateway config</body></html>"));
        using var client = Client(server);
        var ex = await Assert.ThrowsAsync<SpeechApiException>(() => client.SynthesizeAsync(Hello));
        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Contains("Bad gateway config", ex.ServerMessage);
        Assert.Null(ex.ErrorCode);
        Assert.Single(server.Requests); // 400 is not transient
    }

    [Fact]
    public async Task Unauthorized_is_typed_and_never_carries_the_key()
    {
        await using var server = await Scripted(Error(401, code: "invalid_api_key", body:
            "{\"error\":{\"message\":\"Incorrect API key provided: sk-secr************1234.\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}"));
        var logs = new ListLogger();
        using var client = new OpenAISpeechClient(new OpenAISpeechClientOptions { BaseUrl = server.BaseUrl, ApiKey = Key }, httpClient: null, logs);
        var ex = await Assert.ThrowsAsync<SpeechApiException>(() => client.SynthesizeAsync(Hello));
        Assert.Contains(logs.Messages, m => m.Contains("HTTP 401", StringComparison.Ordinal) && m.Contains("invalid_api_key", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Messages, m => m.Contains(Key, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Unauthorized, ex.StatusCode);
        Assert.Equal("invalid_api_key", ex.ErrorCode);
        Assert.Equal("invalid_request_error", ex.ErrorType);
        Assert.DoesNotContain(Key, ex.ToString());
        Assert.Single(server.Requests);
        Assert.Equal("Bearer " + Key, server.Requests.Single().Headers.Authorization.ToString());
    }

    // ---- Cancellation ----

    [Fact]
    public async Task Cancelling_a_slow_body_returns_promptly()
    {
        var release = new TaskCompletionSource();
        await using var server = await Scripted(async context =>
        {
            context.Response.ContentType = "audio/mpeg";
            await context.Response.Body.WriteAsync(Clip.AsMemory(0, 100));
            await context.Response.Body.FlushAsync();
            await Task.WhenAny(release.Task, Task.Delay(TimeSpan.FromSeconds(30)));
        });
        using var client = Client(server);
        using var cts = new CancellationTokenSource();
        var watch = new Stopwatch();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var chunk in client.StreamAsync(Hello, cts.Token))
            {
                // First audio is here; the rest is slow. The caller gives up.
                watch.Start();
                cts.Cancel();
            }
        });
        watch.Stop();
        release.SetResult();
        // The body would take 30 s; returning long before that shows the cancel reached the read. The bound is loose
        // because other tests load this 2-core machine at the same time (speed is the benchmarks' job).
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"returned {watch.Elapsed.TotalMilliseconds:F1} ms after cancel");
        Assert.Single(server.Requests);
    }

    /// <summary>Collects formatted log messages (with exceptions) to check nothing secret is logged.</summary>
    private sealed class ListLogger : Microsoft.Extensions.Logging.ILogger
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Messages { get; } = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Messages.Enqueue(formatter(state, exception) + (exception is null ? "" : " " + exception));
    }
}
