using System.Diagnostics;
using System.Text;

namespace VoicePrompts.Package.Tests;

/// <summary>
/// Packs src/VoicePrompts and its satellites src/VoicePrompts.Extensions.AI, src/VoicePrompts.Telephony and src/VoicePrompts.AspNetCore once, with a version unique to this run
/// (NuGet caches packages by id and version, so a fixed version would let a stale extraction hide changes), into a
/// temporary folder used as a package source.
/// </summary>
public sealed class PackageFixture : IDisposable
{
    // Every test class gets a fixture, and xunit runs the classes in parallel: they share one pack (two concurrent
    // packs build the same projects and collide on their outputs), and the last one out deletes it.
    private static readonly object s_gate = new();
    private static Packed? s_packed;
    private static int s_users;

    private readonly Packed _packed;

    public PackageFixture()
    {
        lock (s_gate)
        {
            s_packed ??= Packed.Create();
            s_users++;
            _packed = s_packed;
        }
    }

    public string RepositoryRoot => _packed.RepositoryRoot;

    public string Version => _packed.Version;

    public string WorkDirectory => _packed.WorkDirectory;

    public string PackageDirectory => _packed.PackageDirectory;

    public string PackagePath => _packed.PackagePath;

    public string ExtensionsAIPackagePath => _packed.ExtensionsAIPackagePath;

