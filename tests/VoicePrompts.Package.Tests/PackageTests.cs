using System.IO.Compression;
using System.Text.RegularExpressions;
using VoicePrompts.Tests;

namespace VoicePrompts.Package.Tests;

/// <summary>
/// The package as users meet it: packed, then consumed by fresh projects outside the repository that reference only
/// <c>VoicePrompts</c> — no ProjectReference hiding a missing DLL, an unseen props file or an ignored YAML file.
/// </summary>
public class PackageTests : IClassFixture<PackageFixture>
{
    private readonly PackageFixture _package;

    public PackageTests(PackageFixture package) => _package = package;

    [Fact]
    public void The_package_holds_exactly_the_intended_files()
    {
        using var zip = ZipFile.OpenRead(_package.PackagePath);
        var files = zip.Entries.Select(e => e.FullName)
            .Where(n => !n.StartsWith("_rels/", StringComparison.Ordinal) && !n.StartsWith("package/", StringComparison.Ordinal) && n != "[Content_Types].xml")
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToList();
        Assert.Equal(new[]
        {
            "README.md",
            "THIRD-PARTY-NOTICES.md",
            "VoicePrompts.nuspec",
            "analyzers/dotnet/cs/Scriban.Signed.dll",
            "analyzers/dotnet/cs/VoicePrompts.CodeFixes.dll",
            "analyzers/dotnet/cs/VoicePrompts.Generator.dll",
            "analyzers/dotnet/cs/YamlDotNet.dll",
            "build/VoicePrompts.props",
            "build/VoicePrompts.targets",
            "buildTransitive/VoicePrompts.props",
            "buildTransitive/VoicePrompts.targets",
            "lib/net10.0/VoicePrompts.dll",
            "lib/net10.0/VoicePrompts.xml",
            "lib/netstandard2.0/VoicePrompts.dll",
            "lib/netstandard2.0/VoicePrompts.xml",
            "tools/prerender/VoicePrompts.Prerender.dll",
            "tools/prerender/VoicePrompts.Prerender.runtimeconfig.json",
        }, files);

        string nuspec = new StreamReader(zip.GetEntry("VoicePrompts.nuspec")!.Open()).ReadToEnd();
        Assert.Contains("<license type=\"expression\">MIT</license>", nuspec);
        Assert.Contains("<readme>README.md</readme>", nuspec);
        // The tokenizer's vocabulary is embedded; neither its package nor the analyzers' DLLs become dependencies.
        Assert.DoesNotContain("Microsoft.ML.Tokenizers", nuspec);
        Assert.DoesNotContain("YamlDotNet", nuspec);
        Assert.DoesNotContain("Microsoft.CodeAnalysis", nuspec);
    }

