using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using VoicePrompts.Prerender;

namespace VoicePrompts.AspNetCore.Tests;

/// <summary>The pre-render tool's release check over approvals made on the review page.</summary>
public sealed class ReleaseCheckTests
{
    private static async Task<(int Exit, string Output, string Errors)> CheckAsync(ReviewHost host, bool require)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var arguments = new PrerenderArguments(Path.Combine(AppContext.BaseDirectory, "PhoneMenu.dll"), host.Cache)
        {
            BaseUrl = host.Speech.BaseUrl,
            ApprovalCheck = require ? ApprovalCheck.Require : ApprovalCheck.Report,
        };
        int exit = await PrerenderCommand.RunAsync(arguments, output, errors);
        return (exit, output.ToString(), errors.ToString());
    }

    private static async Task DecideAsync(HttpClient client, (string Header, string Token) antiforgery, string name, string? culture, string decision, string? comment = null)
    {
        (await ReviewHost.PostAsync(client, antiforgery, "api/review?" + ReviewHost.Query(name, culture), new { decision, comment })).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task The_release_check_lists_each_static_clip_and_fails_until_every_one_is_approved()
    {
        await using var host = await ReviewHost.StartAsync();
        using var client = host.Client();
        var antiforgery = await ReviewHost.AntiforgeryAsync(client);
        int before = host.Speech.Requests;

        var none = await CheckAsync(host, require: true);
        Assert.Equal(PrerenderCommand.NotApproved, none.Exit);
        Assert.Contains("PhoneMenu.IvrPrompts.MainMenu  NOT APPROVED: never reviewed", none.Output);
        Assert.Contains("0 of 4 static clips approved", none.Output);
        Assert.Contains("4 static clip(s) are not approved", none.Errors);

        await DecideAsync(client, antiforgery, "MainMenu", null, "approved", "Calm.");
        await DecideAsync(client, antiforgery, "MainMenu", "fr", "approved");
        await DecideAsync(client, antiforgery, "Goodbye", null, "approved");
        await DecideAsync(client, antiforgery, "Goodbye", "fr", "rejected", "Trop rapide.");
        var one = await CheckAsync(host, require: true);
        Assert.Equal(PrerenderCommand.NotApproved, one.Exit);
        Assert.Contains("PhoneMenu.IvrPrompts.MainMenu  approved (\"Calm.\")", one.Output);
        Assert.Contains("PhoneMenu.IvrPrompts.Goodbye [fr]  NOT APPROVED: rejected (\"Trop rapide.\")", one.Output);
        Assert.Contains("3 of 4 static clips approved", one.Output);

        // Reporting only: the same list, and success.
        var report = await CheckAsync(host, require: false);
        Assert.Equal(PrerenderCommand.Ok, report.Exit);
        Assert.Contains("3 of 4 static clips approved", report.Output);

        await DecideAsync(client, antiforgery, "Goodbye", "fr", "approved", "Mieux.");
        var all = await CheckAsync(host, require: true);
        Assert.Equal(PrerenderCommand.Ok, all.Exit);
        Assert.Contains("4 of 4 static clips approved", all.Output);

        // A clip that is replaced in the cache (re-rendered) is no longer the approved one.
        var store = new Caching.DiskSpeechAudioStore(host.Cache);
        var request = SampleCatalog.All.First(p => p.Id.EndsWith(".Goodbye") && p.Language is null).CreateRequest();
        await store.SetAsync(Caching.SpeechCacheKey.For(request, host.App.Services.GetRequiredService<ISpeechClient>()), new SpeechAudio(new byte[4000], AudioFormat.Pcmu));
        var replaced = await CheckAsync(host, require: true);
        Assert.Equal(PrerenderCommand.NotApproved, replaced.Exit);
        Assert.Contains("PhoneMenu.IvrPrompts.Goodbye  NOT APPROVED: needs review, changed since it was approved: audio", replaced.Output);

        // A clip that is gone.
        File.Delete(store.PathFor(Caching.SpeechCacheKey.For(request, host.App.Services.GetRequiredService<ISpeechClient>())));
        Assert.Contains("PhoneMenu.IvrPrompts.Goodbye  NOT APPROVED: no clip in the cache", (await CheckAsync(host, require: true)).Output);

        Assert.Equal(before, host.Speech.Requests); // the check never synthesizes
    }

    [Theory]
    [InlineData("app.dll --cache c --check-approved", "Report", null, null)]
    [InlineData("app.dll --cache c --require-approved --reviews r", "Require", "r", null)]
    [InlineData("app.dll --check-approved --require-approved --cache c", "Require", null, null)]
    [InlineData("app.dll --pack p --require-approved", null, null, "without --pack")]
    [InlineData("app.dll --cache c --pack p --check-approved", null, null, "without --pack")]
    [InlineData("app.dll --cache c --reviews", null, null, "--reviews needs a value")]
    public void The_approval_flags_parse_or_say_what_is_wrong(string line, string? check, string? reviews, string? error)
    {
        bool parsed = PrerenderArguments.TryParse(line.Split(' '), out var arguments, out string? message);
        if (error is not null)
        {
            Assert.False(parsed);
            Assert.Contains(error, message);
            return;
        }
        Assert.True(parsed, message);
        Assert.Equal(check, arguments!.ApprovalCheck.ToString());
        Assert.Equal(reviews, arguments.ReviewDirectory);
    }
}
