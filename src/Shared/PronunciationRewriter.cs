using System;
using System.Collections.Generic;
using System.Text;

namespace VoicePrompts.Shared
{
    /// <summary>
    /// Replaces words by how they should be said (<c>SQL</c> → <c>sequel</c>) in the text sent for synthesis. Shared
    /// by the runtime (<c>PronunciationMap</c>) and the analyzers, so the build counts the tokens of exactly the text
    /// the app sends.
    /// </summary>
    /// <remarks>
    /// Whole words: a match may not continue a word on either side — the neighbouring character is a letter, digit or
    /// underscore of a script written with spaces. Next to Chinese or Japanese characters (written without spaces
    /// between words) every position is a boundary, so <c>SQLを</c> matches <c>SQL</c>. Where entries overlap, the
    /// longest wins; replaced text is not searched again.
    /// </remarks>
    internal static class PronunciationRewriter
    {
        public static string Apply(string text, IReadOnlyList<string> words, IReadOnlyList<string> spoken, IReadOnlyList<bool> ignoreCase)
        {
            if (words.Count == 0 || text.Length == 0)
                return text;
            var order = LongestFirst(words);
            StringBuilder? result = null;
            int copied = 0;
            for (int i = 0; i < text.Length; i++)
            {
                if (i > 0 && ContinuesWord(text[i - 1], text[i]))
                    continue; // not the start of a word
                foreach (int e in order)
                {
                    string word = words[e];
                    if (word.Length == 0 || i + word.Length > text.Length)
                        continue;
                    if (string.Compare(text, i, word, 0, word.Length, ignoreCase[e] ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal) != 0)
                        continue;
                    int end = i + word.Length;
                    if (end < text.Length && ContinuesWord(text[end - 1], text[end]))
                        continue;
                    result ??= new StringBuilder(text.Length + 16);
                    result.Append(text, copied, i - copied).Append(spoken[e]);
                    copied = end;
                    i = end - 1;
                    break;
                }
            }
            if (result is null)
                return text;
            return result.Append(text, copied, text.Length - copied).ToString();
        }

        /// <summary>Whether <paramref name="next"/> carries on the word that <paramref name="previous"/> is part of.</summary>
        public static bool ContinuesWord(char previous, char next) =>
            IsWordCharacter(previous) && IsWordCharacter(next) && !IsWrittenWithoutSpaces(previous) && !IsWrittenWithoutSpaces(next);

        private static bool IsWordCharacter(char c) => char.IsLetterOrDigit(c) || c == '_' || char.IsSurrogate(c)
            || System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark
                or System.Globalization.UnicodeCategory.SpacingCombiningMark;

        /// <summary>Han, kana and Thai: scripts whose words are not separated by spaces.</summary>
        private static bool IsWrittenWithoutSpaces(char c) =>
            c is >= '\u3040' and <= '\u30FF'      // hiragana, katakana
            || c is >= '\u3400' and <= '\u4DBF'   // CJK extension A
            || c is >= '\u4E00' and <= '\u9FFF'   // CJK unified ideographs
            || c is >= '\uF900' and <= '\uFAFF'   // CJK compatibility ideographs
            || c is >= '\uFF66' and <= '\uFF9F'   // half-width katakana
            || c is >= '\u0E00' and <= '\u0E7F';  // Thai

        private static int[] LongestFirst(IReadOnlyList<string> words)
        {
            var order = new int[words.Count];
            for (int i = 0; i < order.Length; i++) order[i] = i;
            // Stable: equal lengths keep their declared order.
            Array.Sort(order, (a, b) => words[b].Length != words[a].Length ? words[b].Length.CompareTo(words[a].Length) : a.CompareTo(b));
            return order;
        }
    }
}