    [Fact]
    public void A_fresh_project_gets_generated_methods_from_CSharp_and_yaml_that_compile_warning_free_and_run()
    {
        string directory = _package.NewProject("Consumer", ConsumerProjects.Exe,
            ("Checkout.cs", """
                using System.ComponentModel.DataAnnotations;
                using VoicePrompts;

                namespace Consumer;

                [Voice("coral", Instructions = "Warm.")]
                public partial class Checkout
                {
                    [Prompt("Thanks, {{ name }}! Order {{ order_id }} ships today.")]
                    public partial Task<SpeechAudio> SpeakThanksAsync([MaxLength(40)] string name, string orderId, CancellationToken cancellationToken = default);

                    [Prompt("Goodbye!")]
                    public partial IAsyncEnumerable<ReadOnlyMemory<byte>> StreamGoodbyeAsync(CancellationToken cancellationToken = default);
                }
                """),
            ("Prompts/menu.voice.yaml", """
                class: Consumer.Menu
                voice: marin
                prompts:
                  welcome: Welcome to Contoso.
                  queue_position:
                    text: "You are caller number {{ position }}."
                    parameters:
                      position: { type: int, example: 3 }
                """),
            ("Program.cs", """
                using Consumer;
                using VoicePrompts.Generated;

                var checkout = new Checkout();
                var menu = new Menu();
                Console.WriteLine(checkout.ThanksText("Ann", "A-1"));
                Console.WriteLine(checkout.GoodbyeRequest().Voice + " " + checkout.GoodbyeRequest().Instructions);
                Console.WriteLine(menu.WelcomeText());
                Console.WriteLine(menu.QueuePositionRequest(4).Input);
                foreach (var prompt in VoicePromptCatalog.All)
                    Console.WriteLine($"{prompt.Id} static={prompt.IsStatic} tokens={prompt.StaticInputTokens?.ToString() ?? "-"}");
                // The generated Speak/Stream members exist with the shapes users call.
                Func<string, string, CancellationToken, Task<VoicePrompts.SpeechAudio>> speak = checkout.SpeakThanksAsync;
                Func<int, CancellationToken, IAsyncEnumerable<VoicePrompts.SpeechAudioUpdate>> stream = menu.StreamQueuePositionAsync;
                Console.WriteLine("members ok");
                """));

        var run = Dotnet.Run(directory, "run");
        Assert.True(run.ExitCode == 0, "the consumer failed to build or run:\n" + run.Output);
        // The one warning: gpt-4o-mini-tts's shutdown, once for the compilation (dotnet build repeats it in its summary).
        var warnings = run.Output.Split('\n').Where(l => l.Contains("warning", StringComparison.OrdinalIgnoreCase)).Select(l => l.Trim()).Distinct().ToList();
        Assert.True(warnings.Count == 1 && warnings[0].Contains("warning VP0028: 4 prompts use gpt-4o-mini-tts, which OpenAI stops serving on 2027-01-06", StringComparison.Ordinal),
            string.Join("\n", warnings));
        var lines = run.Output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.Contains("Thanks, Ann! Order A-1 ships today.", lines);
        Assert.Contains("coral Warm.", lines);
        Assert.Contains("Welcome to Contoso.", lines);
        Assert.Contains("You are caller number 4.", lines);
        Assert.Contains("Consumer.Checkout.Goodbye static=True tokens=3", lines);
        Assert.Contains("Consumer.Menu.Welcome static=True tokens=5", lines);
        Assert.Contains("Consumer.Checkout.Thanks static=False tokens=-", lines);
        Assert.Contains("members ok", lines);
    }

