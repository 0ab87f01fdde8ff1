using System.Net.WebSockets;

namespace VoicePrompts.Tests.Realtime;

/// <summary>
/// The Realtime session pool under load, against the fake Realtime API on loopback: never more sessions per audio key
/// than allowed however many callers arrive at once, reads moved off sessions that close under them, sessions aged out
/// without stalling anyone, and Dispose racing calls.
/// </summary>
public class RealtimePoolTests
{
    private static readonly SpeechRequest Hello = new("gpt-realtime-2.1-mini", SpeechVoice.Marin, "Hello.") { Format = AudioFormat.Pcm };

    private static RealtimeSpeechClient Client(FakeRealtimeServer server, Action<RealtimeSpeechClientOptions>? configure = null)
    {
        var options = new RealtimeSpeechClientOptions
        {
            BaseUrl = server.BaseUrl,
            ApiKey = "sk-pool",
            Retry = new SpeechRetryOptions { BaseDelay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromMilliseconds(20) },
        };
        configure?.Invoke(options);
        return new RealtimeSpeechClient(options);
    }

    private static IEnumerable<SpeechRequest> Reads(int count) =>
        Enumerable.Range(1, count).Select(i => Hello with { Input = $"Your ticket number is {i}." });

    private static void AssertEachHeardItsOwnText(IReadOnlyList<SpeechRequest> requests, IReadOnlyList<SpeechAudio> clips)
    {
        for (int i = 0; i < requests.Count; i++)
            Assert.Equal(FakeRealtimeServer.PcmFor(requests[i].Input), clips[i].Data.ToArray());
    }

    [Theory]
    [InlineData(1000, 0)]
    [InlineData(100, 200)]
    public async Task Concurrent_reads_of_one_voice_never_open_more_sessions_than_allowed(int count, int responseMs)
    {
        await using var server = await FakeRealtimeServer.StartAsync(async read =>
        {
            if (responseMs > 0) await Task.Delay(responseMs);
            await FakeRealtimeServer.Faithful(read);
        });
        using var client = Client(server);
        var requests = Reads(count).ToList();

        var clips = await Task.WhenAll(requests.Select(r => Task.Run(() => client.SynthesizeAsync(r))));

        AssertEachHeardItsOwnText(requests, clips);
        Assert.InRange(server.MostOpenAtOnce, 1, 4); // MaxSessionsPerAudio's default
        Assert.InRange(server.MostConcurrentOnOneConnection, 1, 4); // MaxConcurrentReadsPerSession's default
    }

    [Fact]
    public async Task Reads_in_flight_on_a_session_that_closes_after_two_responses_move_to_a_new_one_and_all_succeed()
    {
        await using var server = await FakeRealtimeServer.StartAsync(async read =>
        {
            await Task.Delay(20); // so reads pile up on each session before it closes
            await FakeRealtimeServer.Faithful(read);
            if (read.NumberOnConnection == 2)
                await read.CloseSessionAsync(WebSocketCloseStatus.EndpointUnavailable, "Your session hit the maximum duration of 60 minutes.");
        });
        using var client = Client(server);
        var requests = Reads(100).ToList();

        var clips = await Task.WhenAll(requests.Select(r => Task.Run(() => client.SynthesizeAsync(r))));

        AssertEachHeardItsOwnText(requests, clips);
        Assert.All(clips, c => Assert.True(c.TranscriptMatchesInput));
        Assert.True(server.ConnectionCount >= 25, $"{server.ConnectionCount} sessions served 100 reads, each closing after its second response");
        Assert.True(server.Responses > 100, "some reads ran again after their session closed");
    }

    [Fact]
    public async Task A_stream_whose_session_closes_before_its_first_audio_moves_to_a_new_session()
    {
        var secondDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int stalls = 0;
        await using var server = await FakeRealtimeServer.StartAsync(async read =>
        {
            if (read.Text.EndsWith("1.", StringComparison.Ordinal) && Interlocked.Increment(ref stalls) == 1)
            {
                await read.CreatedAsync();
                await secondDone.Task.WaitAsync(TimeSpan.FromSeconds(30)); // the other read completes first, then the session closes
                return;
            }
            await FakeRealtimeServer.Faithful(read);
            if (read.NumberOnConnection == 2)
            {
                secondDone.TrySetResult();
                await read.CloseSessionAsync(WebSocketCloseStatus.EndpointUnavailable, "going away");
            }
        });
        using var client = Client(server, o => o.MaxSessionsPerAudio = 1);

        var stalled = Hello with { Input = "Your ticket number is 1." };
        var streamed = Task.Run(async () =>
        {
            var bytes = new List<byte>();
            await foreach (var update in client.StreamAsync(stalled)) bytes.AddRange(update.Data.ToArray());
            return bytes.ToArray();
        });
        await Task.Delay(100); // the stream's read is on the session first
        var other = await client.SynthesizeAsync(Hello with { Input = "Your ticket number is 2." });

        Assert.Equal(FakeRealtimeServer.PcmFor(stalled.Input), await streamed);
        Assert.Equal(FakeRealtimeServer.PcmFor("Your ticket number is 2."), other.Data.ToArray());
        Assert.Equal(2, server.ConnectionCount);
    }

