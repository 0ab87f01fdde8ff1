using System.IO;
using VoicePrompts.Audio;
using VoicePrompts.Shared;

namespace VoicePrompts.Tests.Audio;

public class AudioConverterTests
{
    public static TheoryData<string> Targets => new() { "pcmu", "pcma", "pcm_8000", "pcm_16000", "wav_pcmu", "wav_pcma", "wav_8000", "wav_16000" };

    [Theory]
    [MemberData(nameof(Targets))]
    public void Streamed_conversion_is_byte_identical_to_whole_clip_conversion_whatever_the_chunks(string format)
    {
        var target = AudioFormatFacts.Of(format)!.Value;
        byte[] pcm = Speechlike(seconds: 0.6);
        byte[] whole = AudioConverter.ConvertAll(pcm, AudioFormatFacts.Pcm24k, target);

        // Every size from 1 to 64, odd sizes up to 8,193 and 8,193 itself; then random mixes of 1 to 8,193.
        var sizes = Enumerable.Range(1, 64).Concat(Enumerable.Range(0, 60).Select(i => 65 + i * 136)).Append(8192).Append(8193);
        foreach (int size in sizes)
            AssertSame(whole, Streamed(pcm, target, _ => size), $"chunks of {size}");
        for (int seed = 0; seed < 20; seed++)
        {
            var random = new Random(seed);
            AssertSame(whole, Streamed(pcm, target, _ => random.Next(1, 8194)), $"random chunks, seed {seed}");
        }
    }

    [Fact]
    public void A_WAV_source_is_read_from_its_header_however_it_is_cut()
    {
        // A compatible server's WAV at 22,050 Hz with a LIST chunk before the samples and one after a declared data size.
        byte[] samples = Speechlike(seconds: 0.3, rate: 22050);
        byte[] wav = WavWithExtraChunks(samples, 22050);
        var target = AudioFormatFacts.Of("pcmu")!.Value;
        byte[] expected = AudioConverter.ConvertAll(samples, new AudioFormatFacts(SampleEncoding.Pcm16, 22050, false), target);
        foreach (int size in new[] { 1, 3, 7, 13, 44, 45, 100, 4096, wav.Length })
            AssertSame(expected, Streamed(wav, target, _ => size, AudioFormatFacts.AnyWav), $"WAV in chunks of {size}");
        Assert.Equal((int)Math.Ceiling(samples.Length / 2 * 8000.0 / 22050), expected.Length);
    }

    [Fact]
    public void Output_WAV_headers_describe_their_samples()
    {
        byte[] pcm = Speechlike(seconds: 0.25);
        foreach (var (format, tag, rate, bits) in new[] { ("wav_pcmu", 7, 8000, 8), ("wav_pcma", 6, 8000, 8), ("wav_8000", 1, 8000, 16), ("wav_16000", 1, 16000, 16) })
        {
            byte[] wav = AudioConverter.ConvertAll(pcm, AudioFormatFacts.Pcm24k, AudioFormatFacts.Of(format)!.Value);
            var fmt = WavHeader.ReadFormat(wav)!;
            Assert.Equal((tag, 1, rate, bits), (fmt.FormatTag, fmt.Channels, fmt.SampleRate, fmt.BitsPerSample));
            int data = WavHeader.DataOffset(wav)!.Value;
            Assert.Equal(wav.Length - 8, BitConverter.ToInt32(wav, 4));
            Assert.Equal(wav.Length - data, BitConverter.ToInt32(wav, data - 4));
            Assert.Equal(rate / 4, (wav.Length - data) / (bits / 8)); // 0.25 s
            if (bits == 8)
                Assert.Equal(wav.Length - data, BitConverter.ToInt32(wav, 46)); // fact: sample count
        }
    }

    [Fact]
    public void A_streamed_WAV_target_starts_with_its_header_before_any_sample()
    {
        var converter = new AudioConverter(AudioFormatFacts.Pcm24k, AudioFormatFacts.Of("wav_pcmu")!.Value);
        byte[] first = converter.Convert(new byte[] { 0x10 }); // half a sample
        Assert.Equal(58, first.Length);
        Assert.Equal("RIFF", System.Text.Encoding.ASCII.GetString(first, 0, 4));
        Assert.Equal(uint.MaxValue, BitConverter.ToUInt32(first, 54)); // data size unknown while streaming
    }

