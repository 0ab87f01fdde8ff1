using Microsoft.AspNetCore.Http;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace VoicePrompts.Tests;

/// <summary>The minimal client against a real loopback server replaying live recordings.</summary>
public class OpenAISpeechClientTests
{
    private static async Task<LoopbackServer> Replay(RecordedFixtures.Exchange exchange) =>
        await LoopbackServer.StartAsync(async (context, _) =>
        {
            context.Response.StatusCode = exchange.StatusCode;
            context.Response.ContentType = exchange.ContentType;
            context.Response.Headers["X-Request-ID"] = "req_replay";
            byte[] audio = exchange.AudioBytes;
            // Chunked, in pieces, as the live service sends it.
            for (int i = 0; i < audio.Length; i += 4096)
            {
                await context.Response.Body.WriteAsync(audio.AsMemory(i, Math.Min(4096, audio.Length - i)));
                await context.Response.Body.FlushAsync();
            }
        });

    private static SpeechRequest RequestFrom(JsonElement recorded) =>
        new(recorded.GetProperty("model").GetString()!, recorded.GetProperty("voice").GetString()!, recorded.GetProperty("input").GetString()!)
        {
            Format = recorded.TryGetProperty("response_format", out var f) ? new AudioFormat(f.GetString()!) : AudioFormat.Mp3,
        };

    [FixtureTheory]
    [InlineData("basic.json")]
    [InlineData("format-default.json")]
    [InlineData("format-mp3.json")]
    [InlineData("format-opus.json")]
    [InlineData("format-aac.json")]
    [InlineData("format-flac.json")]
    [InlineData("format-wav.json")]
    [InlineData("format-pcm.json")]
    public async Task Replays_a_recording_byte_for_byte_with_the_same_request_body(string file)
    {
        var exchange = RecordedFixtures.Load(file);
        await using var server = await Replay(exchange);
        using var client = new OpenAISpeechClient(new OpenAISpeechClientOptions { BaseUrl = server.BaseUrl, ApiKey = "sk-test" });
        var request = RequestFrom(exchange.RequestBody);

        var audio = await client.SynthesizeAsync(request);

        Assert.Equal(exchange.AudioBytes, audio.Data.ToArray());
        Assert.Equal(exchange.ContentType, audio.ContentType);
        Assert.Equal("req_replay", audio.RequestId);
        var (path, headers, body) = Assert.Single(server.Requests);
        Assert.Equal("/v1/audio/speech", path);
        Assert.Equal("Bearer sk-test", headers.Authorization.ToString());
        // The client always names the format (compatible servers do not all default to mp3), so a recording that
        // relied on the server's default is compared with that default written out.
        var recorded = JsonNode.Parse(exchange.RequestBody.GetRawText())!.AsObject();
        if (!recorded.ContainsKey("response_format")) recorded["response_format"] = "mp3";
        Assert.True(JsonNode.DeepEquals(recorded, JsonNode.Parse(body)),
            $"sent {System.Text.Encoding.UTF8.GetString(body)}, recorded {exchange.RequestBody.GetRawText()}");

        // Streaming yields the same bytes.
        using var streamed = new MemoryStream();
        await foreach (var update in client.StreamAsync(request))
            streamed.Write(update.Data.Span);
        Assert.Equal(exchange.AudioBytes, streamed.ToArray());
    }

