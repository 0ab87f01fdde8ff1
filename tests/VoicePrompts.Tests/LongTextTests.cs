using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace VoicePrompts.Tests;

/// <summary>Long input: refused by default; split at sentence boundaries and joined (pcm, wav, mp3) when asked.</summary>
public class LongTextTests
{
    private static readonly string English = string.Concat(Enumerable.Range(1, 120).Select(i =>
        $"Sentence number {i} tells the caller something useful about their account. "));

    private static readonly string Chinese = string.Concat(Enumerable.Repeat("感谢您致电北风银行。您的来电对我们很重要，请不要挂机。", 80));

    [Fact]
    public void Splits_at_sentence_boundaries_within_both_limits_and_loses_nothing()
    {
        foreach (var (text, maxChars, maxTokens) in new[] { (English, 4096, (int?)2000), (English, 500, (int?)null), (Chinese, 4096, (int?)300) })
        {
            var pieces = SpeechTextSplitter.Split(text, maxChars, maxTokens);
            Assert.True(pieces.Count > 1);
            Assert.All(pieces, p =>
            {
                Assert.InRange(p.Length, 1, maxChars);
                if (maxTokens is int limit) Assert.True(InputTokens.Count(p) <= limit);
                Assert.True(p.EndsWith('.') || p.EndsWith('。'), $"piece does not end a sentence: …{p[^20..]}");
            });
            Assert.Equal(Normalize(text), Normalize(string.Join(" ", pieces)));
        }
    }

    [Fact]
    public void A_sentence_too_long_on_its_own_is_cut_at_clauses_then_words_then_characters()
    {
        string clauses = string.Join(", ", Enumerable.Range(0, 60).Select(i => "clause number " + i)) + ".";
        var pieces = SpeechTextSplitter.Split(clauses, 100, null);
        Assert.All(pieces, p => Assert.InRange(p.Length, 1, 100));
        Assert.All(pieces.SkipLast(1), p => Assert.EndsWith(",", p));
        Assert.Equal(Normalize(clauses), Normalize(string.Join(" ", pieces)));

        string unbroken = string.Concat(Enumerable.Repeat("的", 450)) + "😀";
        var cut = SpeechTextSplitter.Split(unbroken, 100, 50);
        Assert.All(cut, p => Assert.True(p.Length <= 100 && InputTokens.Count(p) <= 50));
        Assert.Equal(unbroken, string.Concat(cut)); // no surrogate pair split, nothing lost
    }

    /// <summary>The text without whitespace: splitting may drop the spaces between pieces, nothing else.</summary>
    private static string Normalize(string text) => new(text.Where(c => !char.IsWhiteSpace(c)).ToArray());

    // ---- The client ----

    /// <summary>A server whose audio for each request is its piece number in a format-specific wrapper.</summary>
    private static Task<LoopbackServer> PieceServer(string format)
    {
        return LoopbackServer.StartAsync(async (context, body) =>
        {
            WireRules.Check(body);
            string input = JsonDocument.Parse(body).RootElement.GetProperty("input").GetString()!;
            byte[] samples = Encoding.UTF8.GetBytes($"[{input.Length}]");
            byte[] audio = format switch
            {
                "wav" => Wav(samples),
                "mp3" => Id3().Concat(new byte[] { 0xFF, 0xF3 }).Concat(samples).ToArray(),
                _ => samples,
            };
            context.Response.ContentType = "audio/" + format;
            context.Response.Headers["X-Request-ID"] = "req_" + input.Length;
            // In small writes, so a later piece's header arrives split across chunks.
            for (int i = 0; i < audio.Length; i += 7)
            {
                await context.Response.Body.WriteAsync(audio.AsMemory(i, Math.Min(7, audio.Length - i)));
                await context.Response.Body.FlushAsync();
            }
        });
    }

    /// <summary>A streamed WAV header as OpenAI sends it: 24 kHz mono 16-bit, both sizes 0xFFFFFFFF.</summary>
    private static byte[] Wav(byte[] samples)
    {
        var header = new byte[44];
        Encoding.ASCII.GetBytes("RIFF").CopyTo(header, 0);
        BitConverter.GetBytes(uint.MaxValue).CopyTo(header, 4);
        Encoding.ASCII.GetBytes("WAVEfmt ").CopyTo(header, 8);
        BitConverter.GetBytes(16).CopyTo(header, 16);
        BitConverter.GetBytes((short)1).CopyTo(header, 20);
        BitConverter.GetBytes((short)1).CopyTo(header, 22);
        BitConverter.GetBytes(24000).CopyTo(header, 24);
        BitConverter.GetBytes(48000).CopyTo(header, 28);
        BitConverter.GetBytes((short)2).CopyTo(header, 32);
        BitConverter.GetBytes((short)16).CopyTo(header, 34);
        Encoding.ASCII.GetBytes("data").CopyTo(header, 36);
        BitConverter.GetBytes(uint.MaxValue).CopyTo(header, 40);
        return header.Concat(samples).ToArray();
    }

