using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;

namespace VoicePrompts.Telephony.Tests;

/// <summary>
/// Asterisk's side of an AudioSocket call, written from Asterisk's documentation (Channel Drivers/AudioSocket): it
/// connects, sends the call's UUID first, sends DTMF and hang-up messages when told, and checks what the app sends:
/// kind, big-endian length, audio as 320-byte (20 ms slin) frames, and when each arrived.
/// </summary>
internal sealed class AudioSocketPeer : IAsyncDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly Task _receiving;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    private AudioSocketPeer(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
        _receiving = Task.Run(ReceiveAsync);
    }

    public ConcurrentQueue<(TimeSpan At, byte[] Frame)> Frames { get; } = new();

    public ConcurrentQueue<string> Violations { get; } = new();

    /// <summary>Completes when the app sends hang-up (true) or closes without it (false).</summary>
    public Task<bool> HungUpByApp => _hangUp.Task;

    private readonly TaskCompletionSource<bool> _hangUp = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TimeSpan Now => _clock.Elapsed;

    public static async Task<AudioSocketPeer> ConnectAsync(int port, Guid uuid)
    {
        var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync("127.0.0.1", port);
        var message = new byte[19];
        message[0] = 0x01;
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(1), 16);
        uuid.TryWriteBytes(message.AsSpan(3), bigEndian: true, out _);
        await client.GetStream().WriteAsync(message);
        return new AudioSocketPeer(client);
    }

    public Task PressAsync(char digit) => _stream.WriteAsync(new byte[] { 0x03, 0x00, 0x01, (byte)digit }).AsTask();

    public Task HangUpAsync() => _stream.WriteAsync(new byte[] { 0x00, 0x00, 0x00 }).AsTask();

    public async Task WaitForFramesAsync(int count)
    {
        for (var deadline = Now + TimeSpan.FromSeconds(15); Now < deadline; await Task.Delay(5))
            if (Frames.Count >= count)
                return;
        throw new TimeoutException($"{Frames.Count} frames, not {count}");
    }

    private async Task ReceiveAsync()
    {
        var header = new byte[3];
        try
        {
            while (true)
            {
                await _stream.ReadExactlyAsync(header);
                int length = BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(1));
                var payload = new byte[length];
                await _stream.ReadExactlyAsync(payload);
                switch (header[0])
                {
                    case 0x10:
                        if (length != 320)
                            Violations.Enqueue($"an audio frame of {length} bytes, not 320 (20 ms of 8 kHz slin)");
                        Frames.Enqueue((Now, payload));
                        break;
                    case 0x00:
                        if (length != 0)
                            Violations.Enqueue("a hang-up with a payload");
                        _hangUp.TrySetResult(true);
                        return;
                    default:
                        Violations.Enqueue($"kind 0x{header[0]:X2} from the app");
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is EndOfStreamException or IOException or ObjectDisposedException)
        {
            _hangUp.TrySetResult(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await Task.WhenAny(_receiving, Task.Delay(2000));
    }
}
