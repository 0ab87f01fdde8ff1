using System.Diagnostics;
using VoicePrompts.Generator.Tests.Fuzz;

namespace VoicePrompts.Benchmarks;

/// <summary>The full fuzz run: N seeded cases through the generator and every analyzer; prints the count and every failure with its seed.</summary>
internal static class FuzzCommand
{
    public static int Run(int count, int firstSeed)
    {
        var watch = Stopwatch.StartNew();
        var byKind = new SortedDictionary<string, (int Cases, int Diagnosed)>(StringComparer.Ordinal);
        int failures = 0;
        object gate = new();
        Parallel.For(firstSeed, firstSeed + count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, seed =>
        {
            var outcome = FuzzRunner.Run(FuzzCases.Create(seed));
            lock (gate)
            {
                var (cases, diagnosed) = byKind.TryGetValue(outcome.Case.Kind, out var k) ? k : (0, 0);
                byKind[outcome.Case.Kind] = (cases + 1, diagnosed + (outcome.VpDiagnostics.Count > 0 ? 1 : 0));
                if (outcome.Failures.Count > 0)
                {
                    failures++;
                    Console.WriteLine($"FAIL seed {seed} ({outcome.Case.Kind}):\n  " + string.Join("\n  ", outcome.Failures));
                }
            }
        });
        Console.WriteLine($"{count:N0} fuzz cases (seeds {firstSeed}..{firstSeed + count - 1}) in {watch.Elapsed.TotalSeconds:F0} s: {failures} failures");
        foreach (var (kind, (cases, diagnosed)) in byKind)
            Console.WriteLine($"  {kind,-30} {cases,6:N0} cases, {diagnosed,6:N0} with VP diagnostics");
        return failures == 0 ? 0 : 1;
    }
}
