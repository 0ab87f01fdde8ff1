using System.Net.WebSockets;
using VoicePrompts.Audio;
using VoicePrompts.Shared;

namespace VoicePrompts.Telephony.Tests;

public class AcsTests
{
    private static SpeechRequest Prompt(string text) => new("gpt-4o-mini-tts", SpeechVoice.Marin, text) { Format = AudioFormat.Mp3 };

    private static byte[] PcmAt(int rate, string text) =>
        AudioConverter.ConvertAll(SpeechServer.PcmFor(text), AudioFormatFacts.Pcm24k, new AudioFormatFacts(SampleEncoding.Pcm16, rate, false));

    [Theory]
    [InlineData(16000, "pcm_16000")]
    [InlineData(24000, "pcm")]
    public async Task Audio_goes_out_as_AudioData_at_the_announced_rate(int rate, string format)
    {
        await using var speech = await SpeechServer.StartAsync();
        PlaybackResult? result = null;
        AudioFormat? callFormat = null;
        await using var host = await TelephonyHost.StartAsync(speech, async (call, ct) =>
        {
            callFormat = call.Format;
            result = await call.PlayAsync(Prompt("Welcome to Contoso."));
        });
        await using var peer = await AcsPeer.ConnectAsync(host, rate);
        await peer.Closed.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Empty(peer.Violations);
        Assert.Equal(format, callFormat!.Value.Value);
        Assert.Equal(PcmAt(rate, "Welcome to Contoso."), peer.Received.Where(r => r.Kind == "AudioData").SelectMany(r => r.Audio!).ToArray());
        Assert.Equal(PlaybackOutcome.Completed, result!.Outcome);
        Assert.False(result.IsConfirmed); // ACS says nothing; the prompt's length has passed
        Assert.Equal(TimeSpan.FromSeconds(PcmAt(rate, "Welcome to Contoso.").Length / (rate * 2.0)), result.Duration);
    }

    [Fact]
    public async Task A_digit_mid_prompt_sends_StopAudio_within_100_ms_and_the_next_prompt_plays()
    {
        await using var speech = await SpeechServer.StartAsync();
        var results = new List<PlaybackResult>();
        await using var host = await TelephonyHost.StartAsync(speech, async (call, ct) =>
        {
            results.Add(await call.PlayAsync(Prompt(string.Concat(Enumerable.Repeat("To report a lost card, press 2. ", 10)))));
            Assert.Equal("2", (await call.CollectDigitsAsync()).Digits); // read first: an unread digit would interrupt the next prompt too
            results.Add(await call.PlayAsync(Prompt("One moment.")));
        });
        await using var peer = await AcsPeer.ConnectAsync(host);
        await peer.WaitForAsync(r => r.Kind == "AudioData");
        var pressed = peer.Now;
        await peer.PressAsync('2');
        var stop = await peer.WaitForAsync(r => r.Kind == "StopAudio");
        Assert.True(stop.At - pressed < TimeSpan.FromMilliseconds(100), $"StopAudio {(stop.At - pressed).TotalMilliseconds:F0} ms after the digit");
        await peer.Closed.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Empty(peer.Violations);
        Assert.Equal((PlaybackOutcome.Interrupted, '2'), (results[0].Outcome, results[0].Digit));
        Assert.True(results[0].Played < results[0].Duration);
        Assert.Equal(PlaybackOutcome.Completed, results[1].Outcome);
        var afterStop = peer.Received.SkipWhile(r => r.Kind != "StopAudio").Skip(1).SelectMany(r => r.Audio!).ToArray();
        Assert.Equal(PcmAt(16000, "One moment."), afterStop);
    }

    [Fact]
    public async Task A_stream_without_the_access_token_gets_403()
    {
        await using var speech = await SpeechServer.StartAsync();
        int calls = 0;
        await using var host = await TelephonyHost.StartAsync(speech, (call, ct) => { Interlocked.Increment(ref calls); return Task.CompletedTask; });
        var error = await Assert.ThrowsAsync<WebSocketException>(() => AcsPeer.ConnectAsync(host, token: "guess"));
        Assert.Contains("403", error.Message);
        Assert.Equal(0, calls);
    }
}

public class AudioSocketTests
{
    private static SpeechRequest Prompt(string text) => new("gpt-4o-mini-tts", SpeechVoice.Marin, text) { Format = AudioFormat.Pcmu };

