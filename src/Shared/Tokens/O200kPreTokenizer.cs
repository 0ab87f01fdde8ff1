using System.Globalization;

namespace VoicePrompts.Shared.Tokens
{
    /// <summary>
    /// Splits text into the pieces o200k_base encodes one by one — the same pieces as tiktoken's pattern
    /// <code>
    /// [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?
    /// |[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?
    /// |\p{N}{1,3}
    /// | ?[^\s\p{L}\p{N}]+[\r\n/]*
    /// |\s*[\r\n]+
    /// |\s+(?!\S)
    /// |\s+
    /// </code>
    /// evaluated with backtracking, leftmost-first — but hand-written over Unicode code points.
    /// </summary>
    /// <remarks>
    /// Hand-written rather than a .NET <c>Regex</c> for exactness: .NET's regex engine matches UTF-16 code units, so
    /// <c>\p{L}</c> does not match a letter outside the Basic Multilingual Plane (𝐇, 𠮷) and a .NET regex port
    /// miscounts text where such a letter meets a contraction. Each alternative below is the regex's backtracking
    /// outcome worked out in closed form; the comments name the alternative. Categories come from the running .NET's
    /// Unicode tables; <c>\s</c> is Unicode White_Space, as in Rust's regex crate that tiktoken uses.
    /// </remarks>
    internal static class O200kPreTokenizer
    {
        /// <summary>The end (exclusive, in UTF-16 units) of the piece that starts at <paramref name="start"/>.</summary>
        public static int NextPieceEnd(string text, int start) => NextPieceEnd(text, start, out _);

        /// <summary>
        /// The end of the piece that starts at <paramref name="start"/>, and its <paramref name="horizon"/>: the piece
        /// depends only on <c>text[start..horizon)</c>; a horizon of <c>text.Length + 1</c> means it also depends on
        /// the text ending there. (The pattern has no look-behind, so nothing before <paramref name="start"/> matters.)
        /// Used to bound templated prompts: a piece whose horizon stays inside a static part of a template is the same
        /// whatever values are rendered around it.
        /// </summary>
        public static int NextPieceEnd(string text, int start, out int horizon)
        {
            horizon = start;
            var first = Read(text, start, ref horizon);
            int afterFirst = start + first.Length;

            // 1: optional prefix, upper-ish letters, then at least one lower-ish letter, optional contraction.
            if (first.IsPrefix && TryLowerWord(text, afterFirst, ref horizon, out int end)) return end;
            if (TryLowerWord(text, start, ref horizon, out end)) return end;

            // 2: optional prefix, at least one upper-ish letter, then lower-ish letters, optional contraction.
            if (first.IsPrefix && More(text, afterFirst, ref horizon) && Read(text, afterFirst, ref horizon).IsUpperish) return UpperWordEnd(text, afterFirst, ref horizon);
            if (first.IsUpperish) return UpperWordEnd(text, start, ref horizon);

            // 3: one to three numbers.
            if (first.IsNumber)
            {
                end = afterFirst;
                for (int n = 1; n < 3 && More(text, end, ref horizon); n++)
                {
                    var next = Read(text, end, ref horizon);
                    if (!next.IsNumber) break;
                    end += next.Length;
                }
                return end;
            }

            // 4: optional space, symbols/punctuation, then any \r \n /.
            if (first.Value == ' ' && More(text, afterFirst, ref horizon) && Read(text, afterFirst, ref horizon).IsSymbol) return SymbolRunEnd(text, afterFirst, ref horizon);
            if (first.IsSymbol) return SymbolRunEnd(text, start, ref horizon);

            // What is left starts with whitespace. W = the whole whitespace run (all White_Space is in the BMP).
            int runEnd = start;
            int lastNewline = -1;
            while (More(text, runEnd, ref horizon) && IsWhiteSpace(Look(text, runEnd, ref horizon)))
            {
                if (text[runEnd] == '\r' || text[runEnd] == '\n') lastNewline = runEnd;
                runEnd++;
            }
            // 5: \s*[\r\n]+ — the run up to and including its last line break.
            if (lastNewline >= 0) return lastNewline + 1;
            // 6: \s+(?!\S) — the whole run at the end of the text, else all but its last character (which then
            // prefixes the next word).
            if (runEnd == text.Length) return runEnd;
            if (runEnd - start > 1) return runEnd - 1;
            // 7: \s+
            return runEnd;
        }

        /// <summary>Alternative 1's body from <paramref name="start"/>: [U]*[L]+ contraction?</summary>
        private static bool TryLowerWord(string text, int start, ref int horizon, out int end)
        {
            end = start;
            // U* takes the longest run; the regex then backtracks to the last position where L+ can start.
            int runEnd = start;
            while (More(text, runEnd, ref horizon))
            {
                var c = Read(text, runEnd, ref horizon);
                if (!c.IsUpperish) break;
                runEnd += c.Length;
            }
            int lowerStart = -1;
            if (More(text, runEnd, ref horizon) && Read(text, runEnd, ref horizon).IsLowerish)
            {
                lowerStart = runEnd;
            }
            else
            {
                for (int i = runEnd; i > start;)
                {
                    int previous = i - 1;
                    if (previous > start && char.IsLowSurrogate(text[previous]) && char.IsHighSurrogate(text[previous - 1])) previous--;
                    if (Read(text, previous, ref horizon).IsLowerish) { lowerStart = previous; break; }
                    i = previous;
                }
            }
            if (lowerStart < 0) return false;

            end = lowerStart;
            while (More(text, end, ref horizon))
            {
                var c = Read(text, end, ref horizon);
                if (!c.IsLowerish) break;
                end += c.Length;
            }
            end = AfterContraction(text, end, ref horizon);
            return true;
        }

