using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using VoicePrompts.Caching;

namespace VoicePrompts.Tests;

/// <summary>The content-addressed cache: keys, the disk store, and the caching client against the loopback server.</summary>
public sealed class CachingTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("voiceprompts-cache-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static readonly SpeechRequest Request = new("gpt-4o-mini-tts", SpeechVoice.Coral, "Press 1 for billing.") { Instructions = "Calm.", Speed = 1.0 };
    private static readonly SpeechClientMetadata OpenAI = new(ProviderNames.OpenAI, new Uri("https://api.openai.com/v1/audio/speech"));

    // ---- Keys ----

    [Fact]
    public void Keys_depend_on_every_field_that_changes_the_sound_and_nothing_else()
    {
        string key = SpeechCacheKey.For(Request, OpenAI);
        Assert.Matches("^vp2-[0-9a-f]{64}$", key);
        Assert.Equal(key, SpeechCacheKey.For(Request with { }, OpenAI));
        Assert.Equal(key, SpeechCacheKey.For(Request with { Speed = 1 }, new SpeechClientMetadata(ProviderNames.OpenAI, new Uri("https://api.openai.com/v1/audio/speech"))));
        Assert.Equal(key, SpeechCacheKey.For(new SpeechRequest("gpt-4o-mini-tts", "coral", "Press 1 for billing.") { Instructions = "Calm.", Format = "MP3", Speed = 1.0 }, OpenAI));

        var variants = new[]
        {
            Request with { Model = "gpt-4o-mini-tts-2025-12-15" },
            Request with { Voice = SpeechVoice.Marin },
            Request with { Voice = SpeechVoice.FromId("coral") }, // a custom voice id is not the built-in name
            Request with { Instructions = null },
            Request with { Instructions = "Calm. " },
            Request with { Input = "Press 1 for billing. " },
            Request with { Format = AudioFormat.Wav },
            Request with { Speed = 1.25 },
            Request with { Speed = null }, // the model's default, which need not be 1.0 on every model
            Request with { Language = "en-US" },
        };
        var keys = variants.Select(r => SpeechCacheKey.For(r, OpenAI))
            // The same request to another backend that accepts the same model name is another clip.
            .Append(SpeechCacheKey.For(Request, new SpeechClientMetadata(ProviderNames.OpenAICompatible, new Uri("http://127.0.0.1:8880/v1/audio/speech"))))
            .Append(SpeechCacheKey.For(Request, new SpeechClientMetadata(ProviderNames.OpenAICompatible, new Uri("https://api.openai.com/v1/audio/speech"))))
            .Append(SpeechCacheKey.For(Request, new SpeechClientMetadata(ProviderNames.AzureOpenAI, new Uri("https://contoso.openai.azure.com/openai/v1/audio/speech"))))
            .Append(SpeechCacheKey.For(Request, (SpeechClientMetadata?)null))
            .Append(key).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());
    }

    [Fact]
    public void The_canonical_form_has_sorted_keys_and_no_whitespace()
    {
        string canonical = Encoding.UTF8.GetString(SpeechCacheKey.Canonical(Request, OpenAI));
        Assert.Equal("{\"backend\":{\"endpoint\":\"https://api.openai.com/v1/audio/speech\",\"provider\":\"openai\"},\"format\":\"mp3\",\"input\":\"Press 1 for billing.\","
            + "\"instructions\":\"Calm.\",\"language\":null,\"model\":\"gpt-4o-mini-tts\",\"speed\":\"1\",\"voice\":{\"name\":\"coral\"}}", canonical);
        var names = JsonDocument.Parse(canonical).RootElement.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(names.OrderBy(n => n, StringComparer.Ordinal), names);
    }

    // ---- Disk store ----

    private static SpeechAudio Clip(int seed, int length = 10_000)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return new SpeechAudio(bytes, AudioFormat.Mp3, "audio/mpeg") { RequestId = "req_" + seed, Usage = new SpeechUsage(5, 50, 55) };
    }

    [Fact]
    public async Task The_disk_store_round_trips_a_clip_and_its_metadata()
    {
        var store = new DiskSpeechAudioStore(_directory);
        var clip = Clip(1);
        Assert.Null(await store.GetAsync("vp1-abc"));
        await store.SetAsync("vp1-abc", clip);
        var back = await store.GetAsync("vp1-abc");
        Assert.NotNull(back);
        Assert.Equal(clip.Data.ToArray(), back!.Data.ToArray());
        Assert.Equal(("audio/mpeg", "req_1", clip.Usage, AudioFormat.Mp3), (back.ContentType, back.RequestId, back.Usage, back.Format));
        Assert.Empty(Directory.EnumerateFiles(_directory, "*.tmp"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    [InlineData(null)]
    public void An_entry_keeps_the_transcript_and_whether_it_matched(bool? matches)
    {
        var clip = new SpeechAudio(new byte[] { 1, 2, 3 }, AudioFormat.Pcm) { Transcript = "Press three.", TranscriptMatchesInput = matches, SampleRate = 24000 };
        var back = SpeechAudioEntry.Decode(SpeechAudioEntry.Encode(clip))!;
        Assert.Equal(("Press three.", matches, 24000), (back.Transcript, back.TranscriptMatchesInput, back.SampleRate));
        Assert.Equal("VPA2", Encoding.ASCII.GetString(SpeechAudioEntry.Encode(clip), 0, 4));
    }

    [Fact]
    public async Task A_version_1_entry_still_reads_as_a_clip_that_makes_no_claim()
    {
        // Version 1 stored reworded Realtime reads too, and no flag: its transcript is kept, its fidelity unknown.
        var clip = new SpeechAudio(new byte[] { 9, 8, 7 }, AudioFormat.Pcm) { Transcript = "Press three.", TranscriptMatchesInput = true };
        byte[] entry = SpeechAudioEntry.Encode(clip);
        Encoding.ASCII.GetBytes("VPA1").CopyTo(entry, 0);
        var store = new DiskSpeechAudioStore(_directory);
        await File.WriteAllBytesAsync(store.PathFor("vp2-old"), entry);

        var back = await store.GetAsync("vp2-old");
        Assert.Equal(new byte[] { 9, 8, 7 }, back!.Data.ToArray());
        Assert.Equal("Press three.", back.Transcript);
        Assert.Null(back.TranscriptMatchesInput);
    }

    [Theory]
    [InlineData("flip a payload byte")]
    [InlineData("truncate")]
    [InlineData("garbage")]
    [InlineData("empty")]
    public async Task A_corrupted_entry_is_detected_and_discarded(string damage)
    {
        var store = new DiskSpeechAudioStore(_directory);
        await store.SetAsync("vp1-key", Clip(2));
        string path = store.PathFor("vp1-key");
        byte[] bytes = File.ReadAllBytes(path);
        bytes = damage switch
        {
            "flip a payload byte" => bytes.Select((b, i) => i == bytes.Length - 10 ? (byte)(b ^ 0xFF) : b).ToArray(),
            "truncate" => bytes.Take(bytes.Length - 100).ToArray(),
            "garbage" => Encoding.UTF8.GetBytes("not an entry at all"),
            _ => Array.Empty<byte>(),
        };
        File.WriteAllBytes(path, bytes);

        Assert.Null(await store.GetAsync("vp1-key"));
        Assert.False(File.Exists(path)); // discarded, so the next synthesis replaces it
    }

    [Fact]
    public async Task Eviction_keeps_the_folder_under_its_cap_dropping_the_least_recently_used()
    {
        long entrySize = SpeechAudioEntry.Encode(Clip(0)).Length;
        var store = new DiskSpeechAudioStore(_directory, maxBytes: entrySize * 3 + 10);
        for (int i = 0; i < 3; i++)
        {
            await store.SetAsync("vp1-" + i, Clip(i));
            File.SetLastWriteTimeUtc(store.PathFor("vp1-" + i), DateTime.UtcNow.AddMinutes(-10 + i));
        }
        Assert.NotNull(await store.GetAsync("vp1-0")); // now the most recently used
        await store.SetAsync("vp1-3", Clip(3));

        Assert.NotNull(await store.GetAsync("vp1-0"));
        Assert.Null(await store.GetAsync("vp1-1")); // the least recently used went
        Assert.NotNull(await store.GetAsync("vp1-2"));
        Assert.NotNull(await store.GetAsync("vp1-3"));
        long total = Directory.EnumerateFiles(_directory, "*.vpa").Sum(f => new FileInfo(f).Length);
        Assert.True(total <= entrySize * 3 + 10, $"{total} bytes kept");
    }

    [Fact]
    public async Task Concurrent_writers_and_readers_of_one_key_never_see_a_partial_entry()
    {
        var store = new DiskSpeechAudioStore(_directory);
        var clips = Enumerable.Range(0, 4).Select(i => Clip(i, 200_000)).ToList();
        var valid = clips.Select(c => Convert.ToBase64String(c.Data.ToArray())).ToHashSet();
        int reads = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var writers = clips.Select(c => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested) await store.SetAsync("vp1-shared", c);
        }));
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var audio = await store.GetAsync("vp1-shared");
                if (audio is null) continue;
                Assert.Contains(Convert.ToBase64String(audio.Data.ToArray()), valid);
                Interlocked.Increment(ref reads);
            }
        }));
        await Task.WhenAll(writers.Concat(readers));
        Assert.True(reads > 10, $"only {reads} reads completed");
    }

    // ---- The caching client ----

    private CachingSpeechClient Caching(LoopbackServer server, out OpenAISpeechClient inner)
    {
        inner = new OpenAISpeechClient(new OpenAISpeechClientOptions { BaseUrl = server.BaseUrl, ApiKey = "k", Retry = new SpeechRetryOptions { MaxRetries = 0 } });
        return new CachingSpeechClient(inner, new DiskSpeechAudioStore(_directory));
    }

    [Fact]
    public async Task A_miss_synthesizes_and_stores_then_hits_need_no_request()
    {
        await using var server = await LoopbackServer.StartEchoingAsync();
        var client = Caching(server, out var inner);
        using (inner)
        {
            var first = await client.SynthesizeAsync(Request);
            var second = await client.SynthesizeAsync(Request);
            var streamed = new List<byte>();
            await foreach (var chunk in client.StreamAsync(Request)) streamed.AddRange(chunk.Data.ToArray());

            Assert.Equal("audio for Press 1 for billing.", Encoding.UTF8.GetString(first.Data.Span));
            Assert.Equal(first.Data.ToArray(), second.Data.ToArray());
            Assert.Equal(first.Data.ToArray(), streamed.ToArray());
            Assert.Single(server.Requests);

            await client.SynthesizeAsync(Request with { Voice = SpeechVoice.Marin });
            Assert.Equal(2, server.Requests.Count);
        }
    }

    [Fact]
    public async Task A_corrupted_entry_is_synthesized_again_and_replaced()
    {
        await using var server = await LoopbackServer.StartEchoingAsync();
        var client = Caching(server, out var inner);
        using (inner)
        {
            await client.SynthesizeAsync(Request);
            string path = new DiskSpeechAudioStore(_directory).PathFor(SpeechCacheKey.For(Request, inner));
            byte[] bytes = File.ReadAllBytes(path);
            bytes[^1] ^= 0x5A; // one flipped bit pattern in the audio
            File.WriteAllBytes(path, bytes);

            var again = await client.SynthesizeAsync(Request);
            Assert.Equal("audio for Press 1 for billing.", Encoding.UTF8.GetString(again.Data.Span));
            Assert.Equal(2, server.Requests.Count);
            Assert.NotNull(SpeechAudioEntry.Decode(File.ReadAllBytes(path))); // replaced by a whole entry

            await client.SynthesizeAsync(Request);
            Assert.Equal(2, server.Requests.Count);
        }
    }

    [Fact]
    public async Task Eight_concurrent_identical_misses_synthesize_once()
    {
        await using var server = await LoopbackServer.StartEchoingAsync(delayMs: 200);
        var client = Caching(server, out var inner);
        using (inner)
        {
            var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.SynthesizeAsync(Request)));
            Assert.Single(server.Requests);
            Assert.All(results, r => Assert.Equal(results[0].Data.ToArray(), r.Data.ToArray()));
        }
    }

    [Fact]
    public async Task A_streamed_miss_is_stored_only_when_it_completed()
    {
        var firstBytesIn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var broken = await LoopbackServer.StartEchoingAsync(breakStream: true, breakWhen: firstBytesIn.Task);
        var client = Caching(broken, out var inner);
        using (inner)
        {
            await Assert.ThrowsAsync<SpeechStreamException>(async () =>
            {
                await foreach (var _ in client.StreamAsync(Request)) firstBytesIn.TrySetResult();
            });
            Assert.Empty(Directory.EnumerateFiles(_directory, "*.vpa"));
        }

        await using var server = await LoopbackServer.StartEchoingAsync();
        client = Caching(server, out inner);
        using (inner)
        {
            // A caller that stops early leaves nothing behind either.
            await foreach (var _ in client.StreamAsync(Request)) break;
            Assert.Empty(Directory.EnumerateFiles(_directory, "*.vpa"));

            var streamed = new List<byte>();
            await foreach (var chunk in client.StreamAsync(Request)) streamed.AddRange(chunk.Data.ToArray());
            Assert.Single(Directory.EnumerateFiles(_directory, "*.vpa"));
            var hit = await client.SynthesizeAsync(Request);
            Assert.Equal(streamed.ToArray(), hit.Data.ToArray());
            Assert.Equal(2, server.Requests.Count);
        }
    }

    [Fact]
    public async Task A_failing_store_never_fails_the_caller()
    {
        await using var server = await LoopbackServer.StartEchoingAsync();
        using var inner = new OpenAISpeechClient(new OpenAISpeechClientOptions { BaseUrl = server.BaseUrl, ApiKey = "k" });
        var client = new CachingSpeechClient(inner, new BrokenStore());
        var audio = await client.SynthesizeAsync(Request);
        Assert.Equal("audio for Press 1 for billing.", Encoding.UTF8.GetString(audio.Data.Span));
        var streamed = new List<byte>();
        await foreach (var chunk in client.StreamAsync(Request)) streamed.AddRange(chunk.Data.ToArray());
        Assert.Equal(audio.Data.ToArray(), streamed.ToArray());
        Assert.Equal(2, server.Requests.Count);
    }

    private sealed class BrokenStore : ISpeechAudioStore
    {
        public Task<SpeechAudio?> GetAsync(string key, CancellationToken cancellationToken = default) =>
            throw new IOException("the cache server is down");

        public Task SetAsync(string key, SpeechAudio audio, CancellationToken cancellationToken = default) =>
            throw new IOException("the cache server is down");
    }
}

