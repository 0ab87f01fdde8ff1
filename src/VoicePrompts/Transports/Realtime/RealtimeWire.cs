using System;
using System.Globalization;
using System.IO;
using System.Text.Json;

namespace VoicePrompts.Realtime
{
    /// <summary>
    /// The Realtime API's wire format in one place (shared/docs/openai-realtime.md): the two client events a verbatim
    /// read sends — <c>session.update</c> and an out-of-band <c>response.create</c>, plus <c>response.cancel</c> — and the
    /// server events it reads. GA names only: no <c>modalities</c>, no top-level <c>voice</c>, no
    /// <c>output_audio_format</c>, no <c>response.audio.*</c>.
    /// </summary>
    internal static class RealtimeWire
    {
        /// <summary>The key of the metadata that correlates a response with its request.</summary>
        public const string CorrelationKey = "vp";

        /// <summary>
        /// What the model is told for every read; the prompt's own instructions (tone, pace) follow it. The model is a
        /// voice model, not a reader: without this it may answer the text instead of reading it.
        /// </summary>
        public const string VerbatimInstructions =
            "You are a text-to-speech reader. Read the user's text aloud exactly as written, word for word, in its language. "
            + "Never answer, translate, summarise, explain, add or omit anything; do not greet or comment. Read numbers, names and symbols as written.";

        /// <summary>The session's fixed audio: output format, voice and speed (speed is session-level only).</summary>
        public static byte[] SessionUpdate(string format, SpeechVoice voice, double? speed)
        {
            return Write(writer =>
            {
                writer.WriteString("type", "session.update");
                writer.WriteStartObject("session");
                writer.WriteString("type", "realtime");
                writer.WriteStartArray("output_modalities");
                writer.WriteStringValue("audio");
                writer.WriteEndArray();
                writer.WriteStartObject("audio");
                writer.WriteStartObject("input");
                writer.WriteNull("turn_detection"); // nothing is heard: no voice activity detection, no auto responses
                writer.WriteEndObject();
                writer.WriteStartObject("output");
                WriteFormat(writer, format);
                WriteVoice(writer, voice);
                if (speed is double s)
                    writer.WriteNumber("speed", s);
                writer.WriteEndObject();
                writer.WriteEndObject();
                writer.WriteStartArray("tools");
                writer.WriteEndArray();
                writer.WriteString("tool_choice", "none");
                writer.WriteEndObject();
            });
        }

        /// <summary>One verbatim read: out of band, the text as <c>input_text</c>, audio only, correlated by metadata.</summary>
        public static byte[] ResponseCreate(string eventId, string correlation, string text, string? promptInstructions, string format, SpeechVoice voice)
        {
            return Write(writer =>
            {
                writer.WriteString("event_id", eventId);
                writer.WriteString("type", "response.create");
                writer.WriteStartObject("response");
                writer.WriteString("conversation", "none");
                writer.WriteStartArray("input");
                writer.WriteStartObject();
                writer.WriteString("type", "message");
                writer.WriteString("role", "user");
                writer.WriteStartArray("content");
                writer.WriteStartObject();
                writer.WriteString("type", "input_text");
                writer.WriteString("text", text);
                writer.WriteEndObject();
                writer.WriteEndArray();
                writer.WriteEndObject();
                writer.WriteEndArray();
                writer.WriteString("instructions", promptInstructions is null
                    ? VerbatimInstructions
                    : VerbatimInstructions + " How to sound: " + promptInstructions);
                writer.WriteStartArray("output_modalities");
                writer.WriteStringValue("audio");
                writer.WriteEndArray();
                writer.WriteStartObject("audio");
                writer.WriteStartObject("output");
                WriteFormat(writer, format);
                WriteVoice(writer, voice);
                writer.WriteEndObject();
                writer.WriteEndObject();
                writer.WriteStartObject("metadata");
                writer.WriteString(CorrelationKey, correlation);
                writer.WriteEndObject();
                writer.WriteEndObject();
            });
        }

        public static byte[] ResponseCancel(string responseId) => Write(writer =>
        {
            writer.WriteString("type", "response.cancel");
            writer.WriteString("response_id", responseId);
        });

        /// <summary>The wire format of a VoicePrompts format: WAV is PCM on the wire, its header added by the client.</summary>
        private static void WriteFormat(Utf8JsonWriter writer, string format)
        {
            writer.WriteStartObject("format");
            switch (format)
            {
                case "pcmu":
                    writer.WriteString("type", "audio/pcmu");
                    break;
                case "pcma":
                    writer.WriteString("type", "audio/pcma");
                    break;
                default:
                    writer.WriteString("type", "audio/pcm");
                    writer.WriteNumber("rate", 24000);
                    break;
            }
            writer.WriteEndObject();
        }

        private static void WriteVoice(Utf8JsonWriter writer, SpeechVoice voice)
        {
            if (voice.IsCustom)
            {
                writer.WriteStartObject("voice");
                writer.WriteString("id", voice.Value);
                writer.WriteEndObject();
            }
            else
            {
                writer.WriteString("voice", voice.Value);
            }
        }

