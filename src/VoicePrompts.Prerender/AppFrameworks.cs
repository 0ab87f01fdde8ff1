using System.Runtime.InteropServices;
using System.Text.Json;

namespace VoicePrompts.Prerender;

/// <summary>The shared-framework folders (other than Microsoft.NETCore.App) named by an app's runtimeconfig.json.</summary>
internal static class AppFrameworks
{
    public static IEnumerable<string> Directories(string appPath)
    {
        string config = Path.ChangeExtension(appPath, ".runtimeconfig.json");
        if (!File.Exists(config))
            yield break;
        // <dotnet root>/shared/Microsoft.NETCore.App/<version>/ is where this process runs from.
        string shared = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", ".."));
        foreach (string name in FrameworkNames(config))
        {
            if (name == "Microsoft.NETCore.App") continue;
            string root = Path.Combine(shared, name);
            if (!Directory.Exists(root)) continue;
            // The newest version of this process's major (the one the runtime would roll to), else the newest.
            var versions = Directory.GetDirectories(root)
                .Select(d => (Path: d, Version: Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : null))
                .Where(d => d.Version is not null)
                .OrderByDescending(d => d.Version)
                .ToList();
            var pick = versions.FirstOrDefault(d => d.Version!.Major == Environment.Version.Major);
            if (pick.Path is null && versions.Count > 0) pick = versions[0];
            if (pick.Path is not null) yield return pick.Path;
        }
    }

    private static List<string> FrameworkNames(string config)
    {
        var names = new List<string>();
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(config));
            if (!doc.RootElement.TryGetProperty("runtimeOptions", out var options)) return names;
            if (options.TryGetProperty("framework", out var single) && single.TryGetProperty("name", out var n))
                names.Add(n.GetString()!);
            if (options.TryGetProperty("frameworks", out var many) && many.ValueKind == JsonValueKind.Array)
                foreach (var framework in many.EnumerateArray())
                    if (framework.TryGetProperty("name", out var name)) names.Add(name.GetString()!);
        }
        catch (JsonException)
        {
            // An unreadable runtimeconfig: probe the app's folder only.
        }
        return names;
    }
}
