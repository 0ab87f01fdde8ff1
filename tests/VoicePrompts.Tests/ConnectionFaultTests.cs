using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using VoicePrompts.Tests.Realtime;

namespace VoicePrompts.Tests;

/// <summary>
/// The connection layer's faults, the same script against both transports: the HTTP speech endpoint answering a POST,
/// and the Realtime API answering the WebSocket upgrade — one retry policy, one error mapping, the server's waits
/// honoured on both.
/// </summary>
public class ConnectionFaultTests
{
    private const string Key = "sk-secret-test-key-1234";

    private static Func<HttpContext, Task> Error(int status, params (string Name, string Value)[] headers) => async context =>
    {
        context.Response.StatusCode = status;
        context.Response.Headers["X-Request-ID"] = "req_err";
        foreach (var (name, value) in headers) context.Response.Headers[name] = value;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new { error = new { message = $"error {status}", type = "requests", param = (string?)null, code = (string?)null } }));
    };

    /// <summary>A transport over a loopback server that answers its first attempts with <paramref name="faults"/>, then speaks.</summary>
    private sealed class Rig : IAsyncDisposable
    {
        private readonly IAsyncDisposable _server;
        private readonly Func<int> _attempts;

        private Rig(IAsyncDisposable server, Func<int> attempts, ISpeechClient client, SpeechRequest request)
        {
            _server = server;
            _attempts = attempts;
            Client = client;
            Request = request;
        }

        public ISpeechClient Client { get; }

        public SpeechRequest Request { get; }

        public int Attempts => _attempts();

        public static async Task<Rig> StartAsync(string transport, SpeechRetryOptions retry, params Func<HttpContext, Task>[] faults)
        {
            if (transport == "http")
            {
                int attempt = -1;
                var server = await LoopbackServer.StartAsync(async (context, body) =>
                {
                    int n = Interlocked.Increment(ref attempt);
                    if (n < faults.Length) { await faults[n](context); return; }
                    context.Response.ContentType = "audio/mpeg";
                    await context.Response.Body.WriteAsync(new byte[] { 1, 2, 3 });
                });
                var client = new OpenAISpeechClient(new OpenAISpeechClientOptions { BaseUrl = server.BaseUrl, ApiKey = Key, Retry = retry });
                return new Rig(server, () => server.Requests.Count, client, new SpeechRequest("gpt-4o-mini-tts", SpeechVoice.Coral, "Hello there."));
            }
            var realtime = await FakeRealtimeServer.StartAsync();
            foreach (var fault in faults) realtime.Handshakes.Enqueue(fault);
            var reader = new RealtimeSpeechClient(new RealtimeSpeechClientOptions { BaseUrl = realtime.BaseUrl, ApiKey = Key, Retry = retry });
            return new Rig(realtime, () => realtime.ConnectionCount, reader,
                new SpeechRequest("gpt-realtime-2.1-mini", SpeechVoice.Marin, "Hello there.") { Format = AudioFormat.Pcm });
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await _server.DisposeAsync();
        }
    }

    private static SpeechRetryOptions Fast(int retries = 3, TimeSpan? maxRetryAfter = null) => new()
    {
        MaxRetries = retries, BaseDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(40),
        MaxRetryAfter = maxRetryAfter ?? TimeSpan.FromSeconds(60),
    };

    [Theory]
    [InlineData("http")]
    [InlineData("realtime")]
    public async Task A_429_with_Retry_After_seconds_is_retried_after_that_wait(string transport)
    {
        await using var rig = await Rig.StartAsync(transport, Fast(), Error(429, ("Retry-After", "1")));
        var watch = Stopwatch.StartNew();
        await rig.Client.SynthesizeAsync(rig.Request);
        Assert.Equal(2, rig.Attempts);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(950), $"retried after {watch.Elapsed.TotalMilliseconds} ms");
    }

    [Theory]
    [InlineData("http")]
    [InlineData("realtime")]
    public async Task retry_after_ms_wins_over_Retry_After(string transport)
    {
        await using var rig = await Rig.StartAsync(transport, Fast(), Error(429, ("retry-after-ms", "300"), ("Retry-After", "30")));
        var watch = Stopwatch.StartNew();
        await rig.Client.SynthesizeAsync(rig.Request);
        Assert.Equal(2, rig.Attempts);
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(290), TimeSpan.FromSeconds(10));
    }

    [Theory]
    [InlineData("http")]
    [InlineData("realtime")]
    public async Task A_huge_Retry_After_is_capped(string transport)
    {
        await using var rig = await Rig.StartAsync(transport, Fast(maxRetryAfter: TimeSpan.FromMilliseconds(200)), Error(503, ("Retry-After", "86400")));
        var watch = Stopwatch.StartNew();
        await rig.Client.SynthesizeAsync(rig.Request);
        Assert.Equal(2, rig.Attempts);
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(190), TimeSpan.FromSeconds(10));
    }

    [Theory]
    [InlineData("http")]
    [InlineData("realtime")]
    public async Task Server_errors_are_retried_until_success(string transport)
    {
        await using var rig = await Rig.StartAsync(transport, Fast(), Error(500), Error(503));
        await rig.Client.SynthesizeAsync(rig.Request);
        Assert.Equal(3, rig.Attempts);
    }

    [Theory]
    [InlineData("http")]
    [InlineData("realtime")]
    public async Task Retries_run_out_into_the_typed_error_with_the_servers_wait(string transport)
    {
        await using var rig = await Rig.StartAsync(transport, Fast(retries: 2), Error(502, ("retry-after-ms", "5")), Error(502, ("retry-after-ms", "5")), Error(502, ("retry-after-ms", "5")));
        var ex = await Assert.ThrowsAsync<SpeechApiException>(() => rig.Client.SynthesizeAsync(rig.Request));
        Assert.Equal(HttpStatusCode.BadGateway, ex.StatusCode);
        Assert.Equal(TimeSpan.FromMilliseconds(5), ex.RetryAfter);
        Assert.Equal(3, rig.Attempts);
    }

    [Theory]
    [InlineData("http")]
    [InlineData("realtime")]
    public async Task Unauthorized_is_typed_not_retried_and_never_carries_the_key(string transport)
    {
        await using var rig = await Rig.StartAsync(transport, Fast(), Error(401));
        var ex = await Assert.ThrowsAsync<SpeechApiException>(() => rig.Client.SynthesizeAsync(rig.Request));
        Assert.Equal(HttpStatusCode.Unauthorized, ex.StatusCode);
        Assert.DoesNotContain(Key, ex.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, rig.Attempts);
    }
}
