using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using VoicePrompts.Generator.Model;

namespace VoicePrompts.Generator.Tests;

/// <summary>Caching proved by tracked step run reasons, not by time.</summary>
public class IncrementalTests
{
    private const string Prompts = """
        using System.Threading.Tasks;
        using VoicePrompts;
        [Voice("ash")]
        public partial class P
        {
            [Prompt("Hello {{ name }}")]
            public partial Task<SpeechAudio> SpeakHelloAsync(string name);
        }
        """;

    private static readonly string[] OurSteps =
    {
        TrackingNames.Options, TrackingNames.CSharpPrompts, TrackingNames.CSharpEmits, TrackingNames.YamlFiles, TrackingNames.YamlIndex,
        TrackingNames.YamlSymbols, TrackingNames.YamlFamilies, TrackingNames.YamlPrompts, TrackingNames.YamlEmits, TrackingNames.Catalog,
    };

    private static (GeneratorDriver Driver, Compilation Compilation, InMemoryAdditionalText A, InMemoryAdditionalText B) FirstRun()
    {
        var a = new InMemoryAdditionalText("/src/a.voice.yaml", "class: A\nvoice: ash\nprompts:\n  one: First A\n  two: 'Second {{ x }}'\n");
        var b = new InMemoryAdditionalText("/src/b.voice.yaml", "class: B\nvoice: ash\nprompts:\n  one: First B\n");
        var compilation = GeneratorHarness.CreateCompilation(Prompts);
        GeneratorDriver driver = GeneratorHarness.CreateDriver([a, b]);
        driver = driver.RunGenerators(compilation);
        return (driver, compilation, a, b);
    }

    private static IEnumerable<(string Step, IncrementalStepRunReason Reason, object Value)> Outputs(GeneratorDriver driver, string step) =>
        driver.GetRunResult().Results.Single().TrackedSteps.TryGetValue(step, out var runs)
            ? runs.SelectMany(r => r.Outputs.Select(o => (step, o.Reason, o.Value)))
            : Enumerable.Empty<(string, IncrementalStepRunReason, object)>();

