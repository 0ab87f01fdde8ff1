using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VoicePrompts.Caching;
using VoicePrompts.Tests;

namespace VoicePrompts.Benchmarks;

/// <summary>
/// What a cache hit costs against the cheapest possible miss: a 64 KB clip (about eight seconds of mp3 speech) from
/// memory (HybridCache L1), disk (DiskSpeechAudioStore, hash-checked), Redis on loopback (HybridCache L2, L1 off), and
/// synthesized by a Kestrel server on loopback that answers at once (OpenAI itself adds hundreds of milliseconds).
/// Needs redis-server on PATH.
/// </summary>
[MemoryDiagnoser]
public class CacheHitBenchmarks
{
    private const int ClipBytes = 64 * 1024;
    private static readonly SpeechRequest Request = new("gpt-4o-mini-tts", SpeechVoice.Coral, "Your call is important to us. Please stay on the line.");

    private WebApplication _server = null!;
    private RedisServer _redis = null!;
    private string _directory = null!;
    private OpenAISpeechClient _origin = null!;
    private ServiceProvider _memoryApp = null!, _redisApp = null!;
    private ISpeechClient _memory = null!, _disk = null!, _redisClient = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var clip = new byte[ClipBytes];
        new Random(1).NextBytes(clip);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        _server = builder.Build();
        _server.Run(async context =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null);
            context.Response.ContentType = "audio/mpeg";
            await context.Response.Body.WriteAsync(clip);
        });
        await _server.StartAsync();
        var baseUrl = new Uri(_server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/v1/");
        _origin = new OpenAISpeechClient(new OpenAISpeechClientOptions { BaseUrl = baseUrl, ApiKey = "k" });

        _redis = await RedisServer.StartAsync();
        _directory = Directory.CreateTempSubdirectory("voiceprompts-bench-").FullName;
        _disk = _origin.AsBuilder().UseCache(new DiskSpeechAudioStore(_directory)).Build();
        (_memoryApp, _memory) = App(baseUrl, redis: false);
        (_redisApp, _redisClient) = App(baseUrl, redis: true);
        foreach (var client in new[] { _disk, _memory, _redisClient })
            await client.SynthesizeAsync(Request); // fill each cache once
    }

    private (ServiceProvider, ISpeechClient) App(Uri baseUrl, bool redis)
    {
        var services = new ServiceCollection();
        services.AddVoicePrompts(o =>
        {
            o.BaseUrl = baseUrl;
            o.ApiKey = "k";
            o.UseEnvironment = false;
            o.UseHybridCache();
        });
        services.AddHybridCache(o =>
        {
            // For the Redis case every hit must come from Redis: nothing is written to (so nothing read from) memory.
            if (redis) o.DefaultEntryOptions = new HybridCacheEntryOptions { Flags = HybridCacheEntryFlags.DisableLocalCache };
        });
        if (redis) services.AddStackExchangeRedisCache(o => o.Configuration = _redis.Configuration);
        var provider = services.BuildServiceProvider();
        return (provider, provider.GetRequiredService<ISpeechClient>());
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _memoryApp.DisposeAsync();
        await _redisApp.DisposeAsync();
        _origin.Dispose();
        _redis.Dispose();
        await _server.StopAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "miss: synthesized by a loopback server")]
    public async Task<int> Miss() => (await _origin.SynthesizeAsync(Request)).Data.Length;

    [Benchmark(Description = "hit: memory (HybridCache L1)")]
    public async Task<int> Memory() => (await _memory.SynthesizeAsync(Request)).Data.Length;

    [Benchmark(Description = "hit: disk (DiskSpeechAudioStore)")]
    public async Task<int> Disk() => (await _disk.SynthesizeAsync(Request)).Data.Length;

    [Benchmark(Description = "hit: Redis on loopback (HybridCache L2)")]
    public async Task<int> Redis() => (await _redisClient.SynthesizeAsync(Request)).Data.Length;
}
