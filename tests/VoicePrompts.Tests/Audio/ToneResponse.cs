namespace VoicePrompts.Tests.Audio;

/// <summary>
/// A converter's gain at one frequency: a one-second tone at half full scale in, the RMS of what comes out (its
/// first and last 50 ms left out, where the filter meets the edges) over the RMS that went in. Whatever the
/// output frequency — a tone above the new Nyquist folds back to another — its energy is counted.
/// </summary>
public static class ToneResponse
{
    public const double Amplitude = 16384;

    public static double GainDb(Func<short[], short[]> convert, int inputRate, int outputRate, double frequency)
    {
        var input = new short[inputRate];
        for (int i = 0; i < input.Length; i++)
            input[i] = (short)Math.Round(Amplitude * Math.Sin(2 * Math.PI * frequency * i / inputRate));
        short[] output = convert(input);
        int edge = outputRate / 20;
        double sum = 0;
        for (int i = edge; i < output.Length - edge; i++)
            sum += (double)output[i] * output[i];
        double rms = Math.Sqrt(sum / (output.Length - 2 * edge));
        return 20 * Math.Log10(Math.Max(rms, 1e-9) / (Amplitude / Math.Sqrt(2)));
    }

    /// <summary>Frequencies from <paramref name="from"/> to <paramref name="to"/> (inclusive) every <paramref name="step"/> Hz.</summary>
    public static IEnumerable<double> Sweep(double from, double to, double step)
    {
        for (double f = from; f <= to + 1e-9; f += step)
            yield return f;
    }

    /// <summary>Bytes of 16-bit little-endian PCM as samples.</summary>
    public static short[] Samples(byte[] pcm)
    {
        var samples = new short[pcm.Length / 2];
        for (int i = 0; i < samples.Length; i++)
            samples[i] = (short)(pcm[2 * i] | pcm[2 * i + 1] << 8);
        return samples;
    }

    /// <summary>Samples as 16-bit little-endian bytes.</summary>
    public static byte[] Bytes(short[] samples)
    {
        var bytes = new byte[samples.Length * 2];
        for (int i = 0; i < samples.Length; i++)
        {
            bytes[2 * i] = (byte)samples[i];
            bytes[2 * i + 1] = (byte)(samples[i] >> 8);
        }
        return bytes;
    }
}
