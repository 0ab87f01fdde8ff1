namespace VoicePrompts.Tests.Audio;

public class SpeechAudioDurationTests
{
    [Theory]
    [InlineData("pcmu", 8000, null, 1.0)]
    [InlineData("pcma", 4000, null, 0.5)]
    [InlineData("pcm", 48000, null, 1.0)]
    [InlineData("pcm_8000", 16000, null, 1.0)]
    [InlineData("pcm_16000", 16000, null, 0.5)]
    [InlineData("pcm", 44100, 22050, 1.0)] // a compatible server's PCM at the rate it reported
    public void Raw_samples_play_for_their_count_over_their_rate(string format, int bytes, int? rate, double seconds)
    {
        var audio = new SpeechAudio(new byte[bytes], new AudioFormat(format)) { SampleRate = rate };
        Assert.Equal(TimeSpan.FromSeconds(seconds), audio.Duration);
    }

    [Fact]
    public void A_WAV_plays_for_what_its_header_says_even_while_its_sizes_are_unknown()
    {
        // A streamed WAV at 22,050 Hz (sizes 0xFFFFFFFF), and a μ-law WAV with its fact chunk.
        var streamed = WavHeader.ForPcm16Mono(22050, null).Concat(new byte[44100]).ToArray();
        Assert.Equal(TimeSpan.FromSeconds(1), new SpeechAudio(streamed, AudioFormat.Wav).Duration);
        var mulaw = WavHeader.For(Shared.SampleEncoding.MuLaw, 8000, 2000).Concat(new byte[2000]).ToArray();
        Assert.Equal(TimeSpan.FromSeconds(0.25), new SpeechAudio(mulaw, AudioFormat.WavPcmu).Duration);
    }

    [Theory]
    [InlineData("mp3")]
    [InlineData("opus")]
    [InlineData("kokoro_special")]
    public void Compressed_or_unknown_formats_have_no_duration_without_decoding(string format) =>
        Assert.Null(new SpeechAudio(new byte[1000], new AudioFormat(format)).Duration);

    [Fact]
    public void A_WAV_cut_before_its_samples_has_no_duration() =>
        Assert.Null(new SpeechAudio(WavHeader.ForPcm16Mono(24000, null)[..30], AudioFormat.Wav).Duration);
}
