using System;
using System.Collections.Generic;
using System.Text;
using VoicePrompts.Shared.Tokens;

namespace VoicePrompts
{
    /// <summary>
    /// Splits long text into pieces the speech endpoint accepts — at most so many characters and (where the model
    /// has one) tokens — at the most natural boundary available: sentences, then clauses, then words, and only as a
    /// last resort inside a word. Consecutive sentences are packed together, so pieces are as few as possible.
    /// </summary>
    internal static class SpeechTextSplitter
    {
        private static readonly char[] SentenceEnds = { '.', '!', '?', '…', '。', '！', '？', '\n' };
        private static readonly char[] ClauseEnds = { ',', ';', ':', '，', '、', '；', '：', ')', '）' };

        /// <summary>The pieces of <paramref name="text"/>, in order, each within both limits; whitespace between them is dropped.</summary>
        /// <param name="text">The text to split.</param>
        /// <param name="maxCharacters">The most characters per piece (4,096 on OpenAI).</param>
        /// <param name="maxTokens">The most o200k_base tokens per piece, or null when the model has no token limit.</param>
        public static IReadOnlyList<string> Split(string text, int maxCharacters, int? maxTokens)
        {
            if (text is null) throw new ArgumentNullException(nameof(text));
            if (maxCharacters < 2) throw new ArgumentOutOfRangeException(nameof(maxCharacters), "A piece must allow at least 2 characters.");
            if (maxTokens is < 1) throw new ArgumentOutOfRangeException(nameof(maxTokens));

            bool Fits(string candidate) =>
                candidate.Length <= maxCharacters && (maxTokens is not int limit || O200kTokenCounter.IsWithinLimit(candidate, limit));

            var pieces = new List<string>();
            var current = new StringBuilder();
            foreach (var sentence in Segments(text, SentenceEnds))
            {
                string joined = current.ToString() + sentence;
                if (Fits(joined.Trim()))
                {
                    current.Append(sentence);
                    continue;
                }
                Flush(pieces, current);
                if (Fits(sentence.Trim()))
                {
                    current.Append(sentence);
                    continue;
                }
                // One sentence too long on its own: clauses, then words, then characters.
                foreach (var part in SplitLong(sentence, Fits))
                    pieces.Add(part);
            }
            Flush(pieces, current);
            return pieces;
        }

        private static IEnumerable<string> SplitLong(string sentence, Func<string, bool> fits)
        {
            var current = new StringBuilder();
            foreach (var clause in Segments(sentence, ClauseEnds))
            {
                foreach (var word in clause.Length > 0 && fits(clause.Trim()) ? new[] { clause } : Words(clause))
                {
                    if (fits((current + word).Trim()))
                    {
                        current.Append(word);
                        continue;
                    }
                    if (current.ToString().Trim().Length > 0)
                        yield return current.ToString().Trim();
                    current.Clear();
                    if (fits(word.Trim()))
                    {
                        current.Append(word);
                        continue;
                    }
                    // A single "word" over the limit (e.g. a long run of Chinese without punctuation): cut it.
                    foreach (var cut in Cut(word.Trim(), fits))
                        yield return cut;
                }
            }
            if (current.ToString().Trim().Length > 0)
                yield return current.ToString().Trim();
        }

        /// <summary>The longest prefixes that fit, never splitting a surrogate pair.</summary>
        private static IEnumerable<string> Cut(string text, Func<string, bool> fits)
        {
            int start = 0;
            while (start < text.Length)
            {
                int low = start + 1, high = text.Length;
                // Binary search for the longest fitting end (fits is monotone in the length of a prefix).
                while (low < high)
                {
                    int mid = (low + high + 1) / 2;
                    if (fits(text.Substring(start, Adjust(text, mid) - start))) low = mid;
                    else high = mid - 1;
                }
                int end = Math.Max(Adjust(text, low), start + (char.IsHighSurrogate(text[start]) && start + 1 < text.Length ? 2 : 1));
                yield return text.Substring(start, end - start);
                start = end;
            }
        }

        private static int Adjust(string text, int end) =>
            end < text.Length && end > 0 && char.IsLowSurrogate(text[end]) && char.IsHighSurrogate(text[end - 1]) ? end - 1 : end;

        /// <summary>Pieces ending just after a delimiter (and the whitespace that follows it).</summary>
        private static IEnumerable<string> Segments(string text, char[] delimiters)
        {
            int start = 0;
            while (start < text.Length)
            {
                int at = text.IndexOfAny(delimiters, start);
                if (at < 0)
                {
                    yield return text.Substring(start);
                    yield break;
                }
                int end = at + 1;
                while (end < text.Length && Array.IndexOf(delimiters, text[end]) >= 0) end++; // "?!", "..."
                while (end < text.Length && char.IsWhiteSpace(text[end])) end++;
                yield return text.Substring(start, end - start);
                start = end;
            }
        }

        private static IEnumerable<string> Words(string text)
        {
            int start = 0;
            for (int i = 0; i < text.Length; i++)
            {
                if (!char.IsWhiteSpace(text[i]) || (i + 1 < text.Length && char.IsWhiteSpace(text[i + 1])))
                    continue;
                yield return text.Substring(start, i + 1 - start);
                start = i + 1;
            }
            if (start < text.Length)
                yield return text.Substring(start);
        }

        private static void Flush(List<string> pieces, StringBuilder current)
        {
            string piece = current.ToString().Trim();
            if (piece.Length > 0)
                pieces.Add(piece);
            current.Clear();
        }
    }
}
