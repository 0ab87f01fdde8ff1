using System;
using System.Net;

namespace VoicePrompts
{
    /// <summary>
    /// The speech server refused a request. Carries the server's error fields and request id; never the API key.
    /// </summary>
    public class SpeechApiException : Exception
    {
        /// <summary>Creates the exception.</summary>
        public SpeechApiException(HttpStatusCode statusCode, string message, string? errorType = null, string? errorCode = null, string? param = null, string? requestId = null)
            : base(Describe(statusCode, message, errorType, errorCode, param, requestId))
        {
            StatusCode = statusCode;
            ServerMessage = message;
            ErrorType = errorType;
            ErrorCode = errorCode;
            Param = param;
            RequestId = requestId;
        }

        /// <summary>The HTTP status.</summary>
        public HttpStatusCode StatusCode { get; }
        /// <summary>The server's own message (<c>error.message</c>).</summary>
        public string ServerMessage { get; }
        /// <summary><c>error.type</c>, e.g. <c>invalid_request_error</c>.</summary>
        public string? ErrorType { get; }
        /// <summary><c>error.code</c>, e.g. <c>invalid_value</c> or <c>insufficient_quota</c>.</summary>
        public string? ErrorCode { get; }
        /// <summary><c>error.param</c>: the request field at fault, if the server names one.</summary>
        public string? Param { get; }
        /// <summary>The server's <c>X-Request-ID</c>.</summary>
        public string? RequestId { get; }

        /// <summary>
        /// How long the server asked to wait before trying again, where it said so: <c>retry-after-ms</c> or
        /// <c>Retry-After</c> over HTTP, the exhausted rate limit's reset over the Realtime API. Retries honour it; it is
        /// here for the caller once they ran out.
        /// </summary>
        public TimeSpan? RetryAfter { get; init; }

        private static string Describe(HttpStatusCode status, string message, string? type, string? code, string? param, string? requestId)
        {
            string text = $"Speech request failed with HTTP {(int)status} ({status}): {message}";
            if (type is not null) text += $" [type: {type}]";
            if (code is not null) text += $" [code: {code}]";
            if (param is not null) text += $" [param: {param}]";
            if (requestId is not null) text += $" [request id: {requestId}]";
            return text;
        }
    }
}
