using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;

namespace VoicePrompts.Generator.Tests;

/// <summary>
/// Generated code compared with checked-in baselines (Baselines/*.cs.txt) through the Roslyn testing library. To
/// accept a deliberate change, run the tests with VOICEPROMPTS_UPDATE_BASELINES=1 and review the diff.
/// </summary>
public class BaselineTests
{
    private static readonly string BaselineDirectory = Path.Combine(AppContext.BaseDirectory, "Baselines");

    private static string Baseline(string name)
    {
        string text = File.ReadAllText(Path.Combine(BaselineDirectory, name));
        return text.Replace("{{VERSION}}", typeof(VoicePromptsGenerator).Assembly.GetName().Version!.ToString(3));
    }

    private static async Task Verify(string source, (string Path, string Text)? yaml, params (string HintName, string Baseline)[] expected)
    {
        var test = new CSharpSourceGeneratorTest<VoicePromptsGenerator, DefaultVerifier>
        {
            // Reference assemblies from Basic.Reference.Assemblies: no package download at test time.
            ReferenceAssemblies = new ReferenceAssemblies("net10.0"),
            TestBehaviors = TestBehaviors.SkipGeneratedSourcesCheck,
        };
        test.TestState.AdditionalReferences.AddRange(Basic.Reference.Assemblies.Net100.References.All);
        test.TestState.AdditionalReferences.Add(MetadataReference.CreateFromFile(typeof(SpeechRequest).Assembly.Location));
        test.TestState.Sources.Add(source);
        if (yaml is { } y)
            test.TestState.AdditionalFiles.Add((y.Path, y.Text));

        if (Environment.GetEnvironmentVariable("VOICEPROMPTS_UPDATE_BASELINES") == "1")
        {
            var compilation = CSharpCompilation.Create("x", [CSharpSyntaxTree.ParseText(source, GeneratorHarness.ParseOptions)],
                [.. Basic.Reference.Assemblies.Net100.References.All, MetadataReference.CreateFromFile(typeof(SpeechRequest).Assembly.Location)]);
            var additional = yaml is { } a ? new[] { (AdditionalText)new InMemoryAdditionalText(a.Path, a.Text) } : [];
            var run = GeneratorHarness.CreateDriver(additional, new Dictionary<string, string>()).RunGenerators(compilation).GetRunResult();
            string source0 = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "Baselines");
            foreach (var (hint, file) in expected)
            {
                string text = run.Results[0].GeneratedSources.Single(s => s.HintName == hint).SourceText.ToString();
                File.WriteAllText(Path.Combine(source0, file),
                    text.Replace(typeof(VoicePromptsGenerator).Assembly.GetName().Version!.ToString(3), "{{VERSION}}"));
            }
        }

        foreach (var (hint, file) in expected)
            test.TestState.GeneratedSources.Add((typeof(VoicePromptsGenerator), hint, SourceText.From(Baseline(file), System.Text.Encoding.UTF8)));
        // The user's partial methods are undocumented in these sources; only generated code is compared.
        test.TestState.ExpectedDiagnostics.Clear();
        await test.RunAsync();
    }

    [Fact]
    public Task Csharp_prompt_with_a_primary_constructor_client() => Verify("""
        using System.Threading;
        using System.Threading.Tasks;
        using VoicePrompts;

        namespace MyShop
        {
            [Voice("coral", Instructions = "Warm, upbeat, unhurried.")]
            public partial class CheckoutPrompts(ISpeechClient speech)
            {
                [Prompt("Thanks, {{ name }}! Your order {{ order_id }} ships {{ eta }}.")]
                public partial Task<SpeechAudio> SpeakOrderShippedAsync(string name, string orderId, string eta, CancellationToken cancellationToken = default);
            }
        }
        """,
        null,
        ("MyShop.CheckoutPrompts.SpeakOrderShippedAsync.g.cs", "CheckoutPrompts.SpeakOrderShippedAsync.cs.txt"),
        ("VoicePrompts.Generated.VoicePromptCatalog.g.cs", "CheckoutPrompts.Catalog.cs.txt"));

    [Fact]
    public Task Yaml_only_class() => Verify(
        "namespace Unrelated { }",
        ("/project/Prompts/Menu.voice.yaml", """
        class: Contoso.MenuPrompts
        voice: sage
        prompts:
          welcome:
            text: Welcome to Contoso.
          queue_position:
            text: "You are caller {{ position }}."
            speed: 0.9
            parameters:
              position: int
        """),
        ("Contoso.MenuPrompts.Menu.voice." + VoicePromptsGenerator.StableHash("/project/Prompts/Menu.voice.yaml") + ".g.cs", "MenuPrompts.voice.cs.txt"));
}
