using System;
using System.Collections.Generic;

namespace VoicePrompts.Shared
{
    /// <summary>
    /// Every fact about a speech model, in one table read by the analyzers (compile time), the runtime validator,
    /// the hover docs, pre-rendering and cost estimates, so build and run time judge a request the same way.
    /// Facts: shared/docs/openai-speech.md and shared/docs/openai-realtime.md. Dates and prices are data: when a
    /// provider moves them, this file is the one change.
    /// </summary>
    internal static class SpeechModelCatalog
    {
        public const string DefaultModel = "gpt-4o-mini-tts";
        public const string DefaultFormat = "mp3";
        public const double DefaultSpeed = 1.0;
        public const int MaxInstructionsCharacters = 4096;

        /// <summary>The speech endpoint's character limit on <c>input</c>, for every model it serves.</summary>
        public const int SpeechEndpointMaxInputCharacters = 4096;

        /// <summary>What the speech endpoint makes itself.</summary>
        public static readonly string[] SpeechFormats = { "mp3", "opus", "aac", "flac", "wav", "pcm" };

        /// <summary>What the Realtime API makes itself (<c>audio/pcm</c>, <c>audio/pcmu</c>, <c>audio/pcma</c>), WAV being a header the client adds.</summary>
        public static readonly string[] RealtimeFormats = { "pcm", "wav", "pcmu", "pcma", "wav_pcmu", "wav_pcma" };

        /// <summary>What VoicePrompts makes from a Realtime read's 24 kHz PCM: narrow-band PCM, bare or in WAV.</summary>
        public static readonly string[] RealtimeConvertedFormats = { "pcm_8000", "pcm_16000", "wav_8000", "wav_16000" };

        /// <summary>Voices of gpt-4o-mini-tts; OpenAI recommends marin or cedar.</summary>
        public static readonly string[] MiniTtsVoices =
        {
            "alloy", "ash", "ballad", "coral", "echo", "fable", "nova", "onyx", "sage", "shimmer", "verse", "marin", "cedar",
        };

        public static readonly string[] Tts1Voices =
        {
            "alloy", "ash", "coral", "echo", "fable", "onyx", "nova", "sage", "shimmer",
        };

        /// <summary>The Realtime API's voices: the speech endpoint's fable, nova and onyx do not exist there.</summary>
        public static readonly string[] RealtimeVoices =
        {
            "alloy", "ash", "ballad", "coral", "echo", "sage", "shimmer", "verse", "marin", "cedar",
        };

        /// <summary>OpenAI's shutdown of tts-1, tts-1-hd and gpt-4o-mini-tts on its own service.</summary>
        public static readonly DateTime OpenAISpeechShutdown = new(2027, 1, 6);

        /// <summary>Azure OpenAI's retirement of gpt-4o-mini-tts (2025-12-15), per Microsoft's retirement table.</summary>
        public static readonly DateTime AzureMiniTtsRetirement = new(2027, 6, 15);

        /// <summary>The successor OpenAI names for speech after <see cref="OpenAISpeechShutdown"/>.</summary>
        public const string RealtimeSuccessor = "gpt-realtime-2.1-mini";

        private static readonly ModelFacts MiniTts = new(
            "gpt-4o-mini-tts", SpeechTransport.Speech, MaxInputTokens: 2000, SpeechEndpointMaxInputCharacters, MiniTtsVoices,
            MinSpeed: 0.25, MaxSpeed: 4.0, SpeechFormats, AcceptsInstructions: true, ServerSentEvents: true,
            InputDollarsPerMillionTokens: 0.60m, AudioOutputDollarsPerMillionTokens: 12m, OpenAISpeechShutdown)
        {
            // The speech endpoint's output tokens are all audio.
            TextOutputDollarsPerMillionTokens = 12m,
            ConvertedFormats = AudioFormatFacts.TelephonyFormats,
        };

        private static readonly ModelFacts Tts1 = new(
            "tts-1", SpeechTransport.Speech, MaxInputTokens: null, SpeechEndpointMaxInputCharacters, Tts1Voices,
            MinSpeed: 0.25, MaxSpeed: 4.0, SpeechFormats, AcceptsInstructions: false, ServerSentEvents: false,
            InputDollarsPerMillionTokens: null, AudioOutputDollarsPerMillionTokens: null, OpenAISpeechShutdown)
        {
            ConvertedFormats = AudioFormatFacts.TelephonyFormats,
        };

        // No fixed input limit: long text is split per response (long inputs drift), so none is enforced here.
        private static readonly ModelFacts Realtime = new(
            "gpt-realtime", SpeechTransport.Realtime, MaxInputTokens: null, MaxInputCharacters: null, RealtimeVoices,
            MinSpeed: 0.25, MaxSpeed: 1.5, RealtimeFormats, AcceptsInstructions: true, ServerSentEvents: false,
            InputDollarsPerMillionTokens: 0.60m, AudioOutputDollarsPerMillionTokens: 20m, ShutdownDate: null)
        {
            // gpt-realtime-2.1-mini (docs/openai-realtime.md, "Cost"): the instructions bill as text input, the
            // transcript as text output.
            TextOutputDollarsPerMillionTokens = 2.40m,
            AudioInputDollarsPerMillionTokens = 10m,
            ConvertedFormats = RealtimeConvertedFormats,
        };

