using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace VoicePrompts.AspNetCore
{
    /// <summary>
    /// A reviewer's decisions on a prompt's clips, kept as one JSON file per prompt and culture in a folder beside the
    /// audio cache (<c>{cache}/reviews</c> by default). The review page writes them; the pre-render tool compiles this file
    /// too, for its release check. A decision names the clip it was made on — its
    /// cache key (which hashes the text, voice, instructions, model and format) and the SHA-256 of its audio — so it
    /// holds only while that very clip is the one the app plays.
    /// </summary>
    internal sealed class PromptReviews
    {
        /// <summary>The folder's name under a disk cache folder, where the review page and the release check look by default.</summary>
        public const string DefaultFolderName = "reviews";

        private static readonly JsonSerializerOptions Json = new()
        {
            WriteIndented = true,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };

        private readonly object _writing = new();

        public PromptReviews(string directory) =>
            Directory = System.IO.Path.GetFullPath(directory ?? throw new ArgumentNullException(nameof(directory)));

        public string Directory { get; }

        /// <summary>The history of one prompt × culture, oldest first; empty when it was never reviewed.</summary>
        public IReadOnlyList<ReviewDecision> Read(string promptId, string? culture)
        {
            string path = PathFor(promptId, culture);
            if (!File.Exists(path))
                return Array.Empty<ReviewDecision>();
            try
            {
                return JsonSerializer.Deserialize<ReviewFile>(File.ReadAllBytes(path), Json)?.Decisions ?? new List<ReviewDecision>();
            }
            catch (JsonException ex)
            {
                throw new InvalidDataException($"The review file {path} is not valid JSON ({ex.Message}); fix or delete it.", ex);
            }
        }

        /// <summary>Adds a decision to the prompt's history (written to a temporary file, then renamed, so a reader never sees half of it).</summary>
        public void Append(string promptId, string? culture, ReviewDecision decision)
        {
            lock (_writing)
            {
                var decisions = new List<ReviewDecision>(Read(promptId, culture)) { decision };
                var file = new ReviewFile { Id = promptId, Culture = culture, Decisions = decisions };
                System.IO.Directory.CreateDirectory(Directory);
                string path = PathFor(promptId, culture);
                string temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
                File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(file, Json));
                File.Move(temporary, path, overwrite: true);
            }
        }

        /// <summary>
        /// Where the clip stands: the last decision when it was made on this clip (same key, same audio); "needs review"
        /// when decisions exist but for other content; "unreviewed" when there are none.
        /// </summary>
        public static ReviewStatus StatusOf(IReadOnlyList<ReviewDecision> history, string key, string audioSha256)
        {
            if (history.Count == 0)
                return new ReviewStatus(ReviewState.Unreviewed, null);
            var last = history[history.Count - 1];
            if (last.Key == key && string.Equals(last.AudioSha256, audioSha256, StringComparison.OrdinalIgnoreCase))
                return new ReviewStatus(last.Decision == ReviewDecision.Rejected ? ReviewState.Rejected : ReviewState.Approved, last);
            return new ReviewStatus(ReviewState.NeedsReview, last);
        }

        /// <summary>What differs between the clip a decision was made on and the request now sent: text, voice, instructions, model, format, audio.</summary>
        /// <param name="decision">The last decision.</param>
        /// <param name="request">What is sent now.</param>
        /// <param name="audioSha256">The current clip's hash; null when there is no clip yet.</param>
        public static List<string> Changes(ReviewDecision decision, SpeechRequest request, string? audioSha256)
        {
            var changes = new List<string>();
            if (decision.Input != request.Input) changes.Add("text");
            if (decision.Voice != request.Voice.ToString()) changes.Add("voice");
            if (decision.Instructions != request.Instructions) changes.Add("instructions");
            if (decision.Model != request.Model) changes.Add("model");
            if (decision.Format != request.Format.Value) changes.Add("format");
            if (changes.Count == 0 && audioSha256 is not null && !string.Equals(decision.AudioSha256, audioSha256, StringComparison.OrdinalIgnoreCase)) changes.Add("audio");
            if (changes.Count == 0) changes.Add(audioSha256 is null ? "clip removed" : "backend");
            return changes;
        }

        /// <summary>The SHA-256 of a clip's audio, lower-case hex.</summary>
        public static string HashOf(ReadOnlyMemory<byte> audio) => Convert.ToHexStringLower(SHA256.HashData(audio.Span));

        /// <summary><c>{id}.{culture or "neutral"}.json</c>, with anything but letters, digits, '.', '-' and '_' made '_'.</summary>
        private string PathFor(string promptId, string? culture)
        {
            var name = new StringBuilder(promptId.Length + 16);
            foreach (char c in promptId + "." + (culture is { Length: > 0 } ? culture : "neutral"))
                name.Append(char.IsLetterOrDigit(c) && c < 128 || c is '.' or '-' or '_' ? c : '_');
            return System.IO.Path.Combine(Directory, name + ".json");
        }

        private sealed class ReviewFile
        {
            public string Id { get; set; } = "";
            public string? Culture { get; set; }
            public List<ReviewDecision> Decisions { get; set; } = new();
        }
    }

    /// <summary>One decision, with the clip it was made on.</summary>
    internal sealed class ReviewDecision
    {
        public const string Approved = "approved", Rejected = "rejected";

        /// <summary><see cref="Approved"/> or <see cref="Rejected"/>.</summary>
        public string Decision { get; set; } = Approved;
        public string? Comment { get; set; }
        /// <summary>The signed-in user's name, when the page is behind authentication.</summary>
        public string? Reviewer { get; set; }
        public DateTimeOffset At { get; set; }
        /// <summary>The clip's cache key (<c>SpeechCacheKey</c>).</summary>
        public string Key { get; set; } = "";
        public string AudioSha256 { get; set; } = "";
        /// <summary>What was sent, so "needs review" can say what changed.</summary>
        public string Input { get; set; } = "";
        public string Voice { get; set; } = "";
        public string? Instructions { get; set; }
        public string Model { get; set; } = "";
        public string Format { get; set; } = "";
    }

    internal enum ReviewState
    {
        Unreviewed,
        NeedsReview,
        Approved,
        Rejected,
    }

    internal readonly record struct ReviewStatus(ReviewState State, ReviewDecision? Last);
}
