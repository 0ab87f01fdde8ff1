using Microsoft.Playwright;

namespace VoicePrompts.AspNetCore.Tests;

/// <summary>
/// The distribution's Chromium (<c>apt-get install -y chromium</c>), driven by Playwright; Playwright's own browser
/// download is never used (it cannot reach the network here). Where Chromium is not installed the browser tests skip
/// with the reason; under CI (VOICEPROMPTS_REQUIRE_BROWSER=1, set by .ci/run, which installs it) that is a failure.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    public static string? Executable { get; } = Find();

    public static bool Required => Environment.GetEnvironmentVariable("VOICEPROMPTS_REQUIRE_BROWSER") == "1";

    public static string SkipReason =>
        "Chromium was not found at /usr/bin/chromium (install it with apt-get install -y chromium, or set VOICEPROMPTS_CHROMIUM to its path)";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (Executable is null)
            return; // the tests skip (or, under CI, fail in NewPageAsync with the reason)
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            // Audio plays without a click (the player is tested) and is heard by no one.
            Args = new[]
            {
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--autoplay-policy=no-user-gesture-required", "--mute-audio",
            },
        });
    }

    /// <summary>A fresh context (cookies, storage) and page, failing the test on any script error the page reports.</summary>
    public async Task<(IBrowserContext Context, IPage Page, List<string> Errors)> NewPageAsync()
    {
        if (Executable is null)
            throw new InvalidOperationException(SkipReason);
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        page.Console += (_, message) =>
        {
            if (message.Type == "error") errors.Add(message.Text + " (" + message.Location + ")");
        };
        return (context, page, errors);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
    }

    private static string? Find()
    {
        foreach (string? path in new[] { Environment.GetEnvironmentVariable("VOICEPROMPTS_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser" })
            if (!string.IsNullOrEmpty(path) && File.Exists(path))
                return path;
        return null;
    }
}

/// <summary>A test that needs Chromium: skipped with the reason where it is missing, unless CI requires it.</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (Chromium.Executable is null && !Chromium.Required)
            Skip = Chromium.SkipReason;
    }

    /// <summary>Also needs ../shared's recordings: skipped with that reason where they are absent, unless CI requires them.</summary>
    public bool NeedsRecordings
    {
        get => false;
        init
        {
            if (value && Skip is null && VoicePrompts.Tests.RecordedFixtures.Directory is null && !VoicePrompts.Tests.RecordedFixtures.Required)
                Skip = VoicePrompts.Tests.RecordedFixtures.SkipReason;
        }
    }
}
