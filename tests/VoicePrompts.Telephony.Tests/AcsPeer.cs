using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace VoicePrompts.Telephony.Tests;

/// <summary>
/// Azure Communication Services' side of bidirectional media streaming, written from its documentation (the audio
/// streaming quickstart; Call Automation's streaming models): it connects to the app's transport URL, sends
/// <c>AudioMetadata</c> first, then <c>DtmfData</c> when told, and checks what the app sends: text frames only,
/// <c>AudioData</c> with base64 16-bit PCM (an even number of bytes) and <c>stopAudio</c> null, or
/// <c>StopAudio</c> with <c>audioData</c> null.
/// </summary>
internal sealed class AcsPeer : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly Task _receiving;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    private AcsPeer(ClientWebSocket socket)
    {
        _socket = socket;
        _receiving = Task.Run(ReceiveAsync);
    }

    public ConcurrentQueue<(TimeSpan At, string Kind, byte[]? Audio)> Received { get; } = new();

    public ConcurrentQueue<string> Violations { get; } = new();

    public Task Closed => _receiving;

    public TimeSpan Now => _clock.Elapsed;

    public static async Task<AcsPeer> ConnectAsync(TelephonyHost host, int sampleRate = 16000, string token = TelephonyHost.AcsToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        await socket.ConnectAsync(host.WebSocketUrl("/acs/media?token=" + Uri.EscapeDataString(token)), CancellationToken.None);
        var peer = new AcsPeer(socket);
        await peer.SendAsync(new JsonObject
        {
            ["kind"] = "AudioMetadata",
            ["audioMetadata"] = new JsonObject
            {
                ["subscriptionId"] = "89e8cb59-b991-48b0-b154-1db84f16a077", ["encoding"] = "PCM",
                ["sampleRate"] = sampleRate, ["channels"] = 1, ["length"] = sampleRate / 25,
            },
        });
        return peer;
    }

    public Task PressAsync(char digit) => SendAsync(new JsonObject
    {
        ["kind"] = "DtmfData",
        ["dtmfData"] = new JsonObject { ["data"] = digit.ToString(), ["participantRawID"] = "8:acs:caller", ["timestamp"] = DateTimeOffset.UtcNow.ToString("O") },
    });

    public async Task HangUpAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
        }
        catch (Exception ex) when (TwilioPeer.ClosedByTheApp(ex))
        {
        }
    }

    public async Task<(TimeSpan At, string Kind, byte[]? Audio)> WaitForAsync(Func<(TimeSpan At, string Kind, byte[]? Audio), bool> match)
    {
        for (var deadline = Now + TimeSpan.FromSeconds(15); Now < deadline; await Task.Delay(5))
            foreach (var item in Received)
                if (match(item))
                    return item;
        throw new TimeoutException("not received; got: " + string.Join(", ", Received.Select(r => r.Kind)));
    }

    private Task ReceiveAsync() => PeerMessages.ReadAsync(_socket, Check, () => Violations.Enqueue("a binary message"));

    private void Check(string text)
    {
        var root = JsonDocument.Parse(text).RootElement;
        string? kind = root.TryGetProperty("kind", out var k) ? k.GetString() : null;
        switch (kind)
        {
            case "AudioData":
                if (!root.TryGetProperty("stopAudio", out var stop) || stop.ValueKind != JsonValueKind.Null)
                    Violations.Enqueue("AudioData whose stopAudio is not null");
                try
                {
                    byte[] pcm = Convert.FromBase64String(root.GetProperty("audioData").GetProperty("data").GetString()!);
                    if (pcm.Length == 0 || pcm.Length % 2 != 0)
                        Violations.Enqueue($"AudioData of {pcm.Length} bytes: not whole 16-bit samples");
                    Received.Enqueue((Now, kind, pcm));
                }
                catch (Exception ex) when (ex is FormatException or KeyNotFoundException or InvalidOperationException)
                {
                    Violations.Enqueue("AudioData without base64 data: " + text);
                }
                break;
            case "StopAudio":
                if (!root.TryGetProperty("audioData", out var audio) || audio.ValueKind != JsonValueKind.Null
                    || !root.TryGetProperty("stopAudio", out var s) || s.ValueKind != JsonValueKind.Object)
                    Violations.Enqueue("StopAudio of the wrong shape: " + text);
                Received.Enqueue((Now, kind, null));
                break;
            default:
                Violations.Enqueue("unknown kind " + kind);
                break;
        }
    }

    private async Task SendAsync(JsonObject message)
    {
        if (_socket.State == WebSocketState.Open)
            await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await HangUpAsync();
        await Task.WhenAny(_receiving, Task.Delay(5000));
        _socket.Dispose();
    }
}
