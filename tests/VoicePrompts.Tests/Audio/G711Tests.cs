using VoicePrompts.Audio;

namespace VoicePrompts.Tests.Audio;

/// <summary>
/// The codec against the ITU's own reference (ITU-T G.191's g711.c), transcribed literally below — a loop per
/// sample, where the codec under test reads tables — on every one of the 65,536 inputs.
/// </summary>
public class G711Tests
{
    [Fact]
    public void MuLaw_encoding_equals_the_ITU_reference_for_every_input()
    {
        for (int x = short.MinValue; x <= short.MaxValue; x++)
            if (G711.EncodeMuLaw((short)x) != ReferenceUlawCompress((short)x))
                Assert.Fail($"μ-law of {x}: 0x{G711.EncodeMuLaw((short)x):X2}, the ITU reference gives 0x{ReferenceUlawCompress((short)x):X2}");
    }

    [Fact]
    public void ALaw_encoding_equals_the_ITU_reference_for_every_input()
    {
        for (int x = short.MinValue; x <= short.MaxValue; x++)
            if (G711.EncodeALaw((short)x) != ReferenceAlawCompress((short)x))
                Assert.Fail($"A-law of {x}: 0x{G711.EncodeALaw((short)x):X2}, the ITU reference gives 0x{ReferenceAlawCompress((short)x):X2}");
    }

    [Fact]
    public void Decoding_equals_the_ITU_reference_for_every_code()
    {
        for (int code = 0; code < 256; code++)
        {
            Assert.Equal(ReferenceUlawExpand((byte)code), G711.DecodeMuLaw((byte)code));
            Assert.Equal(ReferenceAlawExpand((byte)code), G711.DecodeALaw((byte)code));
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Every_input_decodes_within_its_step_of_itself(bool muLaw)
    {
        // The step is the distance between the two decoded levels around the code; inputs beyond the largest level
        // are clipped to it, which the law allows.
        int largest = muLaw ? 32124 : 32256;
        for (int x = short.MinValue; x <= short.MaxValue; x++)
        {
            byte code = muLaw ? G711.EncodeMuLaw((short)x) : G711.EncodeALaw((short)x);
            int decoded = muLaw ? G711.DecodeMuLaw(code) : G711.DecodeALaw(code);
            int expected = Math.Clamp(x, -largest, largest);
            int step = StepAround(decoded, muLaw);
            Assert.True(Math.Abs(decoded - expected) <= step,
                $"{(muLaw ? "μ" : "A")}-law: {x} decodes to {decoded}, more than a step ({step}) away");
        }
    }

    [Fact]
    public void Decoded_codes_encode_to_themselves()
    {
        for (int code = 0; code < 256; code++)
        {
            if (code != 0x7F) // μ-law's negative zero decodes to 0, whose code is 0xFF
                Assert.Equal(code, G711.EncodeMuLaw(G711.DecodeMuLaw((byte)code)));
            Assert.Equal(code, G711.EncodeALaw(G711.DecodeALaw((byte)code)));
        }
    }

    [Fact]
    public void Silence_is_the_documented_byte()
    {
        Assert.Equal(0xFF, G711.EncodeMuLaw(0));
        Assert.Equal(0xD5, G711.EncodeALaw(0));
        Assert.Equal(G711.MuLawSilence, G711.EncodeMuLaw(0));
        Assert.Equal(G711.ALawSilence, G711.EncodeALaw(0));
    }

    private static int StepAround(int level, bool muLaw)
    {
        var levels = Enumerable.Range(0, 256).Select(c => (int)(muLaw ? G711.DecodeMuLaw((byte)c) : G711.DecodeALaw((byte)c))).Distinct().OrderBy(v => v).ToArray();
        int i = Array.IndexOf(levels, level);
        int below = i > 0 ? level - levels[i - 1] : int.MaxValue;
        int above = i < levels.Length - 1 ? levels[i + 1] - level : int.MaxValue;
        return Math.Max(below == int.MaxValue ? above : below, above == int.MaxValue ? below : above);
    }

    // ---- ITU-T G.191 g711.c, one sample at a time, as written there ----

    private static byte ReferenceUlawCompress(short linbuf)
    {
        short absno = (short)(linbuf < 0 ? ((~linbuf) >> 2) + 33 : (linbuf >> 2) + 33);
        if (absno > 0x1FFF)
            absno = 0x1FFF;
        short i = (short)(absno >> 6);
        short segno = 1;
        while (i != 0)
        {
            segno++;
            i >>= 1;
        }
        short highNibble = (short)(0x0008 - segno);
        short lowNibble = (short)((absno >> segno) & 0x000F);
        lowNibble = (short)(0x000F - lowNibble);
        int logbuf = (highNibble << 4) | (ushort)lowNibble;
        if (linbuf >= 0)
            logbuf |= 0x0080;
        return (byte)logbuf;
    }

    private static byte ReferenceAlawCompress(short linbuf)
    {
        short ix = (short)(linbuf < 0 ? (~linbuf) >> 4 : linbuf >> 4);
        if (ix > 15)
        {
            short iexp = 1;
            while (ix > 16 + 15)
            {
                ix >>= 1;
                iexp++;
            }
            ix -= 16;
            ix += (short)(iexp << 4);
        }
        if (linbuf >= 0)
            ix = (short)(ix | 0x0080);
        return (byte)(ix ^ 0x0055);
    }

    private static short ReferenceUlawExpand(byte logbuf)
    {
        int sign = logbuf < 0x0080 ? -1 : 1;
        int mantissa = ~logbuf;
        int exponent = (mantissa >> 4) & 0x0007;
        int segment = exponent + 1;
        mantissa &= 0x000F;
        int step = 4 << segment;
        return (short)(sign * ((0x0080 << exponent) + step * mantissa + step / 2 - 4 * 33));
    }

    private static short ReferenceAlawExpand(byte logbuf)
    {
        int ix = logbuf ^ 0x0055;
        ix &= 0x007F;
        int iexp = ix >> 4;
        int mant = ix & 0x000F;
        if (iexp > 0)
            mant += 16;
        mant = (mant << 4) + 0x0008;
        if (iexp > 1)
            mant <<= iexp - 1;
        return (short)(logbuf > 127 ? mant : -mant);
    }
}
