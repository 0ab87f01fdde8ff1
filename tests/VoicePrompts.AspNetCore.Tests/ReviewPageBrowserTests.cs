using Microsoft.AspNetCore.Builder;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using VoicePrompts.Telephony.Tests;

namespace VoicePrompts.AspNetCore.Tests;

/// <summary>
/// The review page in a real Chromium, on the PhoneMenu sample's server (Development) with the fake speech server:
/// its static prompts pre-rendered (μ-law, cached), its templated prompts rendered with their examples (missing).
/// </summary>
public sealed class ReviewPageBrowserTests(Chromium chromium) : IClassFixture<Chromium>
{
    private static string RowSelector(string name, string? culture) => $"tr[data-row-id=\"PhoneMenu.IvrPrompts.{name}|{culture}\"]";

    private static Task WaitForListAsync(IPage page) =>
        page.WaitForFunctionAsync("() => document.querySelectorAll('#prompts tbody tr').length > 0");

    /// <summary>A fresh browser context on the host's review page, its list loaded.</summary>
    private async Task<(IBrowserContext Context, IPage Page, List<string> Errors)> OpenAsync(ReviewHost host)
    {
        var (context, page, errors) = await chromium.NewPageAsync();
        await page.GotoAsync(host.Page.ToString());
        await WaitForListAsync(page);
        return (context, page, errors);
    }

    private static async Task<string> StateAsync(IPage page, string name, string? culture) =>
        (await page.Locator(RowSelector(name, culture)).GetAttributeAsync("data-state"))!;

    [BrowserFact]
    public async Task Every_prompt_and_culture_is_listed_with_its_text_voice_and_cost()
    {
        await using var host = await ReviewHost.StartAsync();
        var (context, page, errors) = await OpenAsync(host);
        await using (context)
        {

            var listed = await page.Locator("#prompts tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.rowId)");
            Assert.Equal(SampleCatalog.All.Select(p => p.Id + "|" + p.Language), listed);
            var greeting = page.Locator(RowSelector("Greeting", "fr"));
            Assert.Equal("Merci d'avoir appelé Northwind Bank. Nous sommes ouverts et heureux de vous aider.", await greeting.Locator(".written").InnerTextAsync());
            Assert.Contains("Nortouinde", await greeting.Locator(".spoken").InnerTextAsync());
            Assert.Equal("missing", await StateAsync(page, "Greeting", "fr"));
            Assert.Matches(@"^≈ \$0\.\d+$", await greeting.Locator(".estimate").InnerTextAsync());
            var menu = page.Locator(RowSelector("MainMenu", null));
            Assert.Equal("marin", await menu.Locator("td.voice span").First.InnerTextAsync());
            Assert.Equal("gpt-4o-mini-tts", await menu.Locator(".model").InnerTextAsync());
            Assert.Equal("pcmu", await menu.Locator(".format").InnerTextAsync());
            Assert.Equal(SampleCatalog.All.First(p => p.Id.EndsWith(".MainMenu") && p.Language is null).StaticInputTokens + " tokens",
                await menu.Locator(".tokens").InnerTextAsync());
            Assert.Equal("unreviewed", await StateAsync(page, "MainMenu", null));
            Assert.Matches(@"^\d+\.\d s$", await menu.Locator(".duration").InnerTextAsync());
            Assert.Contains("example", await page.Locator(RowSelector("QueuePosition", null)).InnerTextAsync());
            Assert.Contains("10 prompts × cultures", await page.Locator("#summary").InnerTextAsync());
            // Every cached clip's waveform gets drawn (the last rows once scrolled near).
            await page.Locator("#prompts tbody tr").Last.ScrollIntoViewIfNeededAsync();
            await page.WaitForFunctionAsync("() => [...document.querySelectorAll('canvas.waveform')].every(c => c.dataset.drawn === 'true')");
            Assert.Equal(4, await page.Locator("canvas.waveform[data-drawn=true]").CountAsync());
            Assert.Empty(errors);
        }
    }

