using System.IO.Compression;
using System.Text.RegularExpressions;

namespace VoicePrompts.Package.Tests;

/// <summary>
/// The package as users meet it: packed, then consumed by fresh projects outside the repository that reference only
/// <c>VoicePrompts</c> — no ProjectReference hiding a missing DLL, an unseen props file or an ignored YAML file.
/// </summary>
public class PackageTests : IClassFixture<PackageFixture>
{
    private readonly PackageFixture _package;

    public PackageTests(PackageFixture package) => _package = package;

    private const string ProjectFile = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFramework>net10.0</TargetFramework>
            <ImplicitUsings>enable</ImplicitUsings>
            <Nullable>enable</Nullable>
            <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
            <GenerateDocumentationFile>true</GenerateDocumentationFile>
            <NoWarn>$(NoWarn);CS1591</NoWarn>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="VoicePrompts" Version="$(VoicePromptsUnderTest)" />
          </ItemGroup>
        </Project>
        """;

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
        string directory = _package.NewProject("Consumer", ProjectFile,
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
                Func<int, CancellationToken, IAsyncEnumerable<ReadOnlyMemory<byte>>> stream = menu.StreamQueuePositionAsync;
                Console.WriteLine("members ok");
                """));

        var run = Dotnet.Run(directory, "run");
        Assert.True(run.ExitCode == 0, "the consumer failed to build or run:\n" + run.Output);
        Assert.DoesNotContain("warning", run.Output, StringComparison.OrdinalIgnoreCase);
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
    public void An_over_limit_prompt_fails_the_build_with_VP0001_at_its_file_and_line()
    {
        string text = string.Concat(Enumerable.Repeat("的", 2001)); // 2,001 tokens, 2,001 characters
        string directory = _package.NewProject("OverLimit", ProjectFile,
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
}