    [Fact]
    public void The_projects_token_limits_and_model_aliases_refuse_at_run_time_by_the_numbers_the_build_reported()
    {
        // A deployment name mapped to the model it runs, and a limit the project chose for it; VP0001 stays a warning here.
        string project = ConsumerProjects.ExeWith("""
            <VoicePromptsModelAliases>other-tts=tts-1;support-tts=gpt-4o-mini-tts</VoicePromptsModelAliases>
            <VoicePromptsTokenLimits>other-tts=50;support-tts=8</VoicePromptsTokenLimits>
            <WarningsNotAsErrors>$(WarningsNotAsErrors);VP0001</WarningsNotAsErrors>
            """);
        string directory = _package.NewProject("Limits", project,
            ("Support.cs", """
                using VoicePrompts;

                namespace Limits;

                [Voice("coral", Model = "support-tts")]
                public partial class Support
                {
                    [Prompt("Thank you for calling. All of our agents are busy right now.")]
                    public partial Task<SpeechAudio> SpeakBusyAsync(CancellationToken cancellationToken = default);

                    [Prompt("Hello {{ name }}.")]
                    public partial Task<SpeechAudio> SpeakHelloAsync(string name, CancellationToken cancellationToken = default);
                }
                """),
            ("Program.cs", """
                using VoicePrompts;

                // No server: every request below must be refused before the network, or reach it and fail differently.
                SpeechClient.Default = new OpenAISpeechClient(new OpenAISpeechClientOptions { BaseUrl = new Uri("http://127.0.0.1:9/v1/"), ApiKey = "k" });
                var support = new Limits.Support();
                foreach (var speak in new Func<Task>[] { () => support.SpeakBusyAsync(), () => support.SpeakHelloAsync("Alexandra Konstantinopoulou-Smith") })
                {
                    try { await speak(); Console.WriteLine("sent"); }
                    catch (InvalidSpeechRequestException ex) { Console.WriteLine("refused: " + ex.Message.Split(" (Parameter")[0]); }
                }
                """));

        var run = Dotnet.Run(directory, "run");
        Assert.True(run.ExitCode == 0, "the consumer failed to build or run:\n" + run.Output);
        var build = Regex.Match(run.Output, @"warning VP0001: Prompt 'Busy' is (\d+) tokens; support-tts accepts at most 8");
        Assert.True(build.Success, "no VP0001 for the alias's limit in:\n" + run.Output);
        var lines = run.Output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        // The same count and the same limit at run time, through the generated catalog's registration.
        Assert.Contains($"refused: The input is {build.Groups[1].Value} tokens; support-tts (gpt-4o-mini-tts) accepts at most 8.", lines);
        // A templated prompt is known only at run time; the project's limit still applies to it.
        Assert.Contains(lines, l => l.StartsWith("refused: The input is ", StringComparison.Ordinal) && l.EndsWith("tokens; support-tts (gpt-4o-mini-tts) accepts at most 8.", StringComparison.Ordinal)
            && !l.Contains(build.Groups[1].Value + " tokens", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_Native_AOT_publish_of_a_consumer_has_no_warnings_and_speaks_through_the_decorators()
    {
        await using var speech = await LoopbackServer.StartAsync(async (context, body) =>
        {
            context.Response.ContentType = "audio/wav";
            await context.Response.Body.WriteAsync(System.Text.Encoding.UTF8.GetBytes("aot audio for " + Input(body)));
        });
        string directory = _package.NewProject("AotConsumer",
            ConsumerProjects.ExeWith("<PublishAot>true</PublishAot>"),
            ("Menu.cs", """
                using VoicePrompts;

                namespace AotConsumer;

                [Voice("coral", Format = "wav")]
                public partial class Menu
                {
                    [Prompt("You are caller number {{ position }}.")]
                    public partial Task<SpeechAudio> SpeakQueueAsync(int position, CancellationToken cancellationToken = default);
                }
                """),
            ("Prompts/greetings.voice.yaml", """
                class: AotConsumer.Greetings
                voice: marin
                prompts:
                  hello:
                    text: "Hello {{ name }}."
                    parameters:
                      name: { type: string, example: Ann }
                """),
            ("Program.cs", """
                using VoicePrompts;

                // Telemetry is on by default: the default client's requests are activities of the VoicePrompts source.
                int activities = 0;
                using var listener = new System.Diagnostics.ActivityListener
                {
                    ShouldListenTo = source => source.Name == VoicePromptsTelemetry.Name,
                    Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllData,
                    ActivityStopped = _ => System.Threading.Interlocked.Increment(ref activities),
                };
                System.Diagnostics.ActivitySource.AddActivityListener(listener);
                var menu = new AotConsumer.Menu();
                var audio = await menu.SpeakQueueAsync(7);
                Console.WriteLine(System.Text.Encoding.UTF8.GetString(audio.Data.Span));
                long bytes = 0;
                await foreach (var update in new AotConsumer.Greetings().StreamHelloAsync("Bo"))
                    bytes += update.Data.Length;
                Console.WriteLine("streamed " + bytes + " bytes");
                Console.WriteLine("telemetry " + (activities >= 2));
                foreach (var prompt in VoicePrompts.Generated.VoicePromptCatalog.All)
                    Console.WriteLine(prompt.Id + " " + prompt.Template);
                """));

        var publish = Dotnet.Run(directory, "publish", "-c", "Release", "-r", "linux-x64", "-o", "out");
        Assert.True(publish.ExitCode == 0, "the AOT publish failed:\n" + publish.Output);
        Assert.Contains("Generating native code", publish.Output);
        // No trimming or AOT warning; the one warning is the default model's shutdown (VP0028), about the model, not the code.
        var warnings = publish.Output.Split('\n').Where(l => Regex.IsMatch(l, @"(?i)\bwarning\b")).ToList();
        Assert.NotEmpty(warnings);
        Assert.All(warnings, l => Assert.Contains("warning VP0028:", l));

        var run = Native.Run(Path.Combine(directory, "out", "AotConsumer"), new Dictionary<string, string>
        {
            ["OPENAI_BASE_URL"] = speech.BaseUrl.ToString(),
            ["OPENAI_API_KEY"] = "aot-key",
        });
        Assert.True(run.ExitCode == 0, "the native app failed:\n" + run.Output);
        var lines = run.Output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.Contains("aot audio for You are caller number 7.", lines);
        Assert.Contains($"streamed {"aot audio for Hello Bo.".Length} bytes", lines);
        Assert.Contains("telemetry True", lines);
        Assert.Contains("AotConsumer.Greetings.Hello Hello {{ name }}.", lines);
        Assert.Equal(2, speech.Requests.Count);
    }

    [Fact]
    public async Task A_consumer_on_gpt_4o_mini_tts_declares_mu_law_builds_warning_free_and_gets_it_from_the_endpoints_pcm()
    {
        // The endpoint is asked for pcm (it makes no G.711) and answers with 0.3 s of silence: 7,200 samples at
        // 24 kHz, which are 2,400 μ-law bytes of 0xFF at 8 kHz.
        await using var speech = await LoopbackServer.StartAsync(async (context, body) =>
        {
            VoicePrompts.Tests.WireRules.Check(body);
            string format = System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("response_format").GetString()!;
            context.Response.ContentType = "audio/" + format;
            await context.Response.Body.WriteAsync(format == "pcm" ? new byte[14400] : System.Text.Encoding.UTF8.GetBytes("not pcm: " + format));
        });
        string directory = _package.NewProject("PhoneConsumer",
            ConsumerProjects.Exe,
            ("Ivr.cs", """
                using VoicePrompts;

                namespace PhoneConsumer;

                [Voice("coral", Format = "pcmu", Instructions = "Calm and clear.")]
                public partial class Ivr
                {
                    [Prompt("Press {{ digit }} for billing.")]
                    public partial Task<SpeechAudio> SpeakBillingAsync(int digit, CancellationToken cancellationToken = default);
                }
                """),
            ("Prompts/menu.voice.yaml", """
                class: PhoneConsumer.Menu
                voice: marin
                format: wav_pcmu
                prompts:
                  welcome: Welcome to Contoso.
                """),
            ("Program.cs", """
                using VoicePrompts;

                var billing = await new PhoneConsumer.Ivr().SpeakBillingAsync(3);
                Console.WriteLine($"pcmu {billing.Data.Length} {billing.Data.ToArray().All(b => b == 0xFF)} @{billing.SampleRate} {billing.ContentType} {billing.Duration?.TotalSeconds}");
                var streamed = new List<byte>();
                await foreach (var update in new PhoneConsumer.Menu().StreamWelcomeAsync()) streamed.AddRange(update.Data.ToArray());
                var wav = streamed.ToArray();
                Console.WriteLine($"wav_pcmu {System.Text.Encoding.ASCII.GetString(wav, 0, 4)} tag={BitConverter.ToUInt16(wav, 20)} {wav.Length - 58} {wav.Skip(58).All(b => b == 0xFF)}");
                """));

        var build = Dotnet.Run(directory, "build");
        Assert.True(build.ExitCode == 0, "the consumer failed to build:\n" + build.Output);
        Assert.Contains(" 1 Warning(s)", build.Output); // VP0028: the default model's shutdown, once
        Assert.Contains("warning VP0028: 2 prompts use gpt-4o-mini-tts", build.Output);
        var lines = Dotnet.RunConsumer(directory, speech.BaseUrl);
        Assert.Contains("pcmu 2400 True @8000 audio/PCMU 0.3", lines);
        Assert.Contains("wav_pcmu RIFF tag=7 2400 True", lines);
        Assert.Equal(2, speech.Requests.Count);
    }

    [Fact]
    public async Task A_consumer_moves_to_gpt_realtime_by_one_property_and_every_generated_method_speaks_through_the_Realtime_API()
    {
        await using var realtime = await VoicePrompts.Tests.Realtime.FakeRealtimeServer.StartAsync();
        string directory = _package.NewProject("RealtimeConsumer",
            ConsumerProjects.ExeWith("<VoicePromptsDefaultModel>gpt-realtime-2.1-mini</VoicePromptsDefaultModel>"),
            ("Ivr.cs", """
                using VoicePrompts;

                namespace RealtimeConsumer;

                [Voice("marin", Format = "pcmu", Instructions = "Calm and clear.")]
                public partial class Ivr
                {
                    [Prompt("Press {{ digit }} for billing.")]
                    public partial Task<SpeechAudio> SpeakBillingAsync(int digit, CancellationToken cancellationToken = default);

                    [Prompt("Goodbye.")]
                    [Voice("cedar", Format = "wav")]
                    public partial Task<SpeechAudio> SpeakGoodbyeAsync(CancellationToken cancellationToken = default);
                }
                """),
            ("Prompts/menu.voice.yaml", """
                class: RealtimeConsumer.Menu
                voice: marin
                format: pcm
                prompts:
                  welcome: Welcome to Contoso.
                """),
            ("Program.cs", """
                using System.Text;
                using VoicePrompts;

                var ivr = new RealtimeConsumer.Ivr();
                var menu = new RealtimeConsumer.Menu();
                var billing = await ivr.SpeakBillingAsync(3);
                Console.WriteLine($"pcmu {Encoding.UTF8.GetString(billing.Data.Span)} @{billing.SampleRate} matched={billing.TranscriptMatchesInput}");
                var goodbye = await ivr.SpeakGoodbyeAsync();
                Console.WriteLine($"wav {Encoding.ASCII.GetString(goodbye.Data.Span[..4])} {Encoding.UTF8.GetString(goodbye.Data.Span[44..])}");
                var streamed = new List<byte>();
                SpeechAudioUpdate? last = null;
                await foreach (var update in menu.StreamWelcomeAsync()) { streamed.AddRange(update.Data.ToArray()); last = update; }
                Console.WriteLine($"pcm {Encoding.UTF8.GetString(streamed.ToArray())} final={last!.IsFinal} transcript={last.Transcript}");
                Console.WriteLine("request " + menu.WelcomeRequest().Model);
                """));

        var build = Dotnet.Run(directory, "build");
        Assert.True(build.ExitCode == 0, "the consumer failed to build:\n" + build.Output);
        Assert.Contains(" 0 Warning(s)", build.Output); // the realtime model's checks pass; its shutdown notice does not apply
        var lines = Dotnet.RunConsumer(directory, realtime.BaseUrl);
        // Byte-exact: the fake server's audio for a text is "pcm:" and the text, whatever the format on the wire.
        Assert.Contains("pcmu pcm:Press 3 for billing. @8000 matched=True", lines);
        Assert.Contains("wav RIFF pcm:Goodbye.", lines);
        Assert.Contains("pcm pcm:Welcome to Contoso. final=True transcript=Welcome to Contoso.", lines);
        Assert.Contains("request gpt-realtime-2.1-mini", lines);
        Assert.Equal(3, realtime.Responses);
        Assert.True(realtime.Violations.IsEmpty, string.Join("\n", realtime.Violations));
        var formats = realtime.ClientEvents.Where(e => e.GetProperty("type").GetString() == "session.update")
            .Select(e => e.GetProperty("session").GetProperty("audio").GetProperty("output").GetProperty("format").GetProperty("type").GetString()).Order().ToList();
        Assert.Equal(new[] { "audio/pcm", "audio/pcm", "audio/pcmu" }, formats);
    }

    [Fact]
    public async Task The_HelloVoice_sample_on_the_package_speaks_every_prompt_through_the_Realtime_API_by_one_property()
    {
        await using var realtime = await VoicePrompts.Tests.Realtime.FakeRealtimeServer.StartAsync();
        // The sample's own sources, unchanged, in a fresh project on the packed package plus the one property.
        string sample = Path.Combine(_package.RepositoryRoot, "samples", "HelloVoice");
        var files = Directory.GetFiles(sample, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                && !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                && (f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".voice.yaml", StringComparison.Ordinal)))
            .Select(f => (Path.GetRelativePath(sample, f), File.ReadAllText(f)))
            .ToArray();
        Assert.Contains(files, f => f.Item1 == "Program.cs");
        string directory = _package.NewProject("HelloVoiceOnRealtime",
            ConsumerProjects.ExeWith("<VoicePromptsDefaultModel>gpt-realtime-2.1-mini</VoicePromptsDefaultModel><NoWarn>$(NoWarn);CS1591</NoWarn>"), files);

        var build = Dotnet.Run(directory, "build");
        Assert.True(build.ExitCode == 0, "the sample failed to build:\n" + build.Output);
        var lines = Dotnet.RunConsumer(directory, realtime.BaseUrl);

        // Six prompts saved, then a Speak and a Stream call: eight reads, every one through the Realtime API.
        Assert.Equal(8, realtime.Responses);
        Assert.True(realtime.Violations.IsEmpty, string.Join("\n", realtime.Violations));
        Assert.Contains(lines, l => l.Contains("model gpt-realtime-2.1-mini", StringComparison.Ordinal));
        var saved = Directory.GetFiles(Path.Combine(directory, "out"), "*.wav");
        Assert.Equal(6, saved.Length);
        foreach (var path in saved)
        {
            byte[] wav = File.ReadAllBytes(path);
            Assert.Equal("RIFF", System.Text.Encoding.ASCII.GetString(wav, 0, 4));
            Assert.StartsWith("pcm:", System.Text.Encoding.UTF8.GetString(wav, 44, wav.Length - 44)); // the fake server's audio for the text, byte-exact below
        }
        string welcome = System.Text.Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(directory, "out", "HelloVoice.MenuPrompts.Welcome.wav"))[44..]);
        var texts = realtime.ClientEvents.Where(e => e.GetProperty("type").GetString() == "response.create")
            .Select(e => e.GetProperty("response").GetProperty("input")[0].GetProperty("content")[0].GetProperty("text").GetString()).ToList();
        Assert.Contains(welcome["pcm:".Length..], texts);
    }