    [BrowserFact]
    public async Task A_cached_clip_plays_and_its_waveform_is_drawn()
    {
        await using var host = await ReviewHost.StartAsync();
        var (context, page, errors) = await OpenAsync(host);
        await using (context)
        {
            var canvas = page.Locator(RowSelector("MainMenu", "fr") + " canvas.waveform");
            await canvas.ScrollIntoViewIfNeededAsync(); // waveforms are drawn as their rows come near the viewport
            await page.WaitForFunctionAsync($"() => document.querySelector('{RowSelector("MainMenu", "fr").Replace("'", "\\'")} canvas.waveform').dataset.drawn === 'true'");
            Assert.True(await InkedPixelsAsync(canvas) > 200, "the μ-law waveform has ink");

            await page.Locator(RowSelector("MainMenu", "fr")).GetByRole(AriaRole.Button, new() { Name = "Play" }).ClickAsync();
            await page.WaitForFunctionAsync("() => document.getElementById('player').currentTime > 0.3", null, new() { Timeout = 10_000 });
            Assert.Contains("MainMenu (fr)", await page.Locator("#now-playing").InnerTextAsync());
            Assert.Empty(errors);
        }
    }

    [BrowserFact]
    public async Task A_WAV_clip_is_decoded_by_the_browser_for_its_waveform_and_duration()
    {
        // The greeting as a 16 kHz WAV prompt (converted from the server's PCM): the page draws it through decodeAudioData.
        var prompts = SampleCatalog.All.Select(p => p.Id.EndsWith(".Greeting") && p.Language is null ? WithFormat(p, AudioFormat.Wav16000) : p).ToList();
        await using var host = await ReviewHost.StartAsync(services: s => s.Configure<VoicePromptsReviewOptions>(o => o.Prompts = prompts));
        var (context, page, errors) = await OpenAsync(host);
        await using (context)
        {
            await page.Locator(RowSelector("Greeting", null)).GetByRole(AriaRole.Button, new() { Name = "Synthesize…" }).ClickAsync();
            await page.Locator("#confirm-ok").ClickAsync();
            await page.WaitForFunctionAsync($"() => document.querySelector('{RowSelector("Greeting", "")} canvas.waveform')?.dataset.drawn === 'true'");
            Assert.True(await InkedPixelsAsync(page.Locator(RowSelector("Greeting", null) + " canvas.waveform")) > 200);
            Assert.Equal("wav_16000", await page.Locator(RowSelector("Greeting", null) + " .format").InnerTextAsync());
            Assert.Matches(@"^\d+\.\d s$", await page.Locator(RowSelector("Greeting", null) + " .duration").InnerTextAsync());
            Assert.Empty(errors);
        }
    }

