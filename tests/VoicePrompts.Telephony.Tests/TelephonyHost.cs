using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using VoicePrompts.Caching;
using VoicePrompts.Telephony.Channels.AudioSocket;
using VoicePrompts.Tests;

namespace VoicePrompts.Telephony.Tests;

/// <summary>
/// An app on Kestrel (loopback) with the three channels mapped, speaking through a real client to <see cref="SpeechServer"/>
/// with a disk cache, and running the test's flow for each call.
/// </summary>
internal sealed class TelephonyHost : IAsyncDisposable
{
    public const string AuthToken = "test-auth-token";
    public const string AcsToken = "acs-secret";
    public static readonly Uri PublicBaseUrl = new("https://voice.example.test");

    private readonly WebApplication _app;
    private readonly ISpeechClient _speech;

    private TelephonyHost(WebApplication app, Uri baseUrl, string cache, ISpeechClient speech)
    {
        _app = app;
        BaseUrl = baseUrl;
        CacheDirectory = cache;
        _speech = speech;
    }

    /// <summary><c>http://127.0.0.1:port</c>.</summary>
    public Uri BaseUrl { get; }

    public string CacheDirectory { get; }

    public int AudioSocketPort => _app.Services.GetServices<IHostedService>().OfType<AudioSocketServer>().Single().Port!.Value;

    /// <summary>The WebSocket URL of <paramref name="path"/> on this host.</summary>
    public Uri WebSocketUrl(string path) => new("ws://" + BaseUrl.Authority + path);

    /// <summary>Clips in the cache folder.</summary>
    public int CachedClips => Directory.Exists(CacheDirectory) ? Directory.GetFiles(CacheDirectory, "*", SearchOption.AllDirectories).Count(f => !f.EndsWith(".tmp", StringComparison.Ordinal)) : 0;

    public static async Task<TelephonyHost> StartAsync(SpeechServer speech, Func<PhoneCall, CancellationToken, Task> flow, Action<TelephonyOptions>? configure = null)
    {
        string cache = Directory.CreateTempSubdirectory("vp-telephony-cache-").FullName;
        var transport = new OpenAISpeechClient(new OpenAISpeechClientOptions { BaseUrl = speech.BaseUrl, ApiKey = "k", Retry = new SpeechRetryOptions { MaxRetries = 0 } });
        var client = transport.AsBuilder().UseCache(new DiskSpeechAudioStore(cache)).Build();
        var (app, baseUrl) = await LoopbackServer.StartKestrelAsync(services =>
        {
            services.AddSingleton<ISpeechClient>(client);
            services.AddSingleton<IPhoneCallHandler>(new FlowHandler(flow));
            services.AddVoicePromptsTelephony<FlowHandler>(configure: o =>
            {
                o.TwilioAuthToken = AuthToken;
                o.PublicBaseUrl = PublicBaseUrl;
                o.AcsAccessToken = AcsToken;
                o.AudioSocketPort = 0;
                o.AudioSocketAddress = "127.0.0.1";
                configure?.Invoke(o);
            });
        }, app =>
        {
            app.UseWebSockets();
            app.MapTwilioMediaStreams();
            app.MapAcsMediaStreaming();
        });
        return new TelephonyHost(app, new Uri(baseUrl.GetLeftPart(UriPartial.Authority)), cache, client);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _speech.Dispose();
        try
        {
            Directory.Delete(CacheDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private sealed class FlowHandler(Func<PhoneCall, CancellationToken, Task> flow) : IPhoneCallHandler
    {
        public Task HandleCallAsync(PhoneCall call, CancellationToken cancellationToken) => flow(call, cancellationToken);
    }
}

/// <summary>The peer, connected to a <see cref="TelephonyHost"/> (kept here so the benchmarks can use the peer without the host).</summary>
internal sealed partial class TwilioPeer
{
    public static Task<TwilioPeer> ConnectAsync(TelephonyHost host, IDictionary<string, string>? parameters = null, double playbackRate = 20, string? signature = null) =>
        ConnectAsync(host.WebSocketUrl("/twilio/media"), TelephonyHost.PublicBaseUrl, TelephonyHost.AuthToken, parameters, playbackRate, signature);
}