    [Fact]
    public void The_first_converted_bytes_leave_with_the_first_few_milliseconds_of_PCM()
    {
        var converter = new AudioConverter(AudioFormatFacts.Pcm24k, AudioFormatFacts.Of("pcmu")!.Value);
        byte[] out1 = converter.Convert(Speechlike(seconds: 0.005)); // 5 ms
        Assert.NotEmpty(out1);
    }

    [Theory]
    [InlineData("stereo")]
    [InlineData("float")]
    [InlineData("not-riff")]
    [InlineData("truncated")]
    public void A_WAV_source_VoicePrompts_cannot_read_is_an_error_naming_what_it_is(string kind)
    {
        byte[] samples = Speechlike(seconds: 0.05);
        byte[] wav = kind switch
        {
            "stereo" => Patch(WavHeader.ForPcm16Mono(24000, samples.Length), 22, 2),
            "float" => Patch(Patch(WavHeader.ForPcm16Mono(24000, samples.Length), 20, 3), 34, 32),
            "not-riff" => System.Text.Encoding.ASCII.GetBytes("ID3\u0004 this is an mp3, not a wav file at all........"),
            _ => WavHeader.ForPcm16Mono(24000, samples.Length).AsSpan(0, 30).ToArray(),
        };
        if (kind is "stereo" or "float")
            wav = wav.Concat(samples).ToArray();
        var converter = new AudioConverter(AudioFormatFacts.AnyWav, AudioFormatFacts.Of("pcmu")!.Value);
        var ex = Assert.Throws<InvalidDataException>(() => { converter.Convert(wav); converter.Complete(); });
        Assert.Contains(kind switch { "stereo" => "2-channel", "float" => "format tag 3", "not-riff" => "not WAV", _ => "inside its WAV header" }, ex.Message);
    }

    private static byte[] Patch(byte[] header, int offset, ushort value)
    {
        header[offset] = (byte)value;
        header[offset + 1] = (byte)(value >> 8);
        return header;
    }

    private static byte[] Streamed(byte[] input, AudioFormatFacts target, Func<int, int> nextSize, AudioFormatFacts? source = null)
    {
        var converter = new AudioConverter(source ?? AudioFormatFacts.Pcm24k, target);
        var output = new MemoryStream();
        for (int at = 0, call = 0; at < input.Length; call++)
        {
            int size = Math.Min(nextSize(call), input.Length - at);
            output.Write(converter.Convert(input.AsSpan(at, size)));
            at += size;
        }
        output.Write(converter.Complete());
        byte[] result = output.ToArray();
        if (target.IsWav)
            WavHeader.FixSizes(result);
        return result;
    }

    private static void AssertSame(byte[] expected, byte[] actual, string how)
    {
        Assert.True(expected.Length == actual.Length, $"{how}: {actual.Length} bytes, whole-clip conversion made {expected.Length}");
        int differs = expected.AsSpan().CommonPrefixLength(actual);
        Assert.True(differs == expected.Length, $"{how}: differs from whole-clip conversion at byte {differs}");
    }

    /// <summary>A voice-like signal: harmonics of a gliding pitch with energy up to the input's Nyquist, and noise.</summary>
    internal static byte[] Speechlike(double seconds, int rate = 24000)
    {
        var random = new Random(7);
        var samples = new short[(int)(seconds * rate)];
        double phase = 0;
        for (int i = 0; i < samples.Length; i++)
        {
            double pitch = 120 + 60 * Math.Sin(2 * Math.PI * 0.7 * i / rate);
            phase += 2 * Math.PI * pitch / rate;
            double value = 0;
            for (int h = 1; h * pitch < rate / 2; h += 3)
                value += Math.Sin(h * phase) / h;
            samples[i] = (short)Math.Clamp(9000 * value + random.Next(-800, 800), short.MinValue, short.MaxValue);
        }
        return ToneResponse.Bytes(samples);
    }

    private static byte[] WavWithExtraChunks(byte[] samples, int rate)
    {
        var list = new byte[] { (byte)'L', (byte)'I', (byte)'S', (byte)'T', 5, 0, 0, 0, 1, 2, 3, 4, 5, 0 }; // odd size: padded
        byte[] header = WavHeader.ForPcm16Mono(rate, samples.Length);
        var wav = new MemoryStream();
        wav.Write(header, 0, 36);      // RIFF + fmt
        wav.Write(list);
        wav.Write(header, 36, 8);      // data header with its declared size
        wav.Write(samples);
        wav.Write(list);               // after the declared samples: not audio
        return wav.ToArray();
    }
}
