using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace VoicePrompts.Realtime
{
    /// <summary>
    /// Whether what the model says it spoke is what it was asked to read, ignoring what a listener cannot hear: case,
    /// punctuation, spacing, and numbers written as digits or as English words ("3" and "three", "21" and
    /// "twenty-one"). A contraction is a rewording ("I'm" for "I am"), and so is a word added or left out.
    /// </summary>
    internal static class TranscriptComparer
    {
        public static bool Matches(string input, string? transcript) =>
            transcript is not null && Normalize(input) == Normalize(transcript);

        public static string Normalize(string text)
        {
            string t = text.Normalize(NormalizationForm.FormKC);
            var words = new List<string>();
            var word = new StringBuilder();
            void Flush()
            {
                if (word.Length == 0) return;
                string w = word.ToString();
                word.Clear();
                if (IsDigits(w) && w.Length <= 9)
                    words.AddRange(NumberWords(long.Parse(w, CultureInfo.InvariantCulture)).Split(' '));
                else
                    words.Add(w);
            }
            for (int i = 0; i < t.Length; i++)
            {
                char c = t[i];
                bool digitsBefore = word.Length > 0 && IsDigits(word.ToString());
                bool digitAfter = i + 1 < t.Length && t[i + 1] >= '0' && t[i + 1] <= '9';
                if (char.IsLetterOrDigit(c))
                    word.Append(char.ToLowerInvariant(c)); // "3rd" stays one word
                else if (c == '\'' || c == '’')
                    continue; // "I'm" becomes "im", which is still not "i am"
                else if (c == ',' && digitsBefore && digitAfter)
                    continue; // 1,000
                else if (c == '.' && digitsBefore && digitAfter)
                {
                    Flush(); // 3.5: "three point five"
                    words.Add("point");
                }
                else
                    Flush();
            }
            Flush();
            return string.Join(" ", words);
        }

        private static bool IsDigits(string w)
        {
            if (w.Length == 0) return false;
            foreach (char c in w)
                if (c < '0' || c > '9') return false;
            return true;
        }

        private static readonly string[] Ones =
        {
            "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
            "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
        };

        private static readonly string[] Tens = { "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety" };

        /// <summary>An integer below one billion in English words, without "and" or hyphens ("twenty one").</summary>
        internal static string NumberWords(long n)
        {
            if (n < 20) return Ones[n];
            if (n < 100) return Tens[n / 10] + (n % 10 == 0 ? "" : " " + Ones[n % 10]);
            if (n < 1000) return Ones[n / 100] + " hundred" + (n % 100 == 0 ? "" : " " + NumberWords(n % 100));
            if (n < 1_000_000) return NumberWords(n / 1000) + " thousand" + (n % 1000 == 0 ? "" : " " + NumberWords(n % 1000));
            return NumberWords(n / 1_000_000) + " million" + (n % 1_000_000 == 0 ? "" : " " + NumberWords(n % 1_000_000));
        }
    }
}