    [FixtureFact]
    public async Task SaveAsync_repairs_the_streamed_wav_header_sizes()
    {
        var exchange = RecordedFixtures.Load("format-wav.json");
        byte[] recorded = exchange.AudioBytes;
        Assert.Equal(0xFFFFFFFFu, BitConverter.ToUInt32(recorded, 4)); // as the live stream sends it

        string path = Path.Combine(Path.GetTempPath(), "vp-" + Guid.NewGuid() + ".wav");
        try
        {
            await new SpeechAudio(recorded, AudioFormat.Wav).SaveAsync(path);
            byte[] saved = await File.ReadAllBytesAsync(path);
            Assert.Equal(recorded.Length, saved.Length);
            Assert.Equal((uint)(saved.Length - 8), BitConverter.ToUInt32(saved, 4));
            int data = saved.AsSpan().IndexOf("data"u8);
            Assert.Equal((uint)(saved.Length - data - 8), BitConverter.ToUInt32(saved, data + 4));
            Assert.Equal(recorded.AsSpan(data + 8).ToArray(), saved.AsSpan(data + 8).ToArray()); // audio untouched
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task An_error_body_becomes_a_typed_exception_without_the_key()
    {
        await using var server = await LoopbackServer.StartAsync(async (context, _) =>
        {
            context.Response.StatusCode = 400;
            context.Response.Headers["X-Request-ID"] = "req_123";
            await context.Response.WriteAsJsonAsync(new
            {
                error = new { message = "Input of 2132 tokens is over the maximum input limit of 2000 tokens. Please shorten your input.", type = "invalid_request_error", param = (string?)null, code = "invalid_value" },
            });
        });
        using var client = new OpenAISpeechClient(new OpenAISpeechClientOptions { BaseUrl = server.BaseUrl, ApiKey = "sk-secret-key" });

        var ex = await Assert.ThrowsAsync<SpeechApiException>(() => client.SynthesizeAsync(new SpeechRequest("gpt-4o-mini-tts", SpeechVoice.Coral, "Hello")));

        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Equal(("invalid_request_error", "invalid_value", (string?)null, "req_123"), (ex.ErrorType, ex.ErrorCode, ex.Param, ex.RequestId));
        Assert.Contains("2132 tokens", ex.Message);
        Assert.DoesNotContain("sk-secret-key", ex.ToString());
    }

    [Fact]
    public async Task A_custom_voice_is_sent_as_an_object_and_non_defaults_are_sent()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) => context.Response.Body.WriteAsync(new byte[] { 1, 2, 3 }).AsTask());
        using var client = new OpenAISpeechClient(new OpenAISpeechClientOptions { BaseUrl = server.BaseUrl, ApiKey = "k" });
        await client.SynthesizeAsync(new SpeechRequest("gpt-4o-mini-tts", SpeechVoice.FromId("voice_abc"), "Hi")
        {
            Instructions = "Softly.",
            Format = AudioFormat.Wav,
            Speed = 1.5,
        });
        var body = JsonNode.Parse(Assert.Single(server.Requests).Body)!;
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"model":"gpt-4o-mini-tts","input":"Hi","voice":{"id":"voice_abc"},"instructions":"Softly.","response_format":"wav","speed":1.5}"""),
            body), body.ToJsonString());
    }

    [Theory]
    [InlineData("", "input")]
    [InlineData("tts-1|instructions", "instructions")]
    [InlineData("speed", "speed")]
    [InlineData("voice", "voice")]
    [InlineData("long", "input")]
    [InlineData("tokens", "input")]
    public async Task A_bad_request_is_refused_before_the_network(string what, string param)
    {
        await using var server = await LoopbackServer.StartAsync((context, _) => Task.CompletedTask);
        using var client = new OpenAISpeechClient(new OpenAISpeechClientOptions { BaseUrl = server.BaseUrl, ApiKey = "k" });
        var request = what switch
        {
            "" => new SpeechRequest("gpt-4o-mini-tts", SpeechVoice.Coral, " "),
            "tts-1|instructions" => new SpeechRequest("tts-1", SpeechVoice.Coral, "Hi") { Instructions = "Softly." },
            "speed" => new SpeechRequest("gpt-4o-mini-tts", SpeechVoice.Coral, "Hi") { Speed = 4.5 },
            "voice" => new SpeechRequest("tts-1", SpeechVoice.Marin, "Hi"),
            // 2,001 tokens in 2,001 characters: under 4,096 characters, over gpt-4o-mini-tts's token limit.
            "tokens" => new SpeechRequest("gpt-4o-mini-tts", SpeechVoice.Coral, string.Concat(Enumerable.Repeat("的", 2001))),
            _ => new SpeechRequest("gpt-4o-mini-tts", SpeechVoice.Coral, new string('a', 4097)),
        };
        var ex = await Assert.ThrowsAsync<InvalidSpeechRequestException>(() => client.SynthesizeAsync(request));
        Assert.Equal(param, ex.ParamName);
        if (what == "long") Assert.Contains("4,097", ex.Message);
        if (what == "tokens") Assert.Contains("2,001 tokens; gpt-4o-mini-tts accepts at most 2,000", ex.Message);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task OpenAI_without_a_key_is_refused_before_the_network()
    {
        using var client = new OpenAISpeechClient(new OpenAISpeechClientOptions { ApiKey = null });
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => client.SynthesizeAsync(new SpeechRequest("gpt-4o-mini-tts", SpeechVoice.Coral, "Hi")));
        Assert.Contains("OPENAI_API_KEY", ex.Message);
    }

    [Fact]
    public async Task A_compatible_server_needs_no_key()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) => context.Response.Body.WriteAsync(new byte[] { 9 }).AsTask());
        using var client = new OpenAISpeechClient(new OpenAISpeechClientOptions { BaseUrl = new Uri(server.BaseUrl.ToString().TrimEnd('/')) });
        var audio = await client.SynthesizeAsync(new SpeechRequest("kokoro", "af_heart", "Hi"));
        Assert.Equal(new byte[] { 9 }, audio.Data.ToArray());
        Assert.False(Assert.Single(server.Requests).Headers.ContainsKey("Authorization"));
    }
}
