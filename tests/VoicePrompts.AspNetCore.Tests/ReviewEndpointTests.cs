using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using System.Security.Claims;
using System.Text.Encodings.Web;
using VoicePrompts.Audio;

namespace VoicePrompts.AspNetCore.Tests;

/// <summary>The review page's endpoints over HTTP, on the PhoneMenu sample's server.</summary>
public sealed class ReviewEndpointTests
{
    [Theory]
    [InlineData("")]
    [InlineData("review.js")]
    [InlineData("api/prompts")]
    [InlineData("api/clip?id=PhoneMenu.IvrPrompts.MainMenu&culture=")]
    public async Task Outside_Development_without_the_opt_in_nothing_is_mapped(string path)
    {
        await using var host = await ReviewHost.StartAsync("Production", waitForPrerender: false);
        using var client = host.Client();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("api/synthesize?" + ReviewHost.Query("Greeting", null), null)).StatusCode);
    }

    [Fact]
    public async Task Outside_Development_the_opt_in_maps_it_and_RequireAuthorization_protects_it()
    {
        await using var speech = await Telephony.Tests.SpeechServer.StartAsync();
        var (app, apiUrl) = await StartBehindAuthenticationAsync(speech, cache: null, app =>
        {
            app.MapVoicePromptsReview("/voiceprompts").RequireAuthorization();
            app.MapVoicePromptsReview("/open"); // the same page without the convention, to tell the two apart
        });
        await using var _ = app;
        Assert.Equal("Production", app.Environment.EnvironmentName);
        var baseUrl = new Uri(apiUrl, "/");

        using var anonymous = new HttpClient { BaseAddress = baseUrl };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("voiceprompts/api/prompts")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("voiceprompts/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("open/api/prompts")).StatusCode);

        using var designer = new HttpClient { BaseAddress = baseUrl };
        designer.DefaultRequestHeaders.Add("X-Designer", "yes");
        var rows = JsonDocument.Parse(await designer.GetStringAsync("voiceprompts/api/prompts")).RootElement.GetProperty("rows");
        Assert.Equal(10, rows.GetArrayLength());
        // No cache configured: said so, and approvals are off.
        var list = JsonDocument.Parse(await designer.GetStringAsync("voiceprompts/api/prompts")).RootElement;
        Assert.False(list.GetProperty("reviewsEnabled").GetBoolean());
        Assert.Contains("no cache", list.GetProperty("notice").GetString());
    }

    [Fact]
    public async Task Behind_authentication_a_decision_records_who_made_it()
    {
        await using var speech = await Telephony.Tests.SpeechServer.StartAsync();
        string cache = Directory.CreateTempSubdirectory("review-auth-").FullName;
        var (app, apiUrl) = await StartBehindAuthenticationAsync(speech, cache, app => app.MapVoicePromptsReview().RequireAuthorization());
        await using var _ = app;
        using var designer = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(apiUrl, "/voiceprompts/") };
        designer.DefaultRequestHeaders.Add("X-Designer", "yes");
        var antiforgery = await ReviewHost.AntiforgeryAsync(designer);

        (await ReviewHost.PostAsync(designer, antiforgery, "api/synthesize?" + ReviewHost.Query("Goodbye", "fr"))).EnsureSuccessStatusCode();
        var decided = await ReviewHost.PostAsync(designer, antiforgery, "api/review?" + ReviewHost.Query("Goodbye", "fr"), new { decision = "rejected", comment = "Trop vite." });
        var review = JsonDocument.Parse(await decided.Content.ReadAsStringAsync()).RootElement.GetProperty("review");
        Assert.Equal("rejected", review.GetProperty("state").GetString());
        Assert.Equal("designer", review.GetProperty("reviewer").GetString());
        Assert.Contains("\"reviewer\": \"designer\"", File.ReadAllText(Path.Combine(cache, "reviews", "PhoneMenu.IvrPrompts.Goodbye.fr.json")));
        ReviewHost.DeleteFolder(cache);
    }

    [Fact]
    public async Task Without_AddVoicePromptsReview_mapping_says_what_to_call()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddVoicePrompts();
        await using var app = builder.Build();
        var error = Assert.Throws<InvalidOperationException>(() => app.MapVoicePromptsReview());
        Assert.Contains("AddVoicePromptsReview()", error.Message);
    }

    [Fact]
    public async Task A_POST_without_the_antiforgery_token_is_refused_and_costs_nothing()
    {
        await using var host = await ReviewHost.StartAsync();
        using var client = host.Client();
        var (header, token) = await ReviewHost.AntiforgeryAsync(client);
        int before = host.Speech.Requests;

        // No token at all; a forged token; the right token from a client without the cookie.
        var none = await client.PostAsync("api/synthesize?" + ReviewHost.Query("Greeting", null), null);
        var forged = new HttpRequestMessage(HttpMethod.Post, "api/synthesize?" + ReviewHost.Query("Greeting", null));
        forged.Headers.Add(header, "CfDJ8forged");
        var forgedResponse = await client.SendAsync(forged);
        using var cookieless = new HttpClient { BaseAddress = host.Page };
        var stolen = new HttpRequestMessage(HttpMethod.Post, "api/review?" + ReviewHost.Query("MainMenu", null))
        {
            Content = JsonContent.Create(new { decision = "approved" }),
        };
        stolen.Headers.Add(header, token);
        var stolenResponse = await cookieless.SendAsync(stolen);

        foreach (var response in new[] { none, forgedResponse, stolenResponse })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("antiforgery", await response.Content.ReadAsStringAsync());
        }
        Assert.Equal(before, host.Speech.Requests);
        Assert.False(Directory.Exists(Path.Combine(host.Cache, "reviews")));

        // With both, it goes through.
        Assert.Equal(HttpStatusCode.OK, (await ReviewHost.PostAsync(client, (header, token), "api/synthesize?" + ReviewHost.Query("Greeting", null))).StatusCode);
        Assert.Equal(before + 1, host.Speech.Requests);
    }

    [Fact]
    public async Task No_response_carries_the_key()
    {
        await using var host = await ReviewHost.StartAsync();
        using var client = host.Client();
        var antiforgery = await ReviewHost.AntiforgeryAsync(client);
        var responses = new List<HttpResponseMessage>
        {
            await client.GetAsync(""),
            await client.GetAsync("review.js"),
            await client.GetAsync("review.css"),
            await client.GetAsync("api/prompts"),
            await client.GetAsync("api/clip?" + ReviewHost.Query("MainMenu", null)),
            await client.GetAsync("api/clip/raw?" + ReviewHost.Query("MainMenu", "fr")),
        };
        foreach (var (path, body) in new[] { ("api/synthesize", (object?)null), ("api/review", new { decision = "approved", comment = "ok" }) })
        {
            responses.Add(await ReviewHost.PostAsync(client, antiforgery, path + "?" + ReviewHost.Query("Transfer", null), body));
        }
        // A failure's message too: the speech server is gone.
        await host.Speech.DisposeAsync();
        responses.Add(await ReviewHost.PostAsync(client, antiforgery, "api/synthesize?" + ReviewHost.Query("Greeting", "fr")));

        Assert.All(responses.Take(responses.Count - 1), r => Assert.True(r.IsSuccessStatusCode, r.RequestMessage!.RequestUri + ": " + r.StatusCode));
        Assert.Equal(HttpStatusCode.BadGateway, responses[^1].StatusCode);
        foreach (var response in responses)
        {
            string text = Encoding.Latin1.GetString(await response.Content.ReadAsByteArrayAsync())
                + string.Join("\n", response.Headers.Concat(response.Content.Headers).Select(h => h.Key + ": " + string.Join(",", h.Value)));
            Assert.DoesNotContain(ReviewHost.ApiKey, text);
            Assert.DoesNotContain("5f2c9a0d7e1b4c3a", text);
        }
    }

    [Fact]
    public async Task The_list_has_every_prompt_and_culture_rendered_with_examples_and_spoken_forms()
    {
        await using var host = await ReviewHost.StartAsync();
        using var client = host.Client();
        var rows = await ReviewHost.RowsAsync(client);
        var expected = SampleCatalog.All.Select(p => (p.Id, p.Language)).ToList();
        Assert.Equal(expected, rows.EnumerateArray().Select(r => (r.GetProperty("id").GetString()!, r.GetProperty("culture").GetString())).ToList());

        // Templated, rendered with its examples: written as declared, spoken with the file's pronunciations.
        var greeting = ReviewHost.Row(rows, "Greeting", "fr");
        Assert.Equal("Merci d'avoir appelé Northwind Bank. Nous sommes ouverts et heureux de vous aider.", greeting.GetProperty("text").GetString());
        Assert.Equal("Merci d'avoir appelé Nortouinde Bank. Nous sommes ouverts et heureux de vous aider.", greeting.GetProperty("spoken").GetString());
        Assert.Contains("missing", greeting.GetProperty("states").EnumerateArray().Select(s => s.GetString()));
        Assert.True(greeting.GetProperty("estimatedCostUsd").GetDecimal() > 0);
        // Static and pre-rendered by the sample: cached, with a duration, spoken "A T M".
        var menu = ReviewHost.Row(rows, "MainMenu", null);
        Assert.Contains("To find an ATM, press 4.", menu.GetProperty("text").GetString());
        Assert.Contains("To find an A T M, press 4.", menu.GetProperty("spoken").GetString());
        Assert.Equal("pcmu", menu.GetProperty("clip").GetProperty("format").GetString());
        Assert.InRange(menu.GetProperty("clip").GetProperty("durationSeconds").GetDouble(), 1, 10);
        Assert.Equal(new[] { "unreviewed" }, menu.GetProperty("states").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(menu.GetProperty("inputTokens").GetInt32(), SampleCatalog.All.First(p => p.Id.EndsWith(".MainMenu") && p.Language is null).StaticInputTokens);
        // Templated without examples: listed, not playable, and says why.
        var queue = ReviewHost.Row(rows, "QueuePosition", null);
        Assert.Contains("example", queue.GetProperty("unavailable").GetString());
        Assert.Equal(JsonValueKind.Null, queue.GetProperty("clip").ValueKind);
    }

    [Fact]
    public async Task A_G711_clip_is_played_as_16_bit_WAV_and_handed_out_raw_for_the_waveform()
    {
        await using var host = await ReviewHost.StartAsync();
        using var client = host.Client();
        var raw = await client.GetAsync("api/clip/raw?" + ReviewHost.Query("Goodbye", null));
        Assert.Equal("pcmu", raw.Headers.GetValues("X-VoicePrompts-Format").Single());
        byte[] mulaw = await raw.Content.ReadAsByteArrayAsync();

        var playable = await client.GetAsync("api/clip?" + ReviewHost.Query("Goodbye", null));
        Assert.Equal("audio/wav", playable.Content.Headers.ContentType!.MediaType);
        byte[] wav = await playable.Content.ReadAsByteArrayAsync();
        Assert.Equal("RIFF", Encoding.ASCII.GetString(wav, 0, 4));
        Assert.Equal(8000, BitConverter.ToInt32(wav, 24));
        Assert.Equal(16, BitConverter.ToInt16(wav, 34));
        Assert.Equal(mulaw.Length * 2, BitConverter.ToInt32(wav, 40));
        for (int i = 0; i < mulaw.Length; i++)
            Assert.Equal(G711.DecodeMuLaw(mulaw[i]), BitConverter.ToInt16(wav, 44 + 2 * i));

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("api/clip?" + ReviewHost.Query("Greeting", null))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("api/clip?id=PhoneMenu.IvrPrompts.Nope&culture=")).StatusCode);
    }

    [Fact]
    public async Task An_approval_holds_for_its_clip_only_and_a_changed_text_needs_review_again()
    {
        // One cache and one speech server (its address is in every key) for three builds of the app.
        string cache = Directory.CreateTempSubdirectory("review-page-").FullName;
        await using var speech = await Telephony.Tests.SpeechServer.StartAsync();
        await using (var host = await ReviewHost.StartAsync(cache: cache, speech: speech))
        {
            using var client = host.Client();
            var antiforgery = await ReviewHost.AntiforgeryAsync(client);
            var approve = await ReviewHost.PostAsync(client, antiforgery, "api/review?" + ReviewHost.Query("MainMenu", null), new { decision = "approved", comment = "Clear and calm." });
            var row = JsonDocument.Parse(await approve.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("approved", row.GetProperty("review").GetProperty("state").GetString());
            Assert.Equal("Clear and calm.", row.GetProperty("review").GetProperty("comment").GetString());

            Assert.Equal(HttpStatusCode.BadRequest,
                (await ReviewHost.PostAsync(client, antiforgery, "api/review?" + ReviewHost.Query("MainMenu", null), new { decision = "maybe" })).StatusCode);
            Assert.Equal(HttpStatusCode.Conflict,
                (await ReviewHost.PostAsync(client, antiforgery, "api/review?" + ReviewHost.Query("Greeting", null), new { decision = "approved" })).StatusCode);
        }

        // The same catalog after a rebuild with the English menu reworded: the approval no longer holds.
        var reworded = SampleCatalog.All.Select(p => p.Id.EndsWith(".MainMenu") && p.Language is null ? Reword(p) : p).ToList();
        await using (var host = await ReviewHost.StartAsync(cache: cache, speech: speech, services: s => s.Configure<VoicePromptsReviewOptions>(o => o.Prompts = reworded)))
        {
            using var client = host.Client();
            var menu = ReviewHost.Row(await ReviewHost.RowsAsync(client), "MainMenu", null);
            Assert.Equal("needs-review", menu.GetProperty("review").GetProperty("state").GetString());
            Assert.Equal(new[] { "text" }, menu.GetProperty("review").GetProperty("changed").EnumerateArray().Select(c => c.GetString()));
            Assert.Contains("missing", menu.GetProperty("states").EnumerateArray().Select(s => s.GetString()));
            // The French menu was never judged; unchanged.
            Assert.Equal("unreviewed", ReviewHost.Row(await ReviewHost.RowsAsync(client), "MainMenu", "fr").GetProperty("review").GetProperty("state").GetString());
        }

        // Back to the approved text: approved again (the decision is tied to the clip, which is still cached).
        await using (var host = await ReviewHost.StartAsync(cache: cache, speech: speech))
        {
            using var client = host.Client();
            Assert.Equal("approved", ReviewHost.Row(await ReviewHost.RowsAsync(client), "MainMenu", null).GetProperty("review").GetProperty("state").GetString());
            // The clip itself replaced (a re-render that sounds different): needs review, because the audio changed.
            var store = new Caching.DiskSpeechAudioStore(cache);
            string key = Caching.SpeechCacheKey.For(SampleCatalog.All.First(p => p.Id.EndsWith(".MainMenu") && p.Language is null).CreateRequest(),
                host.App.Services.GetRequiredService<ISpeechClient>());
            Assert.NotNull(await store.GetAsync(key));
            await store.SetAsync(key, new SpeechAudio(new byte[8000], AudioFormat.Pcmu));
            var menu = ReviewHost.Row(await ReviewHost.RowsAsync(client), "MainMenu", null);
            Assert.Equal("needs-review", menu.GetProperty("review").GetProperty("state").GetString());
            Assert.Equal(new[] { "audio" }, menu.GetProperty("review").GetProperty("changed").EnumerateArray().Select(c => c.GetString()));
        }
        ReviewHost.DeleteFolder(cache);
    }

    [Fact]
    public async Task A_damaged_review_file_is_named_on_its_row_and_no_decision_overwrites_it()
    {
        await using var host = await ReviewHost.StartAsync();
        string reviews = Path.Combine(host.Cache, "reviews");
        Directory.CreateDirectory(reviews);
        string file = Path.Combine(reviews, "PhoneMenu.IvrPrompts.MainMenu.neutral.json");
        File.WriteAllText(file, "{ \"decisions\": [ { \"decision\": ");
        using var client = host.Client();
        var antiforgery = await ReviewHost.AntiforgeryAsync(client);

        var rows = await ReviewHost.RowsAsync(client);
        string problem = ReviewHost.Row(rows, "MainMenu", null).GetProperty("review").GetProperty("problem").GetString()!;
        Assert.Contains(file, problem);
        Assert.Contains("not valid JSON", problem);
        Assert.Equal(JsonValueKind.Null, ReviewHost.Row(rows, "MainMenu", "fr").GetProperty("review").GetProperty("problem").ValueKind);

        var decide = await ReviewHost.PostAsync(client, antiforgery, "api/review?" + ReviewHost.Query("MainMenu", null), new { decision = "approved" });
        Assert.Equal(HttpStatusCode.Conflict, decide.StatusCode);
        Assert.Contains("fix or delete it", await decide.Content.ReadAsStringAsync());
        Assert.Equal("{ \"decisions\": [ { \"decision\": ", File.ReadAllText(file));
    }

    /// <summary>A prompt as a rebuild would list it after its text was edited.</summary>
    internal static PromptInfo Reword(PromptInfo p) => new(p.Id, p.Model, p.Voice, p.Template + " Thank you.")
    {
        Instructions = p.Instructions, Format = p.Format, Speed = p.Speed, Language = p.Language,
        StaticInput = p.StaticInput + " Thank you.", StaticInputTokens = p.StaticInputTokens + 3,
        SourceFile = p.SourceFile, Line = p.Line, ModelSettings = p.ModelSettings,
    };

    /// <summary>
    /// An app outside Development (the slim builder's environment is Production) that opts in to the page, over the
    /// PhoneMenu sample's catalog, with <see cref="HeaderAuthentication"/>; <paramref name="map"/> maps the page.
    /// </summary>
    private static Task<(WebApplication App, Uri BaseUrl)> StartBehindAuthenticationAsync(Telephony.Tests.SpeechServer speech, string? cache, Action<WebApplication> map) =>
        VoicePrompts.Tests.LoopbackServer.StartKestrelAsync(services =>
        {
            services.AddVoicePrompts(o =>
            {
                o.BaseUrl = speech.BaseUrl;
                o.ApiKey = ReviewHost.ApiKey;
                if (cache is not null) o.UseDiskCache(cache);
            });
            services.AddVoicePromptsReview(o => { o.EnableOutsideDevelopment = true; o.Assemblies.Add(typeof(PhoneMenu.IvrPrompts).Assembly); });
            services.AddAuthentication("Header").AddScheme<AuthenticationSchemeOptions, HeaderAuthentication>("Header", null);
            services.AddAuthorization();
        }, app =>
        {
            app.UseAuthentication();
            app.UseAuthorization();
            map(app);
        });

    /// <summary>Authenticated as "designer" when the request says <c>X-Designer: yes</c>.</summary>
    private sealed class HeaderAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        protected override Task<AuthenticateResult> HandleAuthenticateAsync() =>
            Task.FromResult(Request.Headers["X-Designer"] == "yes"
                ? AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(new[] { new Claim(ClaimTypes.Name, "designer") }, Scheme.Name)), Scheme.Name))
                : AuthenticateResult.NoResult());
    }
}
