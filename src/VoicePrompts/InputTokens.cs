using VoicePrompts.Shared.Tokens;

namespace VoicePrompts
{
    /// <summary>
    /// Counts input tokens the way <c>gpt-4o-mini-tts</c> does (the o200k_base encoding, special-token text counted
    /// as plain text) — the same counter the build-time analyzers use, so both always agree. For cost estimates
    /// and for checking rendered text against the 2,000-token limit before sending it.
    /// </summary>
    public static class InputTokens
    {
        /// <summary>The exact number of o200k_base tokens in <paramref name="text"/>. The vocabulary loads once per process.</summary>
        public static int Count(string text) => O200kTokenCounter.Count(text);

        /// <summary>
        /// True when <paramref name="text"/> has at most <paramref name="maxTokens"/> tokens; free (no vocabulary) for
        /// text of at most <paramref name="maxTokens"/> UTF-8 bytes, and stops counting once over.
        /// </summary>
        public static bool IsWithinLimit(string text, int maxTokens) => O200kTokenCounter.IsWithinLimit(text, maxTokens);
    }
}
