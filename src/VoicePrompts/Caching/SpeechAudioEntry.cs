using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace VoicePrompts.Caching
{
    /// <summary>
    /// How a stored clip is laid out, the same in every store (a disk file, a distributed cache value): magic, header
    /// length, a JSON header with the clip's metadata and the payload's SHA-256, then the audio. A reader checks the
    /// length and the hash, so a truncated or damaged entry is found, not played. Version 2 (<c>VPA2</c>) added whether
    /// the transcript matched the input; a version 1 entry still reads, as a clip that makes no claim (flag null).
    /// </summary>
    internal static class SpeechAudioEntry
    {
        private static readonly byte[] Magic = Encoding.ASCII.GetBytes("VPA2");
        private static readonly byte[] MagicVersion1 = Encoding.ASCII.GetBytes("VPA1");

        /// <summary>The entry: magic, header length, a JSON header (format, content type, request id, usage, length, SHA-256), the audio.</summary>
        public static byte[] Encode(SpeechAudio audio)
        {
            var payload = MemoryMarshal.TryGetArray(audio.Data, out var segment) ? segment : new ArraySegment<byte>(audio.Data.ToArray());
            using var sha = SHA256.Create();
            using var header = new MemoryStream();
            using (var writer = new Utf8JsonWriter(header))
            {
                writer.WriteStartObject();
                writer.WriteString("format", audio.Format.Value);
                writer.WriteString("contentType", audio.ContentType);
                if (audio.RequestId is not null) writer.WriteString("requestId", audio.RequestId);
                if (audio.SampleRate is int rate) writer.WriteNumber("sampleRate", rate);
                if (audio.Transcript is not null) writer.WriteString("transcript", audio.Transcript);
                if (audio.TranscriptMatchesInput is bool matches) writer.WriteBoolean("transcriptMatchesInput", matches);
                if (audio.Usage is { } usage)
                {
                    writer.WriteStartObject("usage");
                    writer.WriteNumber("input", usage.InputTokens);
                    writer.WriteNumber("output", usage.OutputTokens);
                    writer.WriteNumber("total", usage.TotalTokens);
                    WriteDetail(writer, "inputText", usage.InputTextTokens);
                    WriteDetail(writer, "inputAudio", usage.InputAudioTokens);
                    WriteDetail(writer, "outputText", usage.OutputTextTokens);
                    WriteDetail(writer, "outputAudio", usage.OutputAudioTokens);
                    writer.WriteEndObject();
                }
                writer.WriteNumber("length", payload.Count);
                writer.WriteString("sha256", HexText.Of(sha.ComputeHash(payload.Array!, payload.Offset, payload.Count)));
                writer.WriteEndObject();
            }
            byte[] headerBytes = header.ToArray();
            var entry = new byte[Magic.Length + 4 + headerBytes.Length + payload.Count];
            Magic.CopyTo(entry, 0);
            BitConverter.GetBytes(headerBytes.Length).CopyTo(entry, Magic.Length);
            headerBytes.CopyTo(entry, Magic.Length + 4);
            Buffer.BlockCopy(payload.Array!, payload.Offset, entry, Magic.Length + 4 + headerBytes.Length, payload.Count);
            return entry;
        }

        /// <summary>
        /// The clip, or null when the bytes are not a whole, intact entry. The clip's data is a slice of
        /// <paramref name="entry"/> (not a copy), so pass an array nothing else will change.
        /// </summary>
        public static SpeechAudio? Decode(byte[] entry)
        {
            try
            {
                if (entry.Length < Magic.Length + 4)
                    return null;
                bool version1 = entry.AsSpan(0, Magic.Length).SequenceEqual(MagicVersion1);
                if (!version1 && !entry.AsSpan(0, Magic.Length).SequenceEqual(Magic))
                    return null;
                int headerLength = BitConverter.ToInt32(entry, Magic.Length);
                int payloadStart = Magic.Length + 4 + headerLength;
                if (headerLength <= 0 || payloadStart > entry.Length)
                    return null;
                using var doc = JsonDocument.Parse(entry.AsMemory(Magic.Length + 4, headerLength));
                var root = doc.RootElement;
                int length = root.GetProperty("length").GetInt32();
                if (entry.Length - payloadStart != length)
                    return null;
                using var sha = SHA256.Create();
                if (HexText.Of(sha.ComputeHash(entry, payloadStart, length)) != root.GetProperty("sha256").GetString())
                    return null;
                var payload = entry.AsMemory(payloadStart, length); // no copy: the clip keeps the entry's array
                SpeechUsage? usage = root.TryGetProperty("usage", out var u)
                    ? new SpeechUsage(u.GetProperty("input").GetInt32(), u.GetProperty("output").GetInt32(), u.GetProperty("total").GetInt32())
                    {
                        InputTextTokens = ReadDetail(u, "inputText"),
                        InputAudioTokens = ReadDetail(u, "inputAudio"),
                        OutputTextTokens = ReadDetail(u, "outputText"),
                        OutputAudioTokens = ReadDetail(u, "outputAudio"),
                    }
                    : null;
                return new SpeechAudio(payload, new AudioFormat(root.GetProperty("format").GetString()!), root.GetProperty("contentType").GetString())
                {
                    RequestId = root.TryGetProperty("requestId", out var id) ? id.GetString() : null,
                    Usage = usage,
                    SampleRate = root.TryGetProperty("sampleRate", out var rate) ? rate.GetInt32() : null,
                    Transcript = root.TryGetProperty("transcript", out var transcript) ? transcript.GetString() : null,
                    // Version 1 never wrote the flag, and stored reworded reads too: it makes no claim.
                    TranscriptMatchesInput = !version1 && root.TryGetProperty("transcriptMatchesInput", out var matches) ? matches.GetBoolean() : null,
                };
            }
            catch (Exception ex) when (ex is JsonException or System.Collections.Generic.KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
            {
                return null;
            }
        }

        private static void WriteDetail(Utf8JsonWriter writer, string name, int? value)
        {
            if (value is int count) writer.WriteNumber(name, count);
        }

        private static int? ReadDetail(JsonElement usage, string name) =>
            usage.TryGetProperty(name, out var value) ? value.GetInt32() : null;
    }
}
