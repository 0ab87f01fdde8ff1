using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using VoicePrompts.Tests.Realtime;

namespace VoicePrompts.AspNetCore.Tests;

/// <summary>Realtime reads on the review page: the transcript beside the text, and a read that drifted shown as such, never cached.</summary>
public sealed class RealtimeReviewTests : IAsyncDisposable
{
    private readonly string _cache = Directory.CreateTempSubdirectory("review-realtime-").FullName;

    public ValueTask DisposeAsync()
    {
        ReviewHost.DeleteFolder(_cache);
        return ValueTask.CompletedTask;
    }

    private static PromptInfo Realtime(string name, string text) => new("Kiosk.Prompts." + name, "gpt-realtime-2.1-mini", "marin", text)
    {
        Format = AudioFormat.Pcm, StaticInput = text, StaticInputTokens = InputTokens.Count(text), SourceFile = "Prompts/kiosk.voice.yaml", Line = 3,
    };

    [Fact]
    public async Task A_faithful_read_shows_its_transcript_and_a_drifted_read_is_shown_but_never_cached_or_approvable()
    {
        // The model reads "Welcome." faithfully and says something else for "Order 66 is ready.", every attempt.
        await using var realtime = await FakeRealtimeServer.StartAsync(async read =>
        {
            await read.CreatedAsync();
            await read.AudioAsync(FakeRealtimeServer.PcmFor(read.Text), chunks: 2);
            await read.TranscriptAsync(read.Text.StartsWith("Order", StringComparison.Ordinal) ? "Order sixty is ready." : read.Text);
            await read.DoneAsync();
        });
        var (app, apiUrl) = await VoicePrompts.Tests.LoopbackServer.StartKestrelAsync(services =>
        {
            services.AddVoicePrompts(o => { o.BaseUrl = realtime.BaseUrl; o.ApiKey = ReviewHost.ApiKey; o.UseDiskCache(_cache); });
            services.AddVoicePromptsReview(o =>
            {
                o.EnableOutsideDevelopment = true; // the slim builder's environment is Production
                o.Prompts = new[] { Realtime("Order", "Order 66 is ready."), Realtime("Welcome", "Welcome.") };
            });
        }, app => app.MapVoicePromptsReview());
        await using var _ = app;
        var page = new Uri(apiUrl, "/voiceprompts/");
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = new System.Net.CookieContainer() }) { BaseAddress = page };
        var antiforgery = await ReviewHost.AntiforgeryAsync(client);
        async Task<JsonElement> PostAsync(string path, object? body = null) =>
            JsonDocument.Parse(await (await ReviewHost.PostAsync(client, antiforgery, path, body)).Content.ReadAsStringAsync()).RootElement;

        var welcome = await PostAsync("api/synthesize?id=Kiosk.Prompts.Welcome&culture=");
        Assert.Equal("Welcome.", welcome.GetProperty("clip").GetProperty("transcript").GetString());
        Assert.True(welcome.GetProperty("clip").GetProperty("transcriptMatches").GetBoolean());
        Assert.Equal(new[] { "unreviewed" }, welcome.GetProperty("states").EnumerateArray().Select(s => s.GetString()));
        Assert.True(welcome.GetProperty("clip").GetProperty("costUsd").GetDecimal() > 0); // billed from the read's usage

        var order = await PostAsync("api/synthesize?id=Kiosk.Prompts.Order&culture=");
        Assert.Equal("Order sixty is ready.", order.GetProperty("clip").GetProperty("transcript").GetString());
        Assert.False(order.GetProperty("clip").GetProperty("transcriptMatches").GetBoolean());
        Assert.Equal(new[] { "drifted" }, order.GetProperty("states").EnumerateArray().Select(s => s.GetString()));
        // Heard on the page, but not in the cache, and not approvable.
        Assert.True((await client.GetAsync("api/clip?id=Kiosk.Prompts.Order&culture=")).IsSuccessStatusCode);
        Assert.Single(Directory.GetFiles(_cache, "*.vpa"));
        var approve = await PostAsync("api/review?id=Kiosk.Prompts.Order&culture=", new { decision = "approved" });
        Assert.Equal("No clip", approve.GetProperty("title").GetString());
        Assert.Empty(realtime.Violations);
    }
}
