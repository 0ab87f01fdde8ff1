using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using PhoneMenu;
using VoicePrompts.Telephony.Tests;

namespace VoicePrompts.AspNetCore.Tests;

/// <summary>
/// The PhoneMenu sample's server (<c>serve</c>) on loopback, speaking through the fake speech server, with its own
/// cache folder; in Development unless told otherwise, so the review page is mapped.
/// </summary>
internal sealed class ReviewHost : IAsyncDisposable
{
    public const string ApiKey = "sk-review-test-5f2c9a0d7e1b4c3a";

    private readonly bool _ownsSpeech, _ownsCache;

    private ReviewHost(SpeechServer speech, bool ownsSpeech, WebApplication app, Uri baseUrl, string cache, bool ownsCache)
    {
        Speech = speech;
        _ownsSpeech = ownsSpeech;
        _ownsCache = ownsCache;
        App = app;
        BaseUrl = baseUrl;
        Cache = cache;
    }

    public SpeechServer Speech { get; }
    public WebApplication App { get; }
    /// <summary>http://127.0.0.1:port/</summary>
    public Uri BaseUrl { get; }
    public string Cache { get; }
    public Uri Page => new(BaseUrl, "voiceprompts/");

    /// <param name="cache">A cache folder to share with an earlier host (the caller deletes it); a fresh one, deleted on dispose, when null.</param>
    /// <param name="speech">A speech server to share with an earlier host (its address is part of every cache key); else one of its own.</param>
    /// <param name="waitForPrerender">Waits until the sample's static prompts are in the cache (12 clips).</param>
    public static async Task<ReviewHost> StartAsync(string environment = "Development", string? cache = null,
        Action<IServiceCollection>? services = null, bool waitForPrerender = true, SpeechServer? speech = null)
    {
        bool ownsSpeech = speech is null;
        speech ??= await SpeechServer.StartAsync();
        bool ownsCache = cache is null;
        cache ??= Directory.CreateTempSubdirectory("review-page-").FullName;
        var app = PhoneServer.Build(new[]
        {
            "--urls", "http://127.0.0.1:0",
            "--environment", environment,
            "--VoicePrompts:BaseUrl", speech.BaseUrl.ToString(),
            "--VoicePrompts:ApiKey", ApiKey,
            "--VoicePrompts:CacheDirectory", cache,
            // Twilio's endpoints need these outside Development; nothing here calls them.
            "--PhoneMenu:PublicBaseUrl", "https://phone.example.test",
            "--Telephony:TwilioAuthToken", "sample-token",
            "--Logging:LogLevel:Default", "Warning",
        }, services);
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var host = new ReviewHost(speech, ownsSpeech, app, new Uri(address.TrimEnd('/') + "/"), cache, ownsCache);
        if (waitForPrerender)
        {
            for (int i = 0; i < 500 && Directory.GetFiles(cache, "*.vpa").Length < 12; i++)
                await Task.Delay(20);
            Assert.Equal(12, Directory.GetFiles(cache, "*.vpa").Length);
        }
        return host;
    }

    /// <summary>A client that keeps cookies (the antiforgery cookie) like a browser.</summary>
    public HttpClient Client() => new(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = Page };

    /// <summary>Loads the page (which sets the antiforgery cookie) and returns the request token and its header name.</summary>
    public static async Task<(string Header, string Token)> AntiforgeryAsync(HttpClient client)
    {
        string html = await client.GetStringAsync("");
        string header = Regex.Match(html, "name=\"vp-antiforgery-header\" content=\"([^\"]+)\"").Groups[1].Value;
        string token = WebUtility.HtmlDecode(Regex.Match(html, "name=\"vp-antiforgery-token\" content=\"([^\"]+)\"").Groups[1].Value);
        Assert.False(string.IsNullOrEmpty(token), "the page carries an antiforgery token");
        return (header, token);
    }

    public static async Task<JsonElement> RowsAsync(HttpClient client) =>
        JsonDocument.Parse(await client.GetStringAsync("api/prompts")).RootElement.GetProperty("rows");

    public static JsonElement Row(JsonElement rows, string name, string? culture) =>
        rows.EnumerateArray().Single(r => r.GetProperty("name").GetString() == name
            && (r.GetProperty("culture").ValueKind == JsonValueKind.Null ? null : r.GetProperty("culture").GetString()) == culture);

    public static string Query(string name, string? culture) => "id=PhoneMenu.IvrPrompts." + name + "&culture=" + culture;

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        if (_ownsSpeech)
            await Speech.DisposeAsync();
        if (_ownsCache)
            DeleteFolder(Cache);
    }

    /// <summary>A POST from the page: the antiforgery header (the client holds the cookie) and an optional JSON body.</summary>
    public static Task<HttpResponseMessage> PostAsync(HttpClient client, (string Header, string Token) antiforgery, string pathAndQuery, object? body = null)
    {
        var post = new HttpRequestMessage(HttpMethod.Post, pathAndQuery) { Content = body is null ? null : System.Net.Http.Json.JsonContent.Create(body) };
        post.Headers.Add(antiforgery.Header, antiforgery.Token);
        return client.SendAsync(post);
    }

    public static void DeleteFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A clip still being written when the host stopped; the temp folder is the system's to clean.
        }
    }
}
