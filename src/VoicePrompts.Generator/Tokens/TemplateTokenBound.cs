using System;
using System.Collections.Generic;
using VoicePrompts.Shared.Tokens;

namespace VoicePrompts.Generator.Tokens
{
    /// <summary>
    /// An upper bound on the tokens of a template's rendering when every value has a bounded length: never below the
    /// true count for any values within the bounds.
    /// </summary>
    /// <remarks>
    /// Why it is sound: the rendering is static parts S0 V1 S1 … Vk Sk. The pre-tokenizer has no look-behind, so a
    /// piece that starts inside a static part and whose decision looks only inside it (its horizon) is the same piece
    /// whatever the values are; those are counted exactly. Every other piece — one that touches a value or looks past
    /// the static part — is counted at its UTF-8 byte length, and no token covers less than one byte. Where the chain
    /// of pieces enters a static part after a value is unknown, so each static part takes the worst entry point.
    /// </remarks>
    internal static class TemplateTokenBound
    {
        /// <summary>The most UTF-8 bytes one UTF-16 unit can take (a BMP character; a surrogate pair is 4 bytes for 2 units).</summary>
        public const int MaxBytesPerUtf16Unit = 3;

        /// <param name="statics">The static parts, one more than the values.</param>
        /// <param name="valueMaxBytes">The most UTF-8 bytes each value (in order of appearance) can render to.</param>
        public static long Compute(IReadOnlyList<string> statics, IReadOnlyList<long> valueMaxBytes)
        {
            if (statics.Count != valueMaxBytes.Count + 1)
                throw new ArgumentException("There must be one more static part than values.", nameof(statics));
            long total = 0;
            for (int i = 0; i < statics.Count; i++)
                total += StaticPartBound(statics[i], entryIsFixed: i == 0, endIsFixed: i == statics.Count - 1);
            foreach (long bytes in valueMaxBytes)
                total += bytes;
            return total;
        }

        private static long StaticPartBound(string part, bool entryIsFixed, bool endIsFixed)
        {
            int n = part.Length;
            if (n == 0) return 0;

            // bytesBefore[i] = UTF-8 bytes of part[0..i): a surrogate pair is 4 bytes (2 per unit), any other unit
            // 1–3 (a lone surrogate becomes U+FFFD, 3 bytes).
            var bytesBefore = new long[n + 1];
            for (int i = 0; i < n; i++)
            {
                bool pair = char.IsHighSurrogate(part[i]) && i + 1 < n && char.IsLowSurrogate(part[i + 1])
                    || char.IsLowSurrogate(part[i]) && i > 0 && char.IsHighSurrogate(part[i - 1]);
                bytesBefore[i + 1] = bytesBefore[i] + (pair ? 2 : Utf8Bytes(part[i]));
            }

            // chain[e] = bound for the pieces from e to the end of this part, when a piece starts at e.
            var chain = new long[n + 1];
            for (int e = n - 1; e >= 0; e--)
            {
                int end = O200kPreTokenizer.NextPieceEnd(part, e, out int horizon);
                chain[e] = horizon <= n || endIsFixed
                    ? O200kTokenCounter.CountPiece(part, e, end - e) + chain[end]
                    : bytesBefore[n] - bytesBefore[e];
            }
            if (entryIsFixed)
                return chain[0];

            long worst = 0;
            for (int e = 0; e <= n; e++)
                worst = Math.Max(worst, bytesBefore[e] + chain[e]);
            return worst;
        }

        private static int Utf8Bytes(char c) => c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
    }
}
