using System;
using System.Net;

namespace VoicePrompts.Realtime
{
    /// <summary>Realtime <c>error</c> events and failed responses as the typed exceptions HTTP failures are.</summary>
    internal static class RealtimeErrors
    {
        /// <summary>The HTTP status an HTTP endpoint would have answered, so callers and retries treat both alike.</summary>
        /// <param name="error">The <c>error</c> event, or a failed response's error.</param>
        /// <param name="retryAfter">For a rate limit: when the session's last <c>rate_limits.updated</c> says the exhausted limit resets.</param>
        public static SpeechApiException From(RealtimeEvent error, TimeSpan? retryAfter = null)
        {
            var status = (error.ErrorType, error.ErrorCode) switch
            {
                (_, "rate_limit_exceeded") or ("rate_limit_error", _) or ("rate_limits_exceeded", _) => (HttpStatusCode)429,
                ("server_error", _) => HttpStatusCode.InternalServerError,
                ("authentication_error", _) or (_, "invalid_api_key") => HttpStatusCode.Unauthorized,
                _ => HttpStatusCode.BadRequest,
            };
            return new SpeechApiException(status, error.Message ?? error.ErrorCode ?? error.ErrorType ?? "The Realtime API reported an error.",
                error.ErrorType, error.ErrorCode, error.Param, error.ClientEventId)
            {
                RetryAfter = (int)status == 429 ? retryAfter : null,
            };
        }

    }
}
