using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using VoicePrompts.Generator.Analyzers;

namespace VoicePrompts.Generator.Tests;

/// <summary>
/// Every generated source and every analyzer diagnostic of a few representative projects, compared with checked-in
/// baselines (Baselines/{case}/). A change to the emitter or to a message fails here until the baselines are written
/// again on purpose:
/// <code>VOICEPROMPTS_UPDATE_BASELINES=1 dotnet test tests/VoicePrompts.Generator.Tests --filter BaselineTests</code>
/// and the diff is reviewed like any other.
/// </summary>
public class BaselineTests
{
    private static readonly string Version = typeof(VoicePromptsGenerator).Assembly.GetName().Version!.ToString(3);

    private static string Directory(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "VoicePrompts.sln")))
                return Path.Combine(dir.FullName, "tests", "VoicePrompts.Generator.Tests", "Baselines", name);
        throw new InvalidOperationException("VoicePrompts.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>What the generator and analyzers produce for a project, as the files a baseline holds.</summary>
    internal static SortedDictionary<string, string> Produce(string[] sources, (string Path, string Text)[] yaml)
    {
        var result = GeneratorHarness.Run(sources, yaml);
        // Broken prompts included: the only errors a baseline project may have are VP diagnostics.
        result.AssertClean();
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var generated in result.Run.Results.SelectMany(r => r.GeneratedSources))
            files[generated.HintName + ".txt"] = generated.SourceText.ToString().Replace(Version, "{{VERSION}}");

        var diagnostics = AnalyzerHarness.DiagnosticsAsync(result.Output, yaml.Select(y => (AdditionalText)new InMemoryAdditionalText(y.Path, y.Text)))
            .GetAwaiter().GetResult();
        var lines = diagnostics
            .Select(d => d.Location.GetLineSpan() is var span
                ? $"{span.Path}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): {d.Severity.ToString().ToLowerInvariant()} {d.Id}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}"
                : "")
            .OrderBy(l => l, StringComparer.Ordinal);
        files["diagnostics.txt"] = string.Concat(lines.Select(l => l + "\n"));
        return files;
    }

    private static void Verify(string name, string[] sources, params (string Path, string Text)[] yaml)
    {
        var actual = Produce(sources, yaml);
        string directory = Directory(name);
        if (Environment.GetEnvironmentVariable("VOICEPROMPTS_UPDATE_BASELINES") == "1")
        {
            if (System.IO.Directory.Exists(directory))
                System.IO.Directory.Delete(directory, recursive: true);
            System.IO.Directory.CreateDirectory(directory);
            foreach (var (file, text) in actual)
                File.WriteAllText(Path.Combine(directory, file), text, new UTF8Encoding(false));
            return;
        }

        Assert.True(System.IO.Directory.Exists(directory), $"No baseline at {directory}; write it with VOICEPROMPTS_UPDATE_BASELINES=1.");
        var expected = System.IO.Directory.GetFiles(directory).ToDictionary(f => Path.GetFileName(f)!, f => File.ReadAllText(f).Replace("\r\n", "\n"), StringComparer.Ordinal);
        Assert.Equal(expected.Keys.OrderBy(k => k, StringComparer.Ordinal), actual.Keys);
        foreach (var (file, text) in actual)
        {
            if (expected[file] == text) continue;
            var expectedLines = expected[file].Split('\n');
            var actualLines = text.Split('\n');
            int line = Enumerable.Range(0, Math.Min(expectedLines.Length, actualLines.Length)).FirstOrDefault(i => expectedLines[i] != actualLines[i], Math.Min(expectedLines.Length, actualLines.Length));
            Assert.Fail($"{name}/{file} differs from its baseline at line {line + 1}:\n  baseline: {expectedLines.ElementAtOrDefault(line)}\n  now:      {actualLines.ElementAtOrDefault(line)}\n"
                + "If the change is intended, run the tests with VOICEPROMPTS_UPDATE_BASELINES=1 and review the diff.");
        }
    }

    [Fact]
    public void Csharp_prompts_with_a_primary_constructor_client() => Verify("CheckoutPrompts", ["""
        using System.Collections.Generic;
        using System.ComponentModel.DataAnnotations;
        using System.Threading;
        using System.Threading.Tasks;
        using VoicePrompts;

        namespace MyShop
        {
            [Voice("coral", Instructions = "Warm, upbeat, unhurried.")]
            public partial class CheckoutPrompts(ISpeechClient speech)
            {
                [Prompt("Thanks, {{ name }}! Your order {{ order_id }} ships {{ eta }}.")]
                public partial Task<SpeechAudio> SpeakOrderShippedAsync([MaxLength(40)] string name, string orderId, string eta, CancellationToken cancellationToken = default);

                /// <summary>Says goodbye; our own words, which VoicePrompts keeps.</summary>
                [Prompt("Thanks for shopping with us. Goodbye!")]
                [Voice("marin", Instructions = "A little slower.", Format = "wav", Speed = 0.9)]
                public partial ValueTask<SpeechAudio> SpeakGoodbyeAsync(CancellationToken cancellationToken = default);

                [Prompt("Your total is {{ amount }} euros.")]
                public partial IAsyncEnumerable<System.ReadOnlyMemory<byte>> StreamTotalAsync(decimal amount, string cancellationToken);

                public string TotalText(decimal amount) => "mine";
            }
        }
        """]);

    [Fact]
    public void Yaml_only_class_with_names_that_need_care() => Verify("MenuPrompts", [], ("/src/Prompts/Menu.voice.yaml", """
        class: Contoso.MenuPrompts
        voice: sage
        prompts:
          welcome:
            text: Welcome to Contoso.
          queue_position:
            text: "You are caller {{ position }}. {{ class }} {{ cancellation_token }}"
            speed: 0.9
            parameters:
              position: { type: int, example: 3 }
              class: string
          due:
            text: "Due {{ when_due }}, {{ orderId }} and {{ order_id }}."
            parameters:
              when_due: DateTime?
        """));

    [Fact]
    public void Broken_prompts_compile_and_say_why() => Verify("BrokenPrompts", ["""
        using System.Threading.Tasks;
        using VoicePrompts;

        namespace Acme.VoicePrompts
        {
            public class Task { }

            [Voice("corall", Speed = 9)]
            public partial class Broken
            {
                [Prompt("Hello {{ nme }}")]
                public partial System.Threading.Tasks.Task<SpeechAudio> SpeakHelloAsync(string name);

                [Prompt("{{ if }}")]
                public partial System.Threading.Tasks.Task<SpeechAudio> SpeakBadAsync();

                [Prompt("x")]
                public partial System.Threading.Tasks.Task<string> SpeakWrongAsync();
            }
        }
        """], ("/src/Prompts/Broken.voice.yaml", """
        class: Acme.VoicePrompts.Broken
        prompts:
          no_voice:
            text: "No voice for {{ who }}."
            parameters:
              who: NoSuchType
        """));

    [Fact]
    public void Translations_and_pronunciations_in_csharp_and_yaml() => Verify("TranslatedPrompts", ["""
        using System.Globalization;
        using System.Threading;
        using System.Threading.Tasks;
        using VoicePrompts;

        namespace Ops
        {
            [Voice("coral")]
            [Pronounce("SQL", "sequel")]
            [Pronounce("SQL", "esse-cu-elle", Culture = "fr")]
            public partial class Alerts
            {
                [Prompt("The SQL job {{ job }} failed.")]
                [Prompt("La tâche SQL {{ job }} a échoué.", Culture = "fr")]
                [Prompt("Der SQL-Auftrag {{ job }} ist fehlgeschlagen.", Culture = "de-CH")]
                public partial Task<SpeechAudio> SpeakJobFailedAsync(string job, CancellationToken cancellationToken = default);

                [Prompt("Your SQL server is shutting down.")]
                [Prompt("Votre serveur SQL s'arrête.", Culture = "fr")]
                public partial Task<SpeechAudio> SpeakShutdownAsync(CultureInfo culture, CancellationToken cancellationToken = default);
            }
        }
        """],
        ("/src/Prompts/Menu.voice.yaml", """
        class: Ops.Menu
        voice: coral
        instructions: Calm and clear.
        prompts:
          welcome: Welcome. Your SQL report is ready.
          queue:
            text: "You are caller {{ position }}, {{ name }}."
            parameters:
              position: int
        pronounce:
          SQL: sequel
        """),
        ("/src/Prompts/Menu.fr.voice.yaml", """
        class: Ops.Menu
        instructions: Calme et posé.
        prompts:
          welcome: Bienvenue. Votre rapport SQL est prêt.
          queue:
            text: "{{ name }}, vous êtes l'appelant numéro {{ position }}."
            voice: marin
        pronounce:
          SQL: esse-cu-elle
        """));

    [Fact]
    public void Realtime_model_prompts() => Verify("RealtimePrompts", ["""
        using System.Threading.Tasks;
        using VoicePrompts;

        namespace Games
        {
            [Voice("marin", Model = "gpt-realtime-2.1-mini", Instructions = "A tavern keeper, gruff but kind.", Format = "pcm")]
            public partial class Tavern
            {
                [Prompt("Welcome back, {{ hero }}. The usual?")]
                public partial Task<SpeechAudio> SpeakGreetingAsync(string hero);

                [Prompt("We close at midnight.")]
                [Voice("cedar", Format = "pcmu")]
                public partial Task<SpeechAudio> SpeakClosingAsync();
            }
        }
        """]);

    [Fact]
    public void Compiled_and_Scriban_templates_side_by_side() => Verify("TemplateKinds", ["""
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using VoicePrompts;

        namespace Shop
        {
            [Voice("coral")]
            public partial class Orders
            {
                // Plain text and outputs: built by generated code.
                [Prompt("Order {{ id }} ships on {{ day }} with {{ count }} items, {{ note }}.")]
                public partial Task<SpeechAudio> SpeakShippingAsync(string id, DayOfWeek day, int count, string? note);

                // An output alone on an indented line: Scriban indents the value's later lines, so does the generated code.
                [Prompt("Items:\n  {{ lines }}\nThat is all.")]
                public partial Task<SpeechAudio> SpeakItemsAsync(string lines);

                // Logic (a condition, a pipe, a loop): rendered by Scriban, parsed once per process.
                [Prompt("{{ if count == 1 }}One item{{ else }}{{ count }} items{{ end }} for {{ name | string.capitalize }}: {{ for i in items }}{{ i }} {{ end }}")]
                public partial Task<SpeechAudio> SpeakSummaryAsync(int count, string name, IReadOnlyList<string> items);
            }
        }
        """]);

    [Fact]
    public void Broken_yaml_files_are_diagnostics_and_the_good_file_still_generates() => Verify("BrokenYaml", [],
        ("/src/Prompts/Good.voice.yaml", """
        class: Help.Desk
        voice: ash
        prompts:
          open: "We are open until {{ hour }}."
        """),
        ("/src/Prompts/Syntax.voice.yaml", """
        class: Help.Syntax
        voice: ash
        prompts:
          hello: "Unclosed
            quote
        """),
        ("/src/Prompts/Duplicate.voice.yaml", """
        class: Help.Duplicate
        voice: ash
        prompts:
          hello: Hi.
          hello: Hello again.
        """),
        ("/src/Prompts/Schema.voice.yaml", """
        class: Help.Schema
        voice: ash
        colour: blue
        prompts:
          hello:
            txt: Misspelled key.
          fine: Still generated.
          bad_type:
            text: "Count {{ n }}"
            parameters:
              n: { type: 42 }
        """),
        ("/src/Prompts/Good.xx.voice.yaml", """
        class: Help.Desk
        prompts:
          open: "Unknown culture {{ hour }}."
        """));
}
