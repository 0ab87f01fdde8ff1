using System.Buffers.Binary;
using VoicePrompts.Audio;

namespace VoicePrompts.AspNetCore.Tests;

/// <summary>What the page's player receives for every format a clip can be stored in.</summary>
public sealed class PlayableAudioTests
{
    private static readonly short[] Samples = Enumerable.Range(0, 400).Select(i => (short)(9000 * Math.Sin(i / 7.0))).ToArray();

    private static byte[] Pcm(IEnumerable<short> samples) => samples.SelectMany(BitConverter.GetBytes).ToArray();

    [Theory]
    [InlineData("pcm", 24000, null)]
    [InlineData("pcm", 22050, 22050)] // a compatible server's own rate
    [InlineData("pcm_8000", 8000, null)]
    [InlineData("pcm_16000", 16000, null)]
    [InlineData("pcmu", 8000, null)]
    [InlineData("pcma", 8000, null)]
    [InlineData("wav_pcmu", 8000, null)]
    [InlineData("wav_pcma", 8000, null)]
    public void PCM_and_G711_play_as_16_bit_WAV_at_their_rate(string format, int rate, int? sampleRate)
    {
        var facts = Shared.AudioFormatFacts.Of(format)!.Value;
        byte[] coded = facts.Encoding switch
        {
            Shared.SampleEncoding.MuLaw => Samples.Select(G711.EncodeMuLaw).ToArray(),
            Shared.SampleEncoding.ALaw => Samples.Select(G711.EncodeALaw).ToArray(),
            _ => Pcm(Samples),
        };
        if (facts.IsWav)
            coded = WavHeader.For(facts.Encoding, facts.SampleRate, coded.Length).Concat(coded).ToArray();
        short[] expected = facts.Encoding switch
        {
            Shared.SampleEncoding.MuLaw => Samples.Select(s => G711.DecodeMuLaw(G711.EncodeMuLaw(s))).ToArray(),
            Shared.SampleEncoding.ALaw => Samples.Select(s => G711.DecodeALaw(G711.EncodeALaw(s))).ToArray(),
            _ => Samples,
        };

        var (wav, contentType) = PlayableAudio.Of(new SpeechAudio(coded, new AudioFormat(format)) { SampleRate = sampleRate });

        Assert.Equal("audio/wav", contentType);
        Assert.Equal(44, WavHeader.DataOffset(wav));
        var header = WavHeader.ReadFormat(wav)!;
        Assert.Equal((Shared.SampleEncoding.Pcm16, 1, rate, 16), (header.Encoding, header.Channels, header.SampleRate, header.BitsPerSample));
        Assert.Equal(expected.Length * 2, BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(40)));
        Assert.Equal(expected, Enumerable.Range(0, expected.Length).Select(i => BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(44 + 2 * i))));
    }

    [Theory]
    [InlineData("mp3", "audio/mpeg")]
    [InlineData("opus", "audio/opus")]
    [InlineData("aac", "audio/aac")]
    [InlineData("flac", "audio/flac")]
    [InlineData("wav", "audio/wav")]
    [InlineData("wav_8000", "audio/wav")]
    [InlineData("wav_16000", "audio/wav")]
    public void Compressed_formats_and_PCM_WAV_play_as_stored(string format, string contentType)
    {
        byte[] stored = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray();
        var (data, type) = PlayableAudio.Of(new SpeechAudio(stored, new AudioFormat(format)));
        Assert.Equal(stored, data);
        Assert.Equal(contentType, type);
    }
}
