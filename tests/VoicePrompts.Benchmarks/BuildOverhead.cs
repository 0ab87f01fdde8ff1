using System.Diagnostics;
using VoicePrompts.Generator.Tests.Scale;

namespace VoicePrompts.Benchmarks;

/// <summary>
/// What the package costs a real build: <c>dotnet build</c> of the 1,000-prompt scale project with the VoicePrompts
/// package (generator and analyzers running) against the same project compiling the generated code as plain sources
/// with only the runtime library (no generator, no analyzers). Several runs each, interleaved; medians and ratio.
/// </summary>
internal static class BuildOverhead
{
    public static void Run(int runs)
    {
        string root = FindRepositoryRoot();
        string work = Directory.CreateTempSubdirectory("voiceprompts-build-overhead-").FullName;
        string version = "0.1.0-bench." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            string packages = Path.Combine(work, "packages");
            Dotnet(root, "pack", "src/VoicePrompts/VoicePrompts.csproj", "-c", "Release", "-o", packages, "-p:VoicePromptsVersion=" + version);
            File.WriteAllText(Path.Combine(work, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration><packageSources><add key="bench" value="{packages}" /></packageSources></configuration>
                """);

            // With the package: the fixture as a user writes it.
            string with = Path.Combine(work, "with");
            WriteProject(with, version, "", emitGenerated: true, dropAnalyzers: false);
            foreach (var (path, text) in ScaleFixture.CSharpFiles().Append(ScaleFixture.UnrelatedFile(1)))
                Write(with, path, text);
            foreach (var (path, text) in ScaleFixture.YamlFiles())
                Write(with, path, text);
            Dotnet(with, "build", "-c", "Release");

            // Without: the generated code compiled as ordinary sources against the runtime only.
            string without = Path.Combine(work, "without");
            WriteProject(without, version, "", emitGenerated: false, dropAnalyzers: true);
            foreach (var (path, text) in ScaleFixture.CSharpFiles().Append(ScaleFixture.UnrelatedFile(1)))
                Write(without, path, text);
            string generated = Path.Combine(with, "generated");
            foreach (var file in Directory.EnumerateFiles(generated, "*.g.cs", SearchOption.AllDirectories))
                File.Copy(file, Path.Combine(without, "Generated_" + Path.GetFileName(file)));
            Dotnet(without, "build", "-c", "Release");

            var times = new Dictionary<string, List<double>> { ["with"] = new(), ["without"] = new() };
            for (int i = 0; i < runs; i++)
            {
                foreach (var (name, directory) in new[] { ("without", without), ("with", with) })
                {
                    var watch = Stopwatch.StartNew();
                    Dotnet(directory, "build", "-c", "Release", "--no-restore", "--no-incremental");
                    times[name].Add(watch.Elapsed.TotalSeconds);
                }
            }
            double withMedian = Median(times["with"]), withoutMedian = Median(times["without"]);
            Console.WriteLine($"{runs} runs each, interleaved; `dotnet build -c Release --no-restore --no-incremental` of 1,000 prompts (50 C# files, 50 YAML files)");
            Console.WriteLine($"without the generator and analyzers: median {withoutMedian:F2} s  [{string.Join(", ", times["without"].Select(t => t.ToString("F2")))}]");
            Console.WriteLine($"with the VoicePrompts package:       median {withMedian:F2} s  [{string.Join(", ", times["with"].Select(t => t.ToString("F2")))}]");
            Console.WriteLine($"ratio {withMedian / withoutMedian:F3}");
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (IOException) { }
            string cached = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages", "voiceprompts", version);
            try { if (Directory.Exists(cached)) Directory.Delete(cached, recursive: true); } catch (IOException) { }
        }
    }

    internal static void WriteProject(string directory, string version, string referenceAttributes, bool emitGenerated, bool dropAnalyzers) =>
        WriteProjectFile(directory,
            $"""
            <EmitCompilerGeneratedFiles>{(emitGenerated ? "true" : "false")}</EmitCompilerGeneratedFiles>
            <CompilerGeneratedFilesOutputPath>generated</CompilerGeneratedFilesOutputPath>
            """,
            $"""
            <Compile Remove="generated/**" />
            <PackageReference Include="VoicePrompts" Version="{version}"{referenceAttributes} />
            """,
            dropAnalyzers ? DropOurAnalyzers : "");

    /// <summary>
    /// A net10.0 project as the benchmarks build it: nullable, warnings as errors (VP0028, the default model's shutdown,
    /// excepted: it is meant to be seen, not to stop a benchmark build).
    /// </summary>
    internal static void WriteProjectFile(string directory, string properties, string items, string targets)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "Scale.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <WarningsNotAsErrors>$(WarningsNotAsErrors);VP0028</WarningsNotAsErrors>
                {properties}
              </PropertyGroup>
              <ItemGroup>
                {items}
              </ItemGroup>
              {targets}
            </Project>
            """);
    }

    /// <summary>Removes only VoicePrompts' analyzer DLLs; the SDK's own analyzers run in both builds.</summary>
    /// <summary>The DLLs the VoicePrompts package puts in the compiler's analyzers.</summary>
    internal static readonly string[] OurAnalyzerFiles = { "VoicePrompts.Generator", "VoicePrompts.CodeFixes", "Scriban.Signed", "YamlDotNet" };

    private static readonly string DropOurAnalyzers = DropAnalyzers(OurAnalyzerFiles);

    /// <summary>An MSBuild target that takes the named analyzer DLLs out of the compiler's command line.</summary>
    internal static string DropAnalyzers(params string[] fileNames) => $"""
        <Target Name="DropAnalyzers" BeforeTargets="CoreCompile">
          <ItemGroup>
            <Analyzer Remove="@(Analyzer)" Condition="{string.Join(" or ", fileNames.Select(f => $"'%(Analyzer.Filename)' == '{f}'"))}" />
          </ItemGroup>
        </Target>
        """;

    internal static void Write(string project, string fixturePath, string text)
    {
        string relative = fixturePath.Replace("/src/Scale/", "", StringComparison.Ordinal);
        string full = Path.Combine(project, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }

    internal static void Dotnet(string directory, params string[] arguments) => DotnetOutput(directory, arguments);

    /// <summary>Runs the dotnet CLI and returns what it printed; throws with the output when it fails.</summary>
    internal static string DotnetOutput(string directory, params string[] arguments)
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) psi.ArgumentList.Add(argument);
        using var process = Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"dotnet {string.Join(" ", arguments)} failed in {directory}:\n{output.Result}\n{error.Result}");
        return output.Result + error.Result;
    }

    internal static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    internal static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "VoicePrompts.sln")))
                return dir.FullName;
        throw new InvalidOperationException("VoicePrompts.sln not found above " + AppContext.BaseDirectory);
    }
}
