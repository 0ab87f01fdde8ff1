using System.Text;
using VoicePrompts.Caching;

namespace VoicePrompts.Tests.Realtime;

/// <summary>
/// The verbatim promise through the cache and the splitter (SPEC §5): a reworded read is never stored, a hit keeps the
/// stored transcript and flag, is marked as a hit and reports no usage on both paths.
/// </summary>
public sealed class FidelityThroughCacheTests : IDisposable
{
    private const string Model = "gpt-realtime-2.1-mini";
    private static readonly SpeechRequest Billing = new(Model, SpeechVoice.Marin, "Press 3 for billing.") { Format = AudioFormat.Pcm };
    private readonly string _directory = Directory.CreateTempSubdirectory("voiceprompts-fidelity-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private ISpeechClient Cached(FakeRealtimeServer server, SpeechFidelityPolicy policy = SpeechFidelityPolicy.Throw) =>
        new RealtimeSpeechClient(new RealtimeSpeechClientOptions
        {
            BaseUrl = server.BaseUrl,
            ApiKey = "sk-realtime",
            Fidelity = new SpeechFidelityOptions { MaxRetries = 0, OnMismatch = policy },
        }).AsBuilder().UseCache(new DiskSpeechAudioStore(_directory)).Build();

    /// <summary>A model that rewords the reads whose number <paramref name="rewords"/> picks (1-based).</summary>
    private static Func<FakeRealtimeServer.Read, Task> Rewording(Func<int, bool> rewords)
    {
        int reads = 0;
        return async read =>
        {
            bool reworded = rewords(Interlocked.Increment(ref reads));
            await read.CreatedAsync();
            await read.AudioAsync(FakeRealtimeServer.PcmFor(reworded ? "reworded" : read.Text));
            await read.TranscriptAsync(reworded ? "Please press three to reach billing." : read.Text);
            await read.DoneAsync();
        };
    }

    private static async Task<SpeechAudioUpdate> LastOf(IAsyncEnumerable<SpeechAudioUpdate> stream)
    {
        SpeechAudioUpdate? last = null;
        await foreach (var update in stream) last = update;
        return last!;
    }

    [Fact]
    public async Task A_reworded_stream_is_not_stored_so_the_next_Speak_reads_again_and_throws()
    {
        await using var server = await FakeRealtimeServer.StartAsync(Rewording(_ => true));
        using var client = Cached(server);

        var streamed = await LastOf(client.StreamAsync(Billing));
        Assert.False(streamed.TranscriptMatchesInput); // heard already: reported, not retried

        var ex = await Assert.ThrowsAsync<SpeechFidelityException>(() => client.SynthesizeAsync(Billing));
        Assert.Equal("Please press three to reach billing.", ex.Transcript);
        Assert.Equal(2, server.Responses); // the cache answered neither
        Assert.Empty(Directory.GetFiles(_directory, "*.vpa"));
    }

    [Fact]
    public async Task After_a_first_read_that_drifted_the_faithful_clip_is_fetched_and_then_served_from_the_cache()
    {
        await using var server = await FakeRealtimeServer.StartAsync(Rewording(n => n == 1));
        using var client = Cached(server);

        Assert.False((await LastOf(client.StreamAsync(Billing))).TranscriptMatchesInput);

        var faithful = await client.SynthesizeAsync(Billing);
        Assert.Equal(FakeRealtimeServer.PcmFor(Billing.Input), faithful.Data.ToArray());
        Assert.True(faithful.TranscriptMatchesInput);
        Assert.False(faithful.IsCacheHit);
        Assert.NotNull(faithful.Usage);

        var hit = await client.SynthesizeAsync(Billing);
        Assert.True(hit.IsCacheHit);
        Assert.Equal(faithful.Data.ToArray(), hit.Data.ToArray());
        Assert.True(hit.TranscriptMatchesInput); // the stored flag and transcript come back with the clip
        Assert.Equal(Billing.Input, hit.Transcript);
        Assert.Null(hit.Usage); // a hit costs nothing
        Assert.Equal(2, server.Responses);
    }

    [Fact]
    public async Task An_accepted_rewording_keeps_its_flag_and_is_read_again_next_time()
    {
        await using var server = await FakeRealtimeServer.StartAsync(Rewording(_ => true));
        using var client = Cached(server, SpeechFidelityPolicy.Accept);

        var first = await client.SynthesizeAsync(Billing);
        var second = await client.SynthesizeAsync(Billing);

        Assert.False(first.TranscriptMatchesInput);
        Assert.False(second.TranscriptMatchesInput); // not served from the cache as if clean
        Assert.False(second.IsCacheHit);
        Assert.Equal("Please press three to reach billing.", second.Transcript);
        Assert.Equal(2, server.Responses);
    }

    [Fact]
    public async Task A_hit_is_marked_and_reports_no_usage_on_both_paths_with_the_stored_transcript()
    {
        await using var server = await FakeRealtimeServer.StartAsync();
        using var client = Cached(server);

        var paid = await LastOf(client.StreamAsync(Billing)); // a miss, stored from the stream
        Assert.False(paid.IsCacheHit);
        Assert.NotNull(paid.Usage);

        var streamedHit = await LastOf(client.StreamAsync(Billing));
        Assert.True(streamedHit.IsFinal && streamedHit.IsCacheHit);
        Assert.Null(streamedHit.Usage);
        Assert.Equal((Billing.Input, (bool?)true), (streamedHit.Transcript, streamedHit.TranscriptMatchesInput));

        var spokenHit = await client.SynthesizeAsync(Billing);
        Assert.True(spokenHit.IsCacheHit);
        Assert.Null(spokenHit.Usage);
        Assert.Equal((Billing.Input, (bool?)true), (spokenHit.Transcript, spokenHit.TranscriptMatchesInput));
        Assert.Equal(1, server.Responses);
    }

    [Fact]
    public async Task A_realtime_request_is_keyed_by_the_realtime_endpoint_when_a_router_sends_it_there()
    {
        await using var server = await FakeRealtimeServer.StartAsync();
        var options = new OpenAISpeechClientOptions { BaseUrl = server.BaseUrl, ApiKey = "sk-realtime" };
        using var routed = SpeechClient.Create(options);

        var speech = routed.GetService<SpeechClientMetadata>(Billing with { Model = "gpt-4o-mini-tts" })!;
        var realtime = routed.GetService<SpeechClientMetadata>(Billing)!;
        Assert.Equal(ProviderNames.OpenAICompatible, speech.ProviderName); // a loopback server
        Assert.Equal(ProviderNames.OpenAIRealtime, realtime.ProviderName);
        Assert.EndsWith("/realtime", realtime.Endpoint!.AbsolutePath, StringComparison.Ordinal);
        Assert.NotEqual(SpeechCacheKey.For(Billing, speech), SpeechCacheKey.For(Billing, realtime));
    }
}