    private sealed record Packed(string RepositoryRoot, string Version, string WorkDirectory, string PackageDirectory, string PackagePath, string ExtensionsAIPackagePath)
    {
        public static Packed Create()
        {
            string root = FindRepositoryRoot();
            string version = "0.1.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", System.Globalization.CultureInfo.InvariantCulture);
            string work = Directory.CreateTempSubdirectory("voiceprompts-package-").FullName;
            string packages = Path.Combine(work, "packages");
            var pack = Dotnet.Run(root, "pack", Path.Combine("src", "VoicePrompts", "VoicePrompts.csproj"),
                "-c", "Release", "-o", packages, "-p:VoicePromptsVersion=" + version);
            Assert.True(pack.ExitCode == 0, "dotnet pack failed:\n" + pack.Output);
            string package = Path.Combine(packages, $"VoicePrompts.{version}.nupkg");
            Assert.True(File.Exists(package), "no package at " + package + "\n" + pack.Output);
            string extensions = PackSatellite(root, "VoicePrompts.Extensions.AI", packages, version);
            PackSatellite(root, "VoicePrompts.Telephony", packages, version);
            PackSatellite(root, "VoicePrompts.AspNetCore", packages, version);
            return new Packed(root, version, work, packages, package, extensions);
        }
    }

    /// <summary>Packs src/<paramref name="project"/> at <paramref name="version"/> into <paramref name="packages"/>; the package's path.</summary>
    private static string PackSatellite(string root, string project, string packages, string version)
    {
        var pack = Dotnet.Run(root, "pack", Path.Combine("src", project, project + ".csproj"), "-c", "Release", "-o", packages, "-p:VoicePromptsVersion=" + version);
        Assert.True(pack.ExitCode == 0, $"dotnet pack of {project} failed:\n" + pack.Output);
        string path = Path.Combine(packages, $"{project}.{version}.nupkg");
        Assert.True(File.Exists(path), "no package at " + path + "\n" + pack.Output);
        return path;
    }

    /// <summary>
    /// A satellite package's lib/ files and README, its dependencies ("id version", distinct, ordered) and its nuspec.
    /// </summary>
    public (List<string> Files, List<string> Dependencies, string Nuspec) SatelliteContents(string id)
    {
        using var zip = System.IO.Compression.ZipFile.OpenRead(Path.Combine(PackageDirectory, $"{id}.{Version}.nupkg"));
        var files = zip.Entries.Select(e => e.FullName).Where(n => n.StartsWith("lib/", StringComparison.Ordinal) || n == "README.md").Order(StringComparer.Ordinal).ToList();
        using var reader = new StreamReader(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
        string nuspec = reader.ReadToEnd();
        var dependencies = System.Text.RegularExpressions.Regex.Matches(nuspec, "<dependency id=\"([^\"]+)\" version=\"([^\"]+)\"")
            .Select(m => m.Groups[1].Value + " " + m.Groups[2].Value).Distinct().Order(StringComparer.Ordinal).ToList();
        return (files, dependencies, nuspec);
    }

    /// <summary>A fresh project directory outside the repository, with a nuget.config that adds the packed folder.</summary>
    public string NewProject(string name, string projectFile, params (string Path, string Text)[] files)
    {
        string directory = Path.Combine(WorkDirectory, name);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="voiceprompts-under-test" value="{PackageDirectory}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(directory, name + ".csproj"), projectFile.Replace("$(VoicePromptsUnderTest)", Version, StringComparison.Ordinal));
        foreach (var (path, text) in files)
        {
            string full = Path.Combine(directory, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
        }
        return directory;
    }

    public void Dispose()
    {
        lock (s_gate)
        {
            if (--s_users > 0) return;
            s_packed = null;
        }
        try
        {
            Directory.Delete(WorkDirectory, recursive: true);
            // The run-unique version extracted into the global packages folder is of no further use.
            string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            foreach (string id in new[] { "voiceprompts", "voiceprompts.extensions.ai" })
            {
                string cached = Path.Combine(packages, id, Version);
                if (Directory.Exists(cached))
                    Directory.Delete(cached, recursive: true);
            }
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder is harmless.
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "VoicePrompts.sln")))
                return dir.FullName;
        throw new InvalidOperationException("VoicePrompts.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>Runs the dotnet CLI as a user would, without the test host's MSBuild environment leaking in.</summary>
internal static class Dotnet
{
    public sealed record Result(int ExitCode, string Output);

    public static Result Run(string workingDirectory, params string[] arguments) => RunWith(null, workingDirectory, arguments);

    /// <summary>As <see cref="Run"/>, with extra environment variables (e.g. OPENAI_BASE_URL for a loopback server).</summary>
    public static Result RunWith(IReadOnlyDictionary<string, string>? environment, string workingDirectory, params string[] arguments) =>
        Execute("dotnet", environment, workingDirectory, arguments);

    /// <summary>
    /// <c>dotnet run --no-build</c> of a built consumer speaking to <paramref name="baseUrl"/> with a test key; its output
    /// lines, once it has exited with 0.
    /// </summary>
    public static List<string> RunConsumer(string directory, Uri baseUrl)
    {
        var run = RunWith(new Dictionary<string, string> { ["OPENAI_BASE_URL"] = baseUrl.ToString(), ["OPENAI_API_KEY"] = "sk-consumer" },
            directory, "run", "--no-build");
        Assert.True(run.ExitCode == 0, "the consumer failed:\n" + run.Output);
        return run.Output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
    }

    /// <summary>Runs a program with a clean environment: no MSBuild variables of the test host, no OpenAI variables but those given.</summary>
    public static Result Execute(string fileName, IReadOnlyDictionary<string, string>? environment, string workingDirectory, params string[] arguments)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments) psi.ArgumentList.Add(argument);
        foreach (var variable in new[] { "MSBuildExtensionsPath", "MSBUILD_EXE_PATH", "MSBuildSDKsPath", "MSBuildLoadMicrosoftTargetsReadOnly", "VSTEST_HOST_DEBUG" })
            psi.Environment.Remove(variable);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        psi.Environment.Remove("OPENAI_API_KEY");
        psi.Environment.Remove("OPENAI_BASE_URL");
        psi.Environment.Remove("AZURE_OPENAI_ENDPOINT");
        psi.Environment.Remove("AZURE_OPENAI_API_KEY");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            psi.Environment[name] = value;
        using var process = Process.Start(psi)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            return new Result(-1, output + "\n(timed out after 5 minutes)");
        }
        process.WaitForExit();
        return new Result(process.ExitCode, output.ToString());
    }
}

/// <summary>A natively compiled program (Native AOT output).</summary>
internal static class Native
{
    public static Dotnet.Result Run(string path, IReadOnlyDictionary<string, string>? environment = null) =>
        Dotnet.Execute(path, environment, Path.GetDirectoryName(path)!);
}
