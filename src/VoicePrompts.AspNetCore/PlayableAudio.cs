using System.Buffers.Binary;

namespace VoicePrompts.AspNetCore;

/// <summary>
/// A stored clip in a form an <c>&lt;audio&gt;</c> element plays: headerless PCM and G.711 (raw or in a WAV) become
/// 16-bit PCM WAV; MP3, Opus, AAC, FLAC and PCM WAV are sent as they are.
/// </summary>
internal static class PlayableAudio
{
    public static (byte[] Data, string ContentType) Of(SpeechAudio clip)
    {
        var data = clip.Data.Span;
        switch (clip.Format.Value)
        {
            case "pcm":
                return (Wav(data, clip.SampleRate ?? 24000), "audio/wav");
            case "pcm_8000":
                return (Wav(data, 8000), "audio/wav");
            case "pcm_16000":
                return (Wav(data, 16000), "audio/wav");
            case "pcmu" or "pcma":
                return (Wav(Expand(data, clip.Format.Value == "pcmu"), 8000), "audio/wav");
            case "wav_pcmu" or "wav_pcma":
                return (Wav(Expand(WavData(data), clip.Format.Value == "wav_pcmu"), 8000), "audio/wav");
            default:
                return (clip.Data.ToArray(), clip.Format.ContentType);
        }
    }

    /// <summary>G.711 to 16-bit little-endian PCM (ITU-T G.711's expansion).</summary>
    private static byte[] Expand(ReadOnlySpan<byte> coded, bool muLaw)
    {
        var pcm = new byte[coded.Length * 2];
        for (int i = 0; i < coded.Length; i++)
            BinaryPrimitives.WriteInt16LittleEndian(pcm.AsSpan(2 * i), muLaw ? MuLaw(coded[i]) : ALaw(coded[i]));
        return pcm;
    }

    private static short MuLaw(byte code)
    {
        int u = ~code & 0xFF;
        int magnitude = (((u & 0x0F) << 3) + 0x84) << ((u & 0x70) >> 4);
        return (short)((u & 0x80) != 0 ? 0x84 - magnitude : magnitude - 0x84);
    }

    private static short ALaw(byte code)
    {
        int a = code ^ 0x55;
        int segment = (a & 0x70) >> 4;
        int magnitude = (a & 0x0F) << 4;
        magnitude = segment == 0 ? magnitude + 8 : (magnitude + 0x108) << (segment - 1);
        return (short)((a & 0x80) != 0 ? magnitude : -magnitude);
    }

    /// <summary>The samples of a WAV file's <c>data</c> chunk (all of it when no chunk is found).</summary>
    private static ReadOnlySpan<byte> WavData(ReadOnlySpan<byte> wav)
    {
        for (int at = 12; at + 8 <= wav.Length;)
        {
            int size = BinaryPrimitives.ReadInt32LittleEndian(wav.Slice(at + 4));
            if (wav.Slice(at, 4).SequenceEqual("data"u8))
                return wav.Slice(at + 8, Math.Min(size, wav.Length - at - 8));
            if (size < 0) break;
            at += 8 + size + (size & 1);
        }
        return wav;
    }

    private static byte[] Wav(ReadOnlySpan<byte> pcm16, int sampleRate)
    {
        int length = pcm16.Length & ~1;
        var wav = new byte[44 + length];
        var w = wav.AsSpan();
        "RIFF"u8.CopyTo(w);
        BinaryPrimitives.WriteInt32LittleEndian(w.Slice(4), 36 + length);
        "WAVEfmt "u8.CopyTo(w.Slice(8));
        BinaryPrimitives.WriteInt32LittleEndian(w.Slice(16), 16);
        BinaryPrimitives.WriteInt16LittleEndian(w.Slice(20), 1); // PCM
        BinaryPrimitives.WriteInt16LittleEndian(w.Slice(22), 1); // mono
        BinaryPrimitives.WriteInt32LittleEndian(w.Slice(24), sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(w.Slice(28), sampleRate * 2);
        BinaryPrimitives.WriteInt16LittleEndian(w.Slice(32), 2);
        BinaryPrimitives.WriteInt16LittleEndian(w.Slice(34), 16);
        "data"u8.CopyTo(w.Slice(36));
        BinaryPrimitives.WriteInt32LittleEndian(w.Slice(40), length);
        pcm16.Slice(0, length).CopyTo(w.Slice(44));
        return wav;
    }
}