        /// <summary>Alternative 2's body from <paramref name="start"/> (which is upper-ish): [U]+[L]* contraction?</summary>
        private static int UpperWordEnd(string text, int start, ref int horizon)
        {
            int end = start;
            while (More(text, end, ref horizon))
            {
                var c = Read(text, end, ref horizon);
                if (!c.IsUpperish) break;
                end += c.Length;
            }
            while (More(text, end, ref horizon))
            {
                var c = Read(text, end, ref horizon);
                if (!c.IsLowerish) break;
                end += c.Length;
            }
            return AfterContraction(text, end, ref horizon);
        }

        private static int SymbolRunEnd(string text, int start, ref int horizon)
        {
            int end = start;
            while (More(text, end, ref horizon))
            {
                var c = Read(text, end, ref horizon);
                if (!c.IsSymbol) break;
                end += c.Length;
            }
            while (More(text, end, ref horizon) && Look(text, end, ref horizon) is '\r' or '\n' or '/')
                end++;
            return end;
        }

        /// <summary>(?i:'s|'t|'re|'ve|'m|'ll|'d) — case-insensitive as Rust's regex folds case, where 's' also matches 'ſ'.</summary>
        private static int AfterContraction(string text, int at, ref int horizon)
        {
            if (!More(text, at, ref horizon) || Look(text, at, ref horizon) != '\'' || !More(text, at + 1, ref horizon))
                return at;
            char a = Look(text, at + 1, ref horizon);
            char b = a is 'r' or 'R' or 'v' or 'V' or 'l' or 'L' && More(text, at + 2, ref horizon) ? Look(text, at + 2, ref horizon) : '\0';
            switch (a)
            {
                case 's': case 'S': case '\u017F':
                case 't': case 'T':
                case 'm': case 'M':
                case 'd': case 'D':
                    return at + 2;
                case 'r': case 'R':
                case 'v': case 'V':
                    return b is 'e' or 'E' ? at + 3 : at;
                case 'l': case 'L':
                    return b is 'l' or 'L' ? at + 3 : at;
                default:
                    return at;
            }
        }

        /// <summary>Unicode White_Space (what <c>\s</c> matches in Rust's regex crate).</summary>
        internal static bool IsWhiteSpace(char c) => c switch
        {
            ' ' or '\t' or '\n' or '\v' or '\f' or '\r' => true,
            '\u0085' or '\u00A0' or '\u1680' or '\u2028' or '\u2029' or '\u202F' or '\u205F' or '\u3000' => true,
            _ => c >= '\u2000' && c <= '\u200A',
        };

        /// <summary>Whether <paramref name="index"/> is inside the text; seeing the end extends the horizon past it.</summary>
        private static bool More(string text, int index, ref int horizon)
        {
            if (index < text.Length) return true;
            horizon = text.Length + 1;
            return false;
        }

        private static char Look(string text, int index, ref int horizon)
        {
            if (index + 1 > horizon) horizon = index + 1;
            return text[index];
        }

        private static CodePoint Read(string text, int index, ref int horizon)
        {
            char c = Look(text, index, ref horizon);
            if (c < 0x80)
                return new CodePoint(c, 1, AsciiCategories[c]);
            int length = char.IsHighSurrogate(c) && More(text, index + 1, ref horizon) && char.IsLowSurrogate(Look(text, index + 1, ref horizon)) ? 2 : 1;
            if (length == 1)
                // A lone surrogate is category Surrogate, which classifies like U+FFFD (what it becomes in UTF-8): a symbol.
                return new CodePoint(c, 1, CharUnicodeInfo.GetUnicodeCategory(c));
            // A surrogate pair is one code point, categorized as such.
            return new CodePoint(char.ConvertToUtf32(c, text[index + 1]), 2, CharUnicodeInfo.GetUnicodeCategory(text, index));
        }

        private static readonly UnicodeCategory[] AsciiCategories = BuildAsciiCategories();

        private static UnicodeCategory[] BuildAsciiCategories()
        {
            var categories = new UnicodeCategory[128];
            for (int i = 0; i < categories.Length; i++)
                categories[i] = CharUnicodeInfo.GetUnicodeCategory((char)i);
            return categories;
        }

        private readonly struct CodePoint
        {
            public CodePoint(int value, int length, UnicodeCategory category)
            {
                Value = value;
                Length = length;
                Category = category;
            }

            public int Value { get; }

            public int Length { get; }

            public UnicodeCategory Category { get; }

            private bool IsMark => Category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;

            private bool IsLetter => Category is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter;

            public bool IsNumber => Category is UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber;

            /// <summary>[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]</summary>
            public bool IsUpperish => Category is UnicodeCategory.UppercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter || IsMark;

            /// <summary>[\p{Ll}\p{Lm}\p{Lo}\p{M}]</summary>
            public bool IsLowerish => Category is UnicodeCategory.LowercaseLetter or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter || IsMark;

            /// <summary>[^\r\n\p{L}\p{N}] — the optional one-character prefix of a word.</summary>
            public bool IsPrefix => Value != '\r' && Value != '\n' && !IsLetter && !IsNumber;

            /// <summary>[^\s\p{L}\p{N}]</summary>
            public bool IsSymbol => !(Value < 0x10000 && IsWhiteSpace((char)Value)) && !IsLetter && !IsNumber;
        }
    }
}
