namespace VoicePrompts.AspNetCore.Tests;

/// <summary>The PhoneMenu sample's generated catalog (internal to the sample), read as the page reads it.</summary>
internal static class SampleCatalog
{
    public static IReadOnlyList<PromptInfo> All { get; } = ReviewCatalogs.Load(new[] { typeof(PhoneMenu.IvrPrompts).Assembly });
}
