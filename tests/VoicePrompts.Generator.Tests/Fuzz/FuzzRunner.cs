using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using VoicePrompts.Generator.Analyzers;

namespace VoicePrompts.Generator.Tests.Fuzz;

/// <summary>
/// Drives a <see cref="FuzzCase"/> through the generator and every analyzer in-process, as the compiler would, and
/// reports what went wrong: an exception escaping the generator (CS8785) or an analyzer (AD0001), or a malformed
/// input that no VP diagnostic mentions. Shared by the test suite (a few hundred seeds) and the fuzz command in
/// tests/VoicePrompts.Benchmarks (any number).
/// </summary>
public static class FuzzRunner
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly ImmutableArray<MetadataReference> References =
        Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(SpeechRequest).Assembly.Location))
            .ToImmutableArray();

    // Its own list: this file is also compiled into the benchmark project, which has no test harness.
    private static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(
        new PromptDeclarationAnalyzer(), new PromptLimitsAnalyzer(), new VoiceSettingsAnalyzer(), new VoiceYamlAnalyzer());

    public sealed record Outcome(FuzzCase Case, IReadOnlyList<string> Failures, IReadOnlyList<string> VpDiagnostics);

    public static Outcome Run(FuzzCase fuzzCase)
    {
        var failures = new List<string>();
        var trees = fuzzCase.CSharp.Select(f => CSharpSyntaxTree.ParseText(f.Text, ParseOptions, f.Path));
        var compilation = CSharpCompilation.Create("Fuzz", trees, References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var yaml = fuzzCase.Yaml.Select(f => (AdditionalText)new Text(f.Path, f.Text)).ToImmutableArray();

        GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new VoicePromptsGenerator().AsSourceGenerator() }, yaml, ParseOptions);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        foreach (var result in driver.GetRunResult().Results)
            if (result.Exception is not null)
                failures.Add("generator threw: " + result.Exception);
        foreach (var diagnostic in generatorDiagnostics)
            failures.Add("generator reported: " + diagnostic);

        var exceptions = new ConcurrentQueue<string>();
        var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(yaml),
            onAnalyzerException: (exception, analyzer, _) => exceptions.Enqueue($"{analyzer.GetType().Name} threw: {exception}"),
            concurrentAnalysis: true, logAnalyzerExecutionTime: false);
        var diagnostics = output.WithAnalyzers(Analyzers, options).GetAllDiagnosticsAsync().GetAwaiter().GetResult();
        failures.AddRange(exceptions);
        failures.AddRange(diagnostics.Where(d => d.Id is "AD0001" or "CS8785" or "CS8784").Select(d => d.ToString()));

        var vp = diagnostics.Where(d => d.Id.StartsWith("VP", StringComparison.Ordinal)).Select(d => d.ToString()).ToList();
        if (fuzzCase.Malformed && vp.Count == 0)
            failures.Add($"malformed input ({fuzzCase.Kind}) produced no VP diagnostic");
        return new Outcome(fuzzCase, failures, vp);
    }

    private sealed class Text(string path, string text) : AdditionalText
    {
        private readonly SourceText _text = SourceText.From(text);

        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }
}