    private static byte[] Id3() => new byte[] { (byte)'I', (byte)'D', (byte)'3', 4, 0, 0, 0, 0, 0, 5, 1, 2, 3, 4, 5 };

    /// <summary>The transport, with the splitting decorator unless the test wants long text refused.</summary>
    private static ISpeechClient Client(LoopbackServer server, LongTextPolicy policy = LongTextPolicy.Split)
    {
        var transport = new OpenAISpeechClient(new OpenAISpeechClientOptions { BaseUrl = server.BaseUrl, ApiKey = "k" });
        return policy == LongTextPolicy.Split ? transport.AsBuilder().UseLongTextSplitting().Build() : transport;
    }

    private static string Expected(IReadOnlyList<string> pieces) => string.Concat(pieces.Select(p => $"[{p.Length}]"));

    [Theory]
    [InlineData("pcm")]
    [InlineData("wav")]
    [InlineData("mp3")]
    public async Task Long_text_is_split_and_the_audio_joined(string format)
    {
        await using var server = await PieceServer(format);
        using var client = Client(server);
        var request = new SpeechRequest("gpt-4o-mini-tts", SpeechVoice.Coral, English + English) { Format = new AudioFormat(format) };
        var pieces = SpeechTextSplitter.Split(request.Input, 4096, 2000);
        Assert.True(pieces.Count >= 3);

        var audio = await client.SynthesizeAsync(request);
        Assert.Equal(pieces.Count, server.Requests.Count);
        byte[] data = audio.Data.ToArray();
        string samples = format switch
        {
            "wav" => Encoding.UTF8.GetString(data, 44, data.Length - 44),
            "mp3" => Encoding.UTF8.GetString(data, Id3().Length + 2, data.Length - Id3().Length - 2).Replace("\u00FF\u00F3", "", StringComparison.Ordinal),
            _ => Encoding.UTF8.GetString(data),
        };
        if (format == "mp3")
        {
            // The first piece keeps its tag; later pieces contribute frames only.
            Assert.Equal(Id3(), data.Take(Id3().Length));
            Assert.Equal(1, Count(data, Id3()));
            samples = Encoding.Latin1.GetString(data.Skip(Id3().Length).Where(b => b != 0xFF && b != 0xF3).ToArray());
        }
        if (format == "wav")
        {
            Assert.Equal((uint)(data.Length - 8), BitConverter.ToUInt32(data, 4));
            Assert.Equal((uint)(data.Length - 44), BitConverter.ToUInt32(data, 40));
        }
        Assert.Equal(Expected(pieces), samples);

        // Streaming gives the same bytes as they arrive (WAV keeps the live stream's unknown sizes).
        var streamed = new List<byte>();
        await foreach (var chunk in client.StreamAsync(request)) streamed.AddRange(chunk.Data.ToArray());
        byte[] expectedStream = data.ToArray();
        if (format == "wav") BitConverter.GetBytes(uint.MaxValue).CopyTo(expectedStream, 4);
        if (format == "wav") BitConverter.GetBytes(uint.MaxValue).CopyTo(expectedStream, 40);
        Assert.Equal(expectedStream, streamed.ToArray());
    }

    private static int Count(byte[] haystack, byte[] needle) =>
        Enumerable.Range(0, haystack.Length - needle.Length + 1).Count(i => haystack.AsSpan(i, needle.Length).SequenceEqual(needle));

    [Fact]
    public async Task Formats_that_cannot_be_joined_are_refused_before_the_network()
    {
        await using var server = await PieceServer("pcm");
        using var client = Client(server);
        var ex = await Assert.ThrowsAsync<InvalidSpeechRequestException>(() =>
            client.SynthesizeAsync(new SpeechRequest("gpt-4o-mini-tts", SpeechVoice.Coral, English + English) { Format = AudioFormat.Opus }));
        Assert.Contains("opus audio cannot be joined", ex.Message);
        Assert.Contains((English + English).Length.ToString("N0"), ex.Message);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task By_default_long_text_is_refused_with_the_numbers()
    {
        await using var server = await PieceServer("pcm");
        using var client = Client(server, LongTextPolicy.Throw);
        var ex = await Assert.ThrowsAsync<InvalidSpeechRequestException>(() =>
            client.SynthesizeAsync(new SpeechRequest("gpt-4o-mini-tts", SpeechVoice.Coral, English + English)));
        Assert.Contains((English + English).Length.ToString("N0") + " characters", ex.Message);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Short_text_is_one_request_even_when_splitting_is_on()
    {
        await using var server = await PieceServer("pcm");
        using var client = Client(server);
        var audio = await client.SynthesizeAsync(new SpeechRequest("gpt-4o-mini-tts", SpeechVoice.Coral, "Just one sentence.") { Format = AudioFormat.Pcm });
        Assert.Equal("[18]", Encoding.UTF8.GetString(audio.Data.Span));
        Assert.Single(server.Requests);
    }
}
