using System.Buffers;
using System.Text.Json;

namespace VoicePrompts.Telephony.Channels.Twilio
{
    /// <summary>
    /// Twilio Media Streams' messages (shared/docs/telephony.md, twilio.com/docs/voice/media-streams/websocket-messages):
    /// what Twilio sends — <c>connected</c>, <c>start</c>, <c>media</c>, <c>dtmf</c>, <c>mark</c>, <c>stop</c> — read
    /// here, and the only three the app may send — <c>media</c>, <c>mark</c>, <c>clear</c> — written here, as JSON text.
    /// </summary>
    internal static class TwilioWire
    {
        public readonly record struct Inbound(string Event, string? StreamSid, string? CallSid, string? Digit, string? MarkName,
            IReadOnlyDictionary<string, string>? CustomParameters, string? Encoding, int? SampleRate);

        /// <exception cref="JsonException">Not JSON, or not an object with an <c>event</c>.</exception>
        public static Inbound Read(ReadOnlySpan<byte> json)
        {
            var reader = new Utf8JsonReader(json);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("event", out var kind) || kind.ValueKind != JsonValueKind.String)
                throw new JsonException("A Media Streams message is an object with an \"event\".");
            string name = kind.GetString()!;
            string? streamSid = String(root, "streamSid");
            switch (name)
            {
                case "start" when root.TryGetProperty("start", out var start) && start.ValueKind == JsonValueKind.Object:
                    Dictionary<string, string>? parameters = null;
                    if (start.TryGetProperty("customParameters", out var custom) && custom.ValueKind == JsonValueKind.Object)
                    {
                        parameters = new Dictionary<string, string>(StringComparer.Ordinal);
                        foreach (var p in custom.EnumerateObject())
                            if (p.Value.ValueKind == JsonValueKind.String)
                                parameters[p.Name] = p.Value.GetString()!;
                    }
                    string? encoding = null;
                    int? rate = null;
                    if (start.TryGetProperty("mediaFormat", out var format) && format.ValueKind == JsonValueKind.Object)
                    {
                        encoding = String(format, "encoding");
                        if (format.TryGetProperty("sampleRate", out var r) && r.TryGetInt32(out int value))
                            rate = value;
                    }
                    return new Inbound(name, String(start, "streamSid") ?? streamSid, String(start, "callSid"), null, null, parameters, encoding, rate);
                case "dtmf" when root.TryGetProperty("dtmf", out var dtmf) && dtmf.ValueKind == JsonValueKind.Object:
                    return new Inbound(name, streamSid, null, String(dtmf, "digit"), null, null, null, null);
                case "mark" when root.TryGetProperty("mark", out var mark) && mark.ValueKind == JsonValueKind.Object:
                    return new Inbound(name, streamSid, null, null, String(mark, "name"), null, null, null);
                case "stop" when root.TryGetProperty("stop", out var stop) && stop.ValueKind == JsonValueKind.Object:
                    return new Inbound(name, streamSid, String(stop, "callSid"), null, null, null, null, null);
                default:
                    return new Inbound(name, streamSid, null, null, null, null, null, null);
            }
        }

        public static void WriteMedia(IBufferWriter<byte> into, string streamSid, ReadOnlySpan<byte> mulaw)
        {
            using var writer = new Utf8JsonWriter(into);
            writer.WriteStartObject();
            writer.WriteString("event", "media");
            writer.WriteString("streamSid", streamSid);
            writer.WriteStartObject("media");
            writer.WriteBase64String("payload", mulaw);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        public static void WriteMark(IBufferWriter<byte> into, string streamSid, string name)
        {
            using var writer = new Utf8JsonWriter(into);
            writer.WriteStartObject();
            writer.WriteString("event", "mark");
            writer.WriteString("streamSid", streamSid);
            writer.WriteStartObject("mark");
            writer.WriteString("name", name);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        public static void WriteClear(IBufferWriter<byte> into, string streamSid)
        {
            using var writer = new Utf8JsonWriter(into);
            writer.WriteStartObject();
            writer.WriteString("event", "clear");
            writer.WriteString("streamSid", streamSid);
            writer.WriteEndObject();
        }

        private static string? String(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }
}
