using System.Reflection;

namespace VoicePrompts.AspNetCore;

/// <summary>Finds the app's assemblies that have a <see cref="GeneratedCatalog"/>.</summary>
internal static class ReviewCatalogs
{
    /// <summary>Every prompt of <paramref name="assemblies"/>, or of the app's assemblies when none are named; ordered by id, then culture.</summary>
    public static IReadOnlyList<PromptInfo> Load(IEnumerable<Assembly> assemblies)
    {
        var named = assemblies.ToList();
        var prompts = new List<PromptInfo>();
        foreach (var assembly in named.Count > 0 ? named : AppAssemblies())
            prompts.AddRange(GeneratedCatalog.Of(assembly) ?? Array.Empty<PromptInfo>());
        return prompts
            .OrderBy(p => p.Id, StringComparer.Ordinal)
            .ThenBy(p => p.Language ?? "", StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// The entry assembly and what it references (loaded here: a library's prompts count before its first use), then
    /// anything else already loaded that references VoicePrompts.
    /// </summary>
    private static IEnumerable<Assembly> AppAssemblies()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var runtime = typeof(PromptInfo).Assembly.GetName().Name!;
        var candidates = new List<Assembly>();
        if (Assembly.GetEntryAssembly() is { } entry)
        {
            candidates.Add(entry);
            foreach (var reference in entry.GetReferencedAssemblies())
            {
                try
                {
                    candidates.Add(Assembly.Load(reference));
                }
                catch (Exception ex) when (ex is FileNotFoundException or FileLoadException or BadImageFormatException)
                {
                    // A reference that is not deployed cannot hold prompts the app uses.
                }
            }
        }
        candidates.AddRange(AppDomain.CurrentDomain.GetAssemblies());
        foreach (var assembly in candidates)
        {
            if (assembly.IsDynamic || !seen.Add(assembly.FullName ?? ""))
                continue;
            if (assembly.GetReferencedAssemblies().Any(r => r.Name == runtime))
                yield return assembly;
        }
    }
}
