using VoicePrompts;
using VoicePrompts.Caching;

// usage: VoicePrompts.CacheWriter <folder> <key> <bytes> <writer id>
// Prints "begin N" before and "end N" after each write of entry N.
if (args.Length != 4)
{
    Console.Error.WriteLine("usage: VoicePrompts.CacheWriter <folder> <key> <bytes> <writer id>");
    return 2;
}
var store = new DiskSpeechAudioStore(args[0]);
int size = int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
long writer = long.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture);
for (long n = 0; ; n++)
{
    var clip = new SpeechAudio(WriterClip.Make(writer * 1_000_000 + n, size), AudioFormat.Mp3);
    Console.WriteLine("begin " + n);
    await store.SetAsync(args[1], clip);
    Console.WriteLine("end " + n);
}

/// <summary>A clip whose every byte follows from its first eight (its stamp), so a reader can tell a whole one.</summary>
public static class WriterClip
{
    public static byte[] Make(long stamp, int size)
    {
        var bytes = new byte[size];
        BitConverter.TryWriteBytes(bytes, stamp);
        for (int i = 8; i < size; i++) bytes[i] = (byte)(stamp * 31 + i);
        return bytes;
    }

    public static bool IsWhole(ReadOnlySpan<byte> data, int size)
    {
        if (data.Length != size) return false;
        long stamp = BitConverter.ToInt64(data);
        for (int i = 8; i < size; i++)
            if (data[i] != (byte)(stamp * 31 + i)) return false;
        return true;
    }
}
