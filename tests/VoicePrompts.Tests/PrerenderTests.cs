using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using VoicePrompts.Caching;
using VoicePrompts.Prerender;

namespace VoicePrompts.Tests;

/// <summary>Pre-rendering static prompts into the disk cache: the planner/runner, and the command on a real built app.</summary>
public sealed class PrerenderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("voiceprompts-prerender-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static PromptInfo Static(string id, string text, string voice = "coral", string model = "gpt-4o-mini-tts", string? instructions = null) =>
        new(id, model, voice, text) { Instructions = instructions, StaticInput = text, StaticInputTokens = InputTokens.Count(text), SourceFile = "Prompts.cs", Line = 1 };

    private static PromptInfo Templated(string id) =>
        new(id, "gpt-4o-mini-tts", "coral", "Hi {{ name }}") { SourceFile = "Prompts.cs", Line = 2 };

    private static readonly PromptInfo[] Catalog =
    {
        Static("Ivr.Menu", "For your balance, press 1.", instructions: "Calm."),
        Static("Ivr.Goodbye", "Goodbye!"),
        Static("Ivr.Farewell", "Goodbye!"), // the same request as Goodbye: one clip
        Static("Ivr.Closed", "We are closed.", voice: "voice_abc123"),
        Static("Ivr.Legacy", "Hello.", model: "tts-1", voice: "alloy"),
        Templated("Ivr.Hi"),
    };

    private OpenAISpeechClient Client(LoopbackServer server) =>
        new(new OpenAISpeechClientOptions { BaseUrl = server.BaseUrl, ApiKey = "k", Retry = new SpeechRetryOptions { MaxRetries = 0 } });

    [Fact]
    public async Task The_plan_counts_distinct_static_clips_and_estimates_input_cost_only_for_priced_models()
    {
        var store = new DiskSpeechAudioStore(_directory);
        await using var server = await LoopbackServer.StartEchoingAsync();
        using var client = Client(server);
        await store.SetAsync(SpeechCacheKey.For(Catalog[1].CreateRequest(), client), new SpeechAudio(new byte[] { 1 }, AudioFormat.Mp3));

        var plan = await new PromptPrerenderer(client, store).PlanAsync(Catalog);

        Assert.Equal(4, plan.Items.Count);
        Assert.Equal(1, plan.Templated);
        Assert.Equal(new[] { "Ivr.Menu", "Ivr.Closed", "Ivr.Legacy" }, plan.ToRender.Select(i => i.Prompt.Id));
        long tokens = InputTokens.Count("For your balance, press 1.") + InputTokens.Count("We are closed.") + InputTokens.Count("Hello.");
        Assert.Equal(tokens, plan.InputTokens);
        Assert.Equal(InputTokens.Count("Calm."), plan.InstructionTokens);
        long priced = tokens - InputTokens.Count("Hello."); // tts-1 has no token price
        Assert.Equal(priced * 0.60m / 1_000_000m, plan.EstimatedInputCostUsd);
        Assert.Equal(1, plan.UnpricedClips);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task A_run_renders_what_is_missing_with_bounded_parallelism_and_a_second_run_renders_nothing()
    {
        int running = 0, mostAtOnce = 0;
        await using var server = await LoopbackServer.StartAsync(async (context, body) =>
        {
            int now = Interlocked.Increment(ref running);
            lock (Catalog) mostAtOnce = Math.Max(mostAtOnce, now);
            // Hold the first request until a second one is in flight, so "actually parallel" does not depend on how
            // fast a loaded machine schedules them (a sequential renderer would fail after the wait).
            for (var deadline = DateTime.UtcNow.AddSeconds(10); Volatile.Read(ref mostAtOnce) < 2 && DateTime.UtcNow < deadline;)
                await Task.Delay(5);
            await Task.Delay(20);
            Interlocked.Decrement(ref running);
            context.Response.ContentType = "audio/mpeg";
            await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes("audio for " + JsonDocument.Parse(body).RootElement.GetProperty("input").GetString()));
        });
        using var client = Client(server);
        var store = new DiskSpeechAudioStore(_directory);
        var many = Enumerable.Range(0, 12).Select(i => Static("Many.P" + i, "Prompt number " + i + ".")).ToList();
        var prerenderer = new PromptPrerenderer(client, store);
        var reports = new List<PrerenderProgress>();

        var result = await prerenderer.RunAsync(await prerenderer.PlanAsync(many), maxParallelism: 3, new InlineProgress(reports));

        Assert.Equal((12, 0, 0), (result.Rendered, result.AlreadyStored, result.Failures.Count));
        Assert.Equal(12, server.Requests.Count);
        Assert.InRange(mostAtOnce, 2, 3); // bounded, and actually parallel
        Assert.Equal(Enumerable.Range(1, 12), reports.Select(r => r.Completed).Order());
        Assert.All(reports, r => Assert.Equal(12, r.Total));
        var hit = await store.GetAsync(SpeechCacheKey.For(many[5].CreateRequest(), client));
        Assert.Equal("audio for Prompt number 5.", Encoding.UTF8.GetString(hit!.Data.Span));

        var again = await prerenderer.PlanAsync(many);
        Assert.Empty(again.ToRender);
        var second = await prerenderer.RunAsync(again);
        Assert.Equal((0, 12), (second.Rendered, second.AlreadyStored));
        Assert.Equal(12, server.Requests.Count);
    }

    [Fact]
    public async Task A_failed_clip_is_reported_and_the_others_are_stored()
    {
        await using var server = await LoopbackServer.StartAsync(async (context, body) =>
        {
            string input = JsonDocument.Parse(body).RootElement.GetProperty("input").GetString()!;
            if (input.Contains("closed", StringComparison.Ordinal))
            {
                context.Response.StatusCode = 400;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("""{"error":{"message":"Invalid voice id","type":"invalid_request_error","code":"invalid_value"}}""");
                return;
            }
            context.Response.ContentType = "audio/mpeg";
            await context.Response.Body.WriteAsync(new byte[] { 1, 2, 3 });
        });
        using var client = Client(server);
        var store = new DiskSpeechAudioStore(_directory);
        var prerenderer = new PromptPrerenderer(client, store);

        var result = await prerenderer.RunAsync(await prerenderer.PlanAsync(Catalog), maxParallelism: 2);

        var failure = Assert.Single(result.Failures);
        Assert.Equal("Ivr.Closed", failure.Prompt.Id);
        Assert.IsType<SpeechApiException>(failure.Error);
        Assert.Equal(3, result.Rendered);
        Assert.Equal(3, Directory.GetFiles(_directory, "*.vpa").Length);
    }

    [Fact]
    public async Task Parallelism_outside_1_to_64_is_refused()
    {
        await using var server = await LoopbackServer.StartEchoingAsync();
        using var client = Client(server);
        var prerenderer = new PromptPrerenderer(client, new DiskSpeechAudioStore(_directory));
        var plan = await prerenderer.PlanAsync(Catalog);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => prerenderer.RunAsync(plan, maxParallelism: 0));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => prerenderer.RunAsync(plan, maxParallelism: 65));
    }

    // ---- The command, on the PhoneMenu sample as built ----

    private static string PhoneMenuAssembly => Path.Combine(AppContext.BaseDirectory, "PhoneMenu.dll");

    /// <summary>
    /// The sample as built in its own folder, with its own dependencies beside it (this test folder has only what the
    /// tests need: its Microsoft.Extensions.* come from the ASP.NET Core shared framework).
    /// </summary>
    private static string PhoneMenuInItsOwnFolder
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory); // tests/VoicePrompts.Tests/bin/{Configuration}/net10.0/
            string configuration = dir.Parent!.Name;
            string root = dir.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
            return Path.Combine(root, "samples", "PhoneMenu", "bin", configuration, "net10.0", "PhoneMenu.dll");
        }
    }

    private static async Task<(int Exit, string Output, string Errors)> Command(PrerenderArguments arguments)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        int exit = await PrerenderCommand.RunAsync(arguments, output, errors);
        return (exit, output.ToString(), errors.ToString());
    }

    [Fact]
    public async Task The_command_prints_the_plan_and_cost_then_renders_the_samples_static_prompts_once()
    {
        await using var server = await LoopbackServer.StartEchoingAsync();
        var arguments = new PrerenderArguments(PhoneMenuAssembly, _directory) { BaseUrl = server.BaseUrl, Parallelism = 2 };

        var dry = await Command(arguments with { DryRun = true });
        Assert.Equal(0, dry.Exit);
        // The French translation is pre-rendered too: every variant is its own clip.
        Assert.Contains("5 prompts (10 with their translations: neutral, fr): 4 distinct static clips (0 already cached, 4 to render); 6 templated (rendered at run time)", dry.Output);
        Assert.Contains("this estimate covers input only: audio output is billed separately ($12 per 1M audio tokens)", dry.Output);
        Assert.Contains("dry run: nothing rendered", dry.Output);
        Assert.Empty(server.Requests);

        var run = await Command(arguments);
        Assert.Equal(0, run.Exit);
        Assert.Matches(@"\[1/4\] PhoneMenu\.IvrPrompts\.(MainMenu|Goodbye)( \[fr\])?  [\d,]+ bytes in [\d,]+ ms", run.Output);
        Assert.Matches(@"\[\d/4\] PhoneMenu\.IvrPrompts\.MainMenu \[fr\]  ", run.Output);
        Assert.Contains("done: 4 rendered, 0 already cached, 0 failed", run.Output);
        Assert.Equal(4, server.Requests.Count);
        // What was rendered is what the app sends: the spoken forms, in each language.
        var bodies = server.Requests.Select(r => System.Text.Encoding.UTF8.GetString(r.Body)).ToList();
        Assert.Contains(bodies, b => b.Contains("To find an A T M, press 4.", StringComparison.Ordinal));
        Assert.Contains(bodies, b => b.Contains("Pour trouver un guichet automatique, faites le 4.", StringComparison.Ordinal));

        var again = await Command(arguments);
        Assert.Equal(0, again.Exit);
        Assert.Contains("nothing to render: every static clip is cached", again.Output);
        Assert.Equal(4, server.Requests.Count);
    }

    [Fact]
    public async Task The_command_refuses_to_start_over_its_cost_limit()
    {
        await using var server = await LoopbackServer.StartEchoingAsync();
        var over = await Command(new PrerenderArguments(PhoneMenuAssembly, _directory) { BaseUrl = server.BaseUrl, MaxCostUsd = 0.000001m });
        Assert.Equal(PrerenderCommand.OverBudget, over.Exit);
        Assert.Contains("is over --max-cost $0.000001; nothing was rendered", over.Errors);
        Assert.Empty(server.Requests);
    }

    /// <summary>The command as a real process with a clean environment (no OPENAI_* variables).</summary>
    private static async Task<(int Exit, string Output, string Errors)> CommandProcess(params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "VoicePrompts.Prerender.dll"));
        foreach (string arg in args) start.ArgumentList.Add(arg);
        foreach (string name in new[] { "OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_ORG_ID", "OPENAI_PROJECT_ID" })
            start.Environment.Remove(name);
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        string errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(1)).Token);
        return (process.ExitCode, await output, errors);
    }

    [Fact]
    public async Task The_command_process_without_a_key_for_OpenAI_says_so_once_before_any_request()
    {
        Assert.True(File.Exists(PhoneMenuInItsOwnFolder), PhoneMenuInItsOwnFolder + " was not built");
        var result = await CommandProcess(PhoneMenuInItsOwnFolder, "--cache", _directory);

        Assert.Equal(PrerenderCommand.UsageError, result.Exit);
        Assert.Equal("error: No API key for OpenAI: set OPENAI_API_KEY (or the connection options' ApiKey), or set OPENAI_BASE_URL to an OpenAI-compatible speech server.", result.Errors.Trim());
        Assert.Contains("4 to render", result.Output); // the plan and the estimate still came first
        Assert.Empty(Directory.GetFiles(_directory, "*.vpa"));
    }

    [Fact]
    public async Task The_command_process_names_a_dependency_it_cannot_find_instead_of_crashing()
    {
        // PhoneMenu.dll alone in a folder whose runtimeconfig.json names only .NET itself: its Microsoft.Extensions.*
        // (from the ASP.NET Core framework its own runtimeconfig.json names) cannot be found.
        string alone = Path.Combine(_directory, "app");
        Directory.CreateDirectory(alone);
        File.Copy(PhoneMenuAssembly, Path.Combine(alone, "PhoneMenu.dll"));
        File.Copy(Path.Combine(AppContext.BaseDirectory, "VoicePrompts.dll"), Path.Combine(alone, "VoicePrompts.dll"));
        File.WriteAllText(Path.Combine(alone, "PhoneMenu.runtimeconfig.json"),
            """{"runtimeOptions":{"tfm":"net10.0","framework":{"name":"Microsoft.NETCore.App","version":"10.0.0"}}}""");
        var result = await CommandProcess(Path.Combine(alone, "PhoneMenu.dll"), "--cache", Path.Combine(_directory, "cache"));
        Assert.Equal(PrerenderCommand.UsageError, result.Exit);
        Assert.StartsWith("error: Could not load file or assembly 'Microsoft.Extensions.", result.Errors);
        Assert.Contains("build the app (not a library) first", result.Errors);
    }

    [Fact]
    public async Task The_command_names_an_assembly_without_prompts()
    {
        var result = await Command(new PrerenderArguments(typeof(PrerenderTests).Assembly.Location, _directory));
        Assert.Equal(PrerenderCommand.UsageError, result.Exit);
        Assert.Contains("has no VoicePrompts.Generated.VoicePromptCatalog", result.Errors);
    }

    [Theory]
    [InlineData(new[] { "app.dll" }, "--cache <folder> (or --pack <folder>) is required")]
    [InlineData(new[] { "--cache", "c" }, "name the app's built assembly")]
    [InlineData(new[] { "app.dll", "--cache", "c", "--parallel", "0" }, "--parallel must be a whole number from 1 to 64, not '0'")]
    [InlineData(new[] { "app.dll", "--cache", "c", "--max-cost", "lots" }, "--max-cost must be an amount in US dollars")]
    [InlineData(new[] { "app.dll", "--cache", "c", "--base-url", "not a url" }, "--base-url must be an absolute URL")]
    [InlineData(new[] { "app.dll", "--cache", "c", "--api-key", "sk-x" }, "unknown option '--api-key'")]
    [InlineData(new[] { "app.dll", "--cache" }, "--cache needs a value")]
    [InlineData(new[] { "app.dll", "--pack", "p", "--format", "wav/pcmu" }, "--format must be a format name")]
    [InlineData(new[] { "app.dll", "--pack", "p", "--neutral-culture", "xx-nowhere" }, "--neutral-culture must be a culture name")]
    public void Bad_arguments_say_what_is_wrong(string[] args, string message)
    {
        Assert.False(PrerenderArguments.TryParse(args, out var parsed, out string? error));
        Assert.Null(parsed);
        Assert.Contains(message, error);
    }

    [Fact]
    public void Arguments_parse()
    {
        Assert.True(PrerenderArguments.TryParse(new[] { "app.dll", "--cache", "c", "--parallel", "8", "--max-cost", "0.25", "--dry-run", "--max-bytes", "1000" }, out var parsed, out _));
        Assert.Equal(new PrerenderArguments("app.dll", "c") { Parallelism = 8, MaxCostUsd = 0.25m, DryRun = true, MaxBytes = 1000 }, parsed);
    }

    [Fact]
    public void Pack_arguments_parse()
    {
        Assert.True(PrerenderArguments.TryParse(new[] { "app.dll", "--pack", "p", "--format", "WAV_PCMA", "--neutral-culture", "en-us" }, out var parsed, out _));
        Assert.Equal(new PrerenderArguments("app.dll", null) { PackDirectory = "p", PackFormat = "wav_pcma", NeutralCulture = "en-US" }, parsed);
        Assert.True(PrerenderArguments.TryParse(new[] { "app.dll", "--pack", "p" }, out parsed, out _));
        Assert.Equal("wav_pcmu", parsed!.PackFormat); // what contact centers load
    }

    private sealed class InlineProgress(List<PrerenderProgress> reports) : IProgress<PrerenderProgress>
    {
        public void Report(PrerenderProgress value)
        {
            lock (reports) reports.Add(value);
        }
    }
}
