using System;
using System.IO;

namespace VoicePrompts
{
    /// <summary>
    /// The audio stream broke off before it was complete — the connection dropped mid-body, or a server-sent event
    /// stream ended without <c>speech.audio.done</c>, a Realtime session closed after some of the read's audio reached
    /// the caller. Thrown instead of returning a silently shortened clip.
    /// </summary>
    public class SpeechStreamException : IOException
    {
        /// <summary>Creates the exception.</summary>
        public SpeechStreamException(string message, long bytesReceived, string? requestId, Exception? innerException = null)
            : base(message + $" ({bytesReceived:N0} audio bytes had arrived{(requestId is null ? "" : "; request id " + requestId)}).", innerException)
        {
            BytesReceived = bytesReceived;
            RequestId = requestId;
        }

        /// <summary>How many audio bytes arrived before the stream broke off.</summary>
        public long BytesReceived { get; }

        /// <summary>The server's <c>X-Request-ID</c>, when it sent one.</summary>
        public string? RequestId { get; }
    }
}
