using VoicePrompts.Audio;
using VoicePrompts.Shared;

namespace VoicePrompts.Tests.Audio;

/// <summary>
/// Tones through the converter: flat across the phone band, and nothing from above the new Nyquist frequency
/// folded back into the call. A decimator without its low-pass is measured the same way and must fail.
/// </summary>
public class ResamplerQualityTests
{
    public static TheoryData<int, double, double, double> Bands => new()
    {
        // output rate, passband top, stopband start (1.1 × the new Nyquist), step
        { 8000, 3400, 4400, 100 },
        { 16000, 6800, 8800, 100 },
    };

    [Theory]
    [MemberData(nameof(Bands))]
    public void The_passband_is_flat_within_1_dB(int outputRate, double passTop, double stopFrom, double step)
    {
        _ = stopFrom;
        var target = new AudioFormatFacts(SampleEncoding.Pcm16, outputRate, false);
        foreach (double f in ToneResponse.Sweep(300, passTop, step))
        {
            double gain = ToneResponse.GainDb(Converter(target), 24000, outputRate, f);
            Assert.True(Math.Abs(gain) <= 1.0, $"{f} Hz at {outputRate} Hz: {gain:F2} dB");
        }
    }

    [Theory]
    [MemberData(nameof(Bands))]
    public void Everything_from_the_stopband_up_is_at_least_40_dB_down(int outputRate, double passTop, double stopFrom, double step)
    {
        _ = passTop;
        var target = new AudioFormatFacts(SampleEncoding.Pcm16, outputRate, false);
        Assert.Empty(StopbandViolations(Converter(target), outputRate, stopFrom, step));
    }

    [Fact]
    public void The_stopband_measurement_catches_a_decimator_without_a_filter()
    {
        // Every third sample, as hand-written IVR code often does: 5 kHz comes back at 3 kHz undimmed.
        static short[] Naive(short[] input) => input.Where((_, i) => i % 3 == 0).ToArray();
        var violations = StopbandViolations(Naive, 8000, 4400, 100);
        Assert.NotEmpty(violations);
        Assert.Contains(violations, v => v.Gain > -1);
    }

    [Fact]
    public void G711_output_keeps_the_stopband_down_too()
    {
        // The same filter feeds the encoder; decoded μ-law, aliasing stays below G.711's own noise.
        var target = new AudioFormatFacts(SampleEncoding.MuLaw, 8000, false);
        Func<short[], short[]> viaMuLaw = input =>
            AudioConverter.ConvertAll(ToneResponse.Bytes(input), AudioFormatFacts.Pcm24k, target).Select(G711.DecodeMuLaw).ToArray();
        foreach (double f in new[] { 4400.0, 5000, 6000, 8000, 11000 })
            Assert.True(ToneResponse.GainDb(viaMuLaw, 24000, 8000, f) <= -40, $"{f} Hz through μ-law");
        double pass = ToneResponse.GainDb(viaMuLaw, 24000, 8000, 1000);
        Assert.True(Math.Abs(pass) <= 1.0, $"1 kHz through μ-law: {pass:F2} dB");
    }

    [Fact]
    public void A_clip_keeps_its_length_and_its_start()
    {
        // 24,000 samples in, 8,000 out; a click at sample 2,400 (0.1 s) peaks at output 800.
        var input = new short[24000];
        input[2400] = 30000;
        var output = Converter(new AudioFormatFacts(SampleEncoding.Pcm16, 8000, false))(input);
        Assert.Equal(8000, output.Length);
        int peak = Array.IndexOf(output, output.Max());
        Assert.Equal(800, peak);
    }

    private static Func<short[], short[]> Converter(AudioFormatFacts target) =>
        input => ToneResponse.Samples(AudioConverter.ConvertAll(ToneResponse.Bytes(input), AudioFormatFacts.Pcm24k, target));

    private static List<(double Frequency, double Gain)> StopbandViolations(Func<short[], short[]> convert, int outputRate, double from, double step)
    {
        var violations = new List<(double, double)>();
        foreach (double f in ToneResponse.Sweep(from, 11900, step))
        {
            double gain = ToneResponse.GainDb(convert, 24000, outputRate, f);
            if (gain > -40)
                violations.Add((f, gain));
        }
        return violations;
    }
}
