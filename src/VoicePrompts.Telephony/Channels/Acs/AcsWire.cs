using System.Buffers;
using System.Text.Json;

namespace VoicePrompts.Telephony.Channels.Acs
{
    /// <summary>
    /// Azure Communication Services bidirectional media streaming (shared/docs/telephony.md; Call Automation's
    /// <c>StreamingData</c>/<c>OutStreamingData</c>): <c>AudioMetadata</c>, <c>AudioData</c>, <c>DtmfData</c> and
    /// <c>MarkData</c> read (the kind case-insensitively: samples write <c>audioData</c>), <c>AudioData</c> and
    /// <c>StopAudio</c> written.
    /// </summary>
    internal static class AcsWire
    {
        public readonly record struct Inbound(string Kind, string? SubscriptionId, int? SampleRate, string? Encoding, string? Dtmf);

        /// <exception cref="JsonException">Not JSON, or not an object with a <c>kind</c>.</exception>
        public static Inbound Read(ReadOnlySpan<byte> json)
        {
            var reader = new Utf8JsonReader(json);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || Property(root, "kind") is not { ValueKind: JsonValueKind.String } kind)
                throw new JsonException("An ACS streaming message is an object with a \"kind\".");
            string name = kind.GetString()!;
            if (name.Equals("AudioMetadata", StringComparison.OrdinalIgnoreCase) && Property(root, "audioMetadata") is { ValueKind: JsonValueKind.Object } metadata)
            {
                int? rate = Property(metadata, "sampleRate") is { } r && r.TryGetInt32(out int value) ? value : null;
                return new Inbound("AudioMetadata", String(metadata, "subscriptionId"), rate, String(metadata, "encoding"), null);
            }
            if (name.Equals("DtmfData", StringComparison.OrdinalIgnoreCase) && Property(root, "dtmfData") is { ValueKind: JsonValueKind.Object } dtmf)
                return new Inbound("DtmfData", null, null, null, String(dtmf, "data"));
            if (name.Equals("AudioData", StringComparison.OrdinalIgnoreCase))
                return new Inbound("AudioData", null, null, null, null);
            return new Inbound(name, null, null, null, null);
        }

        public static void WriteAudio(IBufferWriter<byte> into, ReadOnlySpan<byte> pcm)
        {
            using var writer = new Utf8JsonWriter(into);
            writer.WriteStartObject();
            writer.WriteString("kind", "AudioData");
            writer.WriteStartObject("audioData");
            writer.WriteBase64String("data", pcm);
            writer.WriteEndObject();
            writer.WriteNull("stopAudio");
            writer.WriteEndObject();
        }

        public static void WriteStopAudio(IBufferWriter<byte> into)
        {
            using var writer = new Utf8JsonWriter(into);
            writer.WriteStartObject();
            writer.WriteString("kind", "StopAudio");
            writer.WriteNull("audioData");
            writer.WriteStartObject("stopAudio");
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        private static JsonElement? Property(JsonElement element, string name)
        {
            foreach (var property in element.EnumerateObject())
                if (property.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
                    return property.Value;
            return null;
        }

        private static string? String(JsonElement element, string name) =>
            Property(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;
    }
}
