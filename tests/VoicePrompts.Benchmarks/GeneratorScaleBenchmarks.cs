using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using VoicePrompts.Generator;
using VoicePrompts.Generator.Analyzers;
using VoicePrompts.Generator.Tests.Scale;

namespace VoicePrompts.Benchmarks;

/// <summary>
/// The generator and the analyzers on the 1,000-prompt scale fixture (500 C# in 50 classes, 500 YAML in 50 files):
/// a first run with no incremental state, the run after an unrelated C# edit, the run after one YAML file changed,
/// and all analyzers over the generated compilation.
/// </summary>
[MemoryDiagnoser]
public class GeneratorScaleBenchmarks
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.Diagnose);
    private CSharpCompilation _compilation = null!;
    private CSharpCompilation _edited = null!;
    private ImmutableArray<AdditionalText> _yaml;
    private AdditionalText _editedYaml = null!;
    private GeneratorDriver _warm = null!;
    private Compilation _generated = null!;
    private ImmutableArray<DiagnosticAnalyzer> _analyzers;

    [GlobalSetup]
    public void Setup()
    {
        (_compilation, _yaml) = Fixture();
        var unrelated = ScaleFixture.UnrelatedFile(2);
        _edited = _compilation.ReplaceSyntaxTree(_compilation.SyntaxTrees.Single(t => t.FilePath == unrelated.Path),
            CSharpSyntaxTree.ParseText(unrelated.Text, ParseOptions, unrelated.Path));
        var (path, yaml) = ScaleFixture.YamlFiles()[7];
        _editedYaml = new Text(path, yaml.Replace("For department 71, press 1.", "For department 71, press one.", StringComparison.Ordinal));
        _warm = NewDriver().RunGeneratorsAndUpdateCompilation(_compilation, out _generated, out _);
        _analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new PromptDeclarationAnalyzer(), new PromptLimitsAnalyzer(), new VoiceSettingsAnalyzer(), new VoiceYamlAnalyzer());
        var error = _generated.GetDiagnostics().FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error);
        if (error is not null)
            throw new InvalidOperationException("the scale fixture does not compile: " + error);
    }

    /// <summary>The scale fixture as a compilation (its C# files) and additional texts (its YAML files), not yet generated.</summary>
    internal static (CSharpCompilation Compilation, ImmutableArray<AdditionalText> Yaml) Fixture()
    {
        var references = Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(SpeechRequest).Assembly.Location));
        var trees = ScaleFixture.CSharpFiles().Append(ScaleFixture.UnrelatedFile(1))
            .Select(f => CSharpSyntaxTree.ParseText(f.Text, ParseOptions, f.Path));
        var compilation = CSharpCompilation.Create("Scale", trees, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        return (compilation, ScaleFixture.YamlFiles().Select(f => (AdditionalText)new Text(f.Path, f.Text)).ToImmutableArray());
    }

    private GeneratorDriver NewDriver() =>
        CSharpGeneratorDriver.Create(new[] { new VoicePromptsGenerator().AsSourceGenerator() }, _yaml, ParseOptions);

    [Benchmark(Description = "generator: first run (no incremental state)")]
    public GeneratorDriver FirstRun() => NewDriver().RunGenerators(_compilation);

    [Benchmark(Description = "generator: after an unrelated C# edit")]
    public GeneratorDriver UnrelatedEdit() => _warm.RunGenerators(_edited);

    [Benchmark(Description = "generator: after editing one YAML file")]
    public GeneratorDriver YamlEdit() => _warm.ReplaceAdditionalText(_yaml[7], _editedYaml).RunGenerators(_compilation);

    [Benchmark(Description = "analyzers: all rules, 1,000 prompts")]
    public async Task<int> Analyzers()
    {
        var options = new AnalyzerOptions(_yaml);
        var diagnostics = await _generated.WithAnalyzers(_analyzers, options).GetAnalyzerDiagnosticsAsync();
        if (!diagnostics.IsEmpty) throw new InvalidOperationException(diagnostics[0].ToString());
        return diagnostics.Length;
    }

    /// <summary>Each analyzer alone, to see where the time goes.</summary>
    [Benchmark(Description = "analyzers: one at a time")]
    [Arguments(0)]
    [Arguments(1)]
    [Arguments(2)]
    [Arguments(3)]
    public async Task<int> OneAnalyzer(int index)
    {
        var options = new AnalyzerOptions(_yaml);
        var diagnostics = await _generated.WithAnalyzers(ImmutableArray.Create(_analyzers[index]), options).GetAnalyzerDiagnosticsAsync();
        return diagnostics.Length;
    }

    private sealed class Text(string path, string text) : AdditionalText
    {
        private readonly SourceText _text = SourceText.From(text);

        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }
}
