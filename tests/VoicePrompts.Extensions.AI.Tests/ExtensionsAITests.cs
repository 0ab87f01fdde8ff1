using System.ClientModel;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenAI;
using OpenAI.Audio;
using VoicePrompts.Tests;
using VoicePrompts.Tests.Realtime;

namespace VoicePrompts.Extensions.AI.Tests;

/// <summary>
/// Both adapters against a real speech endpoint on loopback: VoicePrompts under MEAI middleware, and MEAI's own OpenAI
/// client (and middleware) under VoicePrompts — byte-exact audio, and the request bodies the server received.
/// </summary>
public sealed class ExtensionsAITests : IAsyncLifetime
{
    private LoopbackServer _server = null!;
    private readonly List<string> _logs = new();

    public async Task InitializeAsync() => _server = await LoopbackServer.StartAsync(SpeechEndpoint);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// <summary>OpenAI's <c>/v1/audio/speech</c> as far as these tests need: audio derived from the request, typed by its format.</summary>
    private static async Task SpeechEndpoint(HttpContext context, byte[] body)
    {
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        if (root.GetProperty("input").GetString() == "refuse me")
        {
            context.Response.StatusCode = 400;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"error":{"message":"Invalid voice: nobody.","type":"invalid_request_error","param":"voice","code":null}}""");
            return;
        }
        string format = root.TryGetProperty("response_format", out var f) ? f.GetString()! : "mp3";
        if (!OpenAIFormats.Contains(format))
        {
            // As OpenAI answers a response_format outside its enum (docs/openai-speech.md).
            context.Response.StatusCode = 400;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"error\":{\"message\":\"Invalid value: '" + format + "'. Supported values are: 'mp3', 'opus', 'aac', 'flac', 'wav', and 'pcm'.\",\"type\":\"invalid_request_error\",\"param\":\"response_format\",\"code\":\"invalid_value\"}}");
            return;
        }
        byte[] audio = AudioFor(root.GetProperty("input").GetString()!, format);
        if (root.TryGetProperty("stream_format", out var stream) && stream.GetString() == "sse")
        {
            // OpenAI's SSE framing (docs/openai-speech.md): audio deltas in base64, then done with usage.
            context.Response.ContentType = "text/event-stream";
            for (int offset = 0; offset < audio.Length; offset += 4)
            {
                string delta = Convert.ToBase64String(audio, offset, Math.Min(4, audio.Length - offset));
                await context.Response.WriteAsync("data: {\"type\":\"speech.audio.delta\",\"audio\":\"" + delta + "\"}\n\n");
                await context.Response.Body.FlushAsync();
            }
            await context.Response.WriteAsync("data: {\"type\":\"speech.audio.done\",\"usage\":{\"input_tokens\":7,\"output_tokens\":40,\"total_tokens\":47}}\n\n");
            return;
        }
        context.Response.ContentType = format switch { "wav" => "audio/wav", "pcm" => "audio/pcm", "opus" => "audio/opus", "aac" => "audio/aac", "flac" => "audio/flac", _ => "audio/mpeg" };
        context.Response.Headers["x-request-id"] = "req_loopback";
        await context.Response.Body.WriteAsync(audio);
    }

    private static readonly string[] OpenAIFormats = { "mp3", "opus", "aac", "flac", "wav", "pcm" };

    private static byte[] AudioFor(string input, string format) => Encoding.UTF8.GetBytes(format + ":" + input);

    private JsonElement LastBody() => JsonDocument.Parse(_server.Requests.Last().Body).RootElement;

    private OpenAISpeechClient VoicePromptsClient() => new(new OpenAISpeechClientOptions { BaseUrl = _server.BaseUrl, ApiKey = "sk-loopback" });

    private AudioClient OpenAIAudioClient() =>
        new("gpt-4o-mini-tts", new ApiKeyCredential("sk-loopback"), new OpenAIClientOptions { Endpoint = _server.BaseUrl });

    private ILoggerFactory Logs() => LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new ListLoggerProvider(_logs)));

    [Theory]
    [InlineData("audio/wav")]
    [InlineData("wav")]
    public async Task A_VoicePrompts_client_under_MEAI_middleware_sends_the_mapped_request_and_returns_the_servers_bytes(string format)
    {
        using var voicePrompts = VoicePromptsClient();
        using var activities = new ActivityCollector("Experimental.Microsoft.Extensions.AI");
        using var tts = voicePrompts.AsTextToSpeechClient()
            .AsBuilder()
            .UseLogging(Logs())
            .UseOpenTelemetry(sourceName: "Experimental.Microsoft.Extensions.AI")
            .Build();

        var options = new TextToSpeechOptions
        {
            ModelId = "gpt-4o-mini-tts", VoiceId = "coral", AudioFormat = format, Speed = 1.25f, Language = "en",
            AdditionalProperties = new AdditionalPropertiesDictionary { ["instructions"] = "Warm and unhurried." },
        };
        var response = await tts.GetAudioAsync("Your table is ready.", options);

        var audio = Assert.IsType<DataContent>(Assert.Single(response.Contents));
        Assert.Equal(AudioFor("Your table is ready.", "wav"), audio.Data.ToArray());
        Assert.Equal("audio/wav", audio.MediaType);
        Assert.Equal("req_loopback", response.ResponseId);
        var body = LastBody();
        Assert.Equal(("gpt-4o-mini-tts", "coral", "wav", 1.25, "Warm and unhurried."),
            (body.GetProperty("model").GetString(), body.GetProperty("voice").GetString(), body.GetProperty("response_format").GetString(),
             body.GetProperty("speed").GetDouble(), body.GetProperty("instructions").GetString()));
        Assert.NotEmpty(_logs); // MEAI's logging middleware saw the call
        Assert.Contains(activities.Stopped, a => a.Source.Name == "Experimental.Microsoft.Extensions.AI");
    }

    [Fact]
    public async Task Streamed_audio_arrives_as_DataContent_with_usage_on_the_last_update()
    {
        await using var realtime = await FakeRealtimeServer.StartAsync();
        using var client = new RealtimeSpeechClient(new RealtimeSpeechClientOptions { BaseUrl = realtime.BaseUrl, ApiKey = "sk-loopback" });
        using var tts = client.AsTextToSpeechClient(defaultModelId: "gpt-realtime-2.1-mini", defaultVoiceId: "marin");

        var updates = new List<TextToSpeechResponseUpdate>();
        await foreach (var update in tts.GetStreamingAudioAsync("Press one for sales.", new TextToSpeechOptions { AudioFormat = "audio/pcm" }))
            updates.Add(update);

        var audio = updates.SelectMany(u => u.Contents.OfType<DataContent>()).ToList();
        Assert.Equal(FakeRealtimeServer.PcmFor("Press one for sales."), audio.SelectMany(d => d.Data.ToArray()).ToArray());
        Assert.All(audio, d => Assert.Equal("audio/L16; rate=24000; channels=1", d.MediaType));
        var last = updates[^1];
        Assert.Equal(TextToSpeechResponseUpdateKind.AudioUpdated, last.Kind);
        var usage = Assert.IsType<UsageContent>(Assert.Single(last.Contents)).Details;
        Assert.Equal((100L, 30L, 130L, 20L), (usage.InputTokenCount, usage.OutputTokenCount, usage.TotalTokenCount, usage.OutputAudioTokenCount));
        Assert.All(updates.Take(updates.Count - 1), u => Assert.DoesNotContain(u.Contents, c => c is UsageContent));
        Assert.Empty(realtime.Violations);

        // The whole response, assembled by MEAI's own helper, carries the usage too.
        var whole = updates.ToTextToSpeechResponse();
        Assert.Equal(20L, whole.Usage?.OutputAudioTokenCount);
    }

    [Fact]
    public async Task MEAIs_OpenAI_client_under_VoicePrompts_gets_voice_format_speed_and_instructions_to_OpenAI()
    {
        var speech = OpenAIAudioClient().AsITextToSpeechClient().AsSpeechClient();
        var request = new SpeechRequest("gpt-4o-mini-tts", SpeechVoice.Sage, "Please hold.") { Instructions = "Calm.", Format = AudioFormat.Wav, Speed = 1.1 };

        var audio = await speech.SynthesizeAsync(request);

        Assert.Equal(AudioFor("Please hold.", "wav"), audio.Data.ToArray());
        Assert.Equal(AudioFormat.Wav, audio.Format);
        var body = LastBody();
        Assert.Equal(("sage", "wav", "Calm."), (body.GetProperty("voice").GetString(), body.GetProperty("response_format").GetString(), body.GetProperty("instructions").GetString()));
        Assert.Equal(1.1, body.GetProperty("speed").GetDouble(), 3);
    }

    [Fact]
    public async Task Instructions_still_reach_OpenAI_through_MEAI_middleware_and_streams_end_with_a_final_update()
    {
        var speech = OpenAIAudioClient().AsITextToSpeechClient()
            .AsBuilder()
            .UseLogging(Logs())
            .UseOpenTelemetry()
            .Build()
            .AsSpeechClient();
        var request = new SpeechRequest("gpt-4o-mini-tts", SpeechVoice.Coral, "Goodbye.") { Instructions = "Cheerful.", Format = AudioFormat.Mp3 };

        var bytes = new List<byte>();
        SpeechAudioUpdate? final = null;
        await foreach (var update in speech.StreamAsync(request))
        {
            if (update.IsFinal) final = update;
            else bytes.AddRange(update.Data.ToArray());
        }

        Assert.Equal(AudioFor("Goodbye.", "mp3"), bytes.ToArray());
        Assert.NotNull(final);
        Assert.Equal((7, 40, 47), (final!.Usage?.InputTokens, final.Usage?.OutputTokens, final.Usage?.TotalTokens)); // MEAI's UsageContent, mapped back
        Assert.Equal("Cheerful.", LastBody().GetProperty("instructions").GetString());
        Assert.NotEmpty(_logs);
    }

    [Fact]
    public async Task AddVoicePrompts_speaks_through_a_keyed_ITextToSpeechClient_with_the_cache_around_it()
    {
        string cache = Directory.CreateTempSubdirectory("voiceprompts-meai-").FullName;
        try
        {
            var services = new ServiceCollection();
            services.AddKeyedTextToSpeechClient("phone", OpenAIAudioClient().AsITextToSpeechClient());
            services.AddVoicePrompts(o => o.UseDiskCache(cache, maxBytes: 1_000_000)).UseTextToSpeechClient("phone");
            await using var provider = services.BuildServiceProvider();
            var speech = provider.GetRequiredService<ISpeechClient>();
            var request = new SpeechRequest("gpt-4o-mini-tts", SpeechVoice.Ash, "Welcome back.") { Format = AudioFormat.Opus };

            var first = await speech.SynthesizeAsync(request);
            var second = await speech.SynthesizeAsync(request);

            Assert.Equal(AudioFor("Welcome back.", "opus"), first.Data.ToArray());
            Assert.Equal(first.Data.ToArray(), second.Data.ToArray());
            Assert.Single(_server.Requests); // the second came from VoicePrompts' cache, in front of the MEAI client
            var metadata = Assert.IsType<SpeechClientMetadata>(speech.GetService(typeof(SpeechClientMetadata)));
            Assert.Equal("extensions-ai/openai", metadata.ProviderName);
        }
        finally
        {
            Directory.Delete(cache, recursive: true);
        }
    }

    [Fact]
    public async Task AddVoicePrompts_takes_the_unkeyed_ITextToSpeechClient_too()
    {
        var services = new ServiceCollection();
        services.AddTextToSpeechClient(OpenAIAudioClient().AsITextToSpeechClient()).UseLogging(Logs());
        services.AddVoicePrompts().UseTextToSpeechClient();
        await using var provider = services.BuildServiceProvider();

        var audio = await provider.GetRequiredService<ISpeechClient>().SynthesizeAsync(new SpeechRequest("gpt-4o-mini-tts", SpeechVoice.Verse, "Hi."));

        Assert.Equal(AudioFor("Hi.", "mp3"), audio.Data.ToArray());
        Assert.NotEmpty(_logs); // the container's MEAI pipeline, middleware included, is the transport
    }

    [Fact]
    public async Task GetService_answers_each_sides_metadata_and_the_wrapped_client()
    {
        using var voicePrompts = VoicePromptsClient();
        using var tts = voicePrompts.AsTextToSpeechClient();
        var metadata = tts.GetService<TextToSpeechClientMetadata>();
        Assert.NotNull(metadata);
        Assert.Equal("openai-compatible", metadata!.ProviderName);
        Assert.Equal(((SpeechClientMetadata)voicePrompts.GetService(typeof(SpeechClientMetadata))!).Endpoint, metadata.ProviderUri);
        Assert.StartsWith(_server.BaseUrl.ToString(), metadata.ProviderUri!.ToString());
        Assert.Equal("gpt-4o-mini-tts", metadata.DefaultModelId);
        Assert.Same(voicePrompts, tts.GetService<ISpeechClient>());
        Assert.Same(voicePrompts, tts.GetService<OpenAISpeechClient>());

        var meai = OpenAIAudioClient().AsITextToSpeechClient();
        var speech = meai.AsSpeechClient();
        Assert.Same(meai, speech.GetService(typeof(ITextToSpeechClient)));
        Assert.NotNull(speech.GetService(typeof(AudioClient))); // asked of the MEAI client underneath
        Assert.Same(speech, speech.GetService(typeof(ISpeechClient)));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Errors_pass_through_unchanged_both_ways()
    {
        using var voicePrompts = VoicePromptsClient();
        var refused = await Assert.ThrowsAsync<SpeechApiException>(() =>
            voicePrompts.AsTextToSpeechClient().GetAudioAsync("refuse me", new TextToSpeechOptions { VoiceId = "coral" }));
        Assert.Contains("Invalid voice: nobody.", refused.Message);

        var meaiRefused = await Assert.ThrowsAsync<ClientResultException>(() =>
            OpenAIAudioClient().AsITextToSpeechClient().AsSpeechClient().SynthesizeAsync(new SpeechRequest("gpt-4o-mini-tts", SpeechVoice.Coral, "refuse me")));
        Assert.Equal(400, meaiRefused.Status);
    }

    [Fact]
    public async Task An_audio_format_nobody_knows_is_refused_before_the_network_with_its_name()
    {
        using var voicePrompts = VoicePromptsClient();
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            voicePrompts.AsTextToSpeechClient().GetAudioAsync("Hello.", new TextToSpeechOptions { AudioFormat = "video/mp4" }));
        Assert.Contains("'video/mp4'", error.Message);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task A_custom_voice_id_goes_on_the_wire_as_an_id()
    {
        using var voicePrompts = VoicePromptsClient();
        await voicePrompts.AsTextToSpeechClient().GetAudioAsync("Hello.", new TextToSpeechOptions { VoiceId = "voice_1234" });
        Assert.Equal("voice_1234", LastBody().GetProperty("voice").GetProperty("id").GetString());
    }

    [Fact]
    public async Task Pitch_and_volume_are_refused_rather_than_dropped()
    {
        using var voicePrompts = VoicePromptsClient();
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            voicePrompts.AsTextToSpeechClient().GetAudioAsync("Hello.", new TextToSpeechOptions { Pitch = 1.2f }));
        Assert.Contains("Pitch", error.Message);
        Assert.Empty(_server.Requests);
    }

    [Theory]
    [InlineData("mp3")]
    [InlineData("opus")]
    [InlineData("aac")]
    [InlineData("flac")]
    [InlineData("wav")]
    [InlineData("pcm")]
    public async Task Every_format_OpenAI_makes_reaches_it_through_MEAIs_OpenAI_client_as_a_valid_response_format(string format)
    {
        var speech = OpenAIAudioClient().AsITextToSpeechClient().AsSpeechClient();
        var request = new SpeechRequest("gpt-4o-mini-tts", SpeechVoice.Coral, "Your code is 4 2 7.") { Format = new AudioFormat(format) };

        var audio = await speech.SynthesizeAsync(request);
        var streamed = new List<byte>();
        await foreach (var update in speech.StreamAsync(request)) streamed.AddRange(update.Data.ToArray());

        Assert.Equal(format, LastBody().GetProperty("response_format").GetString());
        Assert.Equal(AudioFor(request.Input, format), audio.Data.ToArray());
        Assert.Equal(AudioFor(request.Input, format), streamed.ToArray());
        Assert.Equal(request.Format, audio.Format);
    }

    [Theory]
    [InlineData("pcmu")]
    [InlineData("pcma")]
    [InlineData("pcm_8000")]
    [InlineData("wav_pcmu")]
    public async Task Telephony_formats_through_MEAIs_OpenAI_client_are_made_from_the_endpoints_pcm(string format)
    {
        // OpenAI's endpoint makes no G.711 and refuses the name (this server does too): 24 kHz pcm is asked for and converted.
        var speech = OpenAIAudioClient().AsITextToSpeechClient().AsSpeechClient();
        var request = new SpeechRequest("gpt-4o-mini-tts", SpeechVoice.Coral, "Press one for sales, two for support.") { Format = new AudioFormat(format) };

        var audio = await speech.SynthesizeAsync(request);
        Assert.Equal("pcm", LastBody().GetProperty("response_format").GetString());
        var streamed = new List<byte>();
        await foreach (var update in speech.StreamAsync(request))
        {
            Assert.Equal(request.Format, update.Format);
            streamed.AddRange(update.Data.ToArray());
        }
        Assert.Equal("pcm", LastBody().GetProperty("response_format").GetString());

        var target = VoicePrompts.Shared.AudioFormatFacts.Of(format)!.Value;
        byte[] expected = VoicePrompts.Audio.AudioConverter.ConvertAll(AudioFor(request.Input, "pcm"), VoicePrompts.Shared.AudioFormatFacts.Pcm24k, target);
        Assert.Equal(expected, audio.Data.ToArray());
        Assert.Equal(request.Format, audio.Format);
        Assert.Equal(8000, audio.SampleRate);
        var joined = streamed.ToArray();
        if (target.IsWav)
            VoicePrompts.WavHeader.FixSizes(joined);
        Assert.Equal(expected, joined);
    }

    [Fact]
    public async Task Another_provider_is_asked_for_WAV_and_its_rate_read_from_the_header()
    {
        // The provider here is VoicePrompts' own MEAI adapter over a compatible server whose WAV is 16 kHz.
        byte[] samples = new byte[16000]; // 0.5 s
        for (int i = 0; i < samples.Length / 2; i++)
            BitConverter.TryWriteBytes(samples.AsSpan(2 * i), (short)(6000 * Math.Sin(2 * Math.PI * 500 * i / 16000)));
        await using var server = await LoopbackServer.StartAsync(async (context, body) =>
        {
            Assert.Equal("wav", JsonDocument.Parse(body).RootElement.GetProperty("response_format").GetString());
            context.Response.ContentType = "audio/wav";
            await context.Response.Body.WriteAsync(VoicePrompts.WavHeader.ForPcm16Mono(16000, samples.Length).Concat(samples).ToArray());
        });
        using var compatible = new OpenAISpeechClient(new OpenAISpeechClientOptions { BaseUrl = server.BaseUrl, ApiKey = "k" });
        var speech = compatible.AsTextToSpeechClient().AsSpeechClient();
        var request = new SpeechRequest("kokoro", SpeechVoice.FromName("af_heart"), "Press one.") { Format = AudioFormat.Pcmu };

        var audio = await speech.SynthesizeAsync(request);
        byte[] expected = VoicePrompts.Audio.AudioConverter.ConvertAll(samples,
            new VoicePrompts.Shared.AudioFormatFacts(VoicePrompts.Shared.SampleEncoding.Pcm16, 16000, false), VoicePrompts.Shared.AudioFormatFacts.Of("pcmu")!.Value);
        Assert.Equal(expected, audio.Data.ToArray());
        Assert.Equal(4000, audio.Data.Length);
        Assert.Equal(TimeSpan.FromSeconds(0.5), audio.Duration);
    }

    [Fact]
    public async Task A_provider_whose_answer_is_not_the_WAV_asked_for_is_a_stream_error_naming_it()
    {
        // This test server's "WAV" is text: nothing to convert, and nothing silently passed on as μ-law.
        using var compatible = new OpenAISpeechClient(new OpenAISpeechClientOptions { BaseUrl = _server.BaseUrl, ApiKey = "k" });
        var speech = compatible.AsTextToSpeechClient().AsSpeechClient();
        var request = new SpeechRequest("kokoro", SpeechVoice.FromName("af_heart"), "Press one.") { Format = AudioFormat.Pcmu };
        var whole = await Assert.ThrowsAsync<SpeechStreamException>(() => speech.SynthesizeAsync(request));
        Assert.Contains("could not be converted to pcmu", whole.Message);
        Assert.Contains("not WAV", whole.Message);
        await Assert.ThrowsAsync<SpeechStreamException>(async () => { await foreach (var _ in speech.StreamAsync(request)) { } });
    }

    [Theory]
    [InlineData("pcm", null, "audio/L16; rate=24000; channels=1")]
    [InlineData("pcm_16000", null, "audio/L16; rate=16000; channels=1")]
    [InlineData("pcm_8000", null, "audio/L16; rate=8000; channels=1")]
    [InlineData("pcmu", null, "audio/PCMU")]
    [InlineData("pcma", null, "audio/PCMA")]
    [InlineData("wav", null, "audio/wav")]
    [InlineData("mp3", null, "audio/mpeg")]
    [InlineData("ogg_vorbis", null, "ogg_vorbis")]
    public void Formats_travel_as_the_media_types_providers_recognise(string format, int? rate, string mediaType)
    {
        Assert.Equal(mediaType, AudioMediaTypes.ToMediaType(new AudioFormat(format), rate));
        Assert.Equal(format, AudioMediaTypes.ToFormat(mediaType)?.Value); // and read back
    }

    [Fact]
    public async Task VoicePrompts_under_MEAI_labels_raw_PCM_as_L16()
    {
        using var voicePrompts = VoicePromptsClient();
        var response = await voicePrompts.AsTextToSpeechClient().GetAudioAsync("Hello.", new TextToSpeechOptions { AudioFormat = "audio/L16; rate=24000; channels=1" });
        Assert.Equal("pcm", LastBody().GetProperty("response_format").GetString());
        Assert.Equal("audio/L16; rate=24000; channels=1", Assert.IsType<DataContent>(Assert.Single(response.Contents)).MediaType);
    }

    [Theory]
    [InlineData("audio/mpeg", "mp3")]
    [InlineData("mp3", "mp3")]
    [InlineData("audio/wav", "wav")]
    [InlineData("audio/x-wav", "wav")]
    [InlineData("audio/L16; rate=24000", "pcm")]
    [InlineData("audio/L16;rate=24000;channels=1", "pcm")]
    [InlineData("audio/pcmu", "pcmu")]
    [InlineData("audio/ogg", "opus")]
    [InlineData("audio/mp3", "mp3")]
    [InlineData("audio/x-flac", "flac")]
    [InlineData("audio/wave", "wav")]
    [InlineData("audio/pcm", "pcm")]
    [InlineData("audio/opus", "opus")]
    [InlineData("audio/flac", "flac")]
    [InlineData("audio/aac", "aac")]
    [InlineData("audio/basic", "pcmu")]
    [InlineData("audio/PCMA", "pcma")]
    public void Media_types_and_names_read_as_the_same_format(string value, string expected)
    {
        Assert.Equal(expected, AudioMediaTypes.ToFormat(value)?.Value);
        Assert.Equal(expected, AudioMediaTypes.ToFormat(new AudioFormat(expected).ContentType)?.Value); // and back
    }

    private sealed class ListLoggerProvider(List<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new ListLogger(lines, categoryName);

        public void Dispose()
        {
        }

        private sealed class ListLogger(List<string> lines, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (lines) lines.Add(category + ": " + formatter(state, exception));
            }
        }
    }

    private sealed class ActivityCollector : IDisposable
    {
        private readonly ActivityListener _listener;

        public ActivityCollector(string sourceName)
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == sourceName,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = activity => { lock (Stopped) Stopped.Add(activity); },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public List<Activity> Stopped { get; } = new();

        public void Dispose() => _listener.Dispose();
    }
}
