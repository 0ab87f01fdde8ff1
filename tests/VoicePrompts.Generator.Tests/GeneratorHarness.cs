using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using VoicePrompts.Generator;

namespace VoicePrompts.Generator.Tests;

/// <summary>Runs the generator over in-memory sources and YAML files, with no network and no SDK.</summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.Diagnose);

    private static readonly ImmutableArray<MetadataReference> References =
        Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(SpeechRequest).Assembly.Location))
            .ToImmutableArray();

    public static CSharpCompilation CreateCompilation(params string[] sources) =>
        CSharpCompilation.Create(
            "UserAssembly",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"/src/File{i}.cs")),
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));

    public static CSharpGeneratorDriver CreateDriver(IEnumerable<AdditionalText>? additionalTexts = null, IDictionary<string, string>? buildProperties = null) =>
        CSharpGeneratorDriver.Create(
            new[] { new VoicePromptsGenerator().AsSourceGenerator() },
            additionalTexts ?? Array.Empty<AdditionalText>(),
            ParseOptions,
            new TestOptionsProvider(buildProperties ?? new Dictionary<string, string> { ["build_property.projectdir"] = "/src/" }),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    public sealed record Result(Compilation Output, GeneratorDriverRunResult Run, ImmutableArray<Diagnostic> Diagnostics)
    {
        public string Source(string hintNameFragment) =>
            Run.GeneratedTrees.Single(t => t.FilePath.Contains(hintNameFragment, StringComparison.Ordinal)).ToString();

        public IEnumerable<string> HintNames => Run.Results.SelectMany(r => r.GeneratedSources).Select(s => s.HintName);
    }

    /// <summary>Runs the generator; fails on any generator exception and returns the compiled output's diagnostics.</summary>
    public static Result Run(string[] sources, params (string Path, string Text)[] yaml)
    {
        var compilation = CreateCompilation(sources);
        var driver = CreateDriver(yaml.Select(y => (AdditionalText)new InMemoryAdditionalText(y.Path, y.Text)));
        driver = (CSharpGeneratorDriver)driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        var run = driver.GetRunResult();
        Assert.All(run.Results, r => Assert.Null(r.Exception));
        Assert.Empty(generatorDiagnostics); // the generator reports nothing: analyzers do
        return new Result(output, run, output.GetDiagnostics());
    }

    /// <summary>
    /// Errors anywhere, and warnings (nullable, missing XML docs, …) in generated code, as TreatWarningsAsErrors
    /// would fail on them. The test sources themselves are not documented, so their CS1591s are not ours.
    /// </summary>
    public static IEnumerable<Diagnostic> Problems(this Result result)
    {
        var generated = result.Run.GeneratedTrees.ToHashSet();
        return result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error
            || (d.Severity == DiagnosticSeverity.Warning && d.Location.SourceTree is { } tree && generated.Contains(tree)));
    }

    public static void AssertClean(this Result result) =>
        Assert.True(!result.Problems().Any(), "Compilation has problems:\n" + string.Join("\n", result.Problems()));

    /// <summary>Emits and loads the compiled user assembly so generated methods can be called.</summary>
    public static Assembly Load(this Result result)
    {
        result.AssertClean();
        using var stream = new MemoryStream();
        var emit = result.Output.Emit(stream);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));
        stream.Position = 0;
        var context = new AssemblyLoadContext("generated-" + Guid.NewGuid(), isCollectible: true);
        return context.LoadFromStream(stream);
    }
}

/// <summary>Every VoicePrompts analyzer, run as a build runs them: over the compilation after generation.</summary>
internal static class AnalyzerHarness
{
    /// <summary>Found by reflection, as the compiler finds them, so a new analyzer cannot be left out of the tests.</summary>
    public static readonly System.Collections.Immutable.ImmutableArray<DiagnosticAnalyzer> All = typeof(global::VoicePrompts.Generator.VoicePromptsGenerator).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttributes(typeof(DiagnosticAnalyzerAttribute), false).Length > 0)
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    /// <summary>The analyzers' diagnostics on <paramref name="output"/> (a compilation that already holds the generated code).</summary>
    public static Task<ImmutableArray<Diagnostic>> DiagnosticsAsync(Compilation output, IEnumerable<AdditionalText> yaml) =>
        output.WithAnalyzers(All, new AnalyzerOptions(yaml.ToImmutableArray(), new TestOptionsProvider(new Dictionary<string, string>())))
            .GetAnalyzerDiagnosticsAsync();
}

internal sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
{
    private readonly SourceText _text = SourceText.From(text);

    public override string Path { get; } = path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}

internal sealed class TestOptionsProvider(IDictionary<string, string> globals) : AnalyzerConfigOptionsProvider
{
    private static readonly TestOptions Empty = new(new Dictionary<string, string>());

    public override AnalyzerConfigOptions GlobalOptions { get; } = new TestOptions(globals);

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Empty;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Empty;

    private sealed class TestOptions(IDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) =>
            values.TryGetValue(key, out value);
    }
}