        // Another gpt-realtime model: the same API and limits, but no price is listed for it, so none is guessed.
        private static readonly ModelFacts RealtimeUnpriced = Realtime with
        {
            InputDollarsPerMillionTokens = null, AudioOutputDollarsPerMillionTokens = null,
            TextOutputDollarsPerMillionTokens = null, AudioInputDollarsPerMillionTokens = null,
        };

        // A compatible server's own model: the endpoint's limits, nothing else assumed. No server is known to make
        // G.711, so the telephony formats are made from its WAV (whose header tells the rate).
        private static readonly ModelFacts Other = new(
            "other", SpeechTransport.Speech, MaxInputTokens: null, SpeechEndpointMaxInputCharacters, Voices: null,
            MinSpeed: 0.25, MaxSpeed: 4.0, Formats: null, AcceptsInstructions: true, ServerSentEvents: true,
            InputDollarsPerMillionTokens: null, AudioOutputDollarsPerMillionTokens: null, ShutdownDate: null)
        {
            ConvertedFormats = AudioFormatFacts.TelephonyFormats,
        };

        /// <summary>The facts of <paramref name="model"/> (after aliases are resolved): its family's row.</summary>
        public static ModelFacts Get(string? model) => GetFamily(model) switch
        {
            ModelFamily.MiniTts => MiniTts,
            ModelFamily.Tts1 => Tts1,
            ModelFamily.Realtime => IsPricedRealtime(model!) ? Realtime : RealtimeUnpriced,
            _ => Other,
        };

        /// <summary>The realtime model whose prices docs/openai-realtime.md lists, and its dated snapshots.</summary>
        private static bool IsPricedRealtime(string model) =>
            string.Equals(model, RealtimeSuccessor, StringComparison.Ordinal) || model.StartsWith(RealtimeSuccessor + "-", StringComparison.Ordinal);

        public static ModelFamily GetFamily(string? model)
        {
            if (model is null) return ModelFamily.Other;
            if (string.Equals(model, "tts-1", StringComparison.Ordinal) || string.Equals(model, "tts-1-hd", StringComparison.Ordinal))
                return ModelFamily.Tts1;
            // The alias and its dated snapshots (gpt-4o-mini-tts-2025-12-15, ...).
            if (string.Equals(model, "gpt-4o-mini-tts", StringComparison.Ordinal) || model.StartsWith("gpt-4o-mini-tts-", StringComparison.Ordinal))
                return ModelFamily.MiniTts;
            if (model.StartsWith("gpt-realtime", StringComparison.Ordinal))
                return ModelFamily.Realtime;
            return ModelFamily.Other;
        }

        /// <summary>
        /// The model a name stands for: a deployment name mapped by <c>VoicePromptsModelAliases</c>
        /// (<c>my-deployment=gpt-4o-mini-tts</c>) is checked as the model it runs; any other name is itself.
        /// </summary>
        public static string Resolve(string model, IReadOnlyDictionary<string, string>? aliases) =>
            aliases is not null && aliases.TryGetValue(model, out var target) ? target : model;

        /// <summary>
        /// Parses <c>name=model;name=model</c> (commas also separate). Entries without a name or a model are skipped:
        /// the analyzers report the setting, the runtime never fails on it.
        /// </summary>
        public static Dictionary<string, string> ParseAliases(string? text)
        {
            var aliases = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (name, target) in Entries(text))
                if (target.Length > 0)
                    aliases[name] = target;
            return aliases;
        }

