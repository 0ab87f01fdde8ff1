using System.Collections;
using System.Reflection;

namespace VoicePrompts.AspNetCore;

/// <summary>
/// An assembly's generated <c>VoicePrompts.Generated.VoicePromptCatalog.All</c>, reached by reflection (it is
/// internal to the app). The review page and the pre-render tool (which compiles this file too) read it the same way.
/// </summary>
internal static class GeneratedCatalog
{
    public const string TypeName = "VoicePrompts.Generated.VoicePromptCatalog";

    /// <summary>The assembly's prompts, or null when it declares none (no generated catalog).</summary>
    public static IReadOnlyList<PromptInfo>? Of(Assembly assembly) =>
        assembly.GetType(TypeName, throwOnError: false)?.GetProperty("All", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            ?.GetValue(null) is IEnumerable all ? all.Cast<PromptInfo>().ToList() : null;
}
