using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using VoicePrompts.Audio;
using VoicePrompts.Caching;
using VoicePrompts.Shared;
using VoicePrompts.Tests.Realtime;

namespace VoicePrompts.Tests.Audio;

/// <summary>
/// Telephony formats through the real transports on loopback: the server is asked for what it makes (and checked
/// against OpenAI's request rules, which have no G.711), the caller gets the converted clip, whole or streamed,
/// through the cache and the long-text splitter.
/// </summary>
public class PhoneFormatTests
{
    private static readonly byte[] Pcm = AudioConverterTests.Speechlike(seconds: 0.4);

    public static TheoryData<string> Formats => AudioConverterTests.Targets;

    /// <summary>OpenAI's speech endpoint serving 24 kHz PCM in odd-sized writes; with SSE, as base64 deltas.</summary>
    private static Task<LoopbackServer> PcmServer(Func<Task>? afterFirstWrite = null, int breakAfter = int.MaxValue) =>
        LoopbackServer.StartAsync(async (context, body) =>
        {
            WireRules.Check(body);
            var root = JsonDocument.Parse(body).RootElement;
            string format = root.GetProperty("response_format").GetString()!;
            byte[] audio = format switch
            {
                "pcm" => Pcm,
                "wav" => WavHeader.ForPcm16Mono(24000, null).Concat(Pcm).ToArray(),
                _ => throw new InvalidOperationException("asked for " + format),
            };
            bool sse = root.TryGetProperty("stream_format", out var s) && s.GetString() == "sse";
            context.Response.ContentType = sse ? "text/event-stream" : "audio/" + format;
            const int piece = 4097;
            for (int offset = 0; offset < audio.Length; offset += piece)
            {
                if (offset >= breakAfter)
                {
                    context.Abort();
                    return;
                }
                int length = Math.Min(piece, audio.Length - offset);
                if (sse)
                    await context.Response.WriteAsync("data: {\"type\":\"speech.audio.delta\",\"audio\":\"" + Convert.ToBase64String(audio, offset, length) + "\"}\n\n");
                else
                    await context.Response.Body.WriteAsync(audio.AsMemory(offset, length));
                await context.Response.Body.FlushAsync();
                if (offset == 0 && afterFirstWrite is not null)
                    await afterFirstWrite();
            }
            if (sse)
                await context.Response.WriteAsync("data: {\"type\":\"speech.audio.done\",\"usage\":{\"input_tokens\":5,\"output_tokens\":50,\"total_tokens\":55}}\n\n");
        });

    private static OpenAISpeechClient Client(LoopbackServer server, SpeechStreamFormat stream = SpeechStreamFormat.Audio) =>
        new(new OpenAISpeechClientOptions { BaseUrl = server.BaseUrl, ApiKey = "k", StreamFormat = stream });

    private static SpeechRequest Request(string format, string model = "gpt-4o-mini-tts") =>
        new(model, SpeechVoice.Coral, "For your balance, press 1.") { Format = new AudioFormat(format) };

    private static byte[] Expected(string format, byte[]? pcm = null) =>
        AudioConverter.ConvertAll(pcm ?? Pcm, AudioFormatFacts.Pcm24k, AudioFormatFacts.Of(format)!.Value);

