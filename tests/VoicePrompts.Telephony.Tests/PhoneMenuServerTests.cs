using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using PhoneMenu;
using VoicePrompts.Audio;
using VoicePrompts.Shared;

namespace VoicePrompts.Telephony.Tests;

/// <summary>The PhoneMenu sample's phone server (<c>serve</c>) on loopback, called by the Twilio peer.</summary>
public sealed class PhoneMenuServerTests : IAsyncDisposable
{
    private readonly string _cache = Directory.CreateTempSubdirectory("phonemenu-serve-").FullName;

    public async ValueTask DisposeAsync()
    {
        await Task.Yield();
        Directory.Delete(_cache, recursive: true);
    }

    private async Task<(WebApplication App, Uri BaseUrl)> StartAsync(SpeechServer speech)
    {
        var app = PhoneServer.Build(new[]
        {
            "--urls", "http://127.0.0.1:0",
            "--environment", "Production",
            "--PhoneMenu:PublicBaseUrl", "https://phone.example.test",
            "--Telephony:TwilioAuthToken", "sample-token",
            "--VoicePrompts:BaseUrl", speech.BaseUrl.ToString(),
            "--VoicePrompts:ApiKey", "sk-sample",
            "--VoicePrompts:CacheDirectory", _cache,
            "--Logging:LogLevel:Default", "Warning",
        });
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new Uri(address));
    }

    [Fact]
    public async Task A_French_Twilio_call_hears_the_greeting_chooses_2_at_the_menu_and_is_transferred_to_card_services()
    {
        await using var speech = await SpeechServer.StartAsync();
        var (app, baseUrl) = await StartAsync(speech);
        await using (app)
        {
            // The static prompts (menu and goodbye, English and French) are pre-rendered in the three channel formats.
            for (int i = 0; i < 500 && Directory.GetFiles(_cache, "*", SearchOption.AllDirectories).Length < 12; i++)
                await Task.Delay(20);
            Assert.Equal(12, Directory.GetFiles(_cache, "*", SearchOption.AllDirectories).Length);
            int before = speech.Requests;

            await using var peer = await TwilioPeer.ConnectAsync(new Uri("ws://" + baseUrl.Authority + "/twilio/media"), new Uri("https://phone.example.test"),
                "sample-token", new Dictionary<string, string> { ["culture"] = "fr-CA" }, playbackRate: 50);
            await peer.WaitForAsync(r => r.Mark == "prompt-1", TimeSpan.FromSeconds(20)); // the greeting has played
            await peer.WaitForAsync(r => r.Event == "media" && r.At > peer.Received.First(m => m.Mark == "prompt-1").At);
            await peer.PressAsync('2');
            await peer.Closed.WaitAsync(TimeSpan.FromSeconds(30));

            Assert.Empty(peer.Violations);
            Assert.Contains(peer.Received, r => r.Event == "clear");
            // Greeting (templated), then queue position and transfer (templated, French), then goodbye from the cache.
            var spoken = speech.SpokenSince(before);
            Assert.Equal(3, spoken.Count);
            Assert.StartsWith("Merci d'avoir appelé", spoken[0]);
            Assert.Contains("des cartes", spoken[2]);
            Assert.Equal(MuLawOf(FrenchGoodbye()), peer.AudioBefore(peer.Received.Last(r => r.Event == "mark").Mark!));
        }
    }

    /// <summary>The French goodbye, as the generated request makes it for a French call.</summary>
    private static string FrenchGoodbye()
    {
        var previous = System.Globalization.CultureInfo.CurrentUICulture;
        System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.GetCultureInfo("fr-CA");
        try
        {
            return new IvrPrompts(new OpenAISpeechClient()).GoodbyeRequest().Input;
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = previous;
        }
    }

    private static byte[] MuLawOf(string text) =>
        AudioConverter.ConvertAll(SpeechServer.PcmFor(text), AudioFormatFacts.Pcm24k, AudioFormatFacts.Of("pcmu")!.Value);
}