    [BrowserFact(NeedsRecordings = true)]
    public async Task An_MP3_clip_recorded_from_OpenAI_is_decoded_by_the_browser_for_its_waveform_and_duration()
    {
        // OpenAI's own MP3 (shared/fixtures/openai-recorded/format-mp3.json), replayed for the one prompt of this page.
        var mp3 = VoicePrompts.Tests.RecordedFixtures.Load("format-mp3.json");
        await using var speech = await VoicePrompts.Tests.LoopbackServer.StartAsync(async (context, body) =>
        {
            context.Response.ContentType = mp3.ContentType;
            await context.Response.Body.WriteAsync(mp3.AudioBytes);
        });
        string text = mp3.RequestBody.GetProperty("input").GetString()!;
        var prompt = new PromptInfo("Demo.Prompts.Hello", "gpt-4o-mini-tts", mp3.RequestBody.GetProperty("voice").GetString()!, text)
        {
            Format = AudioFormat.Mp3, StaticInput = text, StaticInputTokens = InputTokens.Count(text), SourceFile = "Prompts.cs", Line = 7,
        };
        string cache = Directory.CreateTempSubdirectory("review-mp3-").FullName;
        var (app, apiUrl) = await VoicePrompts.Tests.LoopbackServer.StartKestrelAsync(services =>
        {
            services.AddVoicePrompts(o => { o.BaseUrl = speech.BaseUrl; o.ApiKey = ReviewHost.ApiKey; o.UseDiskCache(cache); });
            services.AddVoicePromptsReview(o => { o.EnableOutsideDevelopment = true; o.Prompts = new[] { prompt }; });
        }, app => app.MapVoicePromptsReview());
        await using var _ = app;
        try
        {
            var (context, page, errors) = await chromium.NewPageAsync();
            await using (context)
            {
                await page.GotoAsync(new Uri(apiUrl, "/voiceprompts/").ToString());
                await WaitForListAsync(page);
                await page.GetByRole(AriaRole.Button, new() { Name = "Synthesize…" }).ClickAsync();
                await page.Locator("#confirm-ok").ClickAsync();
                await page.WaitForFunctionAsync("() => document.querySelector('canvas.waveform')?.dataset.drawn === 'true'");
                Assert.True(await InkedPixelsAsync(page.Locator("canvas.waveform")) > 200);
                // The server knows no MP3 duration without decoding; the page's decoder says it.
                double seconds = double.Parse((await page.Locator(".duration").InnerTextAsync()).TrimEnd(' ', 's'), System.Globalization.CultureInfo.InvariantCulture);
                Assert.InRange(seconds, 1.0, 10.0);
                Assert.Empty(errors);
            }
        }
        finally
        {
            ReviewHost.DeleteFolder(cache);
        }
    }

    [BrowserFact]
    public async Task A_missing_clip_is_synthesized_only_after_its_cost_is_confirmed_and_becomes_cached()
    {
        await using var host = await ReviewHost.StartAsync();
        var (context, page, errors) = await OpenAsync(host);
        await using (context)
        {
            int before = host.Speech.Requests;
            var row = page.Locator(RowSelector("Greeting", null));
            var synthesize = row.GetByRole(AriaRole.Button, new() { Name = "Synthesize…" });

            await synthesize.ClickAsync();
            var dialog = page.Locator("#confirm");
            Assert.True(await dialog.IsVisibleAsync());
            Assert.Matches(@"Estimated cost ≈ \$0\.\d+: \d+ input tokens", await dialog.Locator("#confirm-body").InnerTextAsync());
            await page.Locator("#confirm-cancel").ClickAsync();
            Assert.False(await dialog.IsVisibleAsync());
            Assert.Equal(before, host.Speech.Requests);

            await synthesize.ClickAsync();
            await page.Locator("#confirm-ok").ClickAsync();
            await page.WaitForFunctionAsync($"() => document.querySelector('{RowSelector("Greeting", "")}').dataset.state === 'unreviewed'");
            Assert.Equal(new[] { "Thank you for calling Northwind Bank. We're open, and happy to help." }, host.Speech.SpokenSince(before));
            Assert.True(await page.Locator(RowSelector("Greeting", null)).GetByRole(AriaRole.Button, new() { Name = "Play" }).IsVisibleAsync());

            // Cached: a reload shows it, without asking the speech server again.
            await page.ReloadAsync();
            await WaitForListAsync(page);
            Assert.Equal("unreviewed", await StateAsync(page, "Greeting", null));
            Assert.Equal(before + 1, host.Speech.Requests);
            Assert.Empty(errors);
        }
    }

