using System.Text.Json;

namespace VoicePrompts.Tests;

/// <summary>
/// The documented request-body rules of POST /audio/speech (shared/docs/openai-speech.md), checked on every body a
/// test server receives: the schema forbids unknown properties, so a stray field is a refused request.
/// </summary>
internal static class WireRules
{
    private static readonly HashSet<string> Fields = new(StringComparer.Ordinal)
    {
        "model", "input", "voice", "instructions", "response_format", "speed", "stream_format",
    };

    private static readonly HashSet<string> Formats = new(StringComparer.Ordinal) { "mp3", "opus", "aac", "flac", "wav", "pcm" };

    public static void Check(byte[] body)
    {
        using var doc = JsonDocument.Parse(body);
        var root = doc.RootElement;
        Assert.Equal(JsonValueKind.Object, root.ValueKind);
        foreach (var property in root.EnumerateObject())
            Assert.True(Fields.Contains(property.Name), $"unknown field '{property.Name}' sent");
        Assert.Equal(JsonValueKind.String, root.GetProperty("model").ValueKind);
        var input = root.GetProperty("input").GetString()!;
        Assert.InRange(input.Length, 1, 4096);
        var voice = root.GetProperty("voice");
        if (voice.ValueKind == JsonValueKind.Object)
            Assert.Equal(JsonValueKind.String, Assert.Single(voice.EnumerateObject(), p => p.Name == "id").Value.ValueKind);
        else
            Assert.Equal(JsonValueKind.String, voice.ValueKind);
        if (root.TryGetProperty("instructions", out var instructions))
            Assert.InRange(instructions.GetString()!.Length, 0, 4096);
        if (root.TryGetProperty("response_format", out var format))
            Assert.Contains(format.GetString()!, Formats);
        if (root.TryGetProperty("speed", out var speed))
            Assert.InRange(speed.GetDouble(), 0.25, 4.0);
        if (root.TryGetProperty("stream_format", out var streamFormat))
            Assert.Contains(streamFormat.GetString()!, new[] { "audio", "sse" });
    }
}
