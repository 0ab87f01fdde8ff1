using System.Net;
using System.Net.WebSockets;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using VoicePrompts.Audio;
using VoicePrompts.Shared;
using VoicePrompts.Tests;

namespace VoicePrompts.Telephony.Tests;

public class TwilioTests
{
    private static SpeechRequest Prompt(string text) => new("gpt-4o-mini-tts", SpeechVoice.Marin, text) { Format = AudioFormat.Wav };

    /// <summary>What the app should send for <paramref name="text"/>: the server's PCM as μ-law.</summary>
    private static byte[] MuLawOf(string text) =>
        AudioConverter.ConvertAll(SpeechServer.PcmFor(text), AudioFormatFacts.Pcm24k, AudioFormatFacts.Of("pcmu")!.Value);

    [Fact]
    public async Task A_call_plays_prompts_to_their_marks_a_digit_interrupts_and_clears_and_the_next_prompt_plays()
    {
        await using var speech = await SpeechServer.StartAsync();
        var results = new List<PlaybackResult>();
        DigitsResult? digits = null;
        var done = new TaskCompletionSource();
        await using var host = await TelephonyHost.StartAsync(speech, async (call, ct) =>
        {
            Assert.Equal(AudioFormat.Pcmu, call.Format);
            Assert.Equal("fr-CA", call.Parameters["culture"]);
            results.Add(await call.PlayAsync(Prompt("Thank you for calling Northwind Bank.")));
            results.Add(await call.PlayAsync(Prompt(string.Concat(Enumerable.Repeat("For your balance, press 1. ", 12)))));
            digits = await call.CollectDigitsAsync(new DigitCollection { MaxDigits = 1 });
            results.Add(await call.PlayAsync(Prompt("Goodbye!")));
            done.SetResult();
        });
        await using var peer = await TwilioPeer.ConnectAsync(host, new Dictionary<string, string> { ["culture"] = "fr-CA" }, playbackRate: 4);

        // Press 2 once the menu is playing.
        await peer.WaitForAsync(r => r.Event == "mark" && r.Mark == "prompt-1");
        await peer.WaitForAsync(r => r.Event == "media" && r.At > peer.Received.First(m => m.Mark == "prompt-1").At);
        var pressed = peer.Now;
        await peer.PressAsync('2');
        var clear = await peer.WaitForAsync(r => r.Event == "clear");
        Assert.True(clear.At - pressed < TimeSpan.FromMilliseconds(100), $"clear {(clear.At - pressed).TotalMilliseconds:F0} ms after the digit");
        await done.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await peer.Closed.WaitAsync(TimeSpan.FromSeconds(10)); // the flow ended: the app closed the stream

        Assert.Empty(peer.Violations);
        Assert.Equal(PlaybackOutcome.Completed, results[0].Outcome);
        Assert.True(results[0].IsConfirmed);
        Assert.Equal(MuLawOf("Thank you for calling Northwind Bank."), peer.AudioBefore("prompt-1"));
        Assert.Equal(TimeSpan.FromSeconds(MuLawOf("Thank you for calling Northwind Bank.").Length / 8000.0), results[0].Duration);
        Assert.Equal(PlaybackOutcome.Interrupted, results[1].Outcome);
        Assert.Equal('2', results[1].Digit);
        Assert.True(results[1].Played < results[1].Duration || results[1].Duration < TimeSpan.FromSeconds(MuLawOf(string.Concat(Enumerable.Repeat("For your balance, press 1. ", 12))).Length / 8000.0));
        Assert.Equal("2", digits!.Digits); // the barge-in digit is the caller's answer
        Assert.Equal(PlaybackOutcome.Completed, results[2].Outcome);
        Assert.Equal(MuLawOf("Goodbye!"), peer.AudioBefore("prompt-3"));
        // The menu was all sent (Twilio buffers it) with its mark; the clear came after, and the mark Twilio then
        // echoes at once did not make the prompt "completed".
        var order = peer.Received.Select(r => r.Event + (r.Mark is { } m ? ":" + m : "")).ToList();
        Assert.True(order.IndexOf("clear") > order.IndexOf("mark:prompt-2"), string.Join(" ", order));
    }

    [Fact]
    public async Task A_prompt_on_a_cache_miss_streams_into_the_call_before_the_backend_has_finished()
    {
        await using var speech = await SpeechServer.StartAsync();
        speech.HoldAfterFirstWrite = true;
        PlaybackResult? result = null;
        await using var host = await TelephonyHost.StartAsync(speech, async (call, ct) => result = await call.PlayAsync(Prompt("Please hold while we connect you to an agent.")));
        await using var peer = await TwilioPeer.ConnectAsync(host);

        await peer.WaitForAsync(r => r.Event == "media"); // sent while the server still holds the rest (released only below)
        speech.Release();
        await peer.Closed.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(PlaybackOutcome.Completed, result!.Outcome);
        Assert.Equal(MuLawOf("Please hold while we connect you to an agent."), peer.AudioBefore("prompt-1"));
        Assert.Empty(peer.Violations);
        Assert.Equal(1, host.CachedClips); // whole, so cached
    }

