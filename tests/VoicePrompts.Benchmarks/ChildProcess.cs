using System.Diagnostics;

namespace VoicePrompts.Benchmarks;

/// <summary>Runs this benchmark program again in a fresh process (for cold-start measurements) and returns what it printed.</summary>
internal static class ChildProcess
{
    public static string Run(params string[] arguments)
    {
        var psi = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
            psi.ArgumentList.Add(typeof(ChildProcess).Assembly.Location);
        foreach (var argument in arguments)
            psi.ArgumentList.Add(argument);
        using var child = Process.Start(psi)!;
        string output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        return output;
    }
}
