using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using VoicePrompts.Generator.Analyzers;

namespace VoicePrompts.Generator.Tests.Scale;

/// <summary>
/// The generator and analyzers on a 1,000-prompt project: everything generates and compiles clean, the analyzers
/// stay silent on valid prompts, and edits re-run only what they touch (tracked step reasons, not time).
/// </summary>
public class ScaleTests
{
    private static (CSharpCompilation Compilation, List<AdditionalText> Yaml) Fixture()
    {
        var trees = ScaleFixture.CSharpFiles().Append(ScaleFixture.UnrelatedFile(1))
            .Select(f => CSharpSyntaxTree.ParseText(f.Text, GeneratorHarness.ParseOptions, f.Path));
        var compilation = GeneratorHarness.CreateCompilation().AddSyntaxTrees(trees);
        var yaml = ScaleFixture.YamlFiles().Select(f => (AdditionalText)new InMemoryAdditionalText(f.Path, f.Text)).ToList();
        return (compilation, yaml);
    }

    [Fact]
    public void A_thousand_prompts_generate_and_compile_clean()
    {
        var (compilation, yaml) = Fixture();
        var driver = GeneratorHarness.CreateDriver(yaml);
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        Assert.Empty(diagnostics);
        var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors.Take(10)));
        var catalog = output.SyntaxTrees.Single(t => t.FilePath.EndsWith("VoicePromptCatalog.g.cs", StringComparison.Ordinal)).ToString();
        Assert.Equal(1000, catalog.Split("new global::VoicePrompts.PromptInfo(").Length - 1);
    }

    [Fact]
    public async Task The_analyzers_are_silent_on_a_thousand_valid_prompts_but_for_one_shutdown_notice()
    {
        var (compilation, yaml) = Fixture();
        var driver = GeneratorHarness.CreateDriver(yaml);
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        var diagnostics = await AnalyzerHarness.DiagnosticsAsync(output, yaml);
        // gpt-4o-mini-tts is scheduled to shut down: one notice for the compilation, counting all 1,000, not 1,000 notices.
        var notice = Assert.Single(diagnostics);
        Assert.Equal(("VP0028", DiagnosticSeverity.Warning), (notice.Id, notice.Severity));
        Assert.StartsWith("1,000 prompts use gpt-4o-mini-tts", notice.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void An_unrelated_edit_re_emits_nothing_and_one_yaml_edit_re_emits_one_file()
    {
        var (compilation, yaml) = Fixture();
        GeneratorDriver driver = GeneratorHarness.CreateDriver(yaml);
        driver = driver.RunGenerators(compilation);

        // Unrelated C# edit: every step's outputs cached or unchanged, so no source output runs.
        var edited = compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees.Single(t => t.FilePath == ScaleFixture.UnrelatedFile(1).Path),
            CSharpSyntaxTree.ParseText(ScaleFixture.UnrelatedFile(2).Text, GeneratorHarness.ParseOptions, ScaleFixture.UnrelatedFile(2).Path));
        driver = driver.RunGenerators(edited);
        var changed = AllOutputs(driver).Where(o => o.Reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged)).ToList();
        Assert.True(changed.Count == 0, string.Join(", ", changed.Select(c => c.Step + ":" + c.Reason)));
        // 500 C# prompts, 50 YAML files parsed and resolved, the index, the catalog and the options.
        Assert.Equal(500 + 50 + 50 + 3, AllOutputs(driver).Count());

        // One YAML file edited: exactly one file re-parsed, one file's prompts modified.
        var (path, text) = ScaleFixture.YamlFiles()[7];
        var newText = new InMemoryAdditionalText(path, text.Replace("For department 71, press 1.", "For department 71, press one.", StringComparison.Ordinal));
        driver = driver.ReplaceAdditionalText(yaml[7], newText).RunGenerators(edited);
        Assert.Single(Outputs(driver, TrackingNames.YamlFiles), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Single(Outputs(driver, TrackingNames.YamlPrompts), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.All(Outputs(driver, TrackingNames.CSharpPrompts), o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
    }

    private static IEnumerable<(string Step, IncrementalStepRunReason Reason)> Outputs(GeneratorDriver driver, string step) =>
        driver.GetRunResult().Results.Single().TrackedSteps.TryGetValue(step, out var runs)
            ? runs.SelectMany(r => r.Outputs.Select(o => (step, o.Reason)))
            : Enumerable.Empty<(string, IncrementalStepRunReason)>();

    private static IEnumerable<(string Step, IncrementalStepRunReason Reason)> AllOutputs(GeneratorDriver driver) =>
        new[] { TrackingNames.Options, TrackingNames.CSharpPrompts, TrackingNames.YamlFiles, TrackingNames.YamlIndex, TrackingNames.YamlPrompts, TrackingNames.Catalog }
            .SelectMany(step => Outputs(driver, step));
}
