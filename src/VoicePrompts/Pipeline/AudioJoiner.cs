using System;
using System.Collections.Generic;
using System.IO;
using VoicePrompts.Shared;

namespace VoicePrompts
{
    /// <summary>
    /// Joins the audio of consecutive pieces of one text into one clip: PCM and G.711 at any rate (headerless samples) by concatenation, WAV of any of them by keeping the first
    /// header (sizes rewritten) and the later pieces' samples, MP3 by frames (a later piece's ID3 tag dropped). Other
    /// formats (Ogg Opus, ADTS AAC, FLAC) are containers or streams that do not join by bytes, so they are refused.
    /// </summary>
    internal static class AudioJoiner
    {
        public static bool CanJoin(AudioFormat format) => format == AudioFormat.Mp3 || AudioFormatFacts.Of(format.Value) is not null;

        public static byte[] Join(AudioFormat format, IReadOnlyList<byte[]> parts)
        {
            using var joined = new MemoryStream();
            for (int i = 0; i < parts.Count; i++)
            {
                int skip = i == 0 ? 0 : LeadingBytesToSkip(format, parts[i]) ?? 0;
                joined.Write(parts[i], skip, parts[i].Length - skip);
            }
            byte[] result = joined.ToArray();
            if (AudioFormatFacts.IsWavFormat(format.Value))
                WavHeader.FixSizes(result);
            return result;
        }

        /// <summary>
        /// How many bytes at the start of a later piece are container, not audio: the WAV header up to the samples, or
        /// an ID3v2 tag. Null while <paramref name="head"/> is too short to tell.
        /// </summary>
        public static int? LeadingBytesToSkip(AudioFormat format, byte[] head)
        {
            if (AudioFormatFacts.IsWavFormat(format.Value))
                return WavHeader.DataOffset(head);
            if (format == AudioFormat.Mp3)
            {
                if (head.Length < 10) return head.Length >= 3 && !(head[0] == 'I' && head[1] == 'D' && head[2] == '3') ? 0 : null;
                if (head[0] != 'I' || head[1] != 'D' || head[2] != '3') return 0;
                // ID3v2: 10-byte header, size as four 7-bit bytes, plus a 10-byte footer when flagged.
                int size = (head[6] & 0x7F) << 21 | (head[7] & 0x7F) << 14 | (head[8] & 0x7F) << 7 | (head[9] & 0x7F);
                return 10 + size + ((head[5] & 0x10) != 0 ? 10 : 0);
            }
            return 0;
        }
    }
}
