using System.Diagnostics;
using BenchmarkDotNet.Running;
using Microsoft.ML.Tokenizers;
using VoicePrompts.Benchmarks;
using VoicePrompts.Shared.Tokens;

// dotnet run -c Release --project tests/VoicePrompts.Benchmarks -- --filter '*'      BenchmarkDotNet suites
// dotnet run -c Release --project tests/VoicePrompts.Benchmarks -- memory            peak memory of each counter, fresh processes
// dotnet run -c Release --project tests/VoicePrompts.Benchmarks -- ttfb [N]          time to first audio byte against a dribbling loopback server
// dotnet run -c Release --project tests/VoicePrompts.Benchmarks -- realtime [N]      Realtime backend vs the OpenAI SDK's RealtimeClient, same fake server
// dotnet run -c Release --project tests/VoicePrompts.Benchmarks -- generator-cost [runs]  ReportAnalyzer: our generator vs LoggerMessage's, same builds
// dotnet run -c Release --project tests/VoicePrompts.Benchmarks -- generator-steps  the generator's time by pipeline step, cold and warm (1,000 prompts)
// dotnet run -c Release --project tests/VoicePrompts.Benchmarks -- telephony-load [calls] [audiosocket]  N Twilio calls, M AudioSocket calls on the PhoneMenu server
// dotnet run -c Release --project tests/VoicePrompts.Benchmarks -- phone-audio      telephony conversion: tones, G.711 vs ITU, speed; ours vs NAudio
// dotnet run -c Release --project tests/VoicePrompts.Benchmarks -- fuzz [N] [firstSeed]  N seeded fuzz cases through generator and analyzers
// dotnet run -c Release --project tests/VoicePrompts.Benchmarks -- build-overhead [runs]  dotnet build with and without the package
// dotnet run -c Release --project tests/VoicePrompts.Benchmarks -- render-cold [runs]  first render in fresh processes: compiled vs Scriban
if (args.Length > 0 && args[0] == "telephony-load")
{
    await TelephonyLoad.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1000,
        args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 200);
    return 0;
}
if (args.Length > 0 && args[0] == "render-cold")
{
    TemplateRenderBenchmarks.RunCold(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20);
    return 0;
}
if (args.Length > 1 && args[0] == "render-cold-child")
{
    TemplateRenderBenchmarks.RunColdChild(args[1]);
    return 0;
}
if (args.Length > 0 && args[0] == "phone-audio")
{
    PhoneAudio.Run();
    return 0;
}
if (args.Length > 0 && args[0] == "fuzz")
{
    int count = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10_000;
    int first = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 0;
    return FuzzCommand.Run(count, first);
}
if (args.Length > 0 && args[0] == "generator-steps") { VoicePrompts.Benchmarks.GeneratorSteps.Run(); return 0; }
if (args.Length > 0 && args[0] == "generator-cost")
{
    GeneratorCost.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5);
    return 0;
}
if (args.Length > 0 && args[0] == "build-overhead")
{
    BuildOverhead.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5);
    return 0;
}
if (args.Length > 0 && args[0] == "ttfb-server")
{
    await TimeToFirstByte.RunServerAsync();
    return 0;
}
if (args.Length > 0 && args[0] == "realtime-server")
{
    await RealtimeBenchmark.RunServerAsync();
    return 0;
}
if (args.Length > 0 && args[0] == "realtime")
{
    await RealtimeBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 30);
    return 0;
}
if (args.Length > 0 && args[0] == "ttfb")
{
    await TimeToFirstByte.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20);
    return 0;
}
if (args.Length > 0 && args[0] == "memory")
{
    foreach (var which in new[] { "voiceprompts", "ml" })
    {
        // Each counter in its own fresh process, so neither sees the other's loaded state.
        Console.Write(ChildProcess.Run("memory-child", which));
    }
    return 0;
}
if (args.Length > 1 && args[0] == "memory-child")
{
    var text = SampleText.All[0].Value;
    long before = GC.GetTotalMemory(forceFullCollection: true);
    long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
    var stopwatch = Stopwatch.StartNew();
    int tokens = args[1] == "ml"
        ? TiktokenTokenizer.CreateForEncoding("o200k_base").CountTokens(text)
        : O200kTokenCounter.Count(text);
    stopwatch.Stop();
    long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
    long retained = GC.GetTotalMemory(forceFullCollection: true) - before;
    using var self = Process.GetCurrentProcess();
    self.Refresh();
    Console.WriteLine($"{args[1],-13} tokens {tokens}  first count {stopwatch.Elapsed.TotalMilliseconds,7:F1} ms  allocated {allocated / 1048576.0,6:F1} MB  retained {retained / 1048576.0,6:F1} MB  peak working set {self.PeakWorkingSet64 / 1048576.0,6:F1} MB");
    return 0;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
