using System.Runtime.CompilerServices;
using VoicePrompts.Caching;

namespace VoicePrompts.Tests;

/// <summary>The 1.0 contract's composition: decorators over any backend, GetService through them, validation from the model catalog.</summary>
public class PipelineTests
{
    private static readonly SpeechRequest Hello = new("gpt-4o-mini-tts", SpeechVoice.Coral, "Hello.") { Format = AudioFormat.Pcm };

    /// <summary>A backend that is not HTTP: PCM of one byte per character, usage and a transcript, as a Realtime backend reports them.</summary>
    private sealed class InMemoryBackend(Func<string, bool>? rewords = null) : ISpeechClient
    {
        public List<SpeechRequest> Requests { get; } = new();

        private bool Reworded(SpeechRequest request) => rewords?.Invoke(request.Input) == true;

        public bool Disposed { get; private set; }

        private static SpeechUsage UsageOf(SpeechRequest request) =>
            new(request.Input.Length, 2 * request.Input.Length, 3 * request.Input.Length) { InputTextTokens = request.Input.Length, OutputAudioTokens = 2 * request.Input.Length };

        public Task<SpeechAudio> SynthesizeAsync(SpeechRequest request, CancellationToken cancellationToken = default)
        {
            lock (Requests) Requests.Add(request);
            return Task.FromResult(new SpeechAudio(new byte[request.Input.Length * 2], request.Format)
            {
                Usage = UsageOf(request), Transcript = Reworded(request) ? "reworded" : request.Input, SampleRate = 24000, RequestId = "r" + Requests.Count,
                TranscriptMatchesInput = rewords is null ? null : !Reworded(request),
            });
        }

        public async IAsyncEnumerable<SpeechAudioUpdate> StreamAsync(SpeechRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            lock (Requests) Requests.Add(request);
            await Task.Yield();
            yield return new SpeechAudioUpdate(new byte[request.Input.Length], request.Format) { SampleRate = 24000 };
            yield return new SpeechAudioUpdate(new byte[request.Input.Length], request.Format) { SampleRate = 24000 };
            yield return new SpeechAudioUpdate(ReadOnlyMemory<byte>.Empty, request.Format)
            {
                IsFinal = true, Usage = UsageOf(request), Transcript = Reworded(request) ? "reworded" : request.Input, SampleRate = 24000, RequestId = "r" + Requests.Count,
                TranscriptMatchesInput = rewords is null ? null : !Reworded(request),
            };
        }

        public object? GetService(Type serviceType, object? serviceKey = null) =>
            serviceKey is null && serviceType.IsInstanceOfType(this) ? this
            : serviceType == typeof(SpeechClientMetadata) ? new SpeechClientMetadata("in-memory") : null;

        public void Dispose() => Disposed = true;
    }

    private sealed class Tagging(ISpeechClient inner, string tag, List<string> log) : DelegatingSpeechClient(inner)
    {
        public string Tag { get; } = tag;

        public override Task<SpeechAudio> SynthesizeAsync(SpeechRequest request, CancellationToken cancellationToken = default)
        {
            log.Add(Tag);
            return base.SynthesizeAsync(request, cancellationToken);
        }
    }

    [Fact]
    public async Task The_first_decorator_added_is_the_outermost_and_GetService_and_Dispose_reach_the_backend()
    {
        var backend = new InMemoryBackend();
        var calls = new List<string>();
        var client = new SpeechClientBuilder(backend)
            .Use(inner => new Tagging(inner, "outer", calls))
            .Use(inner => new Tagging(inner, "inner", calls))
            .UseOpenTelemetry()
            .Build();

        await client.SynthesizeAsync(Hello);
        Assert.Equal(new[] { "outer", "inner" }, calls);
        Assert.Equal("outer", Assert.IsType<Tagging>(client).Tag);
        Assert.Same(backend, client.GetService<InMemoryBackend>());
        Assert.NotNull(client.GetService<OpenTelemetrySpeechClient>());
        Assert.Equal("in-memory", client.GetService<SpeechClientMetadata>()!.ProviderName);
        Assert.Null(client.GetService<InMemoryBackend>(serviceKey: "other")); // a keyed ask is the backend's to answer

        client.Dispose();
        Assert.True(backend.Disposed);
    }