    [Fact]
    public async Task A_hang_up_mid_prompt_cancels_the_synthesis_returns_hung_up_and_caches_nothing()
    {
        await using var speech = await SpeechServer.StartAsync();
        speech.HoldAfterFirstWrite = true;
        var result = new TaskCompletionSource<PlaybackResult>();
        await using var host = await TelephonyHost.StartAsync(speech, async (call, ct) => result.SetResult(await call.PlayAsync(Prompt("Your call is important to us. Please stay on the line."))));
        await using var peer = await TwilioPeer.ConnectAsync(host);

        await peer.WaitForAsync(r => r.Event == "media");
        await peer.HangUpAsync();
        var outcome = await result.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(PlaybackOutcome.HungUp, outcome.Outcome);
        for (int i = 0; i < 100 && speech.Aborted == 0; i++)
            await Task.Delay(20);
        Assert.Equal(1, speech.Aborted); // the backend's response was abandoned
        Assert.Equal(0, host.CachedClips);
    }

    [Fact]
    public async Task Digits_are_collected_to_a_count_a_terminator_or_a_timeout()
    {
        await using var speech = await SpeechServer.StartAsync();
        var collected = new List<DigitsResult>();
        var ready = new SemaphoreSlim(0);
        await using var host = await TelephonyHost.StartAsync(speech, async (call, ct) =>
        {
            ready.Release();
            collected.Add(await call.CollectDigitsAsync(new DigitCollection { MaxDigits = 4 }));
            ready.Release();
            collected.Add(await call.CollectDigitsAsync(new DigitCollection { MaxDigits = 10, Terminator = '#' }));
            ready.Release();
            collected.Add(await call.CollectDigitsAsync(new DigitCollection { MaxDigits = 3, Timeout = TimeSpan.FromMilliseconds(200) }));
            collected.Add(await call.CollectDigitsAsync(new DigitCollection { MaxDigits = 3, Timeout = TimeSpan.FromSeconds(10) }));
        });
        await using var peer = await TwilioPeer.ConnectAsync(host);
        await ready.WaitAsync(TimeSpan.FromSeconds(10));
        foreach (char d in "1234") await peer.PressAsync(d);
        await ready.WaitAsync(TimeSpan.FromSeconds(10));
        foreach (char d in "98#") await peer.PressAsync(d);
        await ready.WaitAsync(TimeSpan.FromSeconds(10));
        await Task.Delay(400);
        await peer.HangUpAsync();
        await peer.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        for (int i = 0; i < 100 && collected.Count < 4; i++) await Task.Delay(20);

        Assert.Equal(("1234", DigitsOutcome.Completed), (collected[0].Digits, collected[0].Outcome));
        Assert.Equal(("98", DigitsOutcome.Terminated), (collected[1].Digits, collected[1].Outcome));
        Assert.Equal(("", DigitsOutcome.TimedOut), (collected[2].Digits, collected[2].Outcome));
        Assert.Equal(DigitsOutcome.HungUp, collected[3].Outcome);
    }

    [Fact]
    public async Task Malformed_binary_and_unknown_messages_are_skipped_and_the_call_goes_on()
    {
        await using var speech = await SpeechServer.StartAsync();
        var digits = new TaskCompletionSource<DigitsResult>();
        await using var host = await TelephonyHost.StartAsync(speech, async (call, ct) => digits.SetResult(await call.CollectDigitsAsync(new DigitCollection { Timeout = TimeSpan.FromSeconds(10) })));
        await using var peer = await TwilioPeer.ConnectAsync(host);
        await peer.SendRawAsync("not json at all"u8.ToArray(), WebSocketMessageType.Text);
        await peer.SendRawAsync(new byte[] { 1, 2, 3 }, WebSocketMessageType.Binary);
        await peer.SendRawAsync("""{"event":"teleport","streamSid":"MZ1"}"""u8.ToArray(), WebSocketMessageType.Text);
        await peer.SendRawAsync("""{"no":"event"}"""u8.ToArray(), WebSocketMessageType.Text);
        await peer.PressAsync('7');
        Assert.Equal("7", (await digits.Task.WaitAsync(TimeSpan.FromSeconds(10))).Digits);
    }

