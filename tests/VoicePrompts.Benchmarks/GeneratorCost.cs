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
/// Each project is built a second time with the floor generator in place of its own (see <see cref="FloorGeneratorSource"/>),
/// which measures the part of the reported time no generator of this kind can avoid.
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

            string floorGenerator = BuildFloorGenerator(work);
            string floorItem = $"<Analyzer Include=\"{floorGenerator}\" />";
            string ourPackage = $"<PackageReference Include=\"VoicePrompts\" Version=\"{version}\" />";
            var projects = new List<(string Name, string Directory, string Generator)>();
            void Add(string name, string folder, string generatorName, string items, string targets, IEnumerable<(string Path, string Text)> files)
            {
                string directory = Path.Combine(work, folder);
                BuildOverhead.WriteProjectFile(directory, "", items, targets);
                foreach (var (path, text) in files)
                    BuildOverhead.Write(directory, path, text);
                projects.Add((name, directory, generatorName));
            }

            foreach (int size in new[] { 20, 1000 })
            {
                var (csharp, yaml) = size == 20 ? SmallProject() : (ScaleFixture.CSharpFiles(), ScaleFixture.YamlFiles());
                var ourFiles = csharp.Append(ScaleFixture.UnrelatedFile(1)).Concat(yaml).ToList();
                var loggingFiles = new[]
                {
                    ("Logging.cs", size == 20 ? LoggerMessages(classes: 2, perClass: 10) : LoggerMessages(classes: 50, perClass: 20)),
                    ("Unrelated.cs", ScaleFixture.UnrelatedFile(1).Text),
                };

                Add(Ours(size), "voiceprompts-" + size, "VoicePromptsGenerator", ourPackage, DropLoggingGenerator, ourFiles);
                Add(Logging(size), "logging-" + size, "LoggerMessageGenerator", LoggingPackage, "", loggingFiles);
                // The same two projects with their generator swapped for the floor generator (see FloorGeneratorSource).
                Add(Floor(Ours(size)), "voiceprompts-floor-" + size, "FloorGenerator", ourPackage + floorItem,
                    BuildOverhead.DropAnalyzers(BuildOverhead.OurAnalyzerFiles.Append("Microsoft.Extensions.Logging.Generators").ToArray()), ourFiles);
                Add(Floor(Logging(size)), "logging-floor-" + size, "FloorGenerator", LoggingPackage + floorItem, DropLoggingGenerator, loggingFiles);
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
                double ours = Median(Ours(size)), logging = Median(Logging(size));
                double oursFloor = Median(Floor(Ours(size))), loggingFloor = Median(Floor(Logging(size)));
                Console.WriteLine($"{size,5}: VoicePrompts median {ours:F3} s [{Join(generator[Ours(size)])}]; LoggerMessage median {logging:F3} s [{Join(generator[Logging(size)])}]; ratio {ours / logging:F2}x;"
                    + $" VoicePrompts analyzers median {BuildOverhead.Median(analyzers[Ours(size)]):F3} s");
                Console.WriteLine($"{size,5}: floor generator median {oursFloor:F3} s on our project [{Join(generator[Floor(Ours(size))])}] ({oursFloor / logging:F2}x LoggerMessage),"
                    + $" {loggingFloor:F3} s on LoggerMessage's [{Join(generator[Floor(Logging(size))])}]");
                Console.WriteLine($"{size,5}: above the floor, VoicePrompts {ours - oursFloor:F3} s, LoggerMessage {logging - loggingFloor:F3} s: ratio {(ours - oursFloor) / (logging - loggingFloor):F2}x");
            }

            double Median(string project) => BuildOverhead.Median(generator[project]);
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

    /// <summary>
    /// The least a generator for these methods can cost: it finds the attributed methods as both real generators do
    /// (<c>ForAttributeWithMetadataName</c>, which binds each one — <c>[Prompt]</c> in our projects,
    /// <c>[LoggerMessage]</c> in LoggerMessage's) and writes each implementation from its symbol with fully qualified
    /// types (SPEC §3) and a body that throws — no YAML, templates, token counts, docs, catalog or logging code. Its time
    /// is Roslyn's first semantic pass over the project plus a trivial emitter: the part of a generator's reported time
    /// that no generator built this way can avoid, and which the compiler charges to whichever generator asks first.
    /// </summary>
    private const string FloorGeneratorSource = """
        using System.Linq;
        using System.Text;
        using Microsoft.CodeAnalysis;
        using Microsoft.CodeAnalysis.CSharp.Syntax;

        namespace Floor;

        [Generator]
        public sealed class FloorGenerator : IIncrementalGenerator
        {
            private static readonly SymbolDisplayFormat Qualified = SymbolDisplayFormat.FullyQualifiedFormat
                .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

            public void Initialize(IncrementalGeneratorInitializationContext context)
            {
                Implement(context, "VoicePrompts.PromptAttribute", "Prompts.g.cs");
                Implement(context, "Microsoft.Extensions.Logging.LoggerMessageAttribute", "Logging.g.cs");
            }

            private static void Implement(IncrementalGeneratorInitializationContext context, string attribute, string hintName)
            {
                var methods = context.SyntaxProvider.ForAttributeWithMetadataName(attribute,
                    static (node, _) => node is MethodDeclarationSyntax,
                    static (ctx, _) => Implementation((IMethodSymbol)ctx.TargetSymbol));
                context.RegisterSourceOutput(methods.Collect(), (spc, parts) =>
                {
                    if (parts.Length > 0)
                        spc.AddSource(hintName, "#nullable enable\n" + string.Concat(parts));
                });
            }

            private static string Implementation(IMethodSymbol method)
            {
                var type = method.ContainingType;
                var parameters = string.Join(", ", method.Parameters.Select(p => p.Type.ToDisplayString(Qualified) + " @" + p.Name));
                return new StringBuilder()
                    .Append("namespace ").Append(type.ContainingNamespace.ToDisplayString()).Append(" { partial class ").Append(type.Name)
                    .Append(" { ").Append(Keyword(method.DeclaredAccessibility)).Append(method.IsStatic ? " static" : "").Append(" partial ")
                    .Append(method.ReturnsVoid ? "void" : method.ReturnType.ToDisplayString(Qualified)).Append(' ').Append(method.Name)
                    .Append('(').Append(parameters).Append(") => throw new global::System.NotSupportedException(); } }\n")
                    .ToString();
            }

            private static string Keyword(Accessibility accessibility) => accessibility switch
            {
                Accessibility.Public => "public",
                Accessibility.Internal => "internal",
                Accessibility.Private => "private",
                _ => "protected",
            };
        }
        """;

    /// <summary>Builds the floor generator (netstandard2.0, the Roslyn our generator is built against) and returns its DLL.</summary>
    private static string BuildFloorGenerator(string work)
    {
        string directory = Path.Combine(work, "floor-generator");
        Directory.CreateDirectory(directory);
        // The Roslyn version our generator was compiled against (RoslynGeneratorVersion), read from its references.
        var roslyn = typeof(VoicePrompts.Generator.VoicePromptsGenerator).Assembly.GetReferencedAssemblies().First(a => a.Name == "Microsoft.CodeAnalysis").Version!;
        File.WriteAllText(Path.Combine(directory, "FloorGenerator.csproj"), $$"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>netstandard2.0</TargetFramework>
                <LangVersion>latest</LangVersion>
                <Optimize>true</Optimize>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Microsoft.CodeAnalysis.CSharp" Version="{{roslyn.ToString(3)}}" PrivateAssets="all" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(directory, "FloorGenerator.cs"), FloorGeneratorSource);
        BuildOverhead.Dotnet(directory, "build", "-c", "Release", "-o", Path.Combine(directory, "out"));
        return Path.Combine(directory, "out", "FloorGenerator.dll");
    }

    private const string LoggingPackage = "<PackageReference Include=\"Microsoft.Extensions.Logging.Abstractions\" Version=\"10.0.0\" />";

    private static string Ours(int size) => "VoicePrompts, " + size + " prompts";

    private static string Logging(int size) => "LoggerMessage, " + size + " methods";

    private static string Floor(string project) => "floor in " + project;

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
