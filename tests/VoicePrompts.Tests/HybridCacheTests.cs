using System.Text;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using VoicePrompts.Caching;

namespace VoicePrompts.Tests;

/// <summary>
/// <c>UseHybridCache()</c>: the app's HybridCache, and through it a real redis-server on 127.0.0.1 shared by several
/// "app instances" (service providers with their own memory caches).
/// </summary>
public sealed class HybridCacheTests
{
    private static readonly SpeechRequest Request = new("gpt-4o-mini-tts", SpeechVoice.Coral, "Your call is important to us.");

    /// <summary>One app instance: AddVoicePrompts with UseHybridCache, HybridCache, and Redis when given.</summary>
    private static ServiceProvider Instance(LoopbackServer speech, RedisServer? redis, CapturingLoggerProvider? logs = null, Action<HybridCacheOptions>? hybrid = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(b =>
        {
            b.SetMinimumLevel(LogLevel.Debug);
            if (logs is not null) b.AddProvider(logs);
        });
        services.AddVoicePrompts(o =>
        {
            o.BaseUrl = speech.BaseUrl;
            o.ApiKey = "k";
            o.UseEnvironment = false;
            o.Retry.MaxRetries = 0;
            o.UseHybridCache();
        });
        services.AddHybridCache(o => hybrid?.Invoke(o));
        if (redis is not null)
        {
            services.AddStackExchangeRedisCache(o =>
            {
                // What a production app should also set: fail fast while Redis is away rather than queue for the timeout.
                var configuration = ConfigurationOptions.Parse(redis.Configuration);
                configuration.AbortOnConnectFail = false;
                configuration.ConnectTimeout = 1000;
                configuration.SyncTimeout = 1000;
                configuration.AsyncTimeout = 1000;
                configuration.BacklogPolicy = BacklogPolicy.FailFast;
                o.ConfigurationOptions = configuration;
                o.InstanceName = "test:";
            });
        }
        return services.BuildServiceProvider();
    }

    private static ISpeechClient Client(ServiceProvider provider) => provider.GetRequiredService<ISpeechClient>();

    [Fact]
    public async Task Memory_only_HybridCache_hits_need_no_request()
    {
        await using var speech = await LoopbackServer.StartEchoingAsync();
        await using var app = Instance(speech, redis: null);
        var client = Client(app);
        Assert.IsType<CachingSpeechClient>(client);

        var first = await client.SynthesizeAsync(Request);
        var second = await client.SynthesizeAsync(Request);
        var streamed = new List<byte>();
        await foreach (var chunk in client.StreamAsync(Request)) streamed.AddRange(chunk.Data.ToArray());

        Assert.Single(speech.Requests);
        Assert.Equal("audio for Your call is important to us.", Encoding.UTF8.GetString(second.Data.Span));
        Assert.Equal(first.Data.ToArray(), streamed.ToArray());
    }