/// <summary><c>AddVoicePrompts(o => o.UseDiskCache(…))</c> puts the cache in front of the client.</summary>
public class CachingRegistrationTests
{
    [Fact]
    public async Task UseDiskCache_registers_the_caching_client()
    {
        string directory = Directory.CreateTempSubdirectory("voiceprompts-di-cache-").FullName;
        try
        {
            await using var server = await LoopbackServer.StartAsync(async (context, body) =>
            {
                context.Response.ContentType = "audio/mpeg";
                await context.Response.Body.WriteAsync(new byte[] { 1, 2, 3 });
            });
            var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
            Microsoft.Extensions.DependencyInjection.VoicePromptsServiceCollectionExtensions.AddVoicePrompts(services, o =>
            {
                o.BaseUrl = server.BaseUrl;
                o.ApiKey = "k";
                o.UseEnvironment = false;
                o.UseDiskCache(directory, maxBytes: 1_000_000);
            });
            await using var provider = Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions.BuildServiceProvider(services);
            var client = (ISpeechClient)provider.GetService(typeof(ISpeechClient))!;
            Assert.IsType<CachingSpeechClient>(client);

            var request = new SpeechRequest("gpt-4o-mini-tts", SpeechVoice.Coral, "Hello.");
            await client.SynthesizeAsync(request);
            await client.SynthesizeAsync(request);
            Assert.Single(server.Requests);
            Assert.Single(Directory.EnumerateFiles(directory, "*.vpa"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [InlineData(null, "dir", true)]      // a folder alone means the disk cache
    [InlineData("Disk", "dir", true)]
    [InlineData("None", "dir", false)]   // explicit None wins over a leftover folder
    [InlineData(null, null, false)]
    public void The_cache_is_chosen_from_configuration(string? cache, string? directory, bool cached)
    {
        string folder = Directory.CreateTempSubdirectory("voiceprompts-config-cache-").FullName;
        try
        {
            var values = new Dictionary<string, string?> { ["VoicePrompts:ApiKey"] = "k", ["VoicePrompts:UseEnvironment"] = "false" };
            if (cache is not null) values["VoicePrompts:Cache"] = cache;
            if (directory is not null) values["VoicePrompts:CacheDirectory"] = Path.Combine(folder, directory);
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
            var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
            Microsoft.Extensions.DependencyInjection.VoicePromptsServiceCollectionExtensions.AddVoicePrompts(services, configuration.GetSection("VoicePrompts"));
            using var provider = Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions.BuildServiceProvider(services);
            var client = (ISpeechClient)provider.GetService(typeof(ISpeechClient))!;
            // The cache is the outermost decorator when present, so a hit costs no request and no telemetry.
            Assert.Equal(cached, client is CachingSpeechClient);
            Assert.Equal(cached, client.GetService<CachingSpeechClient>() is not null);
            Assert.NotNull(client.GetService<OpenAISpeechClient>());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
