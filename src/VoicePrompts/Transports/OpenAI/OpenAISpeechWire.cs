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

        /// <summary><c>stream_format</c> for server-sent events (refused by tts-1 and tts-1-hd).</summary>
        public const string SseStreamFormat = "sse";

        /// <summary>Sent by OpenAI after <c>speech.audio.done</c>; the end of the event stream.</summary>
        public const string SseDoneMarker = "[DONE]";

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
                // Null is the model's default; the endpoint's default is 1.0, so neither needs sending.
                if (request.Speed is double speed && speed != SpeechModelCatalog.DefaultSpeed)
                    writer.WriteNumber("speed", speed);
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
                        GetString(error, "code") ?? GetNumber(error, "code"), // Azure sometimes sends "code": 429
                        GetString(error, "param"));
                }
                // Azure's gateway answers some failures (an invalid token) with {"statusCode": 401, "message": "…"}.
                if (doc.RootElement.ValueKind == JsonValueKind.Object && GetString(doc.RootElement, "message") is { } message)
                    return (message, null, GetNumber(doc.RootElement, "statusCode"), null);
            }
            catch (JsonException)
            {
                // Not JSON (a proxy's HTML page, a truncated body): fall through to the raw text.
            }
            string text = System.Text.Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 512)).Trim();
            return (text.Length == 0 ? fallback : text, null, null, null);
        }

        /// <summary>
        /// One SSE <c>data:</c> payload: <c>{"type":"speech.audio.delta","audio":"&lt;base64&gt;"}</c>,
        /// <c>{"type":"speech.audio.done","usage":{…}}</c>, or the <c>[DONE]</c> marker. Unknown event types are ignored,
        /// as the SSE convention asks; a delta without valid base64 audio is an error, not silence.
        /// </summary>
        public static SseEvent ReadSseData(string data)
        {
            if (data.Trim() == SseDoneMarker)
                return new SseEvent(SseEventKind.End, null, null);
            using var doc = JsonDocument.Parse(data);
            var root = doc.RootElement;
            switch (root.ValueKind == JsonValueKind.Object ? GetString(root, "type") : null)
            {
                case "speech.audio.delta":
                    string audio = GetString(root, "audio") ?? throw new FormatException("A speech.audio.delta event has no 'audio'.");
                    return new SseEvent(SseEventKind.Delta, Convert.FromBase64String(audio), null);
                case "speech.audio.done":
                    SpeechUsage? usage = null;
                    if (root.TryGetProperty("usage", out var u) && u.ValueKind == JsonValueKind.Object)
                        usage = new SpeechUsage(GetInt(u, "input_tokens"), GetInt(u, "output_tokens"), GetInt(u, "total_tokens"));
                    return new SseEvent(SseEventKind.Done, null, usage);
                default:
                    return new SseEvent(SseEventKind.Other, null, null);
            }
        }

        private static int GetInt(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int n) ? n : 0;

        private static string? GetNumber(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetRawText() : null;

        private static string? GetString(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }

    internal enum SseEventKind
    {
        Delta,
        Done,
        End,
        Other,
    }

    internal sealed record SseEvent(SseEventKind Kind, byte[]? Audio, SpeechUsage? Usage);
}
