using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace VoicePrompts.Tests.Realtime;

/// <summary>
/// The Realtime backend against a fake Realtime API on 127.0.0.1 that checks every client event against OpenAI's
/// schemas: verbatim reads, fidelity, formats, errors, sessions, concurrency, streaming and cancellation.
/// </summary>
public class RealtimeSpeechClientTests
{
    private const string Model = "gpt-realtime-2.1-mini";
    private static readonly SpeechRequest Hello = new(Model, SpeechVoice.Marin, "Press 3 for billing.") { Format = AudioFormat.Pcm, Instructions = "Calm." };

    private static RealtimeSpeechClient Client(FakeRealtimeServer server, Action<RealtimeSpeechClientOptions>? configure = null)
    {
        var options = new RealtimeSpeechClientOptions
        {
            BaseUrl = server.BaseUrl,
            ApiKey = "sk-realtime",
            Retry = new SpeechRetryOptions { BaseDelay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromMilliseconds(20) },
        };
        configure?.Invoke(options);
        return new RealtimeSpeechClient(options);
    }

    private static void AssertOnlyGaEvents(FakeRealtimeServer server) =>
        Assert.True(server.Violations.IsEmpty, string.Join("\n", server.Violations));

    [Fact]
    public async Task A_verbatim_read_is_one_out_of_band_response_on_a_GA_session()
    {
        await using var server = await FakeRealtimeServer.StartAsync();
        using var client = Client(server);

        var audio = await client.SynthesizeAsync(Hello with { Speed = 1.2 });

        Assert.Equal(FakeRealtimeServer.PcmFor(Hello.Input), audio.Data.ToArray());
        Assert.Equal(Hello.Input, audio.Transcript);
        Assert.True(audio.TranscriptMatchesInput);
        Assert.Equal(24000, audio.SampleRate);
        Assert.Equal((100, 30, 130, 100, 20), (audio.Usage!.InputTokens, audio.Usage.OutputTokens, audio.Usage.TotalTokens, audio.Usage.InputTextTokens, audio.Usage.OutputAudioTokens));
        Assert.StartsWith("resp_", audio.RequestId);

        var connection = Assert.Single(server.Connections);
        Assert.Equal("/v1/realtime?model=gpt-realtime-2.1-mini", connection.PathAndQuery);
        Assert.Equal("Bearer sk-realtime", connection.Authorization);
        Assert.Null(connection.Beta); // GA only: a beta header gets the socket closed with 4000
        var events = server.ClientEvents.ToList();
        Assert.Equal(new[] { "session.update", "response.create" }, events.Select(e => e.GetProperty("type").GetString()));
        var output = events[0].GetProperty("session").GetProperty("audio").GetProperty("output");
        Assert.Equal(("marin", 1.2, "audio/pcm", 24000), (output.GetProperty("voice").GetString(), output.GetProperty("speed").GetDouble(),
            output.GetProperty("format").GetProperty("type").GetString(), output.GetProperty("format").GetProperty("rate").GetInt32()));
        var response = events[1].GetProperty("response");
        Assert.Equal("none", response.GetProperty("conversation").GetString());
        Assert.Equal("Press 3 for billing.", response.GetProperty("input")[0].GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal("input_text", response.GetProperty("input")[0].GetProperty("content")[0].GetProperty("type").GetString());
        Assert.Equal("[\"audio\"]", response.GetProperty("output_modalities").GetRawText());
        string instructions = response.GetProperty("instructions").GetString()!;
        Assert.Contains("word for word", instructions, StringComparison.Ordinal);
        Assert.EndsWith("Calm.", instructions, StringComparison.Ordinal); // the prompt's own, after the verbatim rule
        AssertOnlyGaEvents(server);
    }

    [RealtimeSchemaFact]
    public void The_fake_server_checks_events_against_OpenAIs_published_schemas()
    {
        // A session.update without session.type is what the schemas catch; beta fields next to it are what they let through.
        var missingType = JsonDocument.Parse("{\"type\":\"session.update\",\"session\":{\"output_modalities\":[\"audio\"]}}").RootElement;
        Assert.NotEmpty(RealtimeSchemas.Check(missingType));
        var beta = JsonDocument.Parse("{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\",\"modalities\":[\"audio\"],\"voice\":\"alloy\"}}").RootElement;
        Assert.Equal(2, RealtimeSchemas.Check(beta).Count);
        var retiredType = JsonDocument.Parse("{\"type\":\"response.audio.delta\"}").RootElement;
        Assert.NotEmpty(RealtimeSchemas.Check(retiredType));
        var good = JsonDocument.Parse("{\"type\":\"response.cancel\",\"response_id\":\"resp_1\"}").RootElement;
        Assert.Empty(RealtimeSchemas.Check(good));
    }

    [Fact]
    public async Task An_event_many_times_the_receive_buffer_arrives_whole()
    {
        // 300 KB of audio in one delta: about 400 KB of JSON, many WebSocket receives into one event.
        var big = new byte[300 * 1024];
        new Random(7).NextBytes(big);
        await using var server = await FakeRealtimeServer.StartAsync(async read =>
        {
            await read.CreatedAsync();
            await read.AudioAsync(big, chunks: 1);
            await read.TranscriptAsync(read.Text);
            await read.DoneAsync();
        });
        using var client = Client(server);

        var audio = await client.SynthesizeAsync(Hello);

        Assert.Equal(big, audio.Data.ToArray());
    }

    [Fact]
    public async Task WAV_is_a_header_over_PCM_and_G711_is_8_kHz()
    {
        await using var server = await FakeRealtimeServer.StartAsync();
        using var client = Client(server);
        byte[] pcm = FakeRealtimeServer.PcmFor(Hello.Input);

        var wav = await client.SynthesizeAsync(Hello with { Format = AudioFormat.Wav });
        Assert.Equal(44 + pcm.Length, wav.Data.Length);
        Assert.Equal("RIFF", Encoding.ASCII.GetString(wav.Data.Span[..4]));
        Assert.Equal(pcm.Length, BitConverter.ToInt32(wav.Data.Span.Slice(40, 4)));
        Assert.Equal(24000, BitConverter.ToInt32(wav.Data.Span.Slice(24, 4)));
        Assert.Equal(pcm, wav.Data[44..].ToArray());

        var streamed = new List<byte>();
        await foreach (var update in client.StreamAsync(Hello with { Format = AudioFormat.Wav })) streamed.AddRange(update.Data.ToArray());
        Assert.Equal(uint.MaxValue, BitConverter.ToUInt32(streamed.ToArray(), 40)); // a live stream's size is unknown, as OpenAI's streamed WAV says
        Assert.Equal(pcm, streamed.Skip(44).ToArray());

        var mulaw = await client.SynthesizeAsync(Hello with { Format = AudioFormat.Pcmu });
        Assert.Equal(pcm, mulaw.Data.ToArray());
        Assert.Equal(8000, mulaw.SampleRate);
        var formats = server.ClientEvents.Where(e => e.GetProperty("type").GetString() == "session.update")
            .Select(e => e.GetProperty("session").GetProperty("audio").GetProperty("output").GetProperty("format").GetProperty("type").GetString()).ToList();
        Assert.Equal(new[] { "audio/pcm", "audio/pcmu" }, formats); // wav and pcm share a session
        AssertOnlyGaEvents(server);
    }

    [Fact]
    public async Task A_format_the_model_cannot_produce_is_refused_before_the_network()
    {
        await using var server = await FakeRealtimeServer.StartAsync();
        using var client = Client(server);
        var ex = await Assert.ThrowsAsync<InvalidSpeechRequestException>(() => client.SynthesizeAsync(Hello with { Format = AudioFormat.Mp3 }));
        Assert.Contains("pcm, wav, pcmu, pcma", ex.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidSpeechRequestException>(() => client.SynthesizeAsync(Hello with { Voice = SpeechVoice.FromName("fable") }));
        await Assert.ThrowsAsync<InvalidSpeechRequestException>(() => client.SynthesizeAsync(Hello with { Speed = 2.0 }));
        Assert.Empty(server.Connections);
    }

    [Fact]
    public async Task A_reworded_read_is_read_again_and_a_benign_difference_is_not_a_rewording()
    {
        int reads = 0;
        await using var server = await FakeRealtimeServer.StartAsync(async read =>
        {
            await read.CreatedAsync();
            await read.AudioAsync(FakeRealtimeServer.PcmFor(read.Text));
            // First: the model answers instead of reading. Then: "3" said as "three", case and punctuation lost.
            await read.TranscriptAsync(Interlocked.Increment(ref reads) == 1 ? "Sure, I can help with billing!" : "press three for billing");
            await read.DoneAsync();
        });
        using var client = Client(server);

        var audio = await client.SynthesizeAsync(Hello);

        Assert.Equal(2, server.Responses);
        Assert.True(audio.TranscriptMatchesInput);
        Assert.Equal("press three for billing", audio.Transcript);
        AssertOnlyGaEvents(server);
    }

    [Fact]
    public async Task A_model_that_always_rewords_ends_in_a_fidelity_error_or_an_accepted_report()
    {
        await using var server = await FakeRealtimeServer.StartAsync(async read =>
        {
            await read.CreatedAsync();
            await read.AudioAsync(FakeRealtimeServer.PcmFor("reworded"));
            await read.TranscriptAsync("I'm pressing three for billing.");
            await read.DoneAsync();
        });
        using var strict = Client(server);
        var ex = await Assert.ThrowsAsync<SpeechFidelityException>(() => strict.SynthesizeAsync(Hello));
        Assert.Equal(3, ex.Attempts); // the first read and 2 retries
        Assert.Equal(3, server.Responses);
        Assert.Equal(Hello.Input, ex.Input);
        Assert.Equal("I'm pressing three for billing.", ex.Transcript);
        Assert.Equal(FakeRealtimeServer.PcmFor("reworded"), ex.Audio!.Data.ToArray());

        using var lenient = Client(server, o => o.Fidelity = new SpeechFidelityOptions { MaxRetries = 0, OnMismatch = SpeechFidelityPolicy.Accept });
        var accepted = await lenient.SynthesizeAsync(Hello);
        Assert.Equal(4, server.Responses);
        Assert.False(accepted.TranscriptMatchesInput);
        Assert.Equal("I'm pressing three for billing.", accepted.Transcript);
    }

    [Fact]
    public async Task A_response_with_text_but_no_audio_is_read_again()
    {
        int reads = 0;
        await using var server = await FakeRealtimeServer.StartAsync(async read =>
        {
            await read.CreatedAsync();
            if (Interlocked.Increment(ref reads) > 1)
                await read.AudioAsync(FakeRealtimeServer.PcmFor(read.Text));
            await read.TranscriptAsync(read.Text);
            await read.DoneAsync();
        });
        using var client = Client(server);
        var audio = await client.SynthesizeAsync(Hello);
        Assert.Equal(2, server.Responses);
        Assert.Equal(FakeRealtimeServer.PcmFor(Hello.Input), audio.Data.ToArray());

        // Streaming: nothing was yielded yet, so a silent read is read again there too.
        reads = 0;
        var streamed = new List<byte>();
        await foreach (var update in client.StreamAsync(Hello)) streamed.AddRange(update.Data.ToArray());
        Assert.Equal(FakeRealtimeServer.PcmFor(Hello.Input), streamed.ToArray());
        Assert.Equal(4, server.Responses);
    }

    [Fact]
    public async Task An_error_event_is_a_typed_error_and_is_not_retried()
    {
        await using var server = await FakeRealtimeServer.StartAsync(read =>
            read.ErrorAsync("invalid_request_error", "invalid_value", "Invalid value for 'response.instructions'.", "response.instructions"));
        using var client = Client(server);
        var ex = await Assert.ThrowsAsync<SpeechApiException>(() => client.SynthesizeAsync(Hello));
        Assert.Equal((System.Net.HttpStatusCode.BadRequest, "invalid_value", "invalid_request_error", "response.instructions"), (ex.StatusCode, ex.ErrorCode, ex.ErrorType, ex.Param));
        Assert.Equal("Invalid value for 'response.instructions'.", ex.ServerMessage);
        Assert.Equal(1, server.Responses);
    }

    [Fact]
    public async Task A_rate_limited_response_is_retried_with_backoff()
    {
        int reads = 0;
        await using var server = await FakeRealtimeServer.StartAsync(async read =>
        {
            await read.CreatedAsync();
            if (Interlocked.Increment(ref reads) == 1)
            {
                await read.DoneAsync("failed", new JsonObject { ["type"] = "failed", ["error"] = new JsonObject { ["type"] = "rate_limit_error", ["code"] = "rate_limit_exceeded" } });
                return;
            }
            await FakeRealtimeServer.Faithful(read);
        });
        using var client = Client(server);
        var audio = await client.SynthesizeAsync(Hello);
        Assert.Equal(2, server.Responses);
        Assert.True(audio.TranscriptMatchesInput);
    }

    [Fact]
    public async Task A_session_closed_before_any_audio_is_replaced_and_the_read_goes_on()
    {
        int reads = 0;
        await using var server = await FakeRealtimeServer.StartAsync(async read =>
        {
            if (Interlocked.Increment(ref reads) == 1)
            {
                await read.CloseSessionAsync(WebSocketCloseStatus.EndpointUnavailable, "Your session hit the maximum duration of 60 minutes.");
                return;
            }
            await FakeRealtimeServer.Faithful(read);
        });
        using var client = Client(server);
        var audio = await client.SynthesizeAsync(Hello);
        Assert.Equal(FakeRealtimeServer.PcmFor(Hello.Input), audio.Data.ToArray());
        Assert.Equal(2, server.ConnectionCount);
        AssertOnlyGaEvents(server);
    }

    [Fact]
    public async Task Eight_reads_at_once_share_a_bounded_pool_of_sessions()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int waiting = 0;
        await using var server = await FakeRealtimeServer.StartAsync(async read =>
        {
            await read.CreatedAsync();
            // Hold every read until all eight are in flight, so the pool has to carry them at once.
            if (Interlocked.Increment(ref waiting) == 8) release.TrySetResult();
            await release.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await read.AudioAsync(FakeRealtimeServer.PcmFor(read.Text), chunks: 2);
            await read.TranscriptAsync(read.Text);
            await read.DoneAsync();
        });
        using var client = Client(server, o => { o.MaxSessionsPerAudio = 2; o.MaxConcurrentReadsPerSession = 4; });

        var texts = Enumerable.Range(1, 8).Select(i => $"Prompt number {i}.").ToList();
        var clips = await Task.WhenAll(texts.Select(t => client.SynthesizeAsync(Hello with { Input = t })));

        Assert.Equal(texts.Select(FakeRealtimeServer.PcmFor).Select(Convert.ToBase64String), clips.Select(c => Convert.ToBase64String(c.Data.ToArray())));
        Assert.Equal(2, server.ConnectionCount);
        Assert.True(server.MostConcurrentOnOneConnection >= 4, $"at most {server.MostConcurrentOnOneConnection} reads at once on a connection");
        AssertOnlyGaEvents(server);
    }

    [Fact]
    public async Task Streaming_yields_audio_as_it_arrives_and_the_final_update_reports_the_transcript()
    {
        var firstHeard = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await FakeRealtimeServer.StartAsync(async read =>
        {
            await read.CreatedAsync();
            // The rest of the audio is sent only after the client has handed the first chunk to its caller.
            await read.AudioAsync(FakeRealtimeServer.PcmFor(read.Text), chunks: 4, delayMs: 5, between: firstHeard.Task.WaitAsync(TimeSpan.FromSeconds(30)));
            await read.TranscriptAsync("Press three, for billing");
            await read.DoneAsync();
        });
        using var client = Client(server);

        var updates = new List<SpeechAudioUpdate>();
        await foreach (var update in client.StreamAsync(Hello))
        {
            updates.Add(update);
            firstHeard.TrySetResult();
        }

        Assert.True(updates.Count >= 5, $"{updates.Count} updates");
        Assert.Equal(FakeRealtimeServer.PcmFor(Hello.Input), updates.SelectMany(u => u.Data.ToArray()).ToArray());
        var final = Assert.Single(updates, u => u.IsFinal);
        Assert.Same(updates[^1], final);
        Assert.Equal("Press three, for billing", final.Transcript);
        Assert.True(final.TranscriptMatchesInput);
        Assert.Equal(130, final.Usage!.TotalTokens);
    }

    [Fact]
    public async Task A_stream_that_rewords_after_audio_was_heard_reports_it_instead_of_retrying()
    {
        await using var server = await FakeRealtimeServer.StartAsync(async read =>
        {
            await read.CreatedAsync();
            await read.AudioAsync(FakeRealtimeServer.PcmFor(read.Text));
            await read.TranscriptAsync("Please press three to reach billing.");
            await read.DoneAsync();
        });
        using var client = Client(server);
        var updates = new List<SpeechAudioUpdate>();
        await foreach (var update in client.StreamAsync(Hello)) updates.Add(update);
        Assert.False(updates[^1].TranscriptMatchesInput);
        Assert.Equal(1, server.Responses);
    }

    [Fact]
    public async Task Cancelling_mid_response_cancels_it_on_the_server()
    {
        var cancelled = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await FakeRealtimeServer.StartAsync(async read =>
        {
            await read.CreatedAsync();
            await read.AudioAsync(FakeRealtimeServer.PcmFor(read.Text));
            await read.Cancelled.WaitAsync(TimeSpan.FromSeconds(30));
            cancelled.TrySetResult(read.ResponseId);
            await read.DoneAsync("cancelled");
        });
        using var client = Client(server);
        using var stop = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in client.StreamAsync(Hello, stop.Token))
                if (!update.Data.IsEmpty) stop.Cancel();
        });

        string responseId = await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var cancel = Assert.Single(server.ClientEvents, e => e.GetProperty("type").GetString() == "response.cancel");
        Assert.Equal(responseId, cancel.GetProperty("response_id").GetString());
        AssertOnlyGaEvents(server);
    }

    [Fact]
    public async Task AddVoicePrompts_routes_a_realtime_model_to_the_Realtime_API_by_configuration_alone()
    {
        await using var server = await FakeRealtimeServer.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["VoicePrompts:BaseUrl"] = server.BaseUrl.ToString(),
            ["VoicePrompts:ApiKey"] = "sk-di",
            ["VoicePrompts:UseEnvironment"] = "false",
        }).Build();
        var services = new ServiceCollection();
        services.AddVoicePrompts(configuration.GetSection("VoicePrompts"));
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<ISpeechClient>();

        var audio = await client.SynthesizeAsync(Hello);

        Assert.Equal(FakeRealtimeServer.PcmFor(Hello.Input), audio.Data.ToArray());
        Assert.Equal("Bearer sk-di", Assert.Single(server.Connections).Authorization);
        Assert.NotNull(client.GetService<RealtimeSpeechClient>());
        AssertOnlyGaEvents(server);
    }

    [Fact]
    public async Task Long_text_is_read_in_pieces_of_whole_sentences_each_checked_and_joined()
    {
        int reads = 0;
        await using var server = await FakeRealtimeServer.StartAsync(async read =>
        {
            // The second piece is reworded once: only that piece is read again.
            await read.CreatedAsync();
            await read.AudioAsync(FakeRealtimeServer.PcmFor(read.Text), chunks: 2);
            await read.TranscriptAsync(Interlocked.Increment(ref reads) == 2 ? "Something else entirely." : read.Text);
            await read.DoneAsync();
        });
        using var client = Client(server, o => o.MaxCharactersPerRead = 300);
        string input = string.Concat(Enumerable.Range(1, 20).Select(i => $"Sentence number {i} of the terms, read as written. ")).Trim();

        var audio = await client.SynthesizeAsync(Hello with { Input = input, Format = AudioFormat.Wav });

        var texts = server.ClientEvents.Where(e => e.GetProperty("type").GetString() == "response.create")
            .Select(e => e.GetProperty("response").GetProperty("input")[0].GetProperty("content")[0].GetProperty("text").GetString()!).ToList();
        var pieces = texts.Distinct().ToList();
        Assert.True(pieces.Count >= 4, $"{pieces.Count} pieces");
        Assert.All(pieces, p => Assert.InRange(p.Length, 1, 300));
        Assert.All(pieces, p => Assert.EndsWith(".", p, StringComparison.Ordinal)); // whole sentences
        Assert.Equal(input, string.Join(" ", pieces));
        Assert.Equal(pieces.Count + 1, texts.Count); // the reworded piece, read again
        Assert.Equal(pieces.SelectMany(FakeRealtimeServer.PcmFor).ToArray(), audio.Data[44..].ToArray()); // one WAV header over all the PCM
        Assert.Equal(input, audio.Transcript);
        Assert.True(audio.TranscriptMatchesInput);
        Assert.Equal(130 * texts.Count, audio.Usage!.TotalTokens);

        var streamed = new List<byte>();
        await foreach (var update in client.StreamAsync(Hello with { Input = input, Format = AudioFormat.Wav })) streamed.AddRange(update.Data.ToArray());
        Assert.Equal(audio.Data[44..].ToArray(), streamed.Skip(44).ToArray());
        Assert.Equal("RIFF", Encoding.ASCII.GetString(streamed.Take(4).ToArray()));
        AssertOnlyGaEvents(server);
    }

    [Fact]
    public async Task Azure_OpenAI_is_reached_at_its_v1_realtime_path_with_an_api_key_or_an_Entra_token()
    {
        await using var server = await FakeRealtimeServer.StartAsync();
        var root = new Uri(server.BaseUrl.GetLeftPart(UriPartial.Authority) + "/");
        using (var keyed = new RealtimeSpeechClient(new RealtimeSpeechClientOptions { Azure = new AzureOpenAIOptions { Endpoint = root, ApiKey = "azure-key" } }))
        {
            await keyed.SynthesizeAsync(Hello with { Model = "gpt-realtime-2.1-mini" });
            Assert.Equal(ProviderNames.AzureOpenAI, keyed.Metadata.ProviderName);
        }
        int tokens = 0;
        using (var entra = new RealtimeSpeechClient(new RealtimeSpeechClientOptions
        {
            Azure = new AzureOpenAIOptions { Endpoint = root, TokenProvider = _ => new ValueTask<string>("entra-" + Interlocked.Increment(ref tokens)) },
        }))
        {
            await entra.SynthesizeAsync(Hello);
        }

        Assert.Equal(new[]
        {
            ("/openai/v1/realtime?model=gpt-realtime-2.1-mini", (string?)null, (string?)"azure-key"),
            ("/openai/v1/realtime?model=gpt-realtime-2.1-mini", "Bearer entra-1", null),
        }, server.Connections.Select(c => (c.PathAndQuery, c.Authorization, c.ApiKey)));
        AssertOnlyGaEvents(server);
    }

    [Theory]
    [InlineData("Press 3 for billing.", "press three for billing", true)]
    [InlineData("You are caller 21.", "You are caller twenty-one", true)]
    [InlineData("It costs 1,000 dollars.", "it costs one thousand dollars", true)]
    [InlineData("Version 3.5 is out.", "version three point five is out", true)]
    [InlineData("I am here.", "I'm here.", false)]
    [InlineData("Press 3 for billing.", "Press 3 for billing, thank you.", false)]
    [InlineData("Press 3 for billing.", "Press 4 for billing.", false)]
    public void Transcripts_match_up_to_case_punctuation_and_number_spelling(string input, string transcript, bool matches) =>
        Assert.Equal(matches, VoicePrompts.Realtime.TranscriptComparer.Matches(input, transcript));
}
