using System;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using System.Text.Json;

namespace VoicePrompts.Caching
{
    /// <summary>
    /// The content address of a request's audio: SHA-256 over a canonical form of everything that changes the sound —
    /// the backend (provider and endpoint, so two servers that accept the same model name never share clips), model,
    /// voice (name or custom id, told apart), instructions, input, language, format, speed — written in a fixed key
    /// order with no insignificant whitespace, so nothing but the request's meaning can change the key.
    /// </summary>
    public static class SpeechCacheKey
    {
        /// <summary>Bumped whenever the canonical form changes, so entries written under another form are simply not found.</summary>
        public const string Version = "vp2";

        /// <summary>The key: <c>vp2-</c> and 64 lowercase hex digits, safe as a file name and a cache key.</summary>
        /// <param name="request">The request.</param>
        /// <param name="backend">The backend that speaks it (<see cref="ISpeechClient.GetService"/> of the client that synthesizes); null for none known.</param>
        public static string For(SpeechRequest request, SpeechClientMetadata? backend)
        {
            if (request is null) throw new ArgumentNullException(nameof(request));
            using var sha = SHA256.Create();
            return Version + "-" + HexText.Of(sha.ComputeHash(Canonical(request, backend)));
        }

        /// <summary>The key of <paramref name="request"/> as spoken by <paramref name="client"/>'s backend.</summary>
        public static string For(SpeechRequest request, ISpeechClient client)
        {
            if (client is null) throw new ArgumentNullException(nameof(client));
            return For(request, client.GetService<SpeechClientMetadata>(request) ?? client.GetService<SpeechClientMetadata>());
        }

        /// <summary>The canonical bytes hashed: a JSON object with keys in ordinal order.</summary>
        internal static byte[] Canonical(SpeechRequest request, SpeechClientMetadata? backend)
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false }))
            {
                writer.WriteStartObject();
                writer.WriteStartObject("backend");
                if (backend?.Endpoint is null) writer.WriteNull("endpoint");
                else writer.WriteString("endpoint", backend.Endpoint.AbsoluteUri);
                if (backend is null) writer.WriteNull("provider");
                else writer.WriteString("provider", backend.ProviderName);
                writer.WriteEndObject();
                writer.WriteString("format", request.Format.Value);
                writer.WriteString("input", request.Input);
                if (request.Instructions is null) writer.WriteNull("instructions");
                else writer.WriteString("instructions", request.Instructions);
                if (request.Language is null) writer.WriteNull("language");
                else writer.WriteString("language", request.Language);
                writer.WriteString("model", request.Model);
                // Round-trippable, culture-invariant: 1 and 1.0 are the same speed.
                if (request.Speed is double speed) writer.WriteString("speed", speed.ToString("R", CultureInfo.InvariantCulture));
                else writer.WriteNull("speed");
                writer.WriteStartObject("voice");
                writer.WriteString(request.Voice.IsCustom ? "id" : "name", request.Voice.Value);
                writer.WriteEndObject();
                writer.WriteEndObject();
            }
            return buffer.ToArray();
        }
    }
}