    [BrowserFact]
    public async Task Render_all_missing_shows_progress_and_stops_at_the_cost_cap()
    {
        await using var speech = await SpeechServer.StartAsync();
        // A cap that two of the four missing clips fit under (the greetings, listed first, cost the most).
        decimal cap;
        await using (var probe = await ReviewHost.StartAsync(speech: speech))
        {
            using var client = probe.Client();
            var rows = await ReviewHost.RowsAsync(client);
            cap = ReviewHost.Row(rows, "Greeting", null).GetProperty("estimatedCostUsd").GetDecimal()
                + ReviewHost.Row(rows, "Greeting", "fr").GetProperty("estimatedCostUsd").GetDecimal() + 0.0000001m;
        }
        await using var host = await ReviewHost.StartAsync(speech: speech, services: s => s.Configure<VoicePromptsReviewOptions>(o => o.RenderAllCostCapUsd = cap));
        var (context, page, errors) = await OpenAsync(host);
        await using (context)
        {
            int before = host.Speech.Requests;

            await page.Locator("#render-all").ClickAsync();
            Assert.Contains("Render 4 missing clips?", await page.Locator("#confirm-title").InnerTextAsync());
            host.Speech.HoldAfterFirstWrite = true; // the first clip waits, so the run is seen under way
            await page.Locator("#confirm-ok").ClickAsync();
            await page.WaitForFunctionAsync("() => document.getElementById('render-status').textContent.startsWith('Rendering Greeting (neutral): 0 of 4 done')");
            Assert.True(await page.Locator("#render-all").IsDisabledAsync()); // one run at a time
            Assert.True(await page.Locator("#render-progress").IsVisibleAsync());
            host.Speech.Release();
            await page.WaitForFunctionAsync("() => document.getElementById('render-status').textContent.startsWith('Stopped at the cost cap')");
            Assert.True(await page.Locator("#render-all").IsEnabledAsync());
            Assert.StartsWith("Stopped at the cost cap: 2 of 4 rendered", await page.Locator("#render-status").InnerTextAsync());
            Assert.Equal(2, await page.EvaluateAsync<double>("() => document.getElementById('render-progress').value"));
            Assert.Equal(before + 2, host.Speech.Requests);

            // A second run renders the rest (each run has its own cap).
            await page.Locator("#render-all").ClickAsync();
            await page.Locator("#confirm-ok").ClickAsync();
            await page.WaitForFunctionAsync("() => document.getElementById('render-status').textContent.startsWith('Done')");
            Assert.StartsWith("Done: 2 rendered", await page.Locator("#render-status").InnerTextAsync());
            Assert.Equal(before + 4, host.Speech.Requests);
            Assert.Equal(0, await page.Locator("tr[data-state=missing]").CountAsync());
            Assert.Empty(errors);
        }
    }

    [BrowserFact]
    public async Task An_approval_survives_a_reload_and_a_changed_text_needs_review_again()
    {
        await using var speech = await SpeechServer.StartAsync();
        string cache = Directory.CreateTempSubdirectory("review-page-").FullName;
        await using (var host = await ReviewHost.StartAsync(cache: cache, speech: speech))
        {
            var (context, page, errors) = await OpenAsync(host);
            await using (context)
            {
                var row = page.Locator(RowSelector("MainMenu", null));
                await row.Locator("input.comment").FillAsync("Clear, calm, right pace.");
                await row.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
                await page.WaitForFunctionAsync($"() => document.querySelector('{RowSelector("MainMenu", "")}').dataset.state === 'approved'");

                await page.ReloadAsync();
                await WaitForListAsync(page);
                Assert.Equal("approved", await StateAsync(page, "MainMenu", null));
                Assert.Contains("Clear, calm, right pace.", await page.Locator(RowSelector("MainMenu", null) + " .decision").InnerTextAsync());
                Assert.Equal("unreviewed", await StateAsync(page, "MainMenu", "fr"));

                await TakeScreenshotAsync(page);
                Assert.Empty(errors);
            }
        }

        // The app rebuilt with the English menu reworded.
        var reworded = SampleCatalog.All.Select(p => p.Id.EndsWith(".MainMenu") && p.Language is null ? ReviewEndpointTests.Reword(p) : p).ToList();
        await using (var host = await ReviewHost.StartAsync(cache: cache, speech: speech, services: s => s.Configure<VoicePromptsReviewOptions>(o => o.Prompts = reworded)))
        {
            var (context, page, errors) = await OpenAsync(host);
            await using (context)
            {
                Assert.Equal("needs review", await StateAsync(page, "MainMenu", null));
                Assert.Contains("changed since: text", await page.Locator(RowSelector("MainMenu", null) + " .decision").InnerTextAsync());
                await page.SelectOptionAsync("#filter-state", "unreviewed");
                Assert.True(await page.Locator(RowSelector("MainMenu", null)).IsVisibleAsync());
                Assert.Empty(errors);
            }
        }
        ReviewHost.DeleteFolder(cache);
    }

