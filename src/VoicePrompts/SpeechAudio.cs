using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

using VoicePrompts.Shared;

namespace VoicePrompts
{
    /// <summary>A synthesized clip and what the server said about it.</summary>
    public sealed class SpeechAudio
    {
        /// <summary>Creates a clip.</summary>
        public SpeechAudio(ReadOnlyMemory<byte> data, AudioFormat format, string? contentType = null)
        {
            Data = data;
            Format = format;
            ContentType = contentType ?? format.ContentType;
        }

        /// <summary>The audio bytes, exactly as the server sent them.</summary>
        public ReadOnlyMemory<byte> Data { get; }

        /// <summary>The audio format.</summary>
        public AudioFormat Format { get; }

        /// <summary>The media type the server answered with.</summary>
        public string ContentType { get; }

        /// <summary>Token usage, where the server reports it (OpenAI does so only on the SSE path).</summary>
        public SpeechUsage? Usage { get; init; }

        /// <summary>The server's request id (<c>X-Request-ID</c>), for support tickets and logs.</summary>
        public string? RequestId { get; init; }

        /// <summary>Samples per second, where the format fixes it (PCM and WAV at 24 kHz, G.711 at 8 kHz); else null.</summary>
        public int? SampleRate { get; init; }

        /// <summary>
        /// How long the clip plays, where its bytes tell it: PCM and G.711 at their rate, and WAV from its header
        /// (a compatible server's rate included). Null for compressed formats (MP3, Opus, AAC, FLAC), whose length
        /// would take decoding.
        /// </summary>
        public TimeSpan? Duration
        {
            get
            {
                var bytes = Data.Span;
                if (AudioFormatFacts.Of(Format.Value) is not { } facts)
                    return null;
                int rate = SampleRate ?? facts.SampleRate, bytesPerSample = facts.BytesPerSample, samplesAt = 0;
                if (facts.IsWav)
                {
                    if (WavHeader.ReadFormat(bytes) is not { BlockAlign: > 0 } header || WavHeader.DataOffset(bytes) is not int offset)
                        return null;
                    (rate, bytesPerSample, samplesAt) = (header.SampleRate, header.BlockAlign, offset);
                }
                if (rate <= 0)
                    return null;
                return TimeSpan.FromTicks((long)Math.Round((double)(bytes.Length - samplesAt) / bytesPerSample / rate * TimeSpan.TicksPerSecond));
            }
        }

        /// <summary>What the backend says it spoke, where it says so (the Realtime API does); else null.</summary>
        public string? Transcript { get; init; }

        /// <summary>
        /// Whether <see cref="Transcript"/> reads as the input (case, punctuation and number spelling aside): true or
        /// false where the backend reports what it spoke, null where it makes no claim. Kept through every decorator and
        /// cache store; a clip whose flag is false is never cached.
        /// </summary>
        public bool? TranscriptMatchesInput { get; init; }

        /// <summary>
        /// True when the clip came from an audio cache rather than the backend: nothing was paid for it, so
        /// <see cref="Usage"/> is null.
        /// </summary>
        public bool IsCacheHit { get; init; }

        /// <summary>
        /// Writes the clip to a file. A streamed WAV carries 0xFFFFFFFF in its size fields (the length is not known
        /// while streaming); the saved file gets the real sizes so every reader accepts it.
        /// </summary>
        public async Task SaveAsync(string path, CancellationToken cancellationToken = default)
        {
            if (path is null) throw new ArgumentNullException(nameof(path));
            byte[] bytes = Data.ToArray();
            if (AudioFormatFacts.IsWavFormat(Format.Value))
                WavHeader.FixSizes(bytes);
            string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(directory))
                Directory.CreateDirectory(directory);
            using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true);
            await stream.WriteAsync(bytes, 0, bytes.Length, cancellationToken).ConfigureAwait(false);
        }
    }
}
