using System.Collections;
using System.Reflection;

namespace VoicePrompts.AspNetCore.Tests;

/// <summary>The PhoneMenu sample's generated catalog (internal to the sample, so read as the page reads it).</summary>
internal static class SampleCatalog
{
    public static IReadOnlyList<PromptInfo> All { get; } =
        ((IEnumerable)typeof(PhoneMenu.IvrPrompts).Assembly.GetType("VoicePrompts.Generated.VoicePromptCatalog", throwOnError: true)!
            .GetProperty("All", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!).Cast<PromptInfo>().ToList();
}
