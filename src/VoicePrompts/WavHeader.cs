using System;

namespace VoicePrompts
{
    /// <summary>RIFF/WAVE header repair for clips whose size fields were unknown while streaming.</summary>
    internal static class WavHeader
    {
        /// <summary>
        /// Sets the RIFF size and the <c>data</c> chunk size from the actual length. Walks the chunks rather than
        /// assuming a 44-byte header, since servers may add chunks such as <c>LIST</c>.
        /// </summary>
        /// <returns>True when the header was recognized.</returns>
        public static bool FixSizes(byte[] wav)
        {
            if (wav.Length < 12 || !Is(wav, 0, "RIFF") || !Is(wav, 8, "WAVE") || DataOffset(wav) is not int samples)
                return false;
            WriteUInt32(wav, 4, (uint)(wav.Length - 8));
            WriteUInt32(wav, samples - 4, (uint)(wav.Length - samples));
            return true;
        }

        /// <summary>Where the samples start (just after the <c>data</c> chunk header), or null while not yet known.</summary>
        public static int? DataOffset(byte[] wav)
        {
            if (wav.Length < 12)
                return null;
            if (!Is(wav, 0, "RIFF") || !Is(wav, 8, "WAVE"))
                return 0; // not a RIFF header: nothing to skip
            int offset = 12;
            while (offset + 8 <= wav.Length)
            {
                if (Is(wav, offset, "data"))
                    return offset + 8;
                uint size = BitConverter.ToUInt32(wav, offset + 4);
                offset = (int)Math.Min(int.MaxValue, offset + 8L + size + (size & 1));
            }
            return null;
        }

        /// <summary>The sample rate in the <c>fmt </c> chunk, or null when the bytes do not (yet) hold one.</summary>
        public static int? SampleRate(ReadOnlySpan<byte> wav)
        {
            if (wav.Length < 12 || !Is(wav, 0, "RIFF") || !Is(wav, 8, "WAVE"))
                return null;
            int offset = 12;
            while (offset + 16 <= wav.Length)
            {
                uint size = ReadUInt32(wav, offset + 4);
                if (Is(wav, offset, "fmt "))
                    return (int)Math.Min(int.MaxValue, ReadUInt32(wav, offset + 12)); // after format tag and channel count
                offset = (int)Math.Min(int.MaxValue, offset + 8L + size + (size & 1));
            }
            return null;
        }

        private static uint ReadUInt32(ReadOnlySpan<byte> b, int offset) =>
            (uint)(b[offset] | b[offset + 1] << 8 | b[offset + 2] << 16 | b[offset + 3] << 24);

        private static bool Is(ReadOnlySpan<byte> b, int offset, string tag) =>
            b[offset] == tag[0] && b[offset + 1] == tag[1] && b[offset + 2] == tag[2] && b[offset + 3] == tag[3];

        /// <summary>
        /// A 44-byte header for 16-bit mono PCM at <paramref name="sampleRate"/>; with no <paramref name="dataLength"/>
        /// the sizes are 0xFFFFFFFF, as OpenAI's streamed WAV has them (<see cref="FixSizes"/> sets them on save).
        /// </summary>
        public static byte[] ForPcm16Mono(int sampleRate, int? dataLength)
        {
            var header = new byte[44];
            "RIFF"u8.CopyTo(header);
            WriteUInt32(header, 4, dataLength is int n ? (uint)(36 + n) : uint.MaxValue);
            "WAVEfmt "u8.CopyTo(header.AsSpan(8));
            WriteUInt32(header, 16, 16);                      // fmt chunk size
            WriteUInt32(header, 20, 1 | 1 << 16);             // PCM, mono
            WriteUInt32(header, 24, (uint)sampleRate);
            WriteUInt32(header, 28, (uint)sampleRate * 2);    // bytes per second
            WriteUInt32(header, 32, 2 | 16 << 16);            // block align, bits per sample
            "data"u8.CopyTo(header.AsSpan(36));
            WriteUInt32(header, 40, dataLength is int m ? (uint)m : uint.MaxValue);
            return header;
        }

        private static void WriteUInt32(byte[] b, int offset, uint value)
        {
            b[offset] = (byte)value;
            b[offset + 1] = (byte)(value >> 8);
            b[offset + 2] = (byte)(value >> 16);
            b[offset + 3] = (byte)(value >> 24);
        }
    }
}
