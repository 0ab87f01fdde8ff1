using System;
using System.Collections.Generic;
using System.Linq;
using VoicePrompts.Shared;

namespace VoicePrompts
{
    /// <summary>One word and how to say it.</summary>
    /// <param name="Word">The word as written.</param>
    /// <param name="Spoken">How to say it.</param>
    /// <param name="IgnoreCase">Match the word in any letter case; by default only as written.</param>
    public sealed record PronunciationEntry(string Word, string Spoken, bool IgnoreCase = false);

    /// <summary>
    /// Rewrites text for synthesis: each entry's word, where it stands as a whole word, becomes its spoken form. Generated
    /// prompts apply their <c>pronounce:</c> map (or <see cref="PronounceAttribute"/>s) with one; apps can use it for text
    /// of their own.
    /// </summary>
    /// <remarks>
    /// A match may not continue a word on either side; next to Chinese, Japanese or Thai characters (written without
    /// spaces between words) every position is a word boundary. Where words overlap the longest wins, and replaced
    /// text is not searched again.
    /// </remarks>
    public sealed class PronunciationMap
    {
        private readonly string[] _words;
        private readonly string[] _spoken;
        private readonly bool[] _ignoreCase;

        /// <summary>Creates a map.</summary>
        /// <exception cref="ArgumentException">A word is empty, or a word or spoken form is null.</exception>
        public PronunciationMap(IEnumerable<PronunciationEntry> entries)
        {
            if (entries is null) throw new ArgumentNullException(nameof(entries));
            var list = entries.ToList();
            foreach (var entry in list)
            {
                if (entry is null) throw new ArgumentException("An entry is null.", nameof(entries));
                if (string.IsNullOrEmpty(entry.Word)) throw new ArgumentException("A pronunciation entry has an empty word.", nameof(entries));
                if (entry.Spoken is null) throw new ArgumentException($"The pronunciation of '{entry.Word}' is null.", nameof(entries));
            }
            Entries = list.AsReadOnly();
            _words = list.Select(e => e.Word).ToArray();
            _spoken = list.Select(e => e.Spoken).ToArray();
            _ignoreCase = list.Select(e => e.IgnoreCase).ToArray();
        }

        /// <summary>Creates a map from entries.</summary>
        public PronunciationMap(params PronunciationEntry[] entries) : this((IEnumerable<PronunciationEntry>)entries)
        {
        }

        /// <summary>The entries, in the order given.</summary>
        public IReadOnlyList<PronunciationEntry> Entries { get; }

        /// <summary><paramref name="text"/> with every listed word replaced by its spoken form.</summary>
        public string Apply(string text)
        {
            if (text is null) throw new ArgumentNullException(nameof(text));
            return PronunciationRewriter.Apply(text, _words, _spoken, _ignoreCase);
        }
    }
}
