using System;
using VoicePrompts.Shared;

namespace VoicePrompts
{
    /// <summary>RIFF/WAVE headers: written for the formats VoicePrompts makes, read from servers', repaired after streaming.</summary>
    internal static class WavHeader
    {
        private const ushort FormatPcm = 1;
        private const ushort FormatALaw = 6;
        private const ushort FormatMuLaw = 7;
        private const ushort FormatExtensible = 0xFFFE;

        /// <summary>
        /// Sets the RIFF size, the <c>data</c> chunk size and (for G.711) the <c>fact</c> chunk's sample count from the
        /// actual length. Walks the chunks rather than assuming a 44-byte header, since servers may add chunks such as <c>LIST</c>.
        /// </summary>
        /// <returns>True when the header was recognized.</returns>
        public static bool FixSizes(byte[] wav)
        {
            if (wav.Length < 12 || !Is(wav, 0, "RIFF") || !Is(wav, 8, "WAVE") || DataOffset(wav) is not int samples)
                return false;
            WriteUInt32(wav, 4, (uint)(wav.Length - 8));
            WriteUInt32(wav, samples - 4, (uint)(wav.Length - samples));
            if (FindChunk(wav, "fact") is int fact && ReadFormat(wav) is { } format && format.BlockAlign > 0)
                WriteUInt32(wav, fact + 8, (uint)((wav.Length - samples) / format.BlockAlign));
            return true;
        }

        /// <summary>Where the samples start (just after the <c>data</c> chunk header), or null while not yet known.</summary>
        public static int? DataOffset(ReadOnlySpan<byte> wav)
        {
            if (wav.Length < 12)
                return null;
            if (!Is(wav, 0, "RIFF") || !Is(wav, 8, "WAVE"))
                return 0; // not a RIFF header: nothing to skip
            return FindChunk(wav, "data") is int data ? data + 8 : null;
        }

        /// <summary>The sample rate in the <c>fmt </c> chunk, or null when the bytes do not (yet) hold one.</summary>
        public static int? SampleRate(ReadOnlySpan<byte> wav) => ReadFormat(wav)?.SampleRate;

        /// <summary>The <c>fmt </c> chunk, or null when the bytes do not (yet) hold one.</summary>
        public static WavFormat? ReadFormat(ReadOnlySpan<byte> wav)
        {
            if (wav.Length < 12 || !Is(wav, 0, "RIFF") || !Is(wav, 8, "WAVE") || FindChunk(wav, "fmt ") is not int fmt || fmt + 24 > wav.Length)
                return null;
            ushort tag = ReadUInt16(wav, fmt + 8);
            // WAVE_FORMAT_EXTENSIBLE names its coding in the sub-format GUID's first two bytes.
            if (tag == FormatExtensible && fmt + 34 <= wav.Length && ReadUInt32(wav, fmt + 4) >= 40)
                tag = ReadUInt16(wav, fmt + 32);
            var encoding = tag switch
            {
                FormatPcm when ReadUInt16(wav, fmt + 22) == 16 => SampleEncoding.Pcm16,
                FormatMuLaw when ReadUInt16(wav, fmt + 22) == 8 => SampleEncoding.MuLaw,
                FormatALaw when ReadUInt16(wav, fmt + 22) == 8 => SampleEncoding.ALaw,
                _ => SampleEncoding.Other,
            };
            return new WavFormat(tag, encoding, ReadUInt16(wav, fmt + 10), (int)Math.Min(int.MaxValue, ReadUInt32(wav, fmt + 12)),
                ReadUInt16(wav, fmt + 20), ReadUInt16(wav, fmt + 22));
        }

        /// <summary>The declared size of the <c>data</c> chunk, or null when unknown (streamed WAV declares 0xFFFFFFFF, some servers 0).</summary>
        public static long? DeclaredDataLength(ReadOnlySpan<byte> wav)
        {
            if (FindChunk(wav, "data") is not int data || data + 8 > wav.Length)
                return null;
            uint size = ReadUInt32(wav, data + 4);
            return size is 0 or uint.MaxValue ? null : size;
        }

        /// <summary>The offset of the first chunk with <paramref name="tag"/>, once its 8-byte header is in <paramref name="wav"/>.</summary>
        private static int? FindChunk(ReadOnlySpan<byte> wav, string tag)
        {
            int offset = 12;
            while (offset + 8 <= wav.Length)
            {
                if (Is(wav, offset, tag))
                    return offset;
                if (Is(wav, offset, "data"))
                    return null; // nothing that describes the samples follows them
                uint size = ReadUInt32(wav, offset + 4);
                offset = (int)Math.Min(int.MaxValue, offset + 8L + size + (size & 1));
            }
            return null;
        }

