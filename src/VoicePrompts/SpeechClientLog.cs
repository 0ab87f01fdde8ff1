using System;
using Microsoft.Extensions.Logging;

namespace VoicePrompts
{
    /// <summary>The client's log messages (pre-compiled). None carries the input text or the key.</summary>
    internal static class SpeechClientLog
    {
        private static readonly Action<ILogger, int, string, double, Exception?> s_retrying = LoggerMessage.Define<int, string, double>(
            LogLevel.Warning, new EventId(1, "SpeechRetry"), "Speech request attempt {Attempt} failed ({Reason}); retrying in {DelayMs} ms");

        private static readonly Action<ILogger, int, string?, string?, string?, Exception?> s_failed = LoggerMessage.Define<int, string?, string?, string?>(
            LogLevel.Error, new EventId(2, "SpeechFailed"), "Speech request failed with HTTP {Status} (code {Code}, type {Type}, request id {RequestId})");

        private static readonly Action<ILogger, string, string, int, double, Exception?> s_completed = LoggerMessage.Define<string, string, int, double>(
            LogLevel.Debug, new EventId(3, "SpeechCompleted"), "Speech request to {Model} ({Voice}) completed: {Bytes} bytes in {DurationMs} ms");

        private static readonly Action<ILogger, string, string, Exception?> s_requestFailed = LoggerMessage.Define<string, string>(
            LogLevel.Error, new EventId(6, "SpeechRequestFailed"), "Speech request to {Model} ({Voice}) failed");

        private static readonly Action<ILogger, string, string, Exception?> s_cacheFailed = LoggerMessage.Define<string, string>(
            LogLevel.Warning, new EventId(4, "SpeechCacheFailed"), "Audio cache {Operation} failed for {Key}; synthesizing without it");

        private static readonly Action<ILogger, string, int, long, Exception?> s_cacheEntryTooLarge = LoggerMessage.Define<string, int, long>(
            LogLevel.Warning, new EventId(5, "SpeechCacheEntryTooLarge"), "Audio clip {Key} ({Bytes} bytes) is over the HybridCache's MaximumPayloadBytes ({MaxBytes}) and is not cached; raise it in AddHybridCache(o => o.MaximumPayloadBytes = …)");

        private static readonly Action<ILogger, string, Exception?> s_cacheSkippedMismatch = LoggerMessage.Define<string>(
            LogLevel.Information, new EventId(7, "SpeechCacheSkippedMismatch"), "Audio clip {Key} is not cached: its transcript did not match the input, so a later call reads it again");

        public static void CacheSkippedMismatch(ILogger logger, string key) =>
            s_cacheSkippedMismatch(logger, key, null);

        public static void CacheEntryTooLarge(ILogger logger, string key, int bytes, long maxBytes) =>
            s_cacheEntryTooLarge(logger, key, bytes, maxBytes, null);

        public static void CacheFailed(ILogger logger, string operation, string key, Exception error) =>
            s_cacheFailed(logger, operation, key, error);

        public static void Retrying(ILogger logger, int attempt, string reason, TimeSpan delay) =>
            s_retrying(logger, attempt, reason, delay.TotalMilliseconds, null);

        public static void Failed(ILogger logger, SpeechApiException error) =>
            s_failed(logger, (int)error.StatusCode, error.ErrorCode, error.ErrorType, error.RequestId, null);

        public static void Completed(ILogger logger, string model, string voice, int bytes, double durationMs) =>
            s_completed(logger, model, voice, bytes, durationMs, null);

        public static void RequestFailed(ILogger logger, string model, string voice, Exception error) =>
            s_requestFailed(logger, model, voice, error);
    }
}
