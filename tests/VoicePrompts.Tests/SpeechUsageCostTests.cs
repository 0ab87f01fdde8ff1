using VoicePrompts.Tests.Realtime;

namespace VoicePrompts.Tests;

/// <summary>Usage priced from the model catalog: what a read cost, by the backend's own token counts.</summary>
public class SpeechUsageCostTests
{
    [Fact]
    public async Task A_realtime_read_is_priced_by_its_text_and_audio_tokens()
    {
        await using var server = await FakeRealtimeServer.StartAsync();
        using var client = new RealtimeSpeechClient(new RealtimeSpeechClientOptions { BaseUrl = server.BaseUrl, ApiKey = "sk-cost" });

        var audio = await client.SynthesizeAsync(new SpeechRequest("gpt-realtime-2.1-mini", SpeechVoice.Marin, "Press one.") { Format = AudioFormat.Pcm });

        // The fake server reports 100 text tokens in, 10 text and 20 audio tokens out:
        // 100 x $0.60 + 10 x $2.40 + 20 x $20, per million.
        Assert.Equal(0.000484m, audio.Usage!.EstimateCostUsd("gpt-realtime-2.1-mini"));
    }

    [Fact]
    public void Speech_endpoint_usage_is_text_in_and_audio_out()
    {
        // OpenAI's documented SSE usage example (docs/openai-speech.md): 10 in, 91 out.
        var usage = new SpeechUsage(10, 91, 101);
        Assert.Equal(0.001098m, usage.EstimateCostUsd("gpt-4o-mini-tts"));
        Assert.Equal(0.001098m, usage.EstimateCostUsd("gpt-4o-mini-tts-2025-12-15"));
        // A split the backend did not report is priced as a read is: text in, audio out.
        Assert.Equal(10 * 0.60m / 1_000_000m + 91 * 20m / 1_000_000m, usage.EstimateCostUsd("gpt-realtime-2.1-mini"));
    }

    [Fact]
    public void A_model_without_a_known_price_has_no_estimate_and_an_alias_is_priced_as_its_model()
    {
        var usage = new SpeechUsage(10, 91, 101);
        Assert.Null(usage.EstimateCostUsd("tts-1"));
        Assert.Null(usage.EstimateCostUsd("some-server-model"));
        // Only the realtime model whose prices the docs list is priced; another gpt-realtime model is not the mini.
        Assert.Null(usage.EstimateCostUsd("gpt-realtime"));
        Assert.Null(usage.EstimateCostUsd("gpt-realtime-2.1"));
        Assert.Equal(usage.EstimateCostUsd("gpt-realtime-2.1-mini"), usage.EstimateCostUsd("gpt-realtime-2.1-mini-2026-09-30"));

        var settings = ModelSettings.Parse("cost-alias-deployment=gpt-4o-mini-tts", null);
        Assert.Equal(usage.EstimateCostUsd("gpt-4o-mini-tts"), usage.EstimateCostUsd("cost-alias-deployment", settings));
        Assert.Null(usage.EstimateCostUsd("cost-alias-deployment")); // without the project's settings it is nobody's model
    }

    [Fact]
    public void Pieces_added_up_cost_what_they_cost_apart()
    {
        var first = new SpeechUsage(100, 30, 130) { InputTextTokens = 100, InputAudioTokens = 0, OutputTextTokens = 10, OutputAudioTokens = 20 };
        var second = new SpeechUsage(50, 60, 110) { InputTextTokens = 50, InputAudioTokens = 0, OutputTextTokens = 20, OutputAudioTokens = 40 };
        Assert.Equal(first.EstimateCostUsd("gpt-realtime-2.1-mini") + second.EstimateCostUsd("gpt-realtime-2.1-mini"),
            first.Add(second).EstimateCostUsd("gpt-realtime-2.1-mini"));
    }
}