    [Fact]
    public async Task Long_text_is_split_over_any_backend_and_usage_and_transcripts_add_up()
    {
        var backend = new InMemoryBackend();
        using var client = backend.AsBuilder().UseLongTextSplitting().Build();
        string sentence = "Your account balance is available in the app. ";
        string input = string.Concat(Enumerable.Repeat(sentence, 100)).Trim(); // 4,699 characters: over the endpoint's 4,096
        var request = Hello with { Input = input };

        var audio = await client.SynthesizeAsync(request);
        Assert.True(backend.Requests.Count >= 2, $"{backend.Requests.Count} request(s)");
        Assert.All(backend.Requests, r => Assert.InRange(r.Input.Length, 1, 4096));
        Assert.Equal(input.Length - (backend.Requests.Count - 1), backend.Requests.Sum(r => r.Input.Length)); // split at spaces, nothing lost
        Assert.Equal(backend.Requests.Sum(r => r.Input.Length) * 2, audio.Data.Length);
        Assert.Equal(backend.Requests.Sum(r => r.Input.Length), audio.Usage!.InputTokens);
        Assert.Equal(audio.Usage.InputTokens, audio.Usage.InputTextTokens); // a detail both pieces report survives the sum
        Assert.Null(audio.Usage.InputAudioTokens);                           // one neither reports stays unknown
        Assert.Equal(string.Join(" ", backend.Requests.Select(r => r.Input)), audio.Transcript);
        Assert.Equal(24000, audio.SampleRate);

        int pieces = backend.Requests.Count;
        var updates = new List<SpeechAudioUpdate>();
        await foreach (var update in client.StreamAsync(request)) updates.Add(update);
        var final = Assert.Single(updates, u => u.IsFinal);
        Assert.Same(updates[^1], final);
        Assert.Equal(audio.Usage, final.Usage);
        Assert.Equal(audio.Transcript, final.Transcript);
        Assert.Equal(audio.Data.Length, updates.Sum(u => u.Data.Length));
        Assert.Equal(2 * pieces, backend.Requests.Count);

        // Within the limits the request passes through untouched.
        await client.SynthesizeAsync(Hello);
        Assert.Same(Hello, backend.Requests[^1]);
    }

    [Fact]
    public async Task Without_the_splitting_decorator_long_text_is_refused_before_the_network()
    {
        await using var server = await LoopbackServer.StartEchoingAsync();
        using var client = new OpenAISpeechClient(new OpenAISpeechClientOptions { BaseUrl = server.BaseUrl, ApiKey = "k" });
        var ex = await Assert.ThrowsAsync<InvalidSpeechRequestException>(() => client.SynthesizeAsync(Hello with { Input = new string('a', 4097) }));
        Assert.Equal("The input is 4,097 characters; gpt-4o-mini-tts accepts at most 4,096. (Parameter 'input')", ex.Message);
        Assert.Empty(server.Requests);
    }