    [Fact]
    public async Task Sessions_past_their_age_take_no_new_reads_and_are_closed_once_idle()
    {
        await using var server = await FakeRealtimeServer.StartAsync();
        using var client = Client(server);
        client.SessionMaxAge = TimeSpan.FromMilliseconds(150);

        await client.SynthesizeAsync(Hello);
        await Task.Delay(300);
        var requests = Reads(20).ToList();
        var clips = await Task.WhenAll(requests.Select(r => Task.Run(() => client.SynthesizeAsync(r))));

        AssertEachHeardItsOwnText(requests, clips);
        Assert.True(server.ConnectionCount >= 2, "the aged session was replaced");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (server.OpenConnections > 4 && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.InRange(server.OpenConnections, 0, 4); // the aged one was closed, not left open
    }

    [Fact]
    public async Task Every_call_racing_Dispose_ends_in_ObjectDisposedException_or_its_audio()
    {
        await using var server = await FakeRealtimeServer.StartAsync(async read =>
        {
            await Task.Delay(5);
            await FakeRealtimeServer.Faithful(read);
        });
        for (int round = 0; round < 5; round++)
        {
            var client = Client(server);
            var calls = Reads(40).Select(r => Task.Run(() => client.SynthesizeAsync(r))).ToList();
            await Task.Delay(round * 3);
            client.Dispose();
            foreach (var call in calls)
            {
                try
                {
                    await call;
                }
                catch (Exception ex)
                {
                    Assert.IsType<ObjectDisposedException>(ex);
                }
            }
            await Assert.ThrowsAsync<ObjectDisposedException>(() => client.SynthesizeAsync(Hello));
            await Assert.ThrowsAsync<ObjectDisposedException>(async () => { await foreach (var _ in client.StreamAsync(Hello)) { } });
        }
    }

    [Fact]
    public async Task A_caller_waiting_for_a_slot_can_give_up()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await FakeRealtimeServer.StartAsync(async read =>
        {
            await release.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await FakeRealtimeServer.Faithful(read);
        });
        using var client = Client(server, o => { o.MaxSessionsPerAudio = 1; o.MaxConcurrentReadsPerSession = 2; });
        var busy = Reads(2).Select(r => client.SynthesizeAsync(r)).ToList();
        await Task.Delay(100);

        using var patience = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.SynthesizeAsync(Hello, patience.Token));

        release.SetResult();
        await Task.WhenAll(busy);
        Assert.Equal(2, server.Responses); // the one that gave up never reached the server
        Assert.Equal(1, server.ConnectionCount);
    }

    [Fact]
    public async Task A_rate_limit_is_retried_after_the_reset_the_session_was_told()
    {
        int reads = 0;
        await using var server = await FakeRealtimeServer.StartAsync(async read =>
        {
            await read.CreatedAsync();
            if (Interlocked.Increment(ref reads) == 1)
            {
                await read.RateLimitsAsync(remaining: 0, resetSeconds: 0.3);
                await read.ErrorAsync("rate_limit_error", "rate_limit_exceeded", "Rate limit reached.");
                return;
            }
            await FakeRealtimeServer.Faithful(read);
        });
        using var client = Client(server, o => o.Retry = new SpeechRetryOptions { BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(2) });

        var started = System.Diagnostics.Stopwatch.StartNew();
        var audio = await client.SynthesizeAsync(Hello);

        Assert.True(audio.TranscriptMatchesInput);
        Assert.Equal(2, server.Responses);
        // The backoff alone would have waited 2 ms at most; the reset said 300 ms.
        Assert.True(started.ElapsedMilliseconds >= 250, $"retried after {started.ElapsedMilliseconds} ms");
    }
}