    [Fact]
    public void An_over_limit_prompt_fails_the_build_with_VP0001_at_its_file_and_line()
    {
        string text = string.Concat(Enumerable.Repeat("的", 2001)); // 2,001 tokens, 2,001 characters
        string directory = _package.NewProject("OverLimit", ConsumerProjects.Exe,
            ("Notices.cs", $$"""
                using VoicePrompts;

                namespace OverLimit;

                [Voice("coral")]
                public partial class Notices
                {
                    [Prompt("{{text}}")]
                    public partial Task<SpeechAudio> SpeakTermsAsync(CancellationToken cancellationToken = default);
                }
                """),
            ("Program.cs", "System.Console.WriteLine(new OverLimit.Notices().TermsText().Length);\n"));

        var build = Dotnet.Run(directory, "build");
        Assert.NotEqual(0, build.ExitCode);
        var match = Regex.Match(build.Output, @"Notices\.cs\((\d+),(\d+)\): error VP0001: Prompt 'Terms' is 2,001 tokens; gpt-4o-mini-tts accepts at most 2,000");
        Assert.True(match.Success, "no VP0001 error in:\n" + build.Output);
        Assert.Equal("8", match.Groups[1].Value);  // the [Prompt] line
        Assert.Equal("14", match.Groups[2].Value); // the first character inside the literal
    }

