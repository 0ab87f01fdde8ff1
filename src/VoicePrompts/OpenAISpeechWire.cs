using System;
using System.IO;
using System.Text.Json;
using VoicePrompts.Shared;

namespace VoicePrompts
{
    /// <summary>
    /// The wire format of <c>POST /audio/speech</c> in one place (shared/docs/openai-speech.md): the request body
    /// (only documented fields) and the error body. <c>response_format</c> is always sent, because compatible servers
    /// do not all default to mp3; <c>speed</c> is left out at 1.0, the default everywhere.
    /// </summary>
    internal static class OpenAISpeechWire
    {
        public const string SpeechPath = "audio/speech";

        public static byte[] WriteRequestBody(SpeechRequest request, string? streamFormat = null)
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteString("model", request.Model);
                writer.WriteString("input", request.Input);
                if (request.Voice.IsCustom)
                {
                    writer.WriteStartObject("voice");
                    writer.WriteString("id", request.Voice.Value);
                    writer.WriteEndObject();
                }
                else
                {
                    writer.WriteString("voice", request.Voice.Value);
                }
                if (request.Instructions is not null)
                    writer.WriteString("instructions", request.Instructions);
                writer.WriteString("response_format", request.Format.Value);
                if (request.Speed != SpeechModelCatalog.DefaultSpeed)
                    writer.WriteNumber("speed", request.Speed);
                if (streamFormat is not null)
                    writer.WriteString("stream_format", streamFormat);
                writer.WriteEndObject();
            }
            return buffer.ToArray();
        }

        /// <summary>Reads <c>{"error":{"message","type","param","code"}}</c>; tolerates any other body.</summary>
        public static (string Message, string? Type, string? Code, string? Param) ReadError(byte[] body, string fallback)
        {
            try
            {
                using var doc = JsonDocument.Parse(body);
                if (doc.RootElement.ValueKind == JsonValueKind.Object
                    && doc.RootElement.TryGetProperty("error", out var error)
                    && error.ValueKind == JsonValueKind.Object)
                {
                    return (
                        GetString(error, "message") ?? fallback,
                        GetString(error, "type"),
                        GetString(error, "code"),
                        GetString(error, "param"));
                }
            }
            catch (JsonException)
            {
                // Not JSON (a proxy's HTML page, a truncated body): fall through to the raw text.
            }
            string text = System.Text.Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 512)).Trim();
            return (text.Length == 0 ? fallback : text, null, null, null);
        }

        private static string? GetString(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }
}
