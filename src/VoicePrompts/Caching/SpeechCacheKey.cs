using System;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using System.Text.Json;

namespace VoicePrompts.Caching
{
    /// <summary>
    /// The content address of a request's audio: SHA-256 over a canonical form of everything that changes the sound —
    /// model, voice (name or custom id, told apart), instructions, input, format, speed — written in a fixed key order
    /// with no insignificant whitespace, so nothing but the request's meaning can change the key.
    /// </summary>
    public static class SpeechCacheKey
    {
        /// <summary>Bumped if the canonical form ever changes, so old entries are simply not found.</summary>
        public const string Version = "vp1";

        /// <summary>The key: <c>vp1-</c> and 64 lowercase hex digits, safe as a file name and a cache key.</summary>
        public static string For(SpeechRequest request)
        {
            if (request is null) throw new ArgumentNullException(nameof(request));
            using var sha = SHA256.Create();
            return Version + "-" + HexText.Of(sha.ComputeHash(Canonical(request)));
        }

        /// <summary>The canonical bytes hashed: a JSON object with keys in ordinal order.</summary>
        internal static byte[] Canonical(SpeechRequest request)
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false }))
            {
                writer.WriteStartObject();
                writer.WriteString("format", request.Format.Value);
                writer.WriteString("input", request.Input);
                if (request.Instructions is null) writer.WriteNull("instructions");
                else writer.WriteString("instructions", request.Instructions);
                writer.WriteString("model", request.Model);
                // Round-trippable, culture-invariant: 1 and 1.0 are the same speed.
                writer.WriteString("speed", request.Speed.ToString("R", CultureInfo.InvariantCulture));
                writer.WriteStartObject("voice");
                writer.WriteString(request.Voice.IsCustom ? "id" : "name", request.Voice.Value);
                writer.WriteEndObject();
                writer.WriteEndObject();
            }
            return buffer.ToArray();
        }
    }
}
