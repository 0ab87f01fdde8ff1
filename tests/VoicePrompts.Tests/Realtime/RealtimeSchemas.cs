using System.Text.Json;
using Json.Schema;

namespace VoicePrompts.Tests.Realtime;

/// <summary>
/// OpenAI's published Realtime event schemas (shared/fixtures/openai-realtime/schemas.json, draft 2020-12): every event
/// the client sends is checked against the schema of its type, and against the retired beta names the schemas let
/// through (shared/fixtures/openai-realtime/README.md, "Caveats").
/// </summary>
internal static class RealtimeSchemas
{
    private static readonly Uri Base = new("https://voiceprompts.test/openai-realtime/schemas.json");
    private static readonly Lazy<BuildOptions?> s_build = new(Load);
    private static readonly Dictionary<string, JsonSchema> s_refs = new(StringComparer.Ordinal);

    private static readonly Dictionary<string, string> ClientSchemas = new(StringComparer.Ordinal)
    {
        ["session.update"] = "RealtimeClientEventSessionUpdate",
        ["response.create"] = "RealtimeClientEventResponseCreate",
        ["response.cancel"] = "RealtimeClientEventResponseCancel",
        ["conversation.item.create"] = "RealtimeClientEventConversationItemCreate",
    };

    /// <summary>The fixtures folder, or null where ../shared is absent (tests that need it skip, saying so).</summary>
    public static string? FixturesDirectory => RecordedFixtures.Directory is { } recorded
        ? Path.Combine(Path.GetDirectoryName(recorded)!, "openai-realtime") : null;

    public static bool Available => FixturesDirectory is { } dir && File.Exists(Path.Combine(dir, "schemas.json"));

    private static BuildOptions? Load()
    {
        if (!Available) return null;
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        JsonSchema.FromFile(Path.Combine(FixturesDirectory!, "schemas.json"), options, Base);
        return options;
    }

    /// <summary>What is wrong with a client event: schema errors and beta names; empty when it is a valid GA event.</summary>
    public static IReadOnlyList<string> Check(JsonElement clientEvent)
    {
        var problems = new List<string>();
        string type = clientEvent.TryGetProperty("type", out var t) ? t.GetString() ?? "" : "";
        if (!ClientSchemas.TryGetValue(type, out var schemaName))
        {
            problems.Add($"'{type}' is not a client event a text-to-speech client sends");
            return problems;
        }
        if (s_build.Value is not { } build)
            return CheckBetaNames(clientEvent, type, problems); // without ../shared only the beta names are checked
        JsonSchema schema;
        lock (s_refs)
        {
            // Built once per schema: the registry refuses a second document under the same URI.
            if (!s_refs.TryGetValue(schemaName, out schema!))
                s_refs[schemaName] = schema = JsonSchema.FromText("{\"$ref\":\"" + Base + "#/$defs/" + schemaName + "\"}", build, new Uri("https://voiceprompts.test/check/" + schemaName));
        }
        var result = schema.Evaluate(clientEvent, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (!result.IsValid)
            foreach (var detail in result.Details ?? [])
                if (detail.Errors is { Count: > 0 } errors)
                    foreach (var error in errors)
                        problems.Add($"{type}{detail.InstanceLocation}: {error.Key}: {error.Value}");
        if (!result.IsValid && problems.Count == 0)
            problems.Add($"{type} does not validate against {schemaName}");
        return CheckBetaNames(clientEvent, type, problems);
    }

    private static List<string> CheckBetaNames(JsonElement clientEvent, string type, List<string> problems)
    {
        // Retired beta shapes that the GA schemas do not reject on their own.
        void Refuse(JsonElement parent, string name, string where)
        {
            if (parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out _))
                problems.Add($"{type}: beta field '{where}{name}'");
        }
        if (clientEvent.TryGetProperty("session", out var session))
            foreach (var beta in new[] { "modalities", "voice", "output_audio_format", "input_audio_format", "turn_detection" })
                Refuse(session, beta, "session.");
        if (clientEvent.TryGetProperty("response", out var response))
            foreach (var beta in new[] { "modalities", "voice", "output_audio_format" })
                Refuse(response, beta, "response.");
        return problems;
    }
}

/// <summary>A test that needs OpenAI's Realtime schemas: skipped, saying why, where ../shared is absent; a failure under CI.</summary>
public sealed class RealtimeSchemaFactAttribute : FactAttribute
{
    public RealtimeSchemaFactAttribute()
    {
        if (!RealtimeSchemas.Available && !RecordedFixtures.Required)
            Skip = "shared/fixtures/openai-realtime/schemas.json was not found beside the repository; the fake server then checks only the retired beta names";
    }
}