        /// <summary>
        /// Parses <c>model=limit;model=limit</c> (commas also separate). A limit of 0 or <c>none</c> turns the token check
        /// off for that model (stored as 0); malformed entries are skipped.
        /// </summary>
        public static Dictionary<string, int> ParseTokenLimits(string? text)
        {
            var limits = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var (name, value) in Entries(text))
            {
                if (int.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int limit) && limit >= 0)
                    limits[name] = limit;
                else if (string.Equals(value, "none", StringComparison.OrdinalIgnoreCase))
                    limits[name] = 0;
            }
            return limits;
        }

        /// <summary>The <c>name=value</c> entries of an MSBuild list property (<c>;</c> or <c>,</c> between them), trimmed; entries without a name are skipped.</summary>
        private static IEnumerable<(string Name, string Value)> Entries(string? text)
        {
            if (string.IsNullOrWhiteSpace(text)) yield break;
            foreach (var entry in text!.Split(new[] { ';', ',' }, StringSplitOptions.RemoveEmptyEntries))
            {
                int equals = entry.IndexOf('=');
                if (equals <= 0) continue;
                string name = entry.Substring(0, equals).Trim();
                if (name.Length > 0)
                    yield return (name, entry.Substring(equals + 1).Trim());
            }
        }

        /// <summary>
        /// The input token limit that applies to a model as written: the project's limit for that name, else for the
        /// model it is an alias of, else the catalog's. Null for no token check (a project limit of 0 says so).
        /// </summary>
        public static int? TokenLimit(string model, IReadOnlyDictionary<string, string>? aliases, IReadOnlyDictionary<string, int>? limits)
        {
            string resolved = Resolve(model, aliases);
            if (limits is not null && (limits.TryGetValue(model, out int limit) || limits.TryGetValue(resolved, out limit)))
                return limit > 0 ? limit : null;
            return Get(resolved).MaxInputTokens;
        }

        /// <summary>Custom voices are sent as <c>{ "id": "voice_…" }</c> and are in no model's list.</summary>
        public static bool IsCustomVoiceId(string voice) => voice.StartsWith("voice_", StringComparison.Ordinal);

        /// <summary>Samples per second where the format fixes it: PCM and WAV at 24 kHz, G.711 at 8 kHz, <c>pcm_8000</c> at 8 kHz…; else null.</summary>
        public static int? SampleRateOf(string? format) => AudioFormatFacts.Of(format)?.SampleRate;
    }

    /// <summary>How a model is reached.</summary>
    internal enum SpeechTransport
    {
        /// <summary>HTTP <c>POST /v1/audio/speech</c>.</summary>
        Speech,

        /// <summary>The Realtime API over WebSocket.</summary>
        Realtime,
    }

    internal enum ModelFamily
    {
        Other,
        MiniTts,
        Tts1,
        Realtime,
    }

    /// <summary>One row of the model catalog. A null limit or list means "not checked".</summary>
    internal sealed record ModelFacts(
        string Family,
        SpeechTransport Transport,
        int? MaxInputTokens,
        int? MaxInputCharacters,
        IReadOnlyList<string>? Voices,
        double MinSpeed,
        double MaxSpeed,
        IReadOnlyList<string>? Formats,
        bool AcceptsInstructions,
        bool ServerSentEvents,
        decimal? InputDollarsPerMillionTokens,
        decimal? AudioOutputDollarsPerMillionTokens,
        DateTime? ShutdownDate)
    {
        /// <summary>Text output per 1M tokens (a Realtime transcript); null where unknown.</summary>
        public decimal? TextOutputDollarsPerMillionTokens { get; init; }

        /// <summary>Audio input per 1M tokens; null where unknown (VoicePrompts sends text).</summary>
        public decimal? AudioInputDollarsPerMillionTokens { get; init; }

        /// <summary>
        /// Formats the model does not make but VoicePrompts makes from its 24 kHz PCM while it streams (low-pass,
        /// resampling, G.711): accepted like <see cref="Formats"/>, named apart in messages.
        /// </summary>
        public IReadOnlyList<string>? ConvertedFormats { get; init; }

        /// <summary>
        /// Tokens at list price in US dollars, or null when a needed price is unknown. A split the backend did not report
        /// is priced as text in and audio out, which is what a read is.
        /// </summary>
        public decimal? Price(int inputTokens, int outputTokens, int? inputTextTokens, int? inputAudioTokens, int? outputTextTokens, int? outputAudioTokens)
        {
            if (InputDollarsPerMillionTokens is not decimal textIn || AudioOutputDollarsPerMillionTokens is not decimal audioOut)
                return null;
            decimal textOut = TextOutputDollarsPerMillionTokens ?? audioOut;
            decimal audioIn = AudioInputDollarsPerMillionTokens ?? textIn;
            decimal input = inputTextTokens is int ti && inputAudioTokens is int ai ? ti * textIn + ai * audioIn : inputTokens * textIn;
            decimal output = outputTextTokens is int to && outputAudioTokens is int ao ? to * textOut + ao * audioOut : outputTokens * audioOut;
            return (input + output) / 1_000_000m;
        }

        public bool AcceptsFormat(string format) => Formats is null || IndexOf(Formats, format) >= 0 || IsConverted(format);

        /// <summary>True when VoicePrompts, not the model, makes <paramref name="format"/>.</summary>
        public bool IsConverted(string format) =>
            ConvertedFormats is not null && IndexOf(ConvertedFormats, format) >= 0 && (Formats is null || IndexOf(Formats, format) < 0);

        /// <summary>
        /// The formats accepted, for a message, native ones apart from converted ones: "mp3, …, pcm (its own) or pcmu, …
        /// (made by VoicePrompts from its 24 kHz PCM)".
        /// </summary>
        public string DescribeFormats()
        {
            string native = Formats is null ? "any its server makes" : string.Join(", ", Formats);
            return ConvertedFormats is { Count: > 0 } converted
                ? native + " (its own) or " + string.Join(", ", converted) + " (made by VoicePrompts from its 24 kHz PCM)"
                : native;
        }

        public bool AcceptsSpeed(double speed) => !double.IsNaN(speed) && speed >= MinSpeed && speed <= MaxSpeed;

        private static int IndexOf(IReadOnlyList<string> list, string value)
        {
            for (int i = 0; i < list.Count; i++)
                if (string.Equals(list[i], value, StringComparison.Ordinal)) return i;
            return -1;
        }
    }
}