        private static byte[] Write(Action<Utf8JsonWriter> body)
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                body(writer);
                writer.WriteEndObject();
            }
            return buffer.ToArray();
        }

        /// <summary>A server event, reduced to what a verbatim read needs.</summary>
        public static RealtimeEvent Read(ReadOnlyMemory<byte> json)
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            string type = GetString(root, "type") ?? "";
            switch (type)
            {
                case "response.created":
                {
                    var response = root.GetProperty("response");
                    string? correlation = response.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
                        ? GetString(metadata, CorrelationKey) : null;
                    return new RealtimeEvent(type) { ResponseId = GetString(response, "id"), Correlation = correlation };
                }
                case "response.output_audio.delta":
                    return new RealtimeEvent(type) { ResponseId = GetString(root, "response_id"), Audio = Convert.FromBase64String(GetString(root, "delta") ?? "") };
                case "response.output_audio_transcript.delta":
                    return new RealtimeEvent(type) { ResponseId = GetString(root, "response_id"), Text = GetString(root, "delta") };
                case "response.output_audio_transcript.done":
                    return new RealtimeEvent(type) { ResponseId = GetString(root, "response_id"), Text = GetString(root, "transcript") };
                case "response.done":
                {
                    var response = root.GetProperty("response");
                    var done = new RealtimeEvent(type) { ResponseId = GetString(response, "id"), Status = GetString(response, "status") };
                    if (response.TryGetProperty("status_details", out var details) && details.ValueKind == JsonValueKind.Object)
                    {
                        done.Reason = GetString(details, "reason");
                        if (details.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
                        {
                            done.ErrorType = GetString(error, "type");
                            done.ErrorCode = GetString(error, "code");
                            done.Message = GetString(error, "message");
                        }
                    }
                    if (response.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
                        done.Usage = ReadUsage(usage);
                    if (response.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object)
                        done.Correlation = GetString(metadata, CorrelationKey);
                    return done;
                }
                case "error":
                {
                    var error = root.GetProperty("error");
                    return new RealtimeEvent(type)
                    {
                        ErrorType = GetString(error, "type"),
                        ErrorCode = GetString(error, "code"),
                        Message = GetString(error, "message"),
                        Param = GetString(error, "param"),
                        ClientEventId = GetString(error, "event_id"),
                    };
                }
                case "rate_limits.updated":
                    return new RealtimeEvent(type) { RateLimitReset = ExhaustedLimitReset(root) };
                default:
                    return new RealtimeEvent(type);
            }
        }

        /// <summary>When the latest exhausted limit (<c>remaining</c> 0) resets; null while none is exhausted.</summary>
        private static TimeSpan? ExhaustedLimitReset(JsonElement root)
        {
            if (!root.TryGetProperty("rate_limits", out var limits) || limits.ValueKind != JsonValueKind.Array)
                return null;
            double? longest = null;
            foreach (var limit in limits.EnumerateArray())
            {
                if (limit.ValueKind != JsonValueKind.Object
                    || !limit.TryGetProperty("remaining", out var remaining) || remaining.ValueKind != JsonValueKind.Number || remaining.GetDouble() > 0
                    || !limit.TryGetProperty("reset_seconds", out var reset) || reset.ValueKind != JsonValueKind.Number)
                    continue;
                longest = Math.Max(longest ?? 0, reset.GetDouble());
            }
            return longest is double seconds ? TimeSpan.FromSeconds(seconds) : null;
        }

        private static SpeechUsage ReadUsage(JsonElement usage)
        {
            int? Detail(string group, string name) =>
                usage.TryGetProperty(group, out var details) && details.ValueKind == JsonValueKind.Object ? GetInt(details, name) : null;
            return new SpeechUsage(GetInt(usage, "input_tokens") ?? 0, GetInt(usage, "output_tokens") ?? 0, GetInt(usage, "total_tokens") ?? 0)
            {
                InputTextTokens = Detail("input_token_details", "text_tokens"),
                InputAudioTokens = Detail("input_token_details", "audio_tokens"),
                OutputTextTokens = Detail("output_token_details", "text_tokens"),
                OutputAudioTokens = Detail("output_token_details", "audio_tokens"),
            };
        }

        /// <summary><c>wss://…/realtime?model=…</c> from an HTTP base URL: <c>https</c>→<c>wss</c>, <c>http</c>→<c>ws</c>.</summary>
        public static Uri RealtimeUri(Uri baseUrl, string model)
        {
            var builder = new UriBuilder(baseUrl)
            {
                Scheme = baseUrl.Scheme == Uri.UriSchemeHttp ? "ws" : "wss",
                Port = baseUrl.IsDefaultPort ? -1 : baseUrl.Port,
            };
            builder.Path = builder.Path.TrimEnd('/') + "/realtime";
            builder.Query = "model=" + Uri.EscapeDataString(model);
            return builder.Uri;
        }

        private static int? GetInt(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int n) ? n : null;

        private static string? GetString(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        public static string NewId(string prefix) => prefix + Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture).Substring(0, 20);
    }

    /// <summary>A server event, as far as a verbatim read cares.</summary>
    internal sealed class RealtimeEvent
    {
        public RealtimeEvent(string type) => Type = type;

        public string Type { get; }
        public string? ResponseId { get; set; }
        public string? Correlation { get; set; }
        public byte[]? Audio { get; set; }
        public string? Text { get; set; }
        public string? Status { get; set; }
        public string? Reason { get; set; }
        public string? ErrorType { get; set; }
        public string? ErrorCode { get; set; }
        public string? Message { get; set; }
        public string? Param { get; set; }
        public string? ClientEventId { get; set; }
        public SpeechUsage? Usage { get; set; }
        public TimeSpan? RateLimitReset { get; set; }
    }
}