    [Fact]
    public async Task Audio_is_paced_as_320_byte_frames_every_20_ms_and_the_app_hangs_up_with_the_hang_up_message()
    {
        await using var speech = await SpeechServer.StartAsync();
        PlaybackResult? result = null;
        var id = Guid.Parse("0e6d7a5c-3f1b-4c2a-9d8e-7f6a5b4c3d2e");
        string? callId = null;
        await using var host = await TelephonyHost.StartAsync(speech, async (call, ct) =>
        {
            callId = call.CallId;
            result = await call.PlayAsync(Prompt("Thank you for calling. Goodbye."));
        });
        // A first call renders the prompt into the cache: the measured call's frames then depend on the pacing
        // alone, not on how fast a cold backend delivers (a backend slower than real time leaves gaps, rightly).
        await using (var warm = await AudioSocketPeer.ConnectAsync(host.AudioSocketPort, Guid.NewGuid()))
            Assert.True(await warm.HungUpByApp.WaitAsync(TimeSpan.FromSeconds(20)));
        await using var peer = await AudioSocketPeer.ConnectAsync(host.AudioSocketPort, id);
        Assert.True(await peer.HungUpByApp.WaitAsync(TimeSpan.FromSeconds(20)));

        Assert.Empty(peer.Violations);
        Assert.Equal(id.ToString(), callId);
        byte[] expected = AudioConverter.ConvertAll(SpeechServer.PcmFor("Thank you for calling. Goodbye."), AudioFormatFacts.Pcm24k, AudioFormatFacts.Of("pcm_8000")!.Value);
        var frames = peer.Frames.ToList();
        Assert.Equal((expected.Length + 319) / 320, frames.Count);
        var sent = frames.SelectMany(f => f.Frame).ToArray();
        Assert.Equal(expected, sent[..expected.Length]);
        Assert.All(sent[expected.Length..], b => Assert.Equal(0, b)); // the last frame filled with silence
        // Paced: the frames span their own duration (one frame every 20 ms), not a burst.
        var span = frames[^1].At - frames[0].At;
        var audio = TimeSpan.FromMilliseconds(20 * (frames.Count - 1));
        Assert.True(span > audio * 0.9 && span < audio + TimeSpan.FromMilliseconds(150), $"{frames.Count} frames over {span.TotalMilliseconds:F0} ms");
        Assert.Equal(PlaybackOutcome.Completed, result!.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(expected.Length / 16000.0), result.Played); // the audio, not the silence that filled its last frame
    }

    [Fact]
    public async Task A_digit_stops_the_frames_within_100_ms_and_a_caller_hang_up_ends_the_call()
    {
        await using var speech = await SpeechServer.StartAsync();
        var results = new List<PlaybackResult>();
        var ended = new TaskCompletionSource();
        await using var host = await TelephonyHost.StartAsync(speech, async (call, ct) =>
        {
            results.Add(await call.PlayAsync(Prompt(string.Concat(Enumerable.Repeat("For support, press 2. ", 10)))));
            await call.CollectDigitsAsync();
            results.Add(await call.PlayAsync(Prompt(string.Concat(Enumerable.Repeat("Please hold. ", 20)))));
            ended.SetResult();
        });
        await using var peer = await AudioSocketPeer.ConnectAsync(host.AudioSocketPort, Guid.NewGuid());
        await peer.WaitForFramesAsync(10);
        var pressed = peer.Now;
        await peer.PressAsync('2');
        // The second prompt starts after the barge-in; the first's frames stop within 100 ms of the digit.
        await Task.Delay(300);
        var beforeDigitCount = peer.Frames.Count(f => f.At < pressed + TimeSpan.FromMilliseconds(100));
        await peer.HangUpAsync();
        await ended.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Empty(peer.Violations);
        Assert.Equal((PlaybackOutcome.Interrupted, '2'), (results[0].Outcome, results[0].Digit));
        Assert.True(results[0].Played >= TimeSpan.FromMilliseconds(200) && results[0].Played < results[0].Duration);
        Assert.Equal(PlaybackOutcome.HungUp, results[1].Outcome);
        int firstPromptFrames = (int)(results[0].Played.TotalMilliseconds / 20);
        Assert.True(firstPromptFrames <= beforeDigitCount, $"{firstPromptFrames} frames of the first prompt, {beforeDigitCount} arrived by 100 ms after the digit");
    }
}
