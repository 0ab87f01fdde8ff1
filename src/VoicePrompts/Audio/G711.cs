using System;

namespace VoicePrompts.Audio
{
    /// <summary>
    /// ITU-T G.711 companding of 16-bit linear PCM, bit-exact with the ITU's reference code (G.191's
    /// <c>ulaw_compress</c>/<c>alaw_compress</c>, which read the 14 and 13 most significant bits). Encoding is a
    /// table lookup: a code depends only on <c>x &gt;&gt; 2</c> (μ-law) or <c>x &gt;&gt; 3</c> (A-law), so 16 KB and 8 KB
    /// tables cover every input, built once from the rule below.
    /// </summary>
    internal static class G711
    {
        /// <summary>The μ-law code of silence.</summary>
        public const byte MuLawSilence = 0xFF;

        /// <summary>The A-law code of silence.</summary>
        public const byte ALawSilence = 0xD5;

        private static readonly byte[] s_muLaw = BuildMuLawTable();
        private static readonly byte[] s_aLaw = BuildALawTable();
        private static readonly short[] s_muLawDecode = BuildDecodeTable(DecodeMuLawSlow);
        private static readonly short[] s_aLawDecode = BuildDecodeTable(DecodeALawSlow);

        public static byte EncodeMuLaw(short sample) => s_muLaw[(ushort)sample >> 2];

        public static byte EncodeALaw(short sample) => s_aLaw[(ushort)sample >> 3];

        public static short DecodeMuLaw(byte code) => s_muLawDecode[code];

        public static short DecodeALaw(byte code) => s_aLawDecode[code];

        public static void EncodeMuLaw(ReadOnlySpan<short> samples, Span<byte> codes)
        {
            var table = s_muLaw;
            for (int i = 0; i < samples.Length; i++)
                codes[i] = table[(ushort)samples[i] >> 2];
        }

        public static void EncodeALaw(ReadOnlySpan<short> samples, Span<byte> codes)
        {
            var table = s_aLaw;
            for (int i = 0; i < samples.Length; i++)
                codes[i] = table[(ushort)samples[i] >> 3];
        }

        private static byte[] BuildMuLawTable()
        {
            var table = new byte[1 << 14];
            for (int index = 0; index < table.Length; index++)
                table[index] = MuLawOf((short)(index << 2));
            return table;
        }

        private static byte[] BuildALawTable()
        {
            var table = new byte[1 << 13];
            for (int index = 0; index < table.Length; index++)
                table[index] = ALawOf((short)(index << 3));
            return table;
        }

        /// <summary>
        /// μ-law: the magnitude's 14 bits (one's complement for negatives) plus the bias 33, clipped at 8191; the
        /// segment is the bit length above bit 5, the mantissa the 4 bits below the leading one; all inverted.
        /// </summary>
        private static byte MuLawOf(short sample)
        {
            int magnitude = (sample < 0 ? ~sample >> 2 : sample >> 2) + 33;
            if (magnitude > 0x1FFF)
                magnitude = 0x1FFF;
            int segment = 1 + BitLength(magnitude >> 6);
            int code = (8 - segment) << 4 | (0xF - ((magnitude >> segment) & 0xF));
            return (byte)(sample >= 0 ? code | 0x80 : code);
        }

        /// <summary>
        /// A-law: the magnitude's 12 bits (one's complement for negatives); above 15 the exponent is the bit length less
        /// 4 and the mantissa the 4 bits below the leading one; the even bits are toggled.
        /// </summary>
        private static byte ALawOf(short sample)
        {
            int magnitude = sample < 0 ? ~sample >> 4 : sample >> 4;
            int code = magnitude;
            if (magnitude > 15)
            {
                int exponent = BitLength(magnitude) - 4;
                code = exponent << 4 | ((magnitude >> (exponent - 1)) & 0xF);
            }
            if (sample >= 0)
                code |= 0x80;
            return (byte)(code ^ 0x55);
        }

        private static int BitLength(int value)
        {
            int bits = 0;
            for (; value != 0; value >>= 1)
                bits++;
            return bits;
        }

        /// <summary>The middle of the code's quantization step, on the 16-bit scale (G.191's <c>ulaw_expand</c>).</summary>
        private static short DecodeMuLawSlow(byte code)
        {
            int inverted = ~code;
            int exponent = (inverted >> 4) & 7;
            int mantissa = inverted & 0xF;
            int step = 4 << (exponent + 1);
            int magnitude = (0x80 << exponent) + step * mantissa + step / 2 - 4 * 33;
            return (short)(code < 0x80 ? -magnitude : magnitude);
        }

        /// <summary>The middle of the code's quantization step, on the 16-bit scale (G.191's <c>alaw_expand</c>).</summary>
        private static short DecodeALawSlow(byte code)
        {
            int toggled = (code ^ 0x55) & 0x7F;
            int exponent = toggled >> 4;
            int mantissa = toggled & 0xF;
            if (exponent > 0)
                mantissa += 16;
            mantissa = (mantissa << 4) + 8;
            if (exponent > 1)
                mantissa <<= exponent - 1;
            return (short)(code > 127 ? mantissa : -mantissa);
        }

        private static short[] BuildDecodeTable(Func<byte, short> decode)
        {
            var table = new short[256];
            for (int code = 0; code < 256; code++)
                table[code] = decode((byte)code);
            return table;
        }
    }
}
