using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using NAudio.Codecs;
using NAudio.Dsp;
using VoicePrompts.Audio;
using VoicePrompts.Shared;
using VoicePrompts.Tests.Audio;

namespace VoicePrompts.Benchmarks;

/// <summary>
/// Telephony conversion, ours against NAudio.Core 3.3 (the managed alternative the issue names) and a bare
/// decimator: tone response (the tests' measurement), G.711 agreement with the ITU reference, and speed on one core.
/// BenchmarkDotNet (<see cref="PhoneAudioBenchmarks"/>) gives the time and allocation per clip.
/// </summary>
public static class PhoneAudio
{
    public static void Run()
    {
        Console.WriteLine("Tone response, 24 kHz in (1 s at half full scale), RMS out / RMS in, worst over a 50 Hz sweep");
        Console.WriteLine($"{"converter",-34} {"out",6} {"passband 300 Hz..edge",24} {"stopband from 1.1 x Nyquist",28}");
        foreach (int rate in new[] { 8000, 16000 })
        {
            double passTop = rate * 0.425, stopFrom = rate * 0.55;
            foreach (var (name, convert) in Converters(rate))
            {
                var pass = ToneResponse.Sweep(300, passTop, 50).Select(f => ToneResponse.GainDb(convert, 24000, rate, f)).ToList();
                var stop = ToneResponse.Sweep(stopFrom, 11950, 50).Select(f => (f, g: ToneResponse.GainDb(convert, 24000, rate, f))).ToList();
                var worst = stop.MaxBy(s => s.g);
                Console.WriteLine($"{name,-34} {rate,6} {pass.Min(),9:F2} to {pass.Max(),5:F2} dB (300-{passTop:F0}) {worst.g,9:F1} dB worst (at {worst.f:F0} Hz)");
            }
        }

        Console.WriteLine();
        Console.WriteLine("G.711 encoding: inputs (of 65,536) whose code differs from the ITU G.191 reference (ours is tested equal to it)");
        int muLaw = 0, aLaw = 0;
        for (int x = short.MinValue; x <= short.MaxValue; x++)
        {
            if (MuLawEncoder.LinearToMuLawSample((short)x) != G711.EncodeMuLaw((short)x)) muLaw++;
            if (ALawEncoder.LinearToALawSample((short)x) != G711.EncodeALaw((short)x)) aLaw++;
        }
        Console.WriteLine($"  NAudio MuLawEncoder: {muLaw:N0}   NAudio ALawEncoder: {aLaw:N0}");

        Console.WriteLine();
        Console.WriteLine("Speed on one thread: 60 s of speech-like 24 kHz PCM in 100 ms chunks, best of 5 after warm-up");
        byte[] pcm = AudioConverterTestsSignal(60);
        foreach (var (name, run) in Speeds())
        {
            run(pcm);
            var best = TimeSpan.MaxValue;
            for (int i = 0; i < 5; i++)
            {
                var clock = Stopwatch.StartNew();
                run(pcm);
                best = clock.Elapsed < best ? clock.Elapsed : best;
            }
            Console.WriteLine($"  {name,-34} {best.TotalMilliseconds,8:F1} ms = {60 / best.TotalSeconds,7:N0}x real time");
        }
    }

    private static IEnumerable<(string, Func<short[], short[]>)> Converters(int rate)
    {
        var target = new AudioFormatFacts(SampleEncoding.Pcm16, rate, false);
        yield return ("VoicePrompts (Kaiser polyphase)", input => ToneResponse.Samples(AudioConverter.ConvertAll(ToneResponse.Bytes(input), AudioFormatFacts.Pcm24k, target)));
        yield return ("NAudio WDL (sample provider's mode)", input => Wdl(input, rate, sinc: false));
        yield return ("NAudio WDL (sinc, 64 taps)", input => Wdl(input, rate, sinc: true));
        if (rate == 8000)
            yield return ("every third sample, no filter", input => input.Where((_, i) => i % 3 == 0).ToArray());
    }