    private static async Task<(byte[] Bytes, List<SpeechAudioUpdate> Updates)> Collect(IAsyncEnumerable<SpeechAudioUpdate> stream)
    {
        var updates = new List<SpeechAudioUpdate>();
        var bytes = new MemoryStream();
        await foreach (var update in stream)
        {
            updates.Add(update);
            bytes.Write(update.Data.Span);
        }
        byte[] all = bytes.ToArray();
        WavHeader.FixSizes(all); // a streamed WAV's sizes are unknown until the end, as SaveAsync writes them
        return (all, updates);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Gpt_4o_mini_tts_is_asked_for_pcm_and_the_caller_gets_the_format_whole_and_streamed(string format)
    {
        await using var server = await PcmServer();
        foreach (var stream in new[] { SpeechStreamFormat.Audio, SpeechStreamFormat.ServerSentEvents })
        {
            using var client = Client(server, stream);
            var request = Request(format);
            var audio = await client.SynthesizeAsync(request);
            var (streamed, updates) = await Collect(client.StreamAsync(request));

            Assert.All(server.Requests, r => Assert.Equal("pcm", JsonDocument.Parse(r.Body).RootElement.GetProperty("response_format").GetString()));
            Assert.Equal(Expected(format), audio.Data.ToArray());
            Assert.Equal(Expected(format), streamed);
            Assert.Equal(request.Format, audio.Format);
            Assert.Equal(request.Format.ContentType, audio.ContentType);
            Assert.Equal(AudioFormatFacts.Of(format)!.Value.SampleRate, audio.SampleRate);
            Assert.All(updates, u => Assert.Equal(request.Format, u.Format));
            Assert.True(updates[^1].IsFinal);
            if (stream == SpeechStreamFormat.ServerSentEvents)
                Assert.Equal(55, updates[^1].Usage?.TotalTokens); // the backend's usage survives the conversion
        }
    }

    [Fact]
    public async Task The_first_converted_bytes_reach_the_caller_before_the_server_has_sent_the_rest()
    {
        var heard = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await PcmServer(afterFirstWrite: () => heard.Task.WaitAsync(TimeSpan.FromSeconds(20)));
        using var client = Client(server);
        await using var updates = client.StreamAsync(Request("pcmu")).GetAsyncEnumerator();
        Assert.True(await updates.MoveNextAsync());
        Assert.NotEmpty(updates.Current.Data.ToArray()); // 4,097 bytes of PCM made μ-law before the next byte was sent
        heard.SetResult();
        while (await updates.MoveNextAsync()) { }
    }

    [Fact]
    public async Task A_compatible_servers_own_model_is_asked_for_WAV_and_converted_at_the_rate_its_header_tells()
    {
        byte[] samples = AudioConverterTests.Speechlike(seconds: 0.3, rate: 22050);
        await using var server = await LoopbackServer.StartAsync(async (context, body) =>
        {
            Assert.Equal("wav", JsonDocument.Parse(body).RootElement.GetProperty("response_format").GetString());
            context.Response.ContentType = "audio/wav";
            await context.Response.Body.WriteAsync(WavHeader.ForPcm16Mono(22050, null).Concat(samples).ToArray());
        });
        using var client = Client(server);
        var request = Request("pcmu", model: "kokoro");
        var audio = await client.SynthesizeAsync(request);
        var (streamed, _) = await Collect(client.StreamAsync(request));
        byte[] expected = AudioConverter.ConvertAll(samples, new AudioFormatFacts(SampleEncoding.Pcm16, 22050, false), AudioFormatFacts.Of("pcmu")!.Value);
        Assert.Equal(expected, audio.Data.ToArray());
        Assert.Equal(expected, streamed);
        Assert.Equal((int)Math.Ceiling(samples.Length / 2 * 8000.0 / 22050), audio.Data.Length);
    }

    [Fact]
    public async Task A_stream_that_breaks_off_is_an_exception_never_a_shorter_converted_clip()
    {
        // The connection drops once the caller holds converted audio (a drop before that is a failed request, retried).
        var heard = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await PcmServer(afterFirstWrite: () => heard.Task.WaitAsync(TimeSpan.FromSeconds(20)), breakAfter: 4097);
        using var client = Client(server);
        var received = new List<byte>();
        var error = await Assert.ThrowsAsync<SpeechStreamException>(async () =>
        {
            await foreach (var update in client.StreamAsync(Request("pcmu")))
            {
                received.AddRange(update.Data.ToArray());
                heard.TrySetResult();
            }
        });
        Assert.NotEmpty(received);
        Assert.True(received.Count < Expected("pcmu").Length);
        Assert.True(error.BytesReceived >= 4097);
    }

    [Fact]
    public async Task The_disk_cache_keeps_the_converted_clip_under_its_own_format()
    {
        await using var server = await PcmServer();
        string folder = Directory.CreateTempSubdirectory("vp-phone-cache-").FullName;
        try
        {
            using var client = Client(server).AsBuilder().UseCache(new DiskSpeechAudioStore(folder)).Build();
            var first = await client.SynthesizeAsync(Request("pcmu"));
            var again = await client.SynthesizeAsync(Request("pcmu"));
            var (streamedHit, updates) = await Collect(client.StreamAsync(Request("pcmu")));
            Assert.Single(server.Requests);
            Assert.True(again.IsCacheHit);
            Assert.True(updates[^1].IsCacheHit);
            Assert.Equal(Expected("pcmu"), again.Data.ToArray());
            Assert.Equal(Expected("pcmu"), streamedHit);
            Assert.Equal(AudioFormat.Pcmu, again.Format);
            Assert.Equal(8000, again.SampleRate);

            // Another format of the same text is another clip: asked for, converted, stored apart.
            var alaw = await client.SynthesizeAsync(Request("pcma"));
            Assert.Equal(2, server.Requests.Count);
            Assert.Equal(Expected("pcma"), alaw.Data.ToArray());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("pcmu")]
    [InlineData("wav_pcmu")]
    [InlineData("pcm_16000")]
    public async Task Long_text_is_split_and_its_converted_pieces_joined(string format)
    {
        // Each piece's PCM is its own: converted piece by piece, the pieces' samples follow each other.
        var pieceAudio = new Dictionary<string, byte[]>();
        await using var server = await LoopbackServer.StartAsync(async (context, body) =>
        {
            WireRules.Check(body);
            var root = JsonDocument.Parse(body).RootElement;
            Assert.Equal("pcm", root.GetProperty("response_format").GetString());
            string input = root.GetProperty("input").GetString()!;
            byte[] pcm = AudioConverterTests.Speechlike(seconds: 0.05 + input.Length % 7 * 0.01);
            lock (pieceAudio) pieceAudio[input] = pcm;
            await context.Response.Body.WriteAsync(pcm);
        });
        using var client = Client(server).AsBuilder().UseLongTextSplitting().Build();
        string text = string.Concat(Enumerable.Range(1, 240).Select(i => $"Option {i} takes you to department number {i}. "));
        var request = new SpeechRequest("gpt-4o-mini-tts", SpeechVoice.Coral, text) { Format = new AudioFormat(format) };
        var audio = await client.SynthesizeAsync(request);

        var pieces = SpeechTextSplitter.Split(text, 4096, 2000);
        Assert.True(pieces.Count >= 2);
        var target = AudioFormatFacts.Of(format)!.Value;
        byte[] samples = pieces.SelectMany(p => Expected(format, pieceAudio[p]).Skip(target.IsWav ? 58 : 0)).ToArray();
        byte[] data = audio.Data.ToArray();
        int offset = target.IsWav ? WavHeader.DataOffset(data)!.Value : 0;
        Assert.Equal(samples, data.Skip(offset).ToArray());
        if (target.IsWav)
        {
            Assert.Equal(58, offset);
            Assert.Equal(data.Length - 8, BitConverter.ToInt32(data, 4));
            Assert.Equal(data.Length - offset, BitConverter.ToInt32(data, offset - 4));
        }
    }

    [Theory]
    [InlineData("pcm_8000", "audio/pcm")]
    [InlineData("wav_16000", "audio/pcm")]
    [InlineData("wav_pcmu", "audio/pcmu")]
    public async Task Realtime_makes_G711_itself_and_narrow_band_PCM_is_made_from_its_24_kHz_PCM(string format, string sessionFormat)
    {
        await using var server = await FakeRealtimeServer.StartAsync();
        using var client = new RealtimeSpeechClient(new RealtimeSpeechClientOptions { BaseUrl = server.BaseUrl, ApiKey = "k" });
        var request = new SpeechRequest("gpt-realtime-2.1-mini", SpeechVoice.Marin, "Press 3 for billing.") { Format = new AudioFormat(format) };
        var audio = await client.SynthesizeAsync(request);
        var (streamed, _) = await Collect(client.StreamAsync(request));

        var target = AudioFormatFacts.Of(format)!.Value;
        var source = AudioFormatFacts.Of(sessionFormat == "audio/pcmu" ? "pcmu" : "pcm")!.Value;
        byte[] expected = AudioConverter.ConvertAll(FakeRealtimeServer.PcmFor(request.Input), source, target);
        Assert.Equal(expected, audio.Data.ToArray());
        Assert.Equal(expected, streamed);
        Assert.Equal(target.SampleRate, audio.SampleRate);
        var formats = server.ClientEvents.Where(e => e.GetProperty("type").GetString() == "session.update")
            .Select(e => e.GetProperty("session").GetProperty("audio").GetProperty("output").GetProperty("format").GetProperty("type").GetString());
        Assert.All(formats, f => Assert.Equal(sessionFormat, f));
    }
}
