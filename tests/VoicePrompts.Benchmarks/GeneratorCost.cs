using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using VoicePrompts.Generator.Tests.Scale;

namespace VoicePrompts.Benchmarks;

/// <summary>
/// What the generator costs a command-line build, as the compiler itself reports it (<c>-p:ReportAnalyzer=true</c>):
/// VoicePrompts on the 1,000-prompt scale project against the LoggerMessage generator on 1,000 <c>[LoggerMessage]</c>
/// methods in the same project, in the same builds. Medians of several <c>--no-incremental</c> builds.
/// </summary>
internal static class GeneratorCost
{
    private static readonly Regex GeneratorLine = new(@"^\s*(?<seconds>\d+(\.\d+)?)\s+(?<percent>\d+|<1)\s+(?<name>\S+Generator\S*)", RegexOptions.Multiline | RegexOptions.CultureInvariant);

    public static void Run(int runs)
    {
        string root = BuildOverhead.FindRepositoryRoot();
        string work = Directory.CreateTempSubdirectory("voiceprompts-generator-cost-").FullName;
        string version = "0.1.0-bench." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        try
        {
            string packages = Path.Combine(work, "packages");
            BuildOverhead.Dotnet(root, "pack", "src/VoicePrompts/VoicePrompts.csproj", "-c", "Release", "-o", packages, "-p:VoicePromptsVersion=" + version);
            File.WriteAllText(Path.Combine(work, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration><packageSources><add key="bench" value="{packages}" /></packageSources></configuration>
                """);
            string project = Path.Combine(work, "scale");
            BuildOverhead.WriteProject(project, version, "", emitGenerated: false, dropAnalyzers: false);
            foreach (var (path, text) in ScaleFixture.CSharpFiles().Append(ScaleFixture.UnrelatedFile(1)))
                BuildOverhead.Write(project, path, text);
            foreach (var (path, text) in ScaleFixture.YamlFiles())
                BuildOverhead.Write(project, path, text);
            File.WriteAllText(Path.Combine(project, "Logging.cs"), LoggerMessages(classes: 50, perClass: 20));
            BuildOverhead.Dotnet(project, "build", "-c", "Release");

            var ours = new List<double>();
            var logging = new List<double>();
            for (int i = 0; i < runs; i++)
            {
                string output = BuildOverhead.DotnetOutput(project, "build", "-c", "Release", "--no-restore", "--no-incremental", "-p:ReportAnalyzer=true", "-v:d");
                // The detailed log repeats the compiler's report; each generator is counted once.
                var times = GeneratorLine.Matches(output).GroupBy(m => m.Groups["name"].Value)
                    .ToDictionary(g => g.Key, g => double.Parse(g.First().Groups["seconds"].Value, CultureInfo.InvariantCulture));
                ours.Add(times.Where(t => t.Key.Contains("VoicePromptsGenerator", StringComparison.Ordinal)).Sum(t => t.Value));
                logging.Add(times.Where(t => t.Key.Contains("LoggerMessageGenerator", StringComparison.Ordinal)).Sum(t => t.Value));
                Console.WriteLine($"run {i + 1}: VoicePrompts {ours[^1]:F3} s, LoggerMessage {logging[^1]:F3} s");
            }
            double oursMedian = BuildOverhead.Median(ours), loggingMedian = BuildOverhead.Median(logging);
            Console.WriteLine($"{runs} builds (`dotnet build -c Release --no-restore --no-incremental -p:ReportAnalyzer=true`), generator execution time as csc reports it:");
            Console.WriteLine($"VoicePrompts on 1,000 prompts (500 C# in 50 classes, 500 YAML in 50 files): median {oursMedian:F3} s");
            Console.WriteLine($"LoggerMessage on 1,000 [LoggerMessage] methods (50 classes):               median {loggingMedian:F3} s");
            Console.WriteLine($"ratio {oursMedian / loggingMedian:F2}x");
        }
        finally
        {
            // VOICEPROMPTS_BENCH_KEEP=1 keeps the project (and its package) for experiments with single builds.
            if (Environment.GetEnvironmentVariable("VOICEPROMPTS_BENCH_KEEP") == "1")
            {
                Console.WriteLine("kept: " + work);
            }
            else
            {
                try { Directory.Delete(work, recursive: true); } catch (IOException) { }
                string cached = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages", "voiceprompts", version);
                try { if (Directory.Exists(cached)) Directory.Delete(cached, recursive: true); } catch (IOException) { }
            }
        }
    }

    /// <summary>Log methods of the usual shapes: a few placeholders of mixed types, an exception now and then.</summary>
    private static string LoggerMessages(int classes, int perClass)
    {
        var sb = new StringBuilder("using System;\nusing Microsoft.Extensions.Logging;\n\nnamespace Scale.Logging;\n\n");
        int id = 0;
        for (int c = 0; c < classes; c++)
        {
            sb.Append("internal static partial class Log").Append(c).Append("\n{\n");
            for (int m = 0; m < perClass; m++, id++)
            {
                sb.Append("    [LoggerMessage(EventId = ").Append(id).Append(", Level = LogLevel.Information, Message = \"Order {OrderId} for {Customer} took {Elapsed} ms (step ").Append(m).Append(")\")]\n");
                sb.Append("    public static partial void Step").Append(m).Append("(ILogger logger, string orderId, string customer, double elapsed")
                    .Append(m % 5 == 0 ? ", Exception? error" : "").Append(");\n");
            }
            sb.Append("}\n\n");
        }
        return sb.ToString();
    }
}