    [Theory]
    [InlineData("gpt-realtime-2.1-mini", "fable", null, "pcm", "voice", "Voice 'fable' is not a voice of gpt-realtime-2.1-mini")]
    [InlineData("gpt-realtime-2.1-mini", "marin", 2.0, "pcm", "speed", "Speed 2 is outside gpt-realtime-2.1-mini's range 0.25–1.5")]
    [InlineData("gpt-realtime-2.1-mini", "marin", null, "mp3", "format", "Format 'mp3' is not one gpt-realtime-2.1-mini produces; use pcm, wav, pcmu, pcma, wav_pcmu, wav_pcma (its own) or pcm_8000, pcm_16000, wav_8000, wav_16000 (made by VoicePrompts from its 24 kHz PCM).")]
    [InlineData("gpt-4o-mini-tts", "marin", 4.5, "mp3", "speed", "Speed 4.5 is outside gpt-4o-mini-tts's range 0.25–4")]
    [InlineData("tts-1", "marin", null, "mp3", "voice", "Voice 'marin' is not a voice of tts-1")]
    public async Task Requests_are_checked_against_their_models_catalog_row_before_the_network(string model, string voice, double? speed, string format, string param, string message)
    {
        await using var server = await LoopbackServer.StartEchoingAsync();
        using var client = new OpenAISpeechClient(new OpenAISpeechClientOptions { BaseUrl = server.BaseUrl, ApiKey = "k" });
        var request = new SpeechRequest(model, SpeechVoice.FromName(voice), "Press 1.") { Speed = speed, Format = format };
        var ex = await Assert.ThrowsAsync<InvalidSpeechRequestException>(() => client.SynthesizeAsync(request));
        Assert.Equal(param, ex.ParamName);
        Assert.StartsWith(message, ex.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task A_realtime_model_is_refused_by_the_HTTP_transport_with_the_ways_forward()
    {
        await using var server = await LoopbackServer.StartEchoingAsync();
        using var client = new OpenAISpeechClient(new OpenAISpeechClientOptions { BaseUrl = server.BaseUrl, ApiKey = "k" });
        var request = new SpeechRequest("gpt-realtime-2.1-mini", SpeechVoice.Marin, "Press 1.") { Format = AudioFormat.Pcm, Speed = 1.2 };
        var ex = await Assert.ThrowsAsync<NotSupportedException>(async () => { await foreach (var _ in client.StreamAsync(request)) { } });
        Assert.Contains("Realtime API", ex.Message, StringComparison.Ordinal);
        Assert.Contains("RealtimeSpeechClient", ex.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task A_requests_own_aliases_and_limits_apply_as_the_build_applied_them()
    {
        var settings = ModelSettings.Parse("pipeline-alias-tts=gpt-4o-mini-tts; pipeline-plain=some-server-model", "pipeline-alias-tts=5;pipeline-plain=none");
        await using var server = await LoopbackServer.StartEchoingAsync();
        using var client = new OpenAISpeechClient(new OpenAISpeechClientOptions { BaseUrl = server.BaseUrl, ApiKey = "k" });
        SpeechRequest Aliased(string input, SpeechVoice voice) => new("pipeline-alias-tts", voice, input) { ModelSettings = settings };

        var ex = await Assert.ThrowsAsync<InvalidSpeechRequestException>(() =>
            client.SynthesizeAsync(Aliased("one two three four five six seven", SpeechVoice.Coral)));
        Assert.Equal("The input is 7 tokens; pipeline-alias-tts (gpt-4o-mini-tts) accepts at most 5. (Parameter 'input')", ex.Message);
        // The alias is checked as the model it runs: a voice gpt-4o-mini-tts lacks is refused.
        await Assert.ThrowsAsync<InvalidSpeechRequestException>(() => client.SynthesizeAsync(Aliased("Hi.", SpeechVoice.FromName("nobody"))));
        Assert.Equal("gpt-4o-mini-tts", settings.ResolveModel("pipeline-alias-tts"));
        Assert.Empty(server.Requests);

        // Within the project's limit, the deployment name goes on the wire unchanged.
        await client.SynthesizeAsync(Aliased("Hi there.", SpeechVoice.Coral));
        Assert.Contains("\"model\":\"pipeline-alias-tts\"", System.Text.Encoding.UTF8.GetString(Assert.Single(server.Requests).Body), StringComparison.Ordinal);

        // Settings are how a request is checked, not what it says: the same speech either way.
        Assert.Equal(Aliased("Hi.", SpeechVoice.Coral), Aliased("Hi.", SpeechVoice.Coral) with { ModelSettings = null });
        Assert.Equal(Aliased("Hi.", SpeechVoice.Coral).GetHashCode(), (Aliased("Hi.", SpeechVoice.Coral) with { ModelSettings = null }).GetHashCode());
    }

    [Fact]
    public async Task Settings_given_to_the_builder_apply_to_requests_that_carry_none_and_yield_to_those_that_do()
    {
        await using var server = await LoopbackServer.StartEchoingAsync();
        using var client = new OpenAISpeechClient(new OpenAISpeechClientOptions { BaseUrl = server.BaseUrl, ApiKey = "k" })
            .AsBuilder().UseModelSettings(ModelSettings.Parse("builder-deployment=gpt-4o-mini-tts", "builder-deployment=3")).Build();
        var plain = new SpeechRequest("builder-deployment", SpeechVoice.Coral, "one two three four");

        var refused = await Assert.ThrowsAsync<InvalidSpeechRequestException>(() => client.SynthesizeAsync(plain));
        Assert.Contains("accepts at most 3", refused.Message, StringComparison.Ordinal);
        // A request that carries its project's settings is checked by those, not the app's.
        await client.SynthesizeAsync(plain with { ModelSettings = ModelSettings.Parse("builder-deployment=gpt-4o-mini-tts", "builder-deployment=50") });
        Assert.Single(server.Requests);
    }

    [Fact]
    public void The_transport_a_builder_is_given_is_disposed_with_the_client_it_builds()
    {
        var started = new InMemoryBackend();
        var replacement = new InMemoryBackend();
        var client = started.AsBuilder().UseTransport(_ => replacement).UseOpenTelemetry().Build();
        client.Dispose();
        Assert.True(replacement.Disposed);
        Assert.False(started.Disposed); // replaced before Build: never part of the client
    }

    [Fact]
    public async Task AddVoicePrompts_disposes_a_transport_it_was_given_but_not_the_containers_own()
    {
        var given = new InMemoryBackend();
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        Microsoft.Extensions.DependencyInjection.VoicePromptsServiceCollectionExtensions.AddVoicePrompts(services, o => { o.ApiKey = "k"; o.UseEnvironment = false; })
            .UseTransport(_ => given);
        var provider = Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions.BuildServiceProvider(services);
        var client = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<ISpeechClient>(provider);
        await client.SynthesizeAsync(Hello);
        Assert.Single(given.Requests);
        await provider.DisposeAsync();
        Assert.True(given.Disposed);

        // The built-in transports are container singletons: the client's chain leaves them to the container.
        await using var server = await LoopbackServer.StartEchoingAsync();
        var own = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        Microsoft.Extensions.DependencyInjection.VoicePromptsServiceCollectionExtensions.AddVoicePrompts(own, o => { o.ApiKey = "k"; o.BaseUrl = server.BaseUrl; o.UseEnvironment = false; });
        await using var ownProvider = Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions.BuildServiceProvider(own);
        Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<ISpeechClient>(ownProvider).Dispose();
        var transport = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<OpenAISpeechClient>(ownProvider);
        await transport.SynthesizeAsync(new SpeechRequest("gpt-4o-mini-tts", SpeechVoice.Coral, "Still here."));
        Assert.Single(server.Requests);
    }

    [Fact]
    public void Usage_adds_totals_and_keeps_only_details_both_sides_report()
    {
        var a = new SpeechUsage(10, 90, 100) { InputTextTokens = 10, OutputAudioTokens = 80, OutputTextTokens = 10 };
        var b = new SpeechUsage(5, 45, 50) { InputTextTokens = 5, OutputAudioTokens = 40 };
        var sum = a.Add(b);
        Assert.Equal((15, 135, 150), (sum.InputTokens, sum.OutputTokens, sum.TotalTokens));
        Assert.Equal(15, sum.InputTextTokens);
        Assert.Equal(120, sum.OutputAudioTokens);
        Assert.Null(sum.OutputTextTokens);
        Assert.Equal(new SpeechUsage(15, 135, 150) { InputTextTokens = 15, OutputAudioTokens = 120 }, sum);
        Assert.NotEqual(new SpeechUsage(15, 135, 150), sum);
    }

    [Fact]
    public void The_default_client_reports_telemetry_and_names_its_backend()
    {
        using var client = SpeechClient.CreateFromEnvironment();
        Assert.NotNull(client.GetService<OpenTelemetrySpeechClient>());
        var transport = client.GetService<OpenAISpeechClient>();
        Assert.NotNull(transport);
        Assert.Equal(transport!.Metadata, client.GetService<SpeechClientMetadata>());
    }

    [Fact]
    public async Task The_cache_answers_GetService_with_its_store_and_tools_find_its_clips_under_SpeechCacheKey()
    {
        await using var server = await LoopbackServer.StartEchoingAsync();
        var store = new MemoryStore();
        using var client = new OpenAISpeechClient(new OpenAISpeechClientOptions { BaseUrl = server.BaseUrl, ApiKey = "k" })
            .AsBuilder().UseCache(store).UseLogging().Build();
        Assert.Same(store, client.GetService<ISpeechAudioStore>());
        Assert.Null(client.GetService<ISpeechAudioStore>(serviceKey: "other"));

        var request = new SpeechRequest("gpt-4o-mini-tts", SpeechVoice.Coral, "Looked up by a tool.");
        var audio = await client.SynthesizeAsync(request);
        var stored = await client.GetService<ISpeechAudioStore>()!.GetAsync(SpeechCacheKey.For(request, client));
        Assert.Equal(audio.Data.ToArray(), stored!.Data.ToArray());

        // Without a cache there is no store to find.
        using var uncached = new OpenAISpeechClient(new OpenAISpeechClientOptions { BaseUrl = server.BaseUrl, ApiKey = "k" }).AsBuilder().UseLogging().Build();
        Assert.Null(uncached.GetService<ISpeechAudioStore>());
    }

    [Fact]
    public async Task The_cache_keys_on_the_backend_so_two_servers_never_share_a_clip()
    {
        await using var first = await LoopbackServer.StartEchoingAsync();
        await using var second = await LoopbackServer.StartEchoingAsync();
        var store = new MemoryStore();
        using var one = new OpenAISpeechClient(new OpenAISpeechClientOptions { BaseUrl = first.BaseUrl, ApiKey = "k" }).AsBuilder().UseCache(store).Build();
        using var two = new OpenAISpeechClient(new OpenAISpeechClientOptions { BaseUrl = second.BaseUrl, ApiKey = "k" }).AsBuilder().UseCache(store).Build();
        var request = new SpeechRequest("tts-1", SpeechVoice.Alloy, "Same model name, another server.");

        await one.SynthesizeAsync(request);
        await one.SynthesizeAsync(request);
        await two.SynthesizeAsync(request);
        Assert.Single(first.Requests);
        Assert.Single(second.Requests); // not served from the first server's clip
        Assert.Equal(2, store.Count);
    }

    [Fact]
    public async Task A_compatible_servers_sample_rate_is_read_from_its_WAV_header_and_never_guessed()
    {
        // A 16 kHz WAV header (44 bytes, sizes unknown as when streaming), then two samples.
        byte[] wav = new byte[48];
        System.Text.Encoding.ASCII.GetBytes("RIFF").CopyTo(wav, 0);
        BitConverter.GetBytes(uint.MaxValue).CopyTo(wav, 4);
        System.Text.Encoding.ASCII.GetBytes("WAVEfmt ").CopyTo(wav, 8);
        BitConverter.GetBytes(16).CopyTo(wav, 16);
        BitConverter.GetBytes((short)1).CopyTo(wav, 20);
        BitConverter.GetBytes((short)1).CopyTo(wav, 22);
        BitConverter.GetBytes(16000).CopyTo(wav, 24);
        BitConverter.GetBytes(32000).CopyTo(wav, 28);
        BitConverter.GetBytes((short)2).CopyTo(wav, 32);
        BitConverter.GetBytes((short)16).CopyTo(wav, 34);
        System.Text.Encoding.ASCII.GetBytes("data").CopyTo(wav, 36);
        BitConverter.GetBytes(uint.MaxValue).CopyTo(wav, 40);
        await using var server = await LoopbackServer.StartAsync(async (context, _) => await context.Response.Body.WriteAsync(wav));
        using var client = new OpenAISpeechClient(new OpenAISpeechClientOptions { BaseUrl = server.BaseUrl });

        var audio = await client.SynthesizeAsync(new SpeechRequest("kokoro", SpeechVoice.FromName("af_heart"), "Hi.") { Format = AudioFormat.Wav });
        Assert.Equal(16000, audio.SampleRate);
        var updates = new List<SpeechAudioUpdate>();
        await foreach (var update in client.StreamAsync(new SpeechRequest("kokoro", SpeechVoice.FromName("af_heart"), "Hi.") { Format = AudioFormat.Wav })) updates.Add(update);
        Assert.All(updates, u => Assert.Equal(16000, u.SampleRate));

        // Headerless PCM from a server whose rate is not documented: unknown, not OpenAI's 24 kHz.
        var pcm = await client.SynthesizeAsync(new SpeechRequest("kokoro", SpeechVoice.FromName("af_heart"), "Hi.") { Format = AudioFormat.Pcm });
        Assert.Null(pcm.SampleRate);
    }

    [Fact]
    public async Task The_splitter_reports_a_clip_as_reworded_when_any_piece_was_and_the_cache_does_not_keep_it()
    {
        string longText = string.Concat(Enumerable.Range(1, 200).Select(i => $"Sentence {i} of the terms and conditions applies. "));
        var request = Hello with { Input = longText };
        var pieces = SpeechTextSplitter.Split(longText, 4096, 2000);
        Assert.True(pieces.Count >= 3);

        var faithful = new InMemoryBackend(_ => false);
        using (var client = faithful.AsBuilder().UseLongTextSplitting().Build())
        {
            Assert.True((await client.SynthesizeAsync(request)).TranscriptMatchesInput);
            Assert.True((await Last(client.StreamAsync(request))).TranscriptMatchesInput);
        }

        var drifting = new InMemoryBackend(input => input == pieces[1]);
        var store = new MemoryStore();
        using var cached = drifting.AsBuilder().UseCache(store).UseLongTextSplitting().Build();
        var spoken = await cached.SynthesizeAsync(request);
        var streamed = await Last(cached.StreamAsync(request));
        Assert.False(spoken.TranscriptMatchesInput);
        Assert.False(streamed.TranscriptMatchesInput);
        Assert.Contains("reworded", spoken.Transcript);
        Assert.Equal(0, store.Count); // a reworded clip is never stored
        Assert.False((await cached.SynthesizeAsync(request)).IsCacheHit);

        // One piece with no claim beside matching ones: the whole makes no claim.
        Assert.Null(new[] { (bool?)true, null, true }.Aggregate(new PieceTotals(), (t, m) => { t.Add(null, "x", m, null); return t; }).Matches);
        Assert.False(new[] { (bool?)null, false, true }.Aggregate(new PieceTotals(), (t, m) => { t.Add(null, "x", m, null); return t; }).Matches);
    }

    private static async Task<SpeechAudioUpdate> Last(IAsyncEnumerable<SpeechAudioUpdate> stream)
    {
        SpeechAudioUpdate? last = null;
        await foreach (var update in stream) last = update;
        return last!;
    }

    private sealed class MemoryStore : ISpeechAudioStore
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, SpeechAudio> _clips = new();

        public int Count => _clips.Count;

        public Task<SpeechAudio?> GetAsync(string key, CancellationToken cancellationToken = default) =>
            Task.FromResult(_clips.TryGetValue(key, out var audio) ? audio : null);

        public Task SetAsync(string key, SpeechAudio audio, CancellationToken cancellationToken = default)
        {
            _clips[key] = audio;
            return Task.CompletedTask;
        }
    }
}