    [Fact]
    public async Task The_voice_webhook_answers_TwiML_connecting_to_the_public_wss_stream_with_the_query_as_parameters()
    {
        await using var speech = await SpeechServer.StartAsync();
        await using var host = await TelephonyHost.StartAsync(speech, (call, ct) => Task.CompletedTask);
        using var http = new HttpClient();
        var fields = new Dictionary<string, string> { ["CallSid"] = "CA1", ["From"] = "+15551230000", ["To"] = "+15559870000" };
        string publicUrl = TelephonyHost.PublicBaseUrl + "twilio/voice?culture=fr-CA";

        var signed = await PostAsync(http, host, "/twilio/voice?culture=fr-CA", fields, TwilioPeer.Sign(TelephonyHost.AuthToken, publicUrl, fields));
        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        var twiml = XDocument.Parse(await signed.Content.ReadAsStringAsync());
        var stream = twiml.Root!.Element("Connect")!.Element("Stream")!;
        Assert.Equal("wss://voice.example.test/twilio/media", stream.Attribute("url")!.Value);
        var parameter = stream.Element("Parameter")!;
        Assert.Equal(("culture", "fr-CA"), (parameter.Attribute("name")!.Value, parameter.Attribute("value")!.Value));
        Assert.NotNull(twiml.Root.Element("Hangup"));

        // Forged (signed with another token, or for other fields) or unsigned: 403, and nothing is spoken.
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(http, host, "/twilio/voice?culture=fr-CA", fields, TwilioPeer.Sign("not-the-token", publicUrl, fields))).StatusCode);
        var tampered = new Dictionary<string, string>(fields) { ["From"] = "+15550000000" };
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(http, host, "/twilio/voice?culture=fr-CA", tampered, TwilioPeer.Sign(TelephonyHost.AuthToken, publicUrl, fields))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(http, host, "/twilio/voice?culture=fr-CA", fields, null)).StatusCode);
        // Signed for the URL the app sees behind a tunnel (http://127.0.0.1:…), not the public one: refused.
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(http, host, "/twilio/voice?culture=fr-CA", fields, TwilioPeer.Sign(TelephonyHost.AuthToken, host.BaseUrl + "twilio/voice?culture=fr-CA", fields))).StatusCode);
        Assert.Equal(0, speech.Requests);
    }

    [Theory]
    [InlineData("forged")]
    [InlineData("https-not-wss")]
    public async Task A_media_stream_upgrade_without_Twilios_signature_of_the_wss_url_gets_403_and_speaks_nothing(string how)
    {
        await using var speech = await SpeechServer.StartAsync();
        int calls = 0;
        await using var host = await TelephonyHost.StartAsync(speech, (call, ct) => { Interlocked.Increment(ref calls); return call.PlayAsync(Prompt("Hello.")); });
        string signature = how == "forged"
            ? TwilioPeer.Sign("not-the-token", "wss://voice.example.test/twilio/media")
            : TwilioPeer.Sign(TelephonyHost.AuthToken, "https://voice.example.test/twilio/media"); // twilio-labs/twilio-aspnet #162
        var error = await Assert.ThrowsAsync<WebSocketException>(() => TwilioPeer.ConnectAsync(host, signature: signature));
        Assert.Contains("403", error.Message);
        Assert.Equal(0, calls);
        Assert.Equal(0, speech.Requests);
    }

    [Fact]
    public async Task Without_an_auth_token_the_endpoints_refuse_to_start_unless_development_opts_in()
    {
        var (app, _) = await LoopbackServer.StartKestrelAsync(services =>
        {
            services.AddSingleton<ISpeechClient>(new OpenAISpeechClient());
            services.AddVoicePromptsTelephony<NoFlow>(configure: o => { o.TwilioAuthToken = null; o.PublicBaseUrl = null; });
        }, app => { });
        await using (app)
        {
            var error = Assert.Throws<InvalidOperationException>(() => app.MapTwilioMediaStreams());
            Assert.Contains("TWILIO_AUTH_TOKEN", error.Message);
            Assert.Contains("AllowUnauthenticated", Assert.Throws<InvalidOperationException>(() => app.MapAcsMediaStreaming()).Message);
        }
    }

    private sealed class NoFlow : IPhoneCallHandler
    {
        public Task HandleCallAsync(PhoneCall call, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, TelephonyHost host, string pathAndQuery, Dictionary<string, string> fields, string? signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(host.BaseUrl, pathAndQuery)) { Content = new FormUrlEncodedContent(fields) };
        if (signature is not null)
            request.Headers.Add("X-Twilio-Signature", signature);
        return http.SendAsync(request);
    }
}
