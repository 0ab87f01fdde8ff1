using System.Text.Json;

namespace VoicePrompts.Tests;

/// <summary>
/// The live recordings in ../shared/fixtures/openai-recorded, read in place (never copied into the repository).
/// Where shared/ is absent the tests that need them skip with the reason; under CI
/// (VOICEPROMPTS_REQUIRE_FIXTURES=1) a missing folder is a failure instead.
/// </summary>
internal static class RecordedFixtures
{
    public static readonly string? Directory = Find();

    public static bool Required => Environment.GetEnvironmentVariable("VOICEPROMPTS_REQUIRE_FIXTURES") == "1";

    public static string SkipReason =>
        "shared/fixtures/openai-recorded was not found beside the repository (looked upward from " + AppContext.BaseDirectory + ")";

    private static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared", "fixtures", "openai-recorded");
            if (System.IO.Directory.Exists(candidate)) return candidate;
            candidate = Path.Combine(dir.FullName, "..", "shared", "fixtures", "openai-recorded");
            if (File.Exists(Path.Combine(dir.FullName, "VoicePrompts.sln")) && System.IO.Directory.Exists(candidate))
                return Path.GetFullPath(candidate);
        }
        return null;
    }

    public sealed record Exchange(JsonElement RequestBody, int StatusCode, Dictionary<string, string> ResponseHeaders, JsonElement ResponseBody)
    {
        public string ContentType => ResponseHeaders.First(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)).Value;

        /// <summary>The exact raw-audio bytes the server sent.</summary>
        public byte[] AudioBytes => Convert.FromBase64String(ResponseBody.GetString()!);
    }

    public static Exchange Load(string file)
    {
        if (Directory is null)
            throw new InvalidOperationException(SkipReason);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, file)));
        var entry = doc.RootElement.GetProperty("Entries")[0];
        var headers = entry.GetProperty("ResponseHeaders").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "");
        return new Exchange(entry.GetProperty("RequestBody").Clone(), entry.GetProperty("StatusCode").GetInt32(), headers, entry.GetProperty("ResponseBody").Clone());
    }
}

/// <summary>A fact that needs the recorded fixtures: skipped with the reason when they are absent, unless CI requires them.</summary>
public sealed class FixtureFactAttribute : FactAttribute
{
    public FixtureFactAttribute()
    {
        if (RecordedFixtures.Directory is null && !RecordedFixtures.Required)
            Skip = RecordedFixtures.SkipReason;
    }
}

public sealed class FixtureTheoryAttribute : TheoryAttribute
{
    public FixtureTheoryAttribute()
    {
        if (RecordedFixtures.Directory is null && !RecordedFixtures.Required)
            Skip = RecordedFixtures.SkipReason;
    }
}
