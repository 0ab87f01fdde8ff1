using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using VoicePrompts.Generator.Tests.Scale;

namespace VoicePrompts.Benchmarks;

/// <summary>
/// What the generator costs a command-line build, as the compiler itself reports it (<c>-p:ReportAnalyzer=true</c>), the
/// way a user meets it: each generator alone in its own project — VoicePrompts (without the LoggerMessage generator its
/// dependencies bring along) against the LoggerMessage generator (Microsoft.Extensions.Logging.Abstractions alone) — at
/// 20 prompts (10 in C#, 10 in a <c>.voice.yaml</c>) and 20 <c>[LoggerMessage]</c> methods, and at 1,000 of each.
/// Builds are interleaved and <c>--no-incremental</c>; medians of <c>runs</c> builds per project.
/// </summary>
internal static class GeneratorCost
{
    private static readonly Regex GeneratorLine = new(@"^\s*(?<seconds>\d+(\.\d+)?)\s+(?<percent>\d+|<1)\s+(?<name>\S+Generator\S*)", RegexOptions.Multiline | RegexOptions.CultureInvariant);
    private static readonly Regex AssemblyLine = new(@"^\s*(?<seconds>\d+(\.\d+)?)\s+(?<percent>\d+|<1)\s+(?<name>[\w.]+), Version=", RegexOptions.Multiline | RegexOptions.CultureInvariant);

    /// <summary>The LoggerMessage generator rides along with Microsoft.Extensions.Logging.Abstractions: left out of our projects.</summary>
    private static readonly string DropLoggingGenerator = BuildOverhead.DropAnalyzers("Microsoft.Extensions.Logging.Generators");

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

            var projects = new List<(string Name, string Directory, string Generator)>();
            foreach (int size in new[] { 20, 1000 })
            {
                string ours = Path.Combine(work, "voiceprompts-" + size);
                BuildOverhead.WriteProjectFile(ours, "", $"<PackageReference Include=\"VoicePrompts\" Version=\"{version}\" />", DropLoggingGenerator);
                var (csharp, yaml) = size == 20 ? SmallProject() : (ScaleFixture.CSharpFiles(), ScaleFixture.YamlFiles());
                foreach (var (path, text) in csharp.Append(ScaleFixture.UnrelatedFile(1)).Concat(yaml))
                    BuildOverhead.Write(ours, path, text);
                projects.Add(("VoicePrompts, " + size + " prompts", ours, "VoicePromptsGenerator"));

                string logging = Path.Combine(work, "logging-" + size);
                BuildOverhead.WriteProjectFile(logging, "", "<PackageReference Include=\"Microsoft.Extensions.Logging.Abstractions\" Version=\"10.0.0\" />", "");
                File.WriteAllText(Path.Combine(logging, "Logging.cs"), size == 20 ? LoggerMessages(classes: 2, perClass: 10) : LoggerMessages(classes: 50, perClass: 20));
                File.WriteAllText(Path.Combine(logging, "Unrelated.cs"), ScaleFixture.UnrelatedFile(1).Text);
                projects.Add(("LoggerMessage, " + size + " methods", logging, "LoggerMessageGenerator"));
            }
            foreach (var project in projects)
                BuildOverhead.Dotnet(project.Directory, "build", "-c", "Release");

            var generator = projects.ToDictionary(p => p.Name, _ => new List<double>());
            var analyzers = projects.ToDictionary(p => p.Name, _ => new List<double>());
            for (int i = 0; i < runs; i++)
            {
                foreach (var (name, directory, generatorName) in projects)
                {
                    string output = BuildOverhead.DotnetOutput(directory, "build", "-c", "Release", "--no-restore", "--no-incremental", "-p:ReportAnalyzer=true", "-v:d");
                    // The detailed log repeats the compiler's report; each generator is counted once.
                    var times = GeneratorLine.Matches(output).GroupBy(m => m.Groups["name"].Value)
                        .ToDictionary(g => g.Key, g => double.Parse(g.First().Groups["seconds"].Value, CultureInfo.InvariantCulture));
                    generator[name].Add(times.Where(t => t.Key.EndsWith("." + generatorName, StringComparison.Ordinal)).Sum(t => t.Value));
                    // The analyzers of our assembly (the generator is reported apart, under "generator" totals).
                    analyzers[name].Add(AssemblyLine.Matches(output).Where(m => m.Groups["name"].Value == "VoicePrompts.Generator")
                        .Select(m => double.Parse(m.Groups["seconds"].Value, CultureInfo.InvariantCulture)).FirstOrDefault());
                    Console.WriteLine($"run {i + 1}: {name,-28} generator {generator[name][^1]:F3} s");
                }
            }

            Console.WriteLine($"{runs} builds per project, interleaved (`dotnet build -c Release --no-restore --no-incremental -p:ReportAnalyzer=true`), generator execution time as csc reports it, each generator alone in its project:");
            foreach (int size in new[] { 20, 1000 })
            {
                string oursName = "VoicePrompts, " + size + " prompts", loggingName = "LoggerMessage, " + size + " methods";
                double ours = BuildOverhead.Median(generator[oursName]), logging = BuildOverhead.Median(generator[loggingName]);
                Console.WriteLine($"{size,5}: VoicePrompts median {ours:F3} s [{Join(generator[oursName])}]; LoggerMessage median {logging:F3} s [{Join(generator[loggingName])}]; ratio {ours / logging:F2}x;"
                    + $" VoicePrompts analyzers median {BuildOverhead.Median(analyzers[oursName]):F3} s");
            }
        }
        finally
        {
            // VOICEPROMPTS_BENCH_KEEP=1 keeps the projects (and the package) for experiments with single builds.
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

    private static string Join(IEnumerable<double> values) => string.Join(", ", values.Select(v => v.ToString("F3", CultureInfo.InvariantCulture)));

    /// <summary>The first 10 C# prompts of the scale fixture's first class and the first 10 YAML prompts of its first file.</summary>
    private static (IReadOnlyList<(string Path, string Text)> CSharp, IReadOnlyList<(string Path, string Text)> Yaml) SmallProject() =>
        (ScaleFixture.CSharpFiles().Take(1).ToList(), ScaleFixture.YamlFiles().Take(1).ToList());

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