    private static IEnumerable<(string, Action<byte[]>)> Speeds()
    {
        foreach (var format in new[] { "pcmu", "pcm_16000" })
        {
            var target = AudioFormatFacts.Of(format)!.Value;
            yield return ($"VoicePrompts -> {format}", pcm =>
            {
                var converter = new AudioConverter(AudioFormatFacts.Pcm24k, target);
                for (int at = 0; at < pcm.Length; at += 4800)
                    converter.Convert(pcm.AsSpan(at, Math.Min(4800, pcm.Length - at)));
                converter.Complete();
            });
        }
        yield return ("NAudio WDL (sinc) + MuLawEncoder", pcm =>
        {
            var samples = ToneResponse.Samples(pcm);
            var resampler = NewWdl(8000, sinc: true);
            var output = new float[2000];
            var codes = new byte[2000];
            for (int at = 0; at < samples.Length; at += 2400)
            {
                int count = Math.Min(2400, samples.Length - at);
                int produced = Feed(resampler, samples.AsSpan(at, count), output);
                for (int i = 0; i < produced; i++)
                    codes[i] = MuLawEncoder.LinearToMuLawSample((short)Math.Clamp(output[i] * 32768f, short.MinValue, short.MaxValue));
            }
        });
    }

    private static byte[] AudioConverterTestsSignal(int seconds)
    {
        var random = new Random(7);
        var samples = new short[seconds * 24000];
        double phase = 0;
        for (int i = 0; i < samples.Length; i++)
        {
            double pitch = 120 + 60 * Math.Sin(2 * Math.PI * 0.7 * i / 24000);
            phase += 2 * Math.PI * pitch / 24000;
            double value = 0;
            for (int h = 1; h * pitch < 12000; h += 3)
                value += Math.Sin(h * phase) / h;
            samples[i] = (short)Math.Clamp(9000 * value + random.Next(-800, 800), short.MinValue, short.MaxValue);
        }
        return ToneResponse.Bytes(samples);
    }

    internal static WdlResampler NewWdl(int rate, bool sinc)
    {
        var resampler = new WdlResampler();
        if (sinc)
            resampler.SetMode(true, 0, true, 64, 32);
        else
            resampler.SetMode(true, 2, false, 64, 32); // as NAudio's WdlResamplingSampleProvider sets it
        resampler.SetFilterParms(0.693f, 0.707f);
        resampler.SetFeedMode(true); // input-driven, as audio arrives from a stream
        resampler.SetRates(24000, rate);
        return resampler;
    }

    internal static int Feed(WdlResampler resampler, ReadOnlySpan<short> input, float[] output)
    {
        int wanted = resampler.ResamplePrepare(input.Length, 1, out Span<float> into);
        for (int i = 0; i < wanted && i < input.Length; i++)
            into[i] = input[i] / 32768f;
        return resampler.ResampleOut(output, input.Length, output.Length, 1);
    }

    private static short[] Wdl(short[] input, int rate, bool sinc)
    {
        var resampler = NewWdl(rate, sinc);
        var output = new List<short>();
        var buffer = new float[4096];
        for (int at = 0; at < input.Length; at += 2400)
        {
            int produced = Feed(resampler, input.AsSpan(at, Math.Min(2400, input.Length - at)), buffer);
            for (int i = 0; i < produced; i++)
                output.Add((short)Math.Clamp(buffer[i] * 32768f, short.MinValue, short.MaxValue));
        }
        return output.ToArray();
    }
}

/// <summary>One 10-second clip through the converter in 100 ms chunks: time, and allocation (÷ 100 for one chunk).</summary>
[MemoryDiagnoser]
public class PhoneAudioBenchmarks
{
    private byte[] _pcm = [];

    [Params("pcmu", "pcm_16000")]
    public string Format { get; set; } = "pcmu";

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(3);
        _pcm = new byte[10 * 48000];
        var samples = new short[_pcm.Length / 2];
        for (int i = 0; i < samples.Length; i++)
            samples[i] = (short)(8000 * Math.Sin(2 * Math.PI * 220 * i / 24000) + random.Next(-500, 500));
        _pcm = ToneResponse.Bytes(samples);
    }

    [Benchmark]
    public int TenSecondsIn100MsChunks()
    {
        var converter = new AudioConverter(AudioFormatFacts.Pcm24k, AudioFormatFacts.Of(Format)!.Value);
        int bytes = 0;
        for (int at = 0; at < _pcm.Length; at += 4800)
            bytes += converter.Convert(_pcm.AsSpan(at, 4800)).Length;
        return bytes + converter.Complete().Length;
    }
}
