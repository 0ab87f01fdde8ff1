using System.Text.RegularExpressions;

namespace VoicePrompts.Package.Tests;

/// <summary>
/// What <c>dotnet build</c> of a fresh consumer of the packed package reports: every VP error visible, never behind a
/// compiler error; and generated code that compiles across language versions, nullable settings, target frameworks
/// and strict warning settings, whatever names the user chose.
/// </summary>
public class CompileTimeTruthTests : IClassFixture<PackageFixture>
{
    private readonly PackageFixture _package;

    public CompileTimeTruthTests(PackageFixture package) => _package = package;

    private static readonly Regex Placeholder = new(@"\{\d+(:[^}]*)?\}", RegexOptions.CultureInvariant);

    [Fact]
    public void Every_error_rule_appears_in_dotnet_build_with_no_compiler_error_beside_it()
    {
        string directory = _package.NewProject("BrokenConsumer", ConsumerProjects.Library,
            ("Broken.cs", """
                using VoicePrompts;

                namespace BrokenConsumer;

                [Voice("coral")]
                public partial class Broken(ISpeechClient first)
                {
                    private readonly ISpeechClient _second = SpeechClient.Default;

                    [Prompt("Hello")]
                    public partial Task<SpeechAudio> SpeakTwoClientsAsync();                   // VP0012
                }

                [Voice("coral")]
                public partial class Templates
                {
                    [Prompt("Hello {{ name ")]
                    public partial Task<SpeechAudio> SpeakSyntaxAsync(string name);           // VP0014

                    [Prompt("Hello {{ when }}")]
                    public partial Task<SpeechAudio> SpeakKeywordAsync(string when);          // VP0014, keyword

                    [Prompt("Hello {{ nmae }}")]
                    public partial Task<SpeechAudio> SpeakUnboundAsync(string name);          // VP0015 (+ VP0016)

                    [Prompt("Hello")]
                    public partial Task<string> SpeakWrongReturnAsync();                       // VP0010

                    [Prompt("Hello")]
                    public partial Task<SpeechAudio> SpeakGenericAsync<T>() where T : class;   // VP0011

                    [Prompt("Hello")]
                    public partial Task<SpeechAudio> SpeakBodyAsync() => Task.FromResult<SpeechAudio>(null!); // VP0009

                    [Prompt("Hello")]
                    public partial Task<SpeechAudio> SpeakClashAsync();                        // VP0013
                    public string ClashText() => "mine";

                    [Prompt("Hello")]
                    [Voice("coral", Model = "tts-1", Instructions = "Warm.", Speed = 5, Format = "ogg")] // VP0019, VP0020, VP0021
                    public partial Task<SpeechAudio> SpeakSettingsAsync();
                }

                public partial class NoVoice
                {
                    [Prompt("Hello")]
                    public partial Task<SpeechAudio> SpeakAsync();                             // VP0017
                }

                public static class Calls
                {
                    // User code calling broken prompts' generated members still compiles.
                    public static object All(Templates t, Menu m) => (t.SyntaxText("x"), t.UnboundRequest("x"), m.NoVoiceText(), m.SpeakTypedAsync(3));
                }
                """),
            ("Prompts/menu.voice.yaml", """
                class: BrokenConsumer.Menu
                voice: marin
                prompts:
                  no_voice:
                    text: Hello
                    voice:
                  typed:
                    text: "Number {{ n }}"
                    parameters:
                      n: NoSuchType
                  shape:
                    text: [1, 2]
                  extra:
                    text: Hi
                    colour: blue
                """),
            ("Prompts/other.voice.yaml", "class: BrokenConsumer.Menu\nvoice: marin\nprompts:\n  extra: Again\n"),
            ("Prompts/syntax.voice.yaml", "class: BrokenConsumer.Other\nvoice: marin\nprompts:\n  a: \"unclosed\n"));

        var build = Dotnet.Run(directory, "build", "-nologo");
        Assert.NotEqual(0, build.ExitCode);
        var lines = build.Output.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Contains(": error ") || l.Contains(": warning ")).Distinct().ToList();
        string report = string.Join("\n", lines);
        Assert.DoesNotContain(lines, l => Regex.IsMatch(l, @": error CS\d{4}"));
        foreach (var id in new[] { "VP0009", "VP0010", "VP0011", "VP0012", "VP0013", "VP0014", "VP0015", "VP0017", "VP0019", "VP0020", "VP0021", "VP0022", "VP0023", "VP0024", "VP0025", "VP0027" })
            Assert.True(lines.Any(l => l.Contains(": error " + id + ":")), id + " is missing from dotnet build's output:\n" + report);
        Assert.Contains(lines, l => l.Contains("error VP0014") && l.Contains("'when' is a Scriban keyword"));
        Assert.Contains(lines, l => l.Contains("syntax.voice.yaml(4,6)") && l.Contains("error VP0022"));
        Assert.DoesNotContain(lines, l => Placeholder.IsMatch(l.Substring(l.IndexOf(": ", StringComparison.Ordinal))));
    }

    private const string TrickySources = """
        using System.Threading;
        using System.Threading.Tasks;
        using VoicePrompts;

        namespace Acme.VoicePrompts
        {
            /// <summary>A user type named like one the generated code uses.</summary>
            public class Task { }

            /// <summary>Another.</summary>
            public class SpeechRequest { }

            /// <summary>Prompts whose names need care.</summary>
            [Voice("coral")]
            public partial class Tricky
            {
                /// <summary>Parameters named like keywords and like the generated token.</summary>
                [Prompt("{{ class }} {{ cancellation_token }}")]
                public partial System.Threading.Tasks.Task<SpeechAudio> SpeakNamesAsync(string @class, string cancellationToken);

                [Prompt("Static text.")]
                public partial System.Collections.Generic.IAsyncEnumerable<System.ReadOnlyMemory<byte>> StreamPlainAsync(CancellationToken token = default);

                [Prompt("Maybe {{ count }}")]
                public partial System.Threading.Tasks.ValueTask<SpeechAudio> SpeakMaybeAsync(int? count, CancellationToken cancellationToken = default);

                /// <summary>Translated, pronounced, and chosen by a culture parameter.</summary>
                [Prompt("The SQL job {{ job }} failed.")]
                [Prompt("La tâche SQL {{ job }} a échoué.", Culture = "fr")]
                [Pronounce("SQL", "sequel")]
                [Pronounce("SQL", "esse-cu-elle", Culture = "fr", IgnoreCase = true)]
                public partial System.Threading.Tasks.Task<SpeechAudio> SpeakJobAsync(string job, System.Globalization.CultureInfo culture, CancellationToken cancellationToken = default);
            }
        }
        """;

    private const string TrickyYaml = """
        class: Acme.VoicePrompts.Menu
        voice: sage
        prompts:
          welcome: Welcome.
          queue_position:
            text: "Caller {{ position }} {{ event }} {{ cancellation_token }} {{ größe }}"
            parameters:
              position: { type: int, example: 3 }
              event: string
              when: DateTime?
        """;

    // A translation with its own pronunciations, reading every parameter in another order.
    private const string TrickyFrenchYaml = """
        class: Acme.VoicePrompts.Menu
        voice: marin
        pronounce:
          Appelant: { say: appelante, ignore_case: true }
        prompts:
          welcome: Bienvenue.
          queue_position: "{{ größe }} {{ cancellation_token }} {{ event }} appelant {{ position }}"
        """;

    [Theory]
    [InlineData("9", "disable")]
    [InlineData("9", "enable")]
    [InlineData("latest", "enable")]
    [InlineData("latest", "annotations")]
    public void Generated_code_compiles_warning_free_across_language_versions_nullable_settings_and_frameworks(string langVersion, string nullable)
    {
        string name = "Tricky" + (langVersion == "9" ? "9" : "Latest") + char.ToUpperInvariant(nullable[0]) + nullable.Substring(1);
        string directory = _package.NewProject(name, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFrameworks>net10.0;netstandard2.0</TargetFrameworks>
                <LangVersion>{langVersion}</LangVersion>
                <Nullable>{nullable}</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <!-- VP0028 is about the model, not the generated code: seen (once, below), not an error. -->
                <WarningsNotAsErrors>$(WarningsNotAsErrors);VP0028</WarningsNotAsErrors>
                <GenerateDocumentationFile>true</GenerateDocumentationFile>
                <AnalysisMode>All</AnalysisMode>
                <!-- What AnalysisMode=All says about the test's own (deliberately odd) names, not about generated code. -->
                <NoWarn>$(NoWarn);CA1716;CA1724;CA1711;CA1707;CS1591;VP0016</NoWarn>
                <!-- Only one of Tricky's prompts is translated. -->
                <VoicePromptsPartialCultures>fr</VoicePromptsPartialCultures>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="VoicePrompts" Version="$(VoicePromptsUnderTest)" />
              </ItemGroup>
            </Project>
            """, ("Tricky.cs", TrickySources), ("Prompts/menu.voice.yaml", TrickyYaml), ("Prompts/menu.fr-CA.voice.yaml", TrickyFrenchYaml));

        var build = Dotnet.Run(directory, "build", "-nologo");
        var problems = build.Output.Split('\n').Where(l => l.Contains(": error ") || l.Contains(": warning ")).Select(l => l.Trim()).Distinct().ToList();
        // The default model's shutdown warning, once per compilation (one per target framework); nothing else. Six
        // prompts: the French file's two are translations of the neutral two, counted there.
        Assert.Equal(2, problems.Count(l => l.Contains("warning VP0028: 6 prompts use gpt-4o-mini-tts", StringComparison.Ordinal)));
        problems.RemoveAll(l => l.Contains("warning VP0028:", StringComparison.Ordinal));
        Assert.True(build.ExitCode == 0 && problems.Count == 0, $"LangVersion {langVersion}, Nullable {nullable}:\n" + string.Join("\n", problems) + "\n" + (build.ExitCode == 0 ? "" : build.Output));
    }
}