    [Fact]
    public void UseHybridCache_without_a_HybridCache_says_what_to_register()
    {
        var services = new ServiceCollection();
        services.AddVoicePrompts(o =>
        {
            o.ApiKey = "k";
            o.UseEnvironment = false;
            o.UseHybridCache();
        });
        using var provider = services.BuildServiceProvider();
        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<ISpeechClient>());
        Assert.Contains("services.AddHybridCache()", error.Message);
    }

    [Fact]
    public async Task A_clip_over_the_HybridCache_payload_limit_is_served_and_logged_not_cached()
    {
        await using var speech = await LoopbackServer.StartEchoingAsync();
        var logs = new CapturingLoggerProvider();
        await using var app = Instance(speech, redis: null, logs, o => o.MaximumPayloadBytes = 64);
        var client = Client(app);

        await client.SynthesizeAsync(Request);
        var again = await client.SynthesizeAsync(Request);

        Assert.Equal(2, speech.Requests.Count);
        Assert.Equal("audio for Your call is important to us.", Encoding.UTF8.GetString(again.Data.Span));
        Assert.Contains(logs.Entries, e => e.EventName == "SpeechCacheEntryTooLarge" && e.Message.Contains("MaximumPayloadBytes (64)"));
    }

    [RedisFact]
    public async Task Two_app_instances_pay_once_through_Redis()
    {
        using var redis = await RedisServer.StartAsync();
        await using var speech = await LoopbackServer.StartEchoingAsync();
        await using var first = Instance(speech, redis);
        await using var second = Instance(speech, redis);

        var audio = await Client(first).SynthesizeAsync(Request);
        var shared = await Client(second).SynthesizeAsync(Request);
        var streamed = new List<byte>();
        await foreach (var chunk in Client(second).StreamAsync(Request)) streamed.AddRange(chunk.Data.ToArray());

        Assert.Single(speech.Requests);
        Assert.Equal(audio.Data.ToArray(), shared.Data.ToArray());
        Assert.Equal(audio.Data.ToArray(), streamed.ToArray());

        using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var keys = connection.GetServer(redis.Configuration).Keys(pattern: "*").Select(k => k.ToString()).ToList();
        Assert.Contains("test:" + HybridSpeechAudioStore.KeyPrefix + SpeechCacheKey.For(Request, Client(first)), keys);
    }

    [RedisFact]
    public async Task Eight_concurrent_identical_misses_synthesize_once_with_Redis()
    {
        using var redis = await RedisServer.StartAsync();
        await using var speech = await LoopbackServer.StartEchoingAsync(delayMs: 200);
        await using var app = Instance(speech, redis);
        var client = Client(app);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => client.SynthesizeAsync(Request))));

        Assert.Single(speech.Requests);
        Assert.All(results, r => Assert.Equal(results[0].Data.ToArray(), r.Data.ToArray()));
    }

    [RedisFact]
    public async Task Concurrent_identical_misses_synthesize_once_in_a_process_whose_Redis_connection_is_warm()
    {
        // The case that paid two or three times: this process's first look-up was a Redis hit (a warm connection),
        // so the eight look-ups of a new clip answer fast enough to interleave with the first caller's write.
        using var redis = await RedisServer.StartAsync();
        await using var speech = await LoopbackServer.StartEchoingAsync(delayMs: 50);
        await using (var writer = Instance(speech, redis))
            await Client(writer).SynthesizeAsync(Request);
        await using var app = Instance(speech, redis);
        var client = Client(app);
        Assert.True((await client.SynthesizeAsync(Request)).IsCacheHit);
        Assert.Single(speech.Requests);

        for (int round = 1; round <= 5; round++)
        {
            var novel = Request with { Input = $"Your position in the queue is {round}." };
            var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => client.SynthesizeAsync(novel))));
            Assert.Equal(1 + round, speech.Requests.Count);
            Assert.All(results, r => Assert.Equal(results[0].Data.ToArray(), r.Data.ToArray()));
            Assert.Equal(1, results.Count(r => !r.IsCacheHit)); // one caller paid; the others report no usage
        }
    }

    [RedisFact]
    public async Task A_damaged_entry_in_Redis_is_discarded_and_synthesized_again()
    {
        using var redis = await RedisServer.StartAsync();
        await using var speech = await LoopbackServer.StartEchoingAsync();
        await using (var writer = Instance(speech, redis))
            await Client(writer).SynthesizeAsync(Request);

        // Overwrite the value behind HybridCache's back, as a bad deploy or a truncating proxy might.
        await using (var vandal = Instance(speech, redis))
        {
            var entry = SpeechAudioEntry.Encode(new SpeechAudio(Encoding.UTF8.GetBytes("audio for Your call is important to us."), AudioFormat.Mp3));
            entry[^3] ^= 0xFF;
            await vandal.GetRequiredService<IDistributedCache>().SetAsync(HybridSpeechAudioStore.KeyPrefix + SpeechCacheKey.For(Request, vandal.GetRequiredService<OpenAISpeechClient>()), entry);
        }

        await using var reader = Instance(speech, redis);
        var audio = await Client(reader).SynthesizeAsync(Request);
        Assert.Equal("audio for Your call is important to us.", Encoding.UTF8.GetString(audio.Data.Span));
        Assert.Equal(2, speech.Requests.Count); // the damaged entry was not played; the clip was paid for again

        await using var later = Instance(speech, redis);
        await Client(later).SynthesizeAsync(Request);
        Assert.Equal(2, speech.Requests.Count); // and the replacement is whole
    }

    [RedisFact]
    public async Task Calls_still_succeed_when_Redis_stops_mid_run()
    {
        using var redis = await RedisServer.StartAsync();
        await using var speech = await LoopbackServer.StartEchoingAsync();
        var logs = new CapturingLoggerProvider();
        await using var app = Instance(speech, redis, logs);
        var client = Client(app);
        await client.SynthesizeAsync(Request);
        Assert.Single(speech.Requests);

        redis.Kill();

        // A new instance (its own, empty memory) needs Redis for this clip; a new request needs it too.
        await using var other = Instance(speech, redis, logs);
        var afterCrash = await Client(other).SynthesizeAsync(Request);
        var fresh = await client.SynthesizeAsync(Request with { Input = "Press 0 for an operator." });
        var streamed = new List<byte>();
        await foreach (var chunk in Client(other).StreamAsync(Request with { Input = "Goodbye." })) streamed.AddRange(chunk.Data.ToArray());
        var remembered = await client.SynthesizeAsync(Request); // still in this instance's memory

        Assert.Equal("audio for Your call is important to us.", Encoding.UTF8.GetString(afterCrash.Data.Span));
        Assert.Equal("audio for Press 0 for an operator.", Encoding.UTF8.GetString(fresh.Data.Span));
        Assert.Equal("audio for Goodbye.", Encoding.UTF8.GetString(streamed.ToArray()));
        Assert.Equal("audio for Your call is important to us.", Encoding.UTF8.GetString(remembered.Data.Span));
        Assert.Equal(4, speech.Requests.Count);
        // HybridCache treated each Redis failure as a miss and logged it; nothing reached the caller.
        Assert.Contains(logs.Entries, e => e.EventName == "CacheBackendReadFailure" && e.Message.Contains("RedisConnectionException"));
        Assert.Contains(logs.Entries, e => e.EventName == "CacheBackendWriteFailure");
    }
}