    [BrowserFact]
    public async Task Filters_by_class_culture_state_and_text_show_only_matching_rows()
    {
        await using var host = await ReviewHost.StartAsync();
        var (context, page, errors) = await OpenAsync(host);
        await using (context)
        {
            async Task<string[]> Shown() => await page.Locator("#prompts tbody tr:not([hidden])").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.rowId)");

            Assert.Equal(new[] { "", "PhoneMenu.IvrPrompts" }, await page.Locator("#filter-class option").EvaluateAllAsync<string[]>("o => o.map(x => x.value)"));
            Assert.Equal(new[] { "All cultures", "neutral", "fr" }, await page.Locator("#filter-culture option").EvaluateAllAsync<string[]>("o => o.map(x => x.textContent)"));

            await page.SelectOptionAsync("#filter-culture", new SelectOptionValue { Label = "neutral" });
            Assert.Equal(SampleCatalog.All.Where(p => p.Language is null).Select(p => p.Id + "|"), await Shown());

            await page.SelectOptionAsync("#filter-culture", "fr");
            Assert.Equal(SampleCatalog.All.Where(p => p.Language == "fr").Select(p => p.Id + "|fr"), await Shown());

            await page.SelectOptionAsync("#filter-state", "missing");
            Assert.Equal(new[] { "PhoneMenu.IvrPrompts.Greeting|fr", "PhoneMenu.IvrPrompts.Transfer|fr" }, await Shown());

            await page.SelectOptionAsync("#filter-culture", "");
            await page.SelectOptionAsync("#filter-state", "unreviewed");
            Assert.Equal(new[] { "Goodbye|", "Goodbye|fr", "MainMenu|", "MainMenu|fr" }.Select(r => "PhoneMenu.IvrPrompts." + r), await Shown());

            await page.SelectOptionAsync("#filter-state", "");
            await page.FillAsync("#filter-text", "guichet");
            Assert.Equal(new[] { "PhoneMenu.IvrPrompts.MainMenu|fr" }, await Shown());

            await page.FillAsync("#filter-text", "");
            await page.SelectOptionAsync("#filter-class", "PhoneMenu.IvrPrompts");
            Assert.Equal(10, (await Shown()).Length);
            Assert.Contains("10 shown", await page.Locator("#summary").InnerTextAsync());
            Assert.Empty(errors);
        }
    }

    [BrowserFact]
    public async Task The_page_is_operable_with_the_keyboard_alone()
    {
        await using var host = await ReviewHost.StartAsync();
        var (context, page, errors) = await OpenAsync(host);
        await using (context)
        {
            int before = host.Speech.Requests;

            // Filter with the keyboard: Tab to the culture filter, choose French.
            await TabToAsync(page, "document.activeElement.id === 'filter-culture'");
            await page.Keyboard.PressAsync("ArrowDown"); // all -> neutral
            await page.Keyboard.PressAsync("ArrowDown"); // -> fr
            Assert.Equal("fr", await page.EvalOnSelectorAsync<string>("#filter-culture", "s => s.value"));
            Assert.Equal(5, await page.Locator("#prompts tbody tr:not([hidden])").CountAsync());

            // Escape cancels the cost dialog; nothing is spent.
            string transfer = RowSelector("Transfer", "fr");
            await TabToAsync(page, $"document.activeElement.matches('{transfer} button.synthesize')");
            await page.Keyboard.PressAsync("Enter");
            Assert.True(await page.Locator("#confirm").IsVisibleAsync());
            await page.Keyboard.PressAsync("Escape");
            Assert.False(await page.Locator("#confirm").IsVisibleAsync());
            Assert.Equal(before, host.Speech.Requests);

            // Enter on the button, Enter on the dialog's focused "Synthesize".
            await page.Keyboard.PressAsync("Enter");
            Assert.Equal("confirm-ok", await page.EvaluateAsync<string>("() => document.activeElement.id"));
            await page.Keyboard.PressAsync("Enter");
            await page.WaitForFunctionAsync($"() => document.querySelector('{transfer}').dataset.state === 'unreviewed'");
            Assert.Equal(before + 1, host.Speech.Requests);

            // Play it, write a comment and approve it, all by keyboard.
            await TabToAsync(page, $"document.activeElement.matches('{transfer} button.play')");
            await page.Keyboard.PressAsync("Enter");
            await page.WaitForFunctionAsync("() => document.getElementById('player').currentTime > 0.2", null, new() { Timeout = 10_000 });
            await TabToAsync(page, $"document.activeElement.matches('{transfer} input.comment')");
            await page.Keyboard.TypeAsync("Bien.");
            await page.Keyboard.PressAsync("Tab");
            Assert.True(await page.EvaluateAsync<bool>($"() => document.activeElement.matches('{transfer} button.approve')"));
            await page.Keyboard.PressAsync("Enter");
            await page.WaitForFunctionAsync($"() => document.querySelector('{transfer}').dataset.state === 'approved'");
            Assert.Contains("Bien.", await page.Locator(transfer + " .decision").InnerTextAsync());
            // Focus stays in the row it acted on.
            Assert.True(await page.EvaluateAsync<bool>($"() => !!document.activeElement.closest('{transfer}')"));

            // Every control shows where focus is.
            Assert.NotEqual("none", await page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement, ':focus-visible').outlineStyle"));
            Assert.Empty(errors);
        }
    }

    /// <summary>Presses Tab until <paramref name="condition"/> holds (at most 200 times), as a keyboard user would.</summary>
    private static async Task TabToAsync(IPage page, string condition)
    {
        for (int i = 0; i < 200; i++)
        {
            if (await page.EvaluateAsync<bool>("() => " + condition))
                return;
            await page.Keyboard.PressAsync("Tab");
        }
        Assert.Fail("Tab never reached: " + condition);
    }

    /// <summary>Pixels of the canvas that are not transparent.</summary>
    private static Task<int> InkedPixelsAsync(ILocator canvas) =>
        canvas.EvaluateAsync<int>("c => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; }");

    /// <summary>The README's screenshot, written where VOICEPROMPTS_SCREENSHOT says (else beside the test output).</summary>
    private static async Task TakeScreenshotAsync(IPage page)
    {
        string path = Environment.GetEnvironmentVariable("VOICEPROMPTS_SCREENSHOT") is { Length: > 0 } target ? target
            : Path.Combine(AppContext.BaseDirectory, "review-page.png");
        await page.SetViewportSizeAsync(1400, 1300); // down to the approved menu
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('canvas.waveform')].every(c => c.dataset.drawn === 'true')");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
        Assert.True(new FileInfo(path).Length > 10_000);
    }

    private static PromptInfo WithFormat(PromptInfo p, AudioFormat format) => new(p.Id, p.Model, p.Voice, p.Template)
    {
        Instructions = p.Instructions, Format = format, Speed = p.Speed, Language = p.Language, StaticInput = p.StaticInput,
        StaticInputTokens = p.StaticInputTokens, Examples = p.Examples, Pronunciations = p.Pronunciations,
        SourceFile = p.SourceFile, Line = p.Line, ModelSettings = p.ModelSettings,
    };
}
