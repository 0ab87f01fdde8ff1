using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using VoicePrompts.Generator;

namespace VoicePrompts.Benchmarks;

/// <summary>
/// <c>generator-steps</c>: where the generator's time goes on the 1,000-prompt scale fixture, by pipeline step (Roslyn's
/// own step timings), in a fresh process: the first run (cold: JIT, and the compilation's first semantic pass, which
/// the C# step pays), then the median of warm runs on fresh copies of the compilation.
/// </summary>
internal static class GeneratorSteps
{
    public static void Run(int warmRuns = 7)
    {
        var (compilation, yaml) = GeneratorScaleBenchmarks.Fixture();
        var runs = new List<Dictionary<string, double>>();
        for (int i = 0; i <= warmRuns; i++)
        {
            GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new VoicePromptsGenerator().AsSourceGenerator() }, yaml,
                (CSharpParseOptions)compilation.SyntaxTrees.First().Options,
                driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var result = driver.RunGenerators(compilation.Clone()).GetRunResult().Results[0];
            var times = new Dictionary<string, double> { ["(whole run)"] = clock.Elapsed.TotalMilliseconds };
            foreach (var step in result.TrackedSteps.Concat(result.TrackedOutputSteps))
                times[Name(step.Key)] = times.GetValueOrDefault(Name(step.Key)) + step.Value.Sum(s => s.ElapsedTime.TotalMilliseconds);
            runs.Add(times);
        }
        Console.WriteLine($"generator steps on the scale fixture (500 C# prompts in 50 classes, 500 YAML prompts in 50 files); ms, first run then median of {warmRuns} warm runs");
        foreach (var name in runs[0].Keys.Where(k => runs.Max(r => r.GetValueOrDefault(k)) >= 0.5).OrderByDescending(k => runs[0][k]))
        {
            var warm = runs.Skip(1).Select(r => r.GetValueOrDefault(name)).Order().ToList();
            Console.WriteLine($"  {name,-44} {runs[0][name],8:F1} {warm[warm.Count / 2],8:F1}");
        }
    }

    /// <summary>Roslyn's names for the steps inside ForAttributeWithMetadataName say what they are; ours are TrackingNames.</summary>
    private static string Name(string step) => step switch
    {
        "result_ForAttributeWithMetadataName" => "CSharpPrompts (binding + our C# parser)",
        "SourceOutput" => "SourceOutput (emitting)",
        _ => step,
    };
}
