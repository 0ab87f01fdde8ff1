using System.Reflection;
using System.Runtime.Loader;

namespace VoicePrompts.Generator.Tests;

/// <summary>
/// Runs generated code against the runtime's netstandard2.0 build — what .NET Framework apps get — inside this
/// process: the generated assembly and that build share a load context, everything else comes from the default one.
/// </summary>
internal static class NetStandardRuntime
{
    private static readonly Lazy<string> s_path = new(Locate);

    public static Assembly Load(GeneratorHarness.Result result)
    {
        result.AssertClean();
        using var stream = new MemoryStream();
        var emit = result.Output.Emit(stream);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));
        stream.Position = 0;
        return new Context(s_path.Value).LoadFromStream(stream);
    }

    /// <summary>The build the solution's build made beside the net10.0 one (built here if this project was built alone).</summary>
    private static string Locate()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "VoicePrompts.sln")))
            root = root.Parent;
        Assert.True(root is not null, "VoicePrompts.sln not found above " + AppContext.BaseDirectory);
        string configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        string path = Path.Combine(root!.FullName, "src", "VoicePrompts", "bin", configuration, "netstandard2.0", "VoicePrompts.dll");
        if (!File.Exists(path))
        {
            var build = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("dotnet",
                ["build", Path.Combine(root.FullName, "src", "VoicePrompts", "VoicePrompts.csproj"), "-f", "netstandard2.0", "-c", configuration])
            { RedirectStandardOutput = true })!;
            string output = build.StandardOutput.ReadToEnd();
            build.WaitForExit();
            Assert.True(build.ExitCode == 0 && File.Exists(path), "building the netstandard2.0 runtime failed:\n" + output);
        }
        return path;
    }

    private sealed class Context(string runtimePath) : AssemblyLoadContext("netstandard2.0-runtime-" + Guid.NewGuid(), isCollectible: true)
    {
        protected override Assembly? Load(AssemblyName name)
        {
            if (name.Name == "VoicePrompts")
                return LoadFromAssemblyPath(runtimePath);
            // The netstandard2.0 build names IAsyncEnumerable from this package; on .NET it forwards to the framework.
            if (name.Name == "Microsoft.Bcl.AsyncInterfaces")
            {
                string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                    ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
                string? facade = Directory.EnumerateFiles(Path.Combine(packages, "microsoft.bcl.asyncinterfaces"), "Microsoft.Bcl.AsyncInterfaces.dll", SearchOption.AllDirectories)
                    .Where(f => f.Contains($"{Path.DirectorySeparatorChar}netstandard2.1{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                    .OrderByDescending(f => f, StringComparer.Ordinal).FirstOrDefault();
                return facade is null ? null : LoadFromAssemblyPath(facade);
            }
            return null;
        }
    }
}
