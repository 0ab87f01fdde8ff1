using VoicePrompts.Audio;
using VoicePrompts.Shared;

namespace VoicePrompts.AspNetCore;

/// <summary>
/// A stored clip in a form an <c>&lt;audio&gt;</c> element plays: headerless PCM and G.711 (raw or in a WAV) become
/// 16-bit PCM WAV; MP3, Opus, AAC, FLAC and PCM WAV are sent as they are. The formats' facts, the G.711 expansion and
/// the WAV header are the runtime's own (compiled in from src/VoicePrompts/Audio and src/Shared).
/// </summary>
internal static class PlayableAudio
{
    public static (byte[] Data, string ContentType) Of(SpeechAudio clip)
    {
        if (AudioFormatFacts.Of(clip.Format.Value) is not { } facts || facts is { Encoding: SampleEncoding.Pcm16, IsWav: true })
            return (clip.Data.ToArray(), clip.Format.ContentType);

        var samples = clip.Data.Span;
        if (facts.IsWav)
            samples = samples.Slice(WavHeader.DataOffset(samples) ?? 0);
        int count = facts.Encoding == SampleEncoding.Pcm16 ? samples.Length / 2 : samples.Length;
        byte[] header = WavHeader.ForPcm16Mono(clip.SampleRate ?? facts.SampleRate, count * 2);
        var wav = new byte[header.Length + count * 2];
        header.CopyTo(wav, 0);
        var pcm = wav.AsSpan(header.Length);
        if (facts.Encoding == SampleEncoding.Pcm16)
            samples.Slice(0, count * 2).CopyTo(pcm);
        else
            for (int i = 0; i < count; i++)
                System.Buffers.Binary.BinaryPrimitives.WriteInt16LittleEndian(pcm.Slice(2 * i),
                    facts.Encoding == SampleEncoding.MuLaw ? G711.DecodeMuLaw(samples[i]) : G711.DecodeALaw(samples[i]));
        return (wav, "audio/wav");
    }
}
