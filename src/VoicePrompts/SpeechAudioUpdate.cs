using System;

namespace VoicePrompts
{
    /// <summary>
    /// A piece of a streamed clip, in the order the transport delivered it. Every stream ends with exactly one update
    /// whose <see cref="IsFinal"/> is set; it may carry no audio, only what the backend reports once it has finished.
    /// </summary>
    public sealed class SpeechAudioUpdate
    {
        /// <summary>Creates an update.</summary>
        public SpeechAudioUpdate(ReadOnlyMemory<byte> data, AudioFormat format)
        {
            Data = data;
            Format = format;
        }

        /// <summary>The audio bytes of this piece; empty on a final update that only reports.</summary>
        public ReadOnlyMemory<byte> Data { get; }

        /// <summary>The audio format of the whole stream.</summary>
        public AudioFormat Format { get; }

        /// <summary>Samples per second, where the format fixes it (PCM and WAV at 24 kHz, G.711 at 8 kHz); else null.</summary>
        public int? SampleRate { get; init; }

        /// <summary>True on the last update of the stream.</summary>
        public bool IsFinal { get; init; }

        /// <summary>The backend's request id, when it gives one.</summary>
        public string? RequestId { get; init; }

        /// <summary>Token usage; on the final update, where the backend reports it.</summary>
        public SpeechUsage? Usage { get; init; }

        /// <summary>What the backend says it spoke; on the final update, where the backend reports it.</summary>
        public string? Transcript { get; init; }

        /// <summary>On the final update: whether the transcript reads as the input; null where there is no transcript.</summary>
        public bool? TranscriptMatchesInput { get; init; }

        /// <summary>On the final update: true when the stream was served from an audio cache (its <see cref="Usage"/> is then null).</summary>
        public bool IsCacheHit { get; init; }
    }
}
