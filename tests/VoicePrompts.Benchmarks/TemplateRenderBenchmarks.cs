using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;

namespace VoicePrompts.Benchmarks;

/// <summary>
/// A prompt's text, rendered the two ways generated code does it: a template without logic built by
/// <see cref="PromptTextBuilder"/> (the calls below are the generator's output for these templates; the baselines pin
/// that shape) against the same template parsed once and rendered by Scriban through <see cref="PromptTemplate"/>, as
/// every template was before and templates with logic still are.
/// </summary>
[MemoryDiagnoser]
public class TemplateRenderBenchmarks
{
    private const string Shipped = "Thanks, {{ name }}! Your order {{ order_id }} ships {{ eta }}.";
    private const string Queue = "You are caller {{ position }}. The wait is about {{ minutes }} minutes.";
    private const string Total = "Votre total est de {{ amount }} euros.";
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    private PromptTemplate _shipped = null!, _queue = null!, _total = null!;

    [GlobalSetup]
    public void Setup()
    {
        _shipped = PromptTemplate.Parse(Shipped);
        _queue = PromptTemplate.Parse(Queue);
        _total = PromptTemplate.Parse(Total);
        if (ShippedScriban() != ShippedCompiled() || QueueScriban() != QueueCompiled() || TotalScriban() != TotalCompiled())
            throw new InvalidOperationException("The two renderings differ.");
    }

    [Benchmark(Baseline = true), BenchmarkCategory("strings")]
    public string ShippedScriban() => _shipped.Render(new KeyValuePair<string, object?>[]
    {
        new("name", "Ada"), new("order_id", "A-10442"), new("eta", "tomorrow"),
    });

    [Benchmark, BenchmarkCategory("strings")]
    public string ShippedCompiled() => ShippedText("Ada", "A-10442", "tomorrow");

    [Benchmark, BenchmarkCategory("numbers")]
    public string QueueScriban() => _queue.Render(new KeyValuePair<string, object?>[] { new("position", 3), new("minutes", 4.5) });

    [Benchmark, BenchmarkCategory("numbers")]
    public string QueueCompiled() => QueueText(3, 4.5);

    [Benchmark, BenchmarkCategory("translation")]
    public string TotalScriban() => _total.Render(new KeyValuePair<string, object?>[] { new("amount", 1234.5m) }, French);

    [Benchmark, BenchmarkCategory("translation")]
    public string TotalCompiled() => TotalText(1234.5m);

    internal static string ShippedText(string name, string orderId, string eta)
    {
        var text = new PromptTextBuilder(29, 3, null);
        text.AppendLiteral("Thanks, ");
        text.AppendFormatted(name);
        text.AppendLiteral("! Your order ");
        text.AppendFormatted(orderId);
        text.AppendLiteral(" ships ");
        text.AppendFormatted(eta);
        text.AppendLiteral(".");
        return text.ToStringAndClear();
    }

    private static string QueueText(int position, double minutes)
    {
        var text = new PromptTextBuilder(45, 2, null);
        text.AppendLiteral("You are caller ");
        text.AppendFormatted(position);
        text.AppendLiteral(". The wait is about ");
        text.AppendFormatted(minutes);
        text.AppendLiteral(" minutes.");
        return text.ToStringAndClear();
    }

    private static string TotalText(decimal amount)
    {
        var text = new PromptTextBuilder(30, 1, CultureInfo.GetCultureInfo("fr-FR"));
        text.AppendLiteral("Votre total est de ");
        text.AppendFormatted(amount);
        text.AppendLiteral(" euros.");
        return text.ToStringAndClear();
    }

    /// <summary>
    /// The first render in a fresh process — what a prompt's first call pays before any request leaves — each way, in
    /// <paramref name="runs"/> fresh processes per way.
    /// </summary>
    public static void RunCold(int runs)
    {
        foreach (var way in new[] { "scriban", "compiled" })
        {
            var times = new List<double>();
            for (int i = 0; i < runs; i++)
            {
                times.Add(double.Parse(ChildProcess.Run("render-cold-child", way), CultureInfo.InvariantCulture));
            }
            times.Sort();
            Console.WriteLine($"{way,-9} first render: median {times[times.Count / 2]:0.00} ms, min {times[0]:0.00}, max {times[^1]:0.00} ({runs} fresh processes)");
        }
    }

    public static void RunColdChild(string way)
    {
        var stopwatch = Stopwatch.StartNew();
        string text = way == "scriban"
            ? PromptTemplate.Parse(Shipped).Render(new KeyValuePair<string, object?>[] { new("name", "Ada"), new("order_id", "A-10442"), new("eta", "tomorrow") })
            : ShippedText("Ada", "A-10442", "tomorrow");
        stopwatch.Stop();
        if (text != "Thanks, Ada! Your order A-10442 ships tomorrow.")
            throw new InvalidOperationException(text);
        Console.Write(stopwatch.Elapsed.TotalMilliseconds.ToString("0.000", CultureInfo.InvariantCulture));
    }
}