    [Fact]
    public async Task The_opt_in_prerender_target_fills_a_web_apps_cache_once_and_the_app_plays_from_it_offline()
    {
        await using var speech = await LoopbackServer.StartAsync(async (context, body) =>
        {
            context.Response.ContentType = "audio/mpeg";
            await context.Response.Body.WriteAsync(System.Text.Encoding.UTF8.GetBytes("audio for " + Input(body)));
        });
        // An ASP.NET Core app: its Microsoft.Extensions.* come from the shared framework, not its bin folder, and the
        // command must still load the app's catalog.
        string directory = _package.NewProject("Prerendered",
            ConsumerProjects.Exe.Replace("Microsoft.NET.Sdk", "Microsoft.NET.Sdk.Web", StringComparison.Ordinal).Replace("</PropertyGroup>", """
                    <VoicePromptsPrerender>true</VoicePromptsPrerender>
                    <VoicePromptsCacheDirectory>voice-cache</VoicePromptsCacheDirectory>
                    <VoicePromptsPrerenderParallelism>2</VoicePromptsPrerenderParallelism>
                  </PropertyGroup>
                """, StringComparison.Ordinal),
            ("Checkout.cs", """
                using VoicePrompts;

                namespace Prerendered;

                [Voice("coral", Instructions = "Warm.")]
                public partial class Checkout
                {
                    [Prompt("Goodbye!")]
                    public partial Task<SpeechAudio> SpeakGoodbyeAsync(CancellationToken cancellationToken = default);

                    [Prompt("Goodbye!")]
                    public partial Task<SpeechAudio> SpeakFarewellAsync(CancellationToken cancellationToken = default);

                    [Prompt("Thanks, {{ name }}!")]
                    public partial Task<SpeechAudio> SpeakThanksAsync(string name, CancellationToken cancellationToken = default);
                }
                """),
            ("Prompts/menu.voice.yaml", """
                class: Prerendered.Menu
                voice: marin
                prompts:
                  welcome: Welcome to Contoso.
                  billing: Press 1 for billing.
                """),
            ("Program.cs", """
                using VoicePrompts;
                using VoicePrompts.Caching;

                // The same backend the clips were rendered for (the cache keys on it); the test checks nothing reaches it.
                using var inner = OpenAISpeechClient.FromEnvironment();
                using var client = inner.AsBuilder().UseCache(new DiskSpeechAudioStore("voice-cache")).Build();
                foreach (var request in new[] { new Prerendered.Checkout().GoodbyeRequest(), new Prerendered.Menu().WelcomeRequest(), new Prerendered.Menu().BillingRequest() })
                    Console.WriteLine("played: " + System.Text.Encoding.UTF8.GetString((await client.SynthesizeAsync(request)).Data.Span));
                """));
        var environment = new Dictionary<string, string> { ["OPENAI_BASE_URL"] = speech.BaseUrl.ToString(), ["OPENAI_API_KEY"] = "test-key" };

        var first = Dotnet.RunWith(environment, directory, "build");
        Assert.True(first.ExitCode == 0, "the first build failed:\n" + first.Output);
        // 3 + 5 + 6 o200k tokens; "Goodbye!" is sent by two prompts with the same settings, so it is one clip.
        Assert.Contains("5 prompts: 3 distinct static clips (0 already cached, 3 to render); 1 templated", first.Output);
        Assert.Contains("input to render: 14 tokens (+ 2 tokens of instructions) = about $0.0000084 at OpenAI's listed $0.60 per 1M input tokens", first.Output);
        Assert.Contains("this estimate covers input only: audio output is billed separately ($12 per 1M audio tokens)", first.Output);
        Assert.Matches(@"\[1/3\] Prerendered\.\S+  [\d,]+ bytes in [\d,]+ ms", first.Output);
        Assert.Contains("done: 3 rendered, 0 already cached, 0 failed", first.Output);
        Assert.Equal(3, speech.Requests.Count);
        Assert.Equal(new[] { "Goodbye!", "Press 1 for billing.", "Welcome to Contoso." }, speech.Requests.Select(r => Input(r.Body)).Order(StringComparer.Ordinal));
        Assert.Equal(3, Directory.GetFiles(Path.Combine(directory, "voice-cache"), "*.vpa").Length);

        // Idempotent: a second build finds every clip and synthesizes nothing.
        var second = Dotnet.RunWith(environment, directory, "build", "--no-restore");
        Assert.True(second.ExitCode == 0, "the second build failed:\n" + second.Output);
        Assert.Contains("nothing to render: every static clip is cached", second.Output);
        Assert.Equal(3, speech.Requests.Count);

        var run = Dotnet.RunWith(environment, directory, "run", "--no-build");
        Assert.True(run.ExitCode == 0, "the app failed:\n" + run.Output);
        Assert.Equal(3, speech.Requests.Count); // every clip came from the cache
        Assert.Contains("played: audio for Goodbye!", run.Output);
        Assert.Contains("played: audio for Welcome to Contoso.", run.Output);
        Assert.Contains("played: audio for Press 1 for billing.", run.Output);
    }

    [Fact]
    public void Prerendering_a_class_library_says_how_instead_of_failing_to_load_it()
    {
        string directory = _package.NewProject("PromptLibrary",
            ConsumerProjects.Exe.Replace("<OutputType>Exe</OutputType>", "<OutputType>Library</OutputType>", StringComparison.Ordinal)
                       .Replace("</PropertyGroup>", "  <VoicePromptsPrerender>true</VoicePromptsPrerender>\n    <VoicePromptsCacheDirectory>voice-cache</VoicePromptsCacheDirectory>\n  </PropertyGroup>", StringComparison.Ordinal),
            ("Prompts.cs", """
                using VoicePrompts;

                namespace PromptLibrary;

                [Voice("coral")]
                public partial class Prompts
                {
                    [Prompt("Hello.")]
                    public partial Task<SpeechAudio> SpeakHelloAsync(CancellationToken cancellationToken = default);
                }
                """));

        var build = Dotnet.Run(directory, "build");
        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("VoicePromptsPrerender needs the project's dependencies in its output folder", build.Output);
    }

    private static string Input(byte[] body) => System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("input").GetString()!;
}
