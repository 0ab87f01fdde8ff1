using System;
using System.Collections.Generic;

namespace VoicePrompts.Shared
{
    /// <summary>
    /// What the speech models accept, shared by the analyzers (compile time) and the client (run time) so both
    /// judge a request the same way. Facts: shared/docs/openai-speech.md.
    /// </summary>
    internal static class SpeechModelCatalog
    {
        public const string DefaultModel = "gpt-4o-mini-tts";
        public const string DefaultFormat = "mp3";
        public const double DefaultSpeed = 1.0;
        public const double MinSpeed = 0.25;
        public const double MaxSpeed = 4.0;
        public const int MaxInputCharacters = 4096;
        public const int MaxInstructionsCharacters = 4096;
        public const int MiniTtsMaxInputTokens = 2000;
        /// <summary>OpenAI's listed gpt-4o-mini-tts prices, US dollars per 1M tokens: text input, and audio output (known only after synthesis).</summary>
        public const decimal MiniTtsInputDollarsPerMillionTokens = 0.60m;
        public const decimal MiniTtsAudioOutputDollarsPerMillionTokens = 12m;

        public static readonly string[] Formats = { "mp3", "opus", "aac", "flac", "wav", "pcm" };

        /// <summary>Voices of gpt-4o-mini-tts; OpenAI recommends marin or cedar.</summary>
        public static readonly string[] MiniTtsVoices =
        {
            "alloy", "ash", "ballad", "coral", "echo", "fable", "nova", "onyx", "sage", "shimmer", "verse", "marin", "cedar",
        };

        public static readonly string[] Tts1Voices =
        {
            "alloy", "ash", "coral", "echo", "fable", "onyx", "nova", "sage", "shimmer",
        };

        public static ModelFamily GetFamily(string? model)
        {
            if (model is null) return ModelFamily.Other;
            if (string.Equals(model, "tts-1", StringComparison.Ordinal) || string.Equals(model, "tts-1-hd", StringComparison.Ordinal))
                return ModelFamily.Tts1;
            // The alias and its dated snapshots (gpt-4o-mini-tts-2025-12-15, ...).
            if (string.Equals(model, "gpt-4o-mini-tts", StringComparison.Ordinal) || model.StartsWith("gpt-4o-mini-tts-", StringComparison.Ordinal))
                return ModelFamily.MiniTts;
            return ModelFamily.Other;
        }

        /// <summary>The built-in voices of a model, or null where voices are not known (compatible servers).</summary>
        public static IReadOnlyList<string>? GetVoices(string? model) => GetFamily(model) switch
        {
            ModelFamily.MiniTts => MiniTtsVoices,
            ModelFamily.Tts1 => Tts1Voices,
            _ => null,
        };

        public static bool AcceptsInstructions(string? model) => GetFamily(model) != ModelFamily.Tts1;

        /// <summary>The input token limit of a model, or null where none is known.</summary>
        public static int? GetDefaultTokenLimit(string? model) =>
            GetFamily(model) == ModelFamily.MiniTts ? MiniTtsMaxInputTokens : (int?)null;

        /// <summary>Custom voices are sent as <c>{ "id": "voice_…" }</c> and are in no model's list.</summary>
        /// <summary>OpenAI's listed price per 1M text input tokens, or null where it is not known (hover text prints no cost then).</summary>
        public static decimal? InputDollarsPerMillionTokens(string? model) =>
            GetFamily(model) == ModelFamily.MiniTts ? MiniTtsInputDollarsPerMillionTokens : null;

        public static bool IsCustomVoiceId(string voice) => voice.StartsWith("voice_", StringComparison.Ordinal);

        public static bool IsKnownFormat(string? format) => format is not null && Array.IndexOf(Formats, format) >= 0;
    }

    internal enum ModelFamily
    {
        Other,
        MiniTts,
        Tts1,
    }
}