    [Fact]
    public void An_unrelated_edit_leaves_every_step_cached_or_unchanged_and_re_emits_nothing()
    {
        var (driver, compilation, _, _) = FirstRun();
        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class Unrelated { int X => 1; }", GeneratorHarness.ParseOptions, "/src/Unrelated.cs"));
        driver = driver.RunGenerators(edited);

        var result = driver.GetRunResult().Results.Single();
        foreach (var step in OurSteps)
        {
            var outputs = Outputs(driver, step).ToList();
            Assert.NotEmpty(outputs);
            Assert.All(outputs, o => Assert.True(
                o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                $"{o.Step} was {o.Reason}"));
        }
        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(r => r.Outputs),
            o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"an output step was {o.Reason}"));
        // The compilation reaches the YAML steps only through its reduced, equatable summary: the summary is
        // recomputed (and found unchanged), the resolution of every YAML file is not re-run at all.
        Assert.All(Outputs(driver, TrackingNames.YamlSymbols), o => Assert.Equal(IncrementalStepRunReason.Unchanged, o.Reason));
        Assert.All(Outputs(driver, TrackingNames.YamlPrompts), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Fact]
    public void Editing_the_csharp_class_a_yaml_file_joins_re_resolves_that_file()
    {
        var a = new InMemoryAdditionalText("/src/a.voice.yaml", "class: P\nvoice: ash\nprompts:\n  welcome: Welcome\n");
        var compilation = GeneratorHarness.CreateCompilation(Prompts);
        GeneratorDriver driver = GeneratorHarness.CreateDriver([a]).RunGenerators(compilation);
        // The user now writes a member that the YAML prompt would generate: the YAML step must see it.
        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("public partial class P { public string WelcomeText() => \"mine\"; }", GeneratorHarness.ParseOptions, "/src/P2.cs"));
        driver = driver.RunGenerators(edited);
        Assert.Contains(Outputs(driver, TrackingNames.YamlSymbols), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains(Outputs(driver, TrackingNames.YamlPrompts), o => o.Reason == IncrementalStepRunReason.Modified);
    }

    [Fact]
    public void Editing_one_yaml_file_re_runs_only_that_files_prompts()
    {
        var (driver, compilation, a, _) = FirstRun();
        var editedA = new InMemoryAdditionalText(a.Path, "class: A\nvoice: ash\nprompts:\n  one: First A, edited\n  two: 'Second {{ x }}'\n");
        driver = driver.ReplaceAdditionalText(a, editedA).RunGenerators(compilation);

        var files = Outputs(driver, TrackingNames.YamlFiles).ToList();
        Assert.Single(files, o => o.Reason == IncrementalStepRunReason.Modified && ((dynamic)o.Value).Path == "/src/a.voice.yaml");
        Assert.All(files.Where(o => ((dynamic)o.Value).Path == "/src/b.voice.yaml"),
            o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"b was {o.Reason}"));

        var prompts = Outputs(driver, TrackingNames.YamlPrompts).ToList();
        Assert.Single(prompts, o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.All(prompts.Where(o => ((dynamic)o.Value).Path == "/src/b.voice.yaml"),
            o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"b's prompts were {o.Reason}"));

        // C# prompts were not touched.
        Assert.All(Outputs(driver, TrackingNames.CSharpPrompts),
            o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
    }

    [Fact]
    public void Editing_one_translation_re_emits_only_its_class_and_the_catalog()
    {
        InMemoryAdditionalText Yaml(string path, string text) => new(path, text);
        var aNeutral = Yaml("/src/A.voice.yaml", "class: A\nvoice: ash\nprompts:\n  one: First A\n  two: 'Second {{ x }}'\n");
        var aFrench = Yaml("/src/A.fr.voice.yaml", "class: A\nprompts:\n  one: Premier A\n  two: 'Deuxième {{ x }}'\n");
        var bNeutral = Yaml("/src/B.voice.yaml", "class: B\nvoice: ash\nprompts:\n  one: First B\n");
        var bFrench = Yaml("/src/B.fr.voice.yaml", "class: B\nprompts:\n  one: Premier B\n");
        var compilation = GeneratorHarness.CreateCompilation(Prompts);
        GeneratorDriver driver = GeneratorHarness.CreateDriver([aNeutral, aFrench, bNeutral, bFrench]).RunGenerators(compilation);
        string before = driver.GetRunResult().GeneratedTrees.Single(t => t.FilePath.Contains("A.A.voice", StringComparison.Ordinal)).ToString();

        var editedFrench = Yaml(aFrench.Path, "class: A\nprompts:\n  one: Premier A, modifié\n  two: 'Deuxième {{ x }}'\n");
        driver = driver.ReplaceAdditionalText(aFrench, editedFrench).RunGenerators(compilation);

        // Only the edited file is re-parsed, only A's family changes, and only A is resolved again: B is not even
        // looked at (Cached, not re-run and found Unchanged).
        Assert.Single(Outputs(driver, TrackingNames.YamlFiles), o => o.Reason == IncrementalStepRunReason.Modified);
        var families = Outputs(driver, TrackingNames.YamlFamilies).ToList();
        Assert.Equal(2, families.Count);
        Assert.Equal(new[] { "/src/A.voice.yaml" }, families.Where(o => o.Reason == IncrementalStepRunReason.Modified).Select(o => ((YamlFamily)o.Value).File.Path));
        var prompts = Outputs(driver, TrackingNames.YamlPrompts).ToList();
        Assert.Equal(new[] { "/src/A.voice.yaml" }, prompts.Where(o => o.Reason == IncrementalStepRunReason.Modified).Select(o => (string)((dynamic)o.Value).Path));
        Assert.All(prompts.Where(o => ((dynamic)o.Value).Path != "/src/A.voice.yaml"),
            o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));

        // Re-emitted: A's class (the new French text) and the catalog (which lists it); B's class is not written again.
        var emitted = driver.GetRunResult().Results.Single().TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(r => r.Outputs)
            .Where(o => o.Reason == IncrementalStepRunReason.Modified).SelectMany(o => HintNames(o.Value)).ToList();
        Assert.Equal(2, emitted.Count);
        Assert.Single(emitted, h => h.StartsWith("A.A.voice.", StringComparison.Ordinal));
        Assert.Single(emitted, h => h.Contains("VoicePromptCatalog", StringComparison.Ordinal));
        string after = driver.GetRunResult().GeneratedTrees.Single(t => t.FilePath.Contains("A.A.voice", StringComparison.Ordinal)).ToString();
        Assert.Contains("Premier A, modifié", after);
        Assert.DoesNotContain("Premier A, modifié", before);
    }

    /// <summary>The hint names of the sources one output step added (its value is the sources and the diagnostics).</summary>
    private static IEnumerable<string> HintNames(object outputValue)
    {
        var sources = (IEnumerable)outputValue.GetType().GetField("Item1")!.GetValue(outputValue)!;
        foreach (var source in sources)
            yield return (string)source.GetType().GetProperty("HintName")!.GetValue(source)!;
    }

    [Fact]
    public void Editing_a_template_re_runs_that_prompt_only()
    {
        var (driver, compilation, _, _) = FirstRun();
        var tree = compilation.SyntaxTrees.Single();
        var edited = compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(Prompts.Replace("Hello {{ name }}", "Hi {{ name }}"), GeneratorHarness.ParseOptions, tree.FilePath));
        driver = driver.RunGenerators(edited);
        Assert.Single(Outputs(driver, TrackingNames.CSharpPrompts), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.All(Outputs(driver, TrackingNames.YamlFiles), o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
    }

    [Fact]
    public void A_line_inserted_above_a_prompt_leaves_its_source_cached_and_moves_it_in_the_catalog()
    {
        var (driver, compilation, _, _) = FirstRun();
        int LineInCatalog() => int.Parse(System.Text.RegularExpressions.Regex.Match(
            driver.GetRunResult().GeneratedTrees.Single(t => t.FilePath.Contains("VoicePromptCatalog", StringComparison.Ordinal)).ToString(),
            @"PromptInfo\(""P\.Hello""(?s:.*?)Line = (\d+),").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        int before = LineInCatalog();
        var tree = compilation.SyntaxTrees.Single();
        var edited = compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(
            Prompts.Replace("public partial class P", "// a comment that moves the prompt down a line\npublic partial class P"), GeneratorHarness.ParseOptions, tree.FilePath));
        driver = driver.RunGenerators(edited);

        // The parse sees the new line; what the emitter reads does not, so the prompt's source is not written again.
        Assert.Single(Outputs(driver, TrackingNames.CSharpPrompts), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Single(Outputs(driver, TrackingNames.CSharpEmits), o => o.Reason == IncrementalStepRunReason.Unchanged);
        var emitted = driver.GetRunResult().Results.Single().TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(r => r.Outputs)
            .Where(o => o.Reason == IncrementalStepRunReason.Modified).SelectMany(o => HintNames(o.Value)).ToList();
        Assert.Equal(new[] { "VoicePrompts.Generated.VoicePromptCatalog.g.cs" }, emitted);
        Assert.Equal(before + 1, LineInCatalog());
    }

    [Fact]
    public void Pipeline_models_hold_no_symbols_syntax_locations_or_compilations()
    {
        var (driver, _, _, _) = FirstRun();
        var steps = driver.GetRunResult().Results.Single().TrackedSteps;
        int walked = 0;
        foreach (var step in OurSteps)
            foreach (var run in steps[step])
                foreach (var (value, _) in run.Outputs)
                    walked += ModelWalker.AssertPure(value, step);
        Assert.True(walked > 50, $"only {walked} objects walked: the walker is not reaching the models");
    }
}

/// <summary>Walks an object graph and fails on anything that would defeat caching or keep a compilation alive.</summary>
internal static class ModelWalker
{
    private static readonly Type[] Forbidden =
    {
        typeof(ISymbol), typeof(SyntaxNode), typeof(SyntaxTree), typeof(Location), typeof(Compilation), typeof(SemanticModel), typeof(AttributeData),
    };

    public static int AssertPure(object? root, string path)
    {
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        return Walk(root, path, seen);
    }

    private static int Walk(object? value, string path, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || value is decimal)
            return 1;
        var type = value.GetType();
        foreach (var forbidden in Forbidden)
            Assert.False(forbidden.IsAssignableFrom(type), $"{path} holds a {type.FullName}");
        if (!type.IsValueType && !seen.Add(value))
            return 0;
        int count = 1;
        if (value is IEnumerable items)
        {
            int i = 0;
            foreach (var item in items)
                count += Walk(item, $"{path}[{i++}]", seen);
            return count;
        }
        foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            count += Walk(field.GetValue(value), $"{path}.{field.Name}", seen);
        return count;
    }
}