        /// <summary>
        /// A 44-byte header for 16-bit mono PCM at <paramref name="sampleRate"/>; with no <paramref name="dataLength"/>
        /// the sizes are 0xFFFFFFFF, as OpenAI's streamed WAV has them (<see cref="FixSizes"/> sets them on save).
        /// </summary>
        public static byte[] ForPcm16Mono(int sampleRate, int? dataLength) => For(SampleEncoding.Pcm16, sampleRate, dataLength);

        /// <summary>
        /// A header for mono samples coded as <paramref name="encoding"/>: PCM's 44 bytes, or for G.711 the 18-byte
        /// <c>fmt </c> chunk and the <c>fact</c> chunk that non-PCM WAV files carry (what Amazon Connect and Twilio read).
        /// </summary>
        public static byte[] For(SampleEncoding encoding, int sampleRate, int? dataLength)
        {
            bool pcm = encoding == SampleEncoding.Pcm16;
            int bytesPerSample = pcm ? 2 : 1;
            int headerLength = pcm ? 44 : 58;
            var header = new byte[headerLength];
            "RIFF"u8.CopyTo(header);
            WriteUInt32(header, 4, dataLength is int n ? (uint)(headerLength - 8 + n) : uint.MaxValue);
            "WAVEfmt "u8.CopyTo(header.AsSpan(8));
            WriteUInt32(header, 16, pcm ? 16u : 18u);         // fmt chunk size
            ushort tag = encoding switch
            {
                SampleEncoding.Pcm16 => FormatPcm,
                SampleEncoding.MuLaw => FormatMuLaw,
                SampleEncoding.ALaw => FormatALaw,
                _ => throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "Only PCM and G.711 have a WAV header here."),
            };
            WriteUInt32(header, 20, tag | 1u << 16);           // format tag, mono
            WriteUInt32(header, 24, (uint)sampleRate);
            WriteUInt32(header, 28, (uint)(sampleRate * bytesPerSample)); // bytes per second
            WriteUInt32(header, 32, (uint)(bytesPerSample | bytesPerSample * 8 << 16)); // block align, bits per sample
            int data = 36;
            if (!pcm)
            {
                // cbSize = 0, then fact { sample count }.
                "fact"u8.CopyTo(header.AsSpan(38));
                WriteUInt32(header, 42, 4);
                WriteUInt32(header, 46, dataLength is int samples ? (uint)samples : uint.MaxValue);
                data = 50;
            }
            "data"u8.CopyTo(header.AsSpan(data));
            WriteUInt32(header, data + 4, dataLength is int m ? (uint)m : uint.MaxValue);
            return header;
        }

        private static ushort ReadUInt16(ReadOnlySpan<byte> b, int offset) => (ushort)(b[offset] | b[offset + 1] << 8);

        private static uint ReadUInt32(ReadOnlySpan<byte> b, int offset) =>
            (uint)(b[offset] | b[offset + 1] << 8 | b[offset + 2] << 16 | b[offset + 3] << 24);

        private static bool Is(ReadOnlySpan<byte> b, int offset, string tag) =>
            b[offset] == tag[0] && b[offset + 1] == tag[1] && b[offset + 2] == tag[2] && b[offset + 3] == tag[3];

        private static void WriteUInt32(byte[] b, int offset, uint value)
        {
            b[offset] = (byte)value;
            b[offset + 1] = (byte)(value >> 8);
            b[offset + 2] = (byte)(value >> 16);
            b[offset + 3] = (byte)(value >> 24);
        }
    }

    /// <summary>A WAV file's <c>fmt </c> chunk. (A class, not a record: the file is also compiled where no init polyfill exists.)</summary>
    internal sealed class WavFormat
    {
        public WavFormat(ushort formatTag, SampleEncoding encoding, int channels, int sampleRate, int blockAlign, int bitsPerSample)
        {
            FormatTag = formatTag;
            Encoding = encoding;
            Channels = channels;
            SampleRate = sampleRate;
            BlockAlign = blockAlign;
            BitsPerSample = bitsPerSample;
        }

        public ushort FormatTag { get; }
        public SampleEncoding Encoding { get; }
        public int Channels { get; }
        public int SampleRate { get; }
        public int BlockAlign { get; }
        public int BitsPerSample { get; }
    }
}
