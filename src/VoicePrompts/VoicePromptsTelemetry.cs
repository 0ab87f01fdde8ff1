using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace VoicePrompts
{
    /// <summary>
    /// The <see cref="ActivitySource"/> and <see cref="Meter"/> named <c>VoicePrompts</c>. Subscribe to both with
    /// OpenTelemetry (<c>AddSource("VoicePrompts")</c>, <c>AddMeter("VoicePrompts")</c>) or any listener. Neither carries the
    /// input text, the instructions or the API key — only model, voice, format, sizes, status and request id.
    /// </summary>
    public static class VoicePromptsTelemetry
    {
        /// <summary>The name of the activity source and the meter.</summary>
        public const string Name = "VoicePrompts";

        /// <summary>One activity per speech request (<c>voiceprompts.speech</c>), retries included.</summary>
        internal static readonly ActivitySource ActivitySource = new(Name, typeof(VoicePromptsTelemetry).Assembly.GetName().Version?.ToString(3));

        /// <summary>The meter of every instrument below.</summary>
        internal static readonly Meter Meter = new(Name, typeof(VoicePromptsTelemetry).Assembly.GetName().Version?.ToString(3));

        internal static readonly Counter<long> Requests = Meter.CreateCounter<long>("voiceprompts.requests", "{request}", "Speech requests made, by model and outcome.");
        internal static readonly Counter<long> Errors = Meter.CreateCounter<long>("voiceprompts.errors", "{error}", "Speech requests that failed, by model and error type.");
        internal static readonly Counter<long> Retries = Meter.CreateCounter<long>("voiceprompts.retries", "{retry}", "Attempts repeated after a transient failure.");
        internal static readonly Histogram<double> TimeToFirstByte = Meter.CreateHistogram<double>("voiceprompts.time_to_first_byte", "s", "From sending the request to the first audio byte.");
        internal static readonly Counter<long> AudioBytes = Meter.CreateCounter<long>("voiceprompts.audio.bytes", "By", "Audio bytes received.");
        internal static readonly Counter<long> InputTokens = Meter.CreateCounter<long>("voiceprompts.input_tokens", "{token}", "Input tokens sent (o200k_base count, or the server's usage when reported).");

        internal static readonly Counter<long> FidelityMismatches = Meter.CreateCounter<long>("voiceprompts.fidelity.mismatches", "{read}", "Realtime reads whose transcript was not the input (or that had no audio).");

        internal static readonly Counter<long> CacheHits = Meter.CreateCounter<long>("voiceprompts.cache.hits", "{hit}", "Clips served from the audio cache.");
        internal static readonly Counter<long> CacheMisses = Meter.CreateCounter<long>("voiceprompts.cache.misses", "{miss}", "Clips synthesized because the cache had none.");
        internal static readonly Counter<long> CacheErrors = Meter.CreateCounter<long>("voiceprompts.cache.errors", "{error}", "Cache reads or writes that failed (synthesis went on).");

        internal static KeyValuePair<string, object?> Model(string model) => new("voiceprompts.model", model);
    }
}
