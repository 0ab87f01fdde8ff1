namespace VoicePrompts.Generator.Tests.Fuzz;

/// <summary>
/// A seeded subset of the fuzz run: every case finishes with no exception escaping the generator or an analyzer, and
/// every malformed case gets at least one VP diagnostic. The full run (≥ 10,000 cases) is
/// <c>dotnet run -c Release --project tests/VoicePrompts.Benchmarks -- fuzz 10000</c>.
/// </summary>
public class FuzzTests
{
    public static IEnumerable<object[]> Seeds() => Enumerable.Range(0, 300).Select(i => new object[] { 1_000 + i });

    [Fact]
    public void The_seeded_cases_cover_every_kind()
    {
        var kinds = Seeds().Select(s => FuzzCases.Create((int)s[0]).Kind).Distinct().Count();
        Assert.Equal(FuzzCases.KindCount, kinds);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void No_crash_and_malformed_input_is_diagnosed(int seed)
    {
        var outcome = FuzzRunner.Run(FuzzCases.Create(seed));
        Assert.True(outcome.Failures.Count == 0, $"seed {seed} ({outcome.Case.Kind}):\n" + string.Join("\n", outcome.Failures));
    }
}
