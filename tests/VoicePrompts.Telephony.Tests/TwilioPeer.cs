using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace VoicePrompts.Telephony.Tests;

/// <summary>
/// Twilio's side of a bidirectional Media Stream, written from Twilio's documentation
/// (twilio.com/docs/voice/media-streams/websocket-messages, /docs/usage/security): it signs the WebSocket upgrade,
/// sends <c>connected</c> and <c>start</c>, plays what the app sends in real time (times <see cref="PlaybackRate"/>),
/// echoes each mark once the audio before it has played (at once after a <c>clear</c>), and checks every message
/// the app sends: text frames only (a binary frame is Twilio's warning 31950), only <c>media</c>, <c>mark</c>,
/// <c>clear</c> (else error 31924), the stream's sid, base64 μ-law payloads, batches of at least 50 ms but for the
/// last before a mark.
/// </summary>
internal sealed partial class TwilioPeer : IAsyncDisposable
{
    public const string StreamSid = "MZ00000000000000000000000000000001";

    private readonly ClientWebSocket _socket;
    private readonly Task _receiving;
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _playheadEnd;
    private CancellationTokenSource _cleared = new();
    private int _sequence = 1;
    private string? _lastEvent;
    private int _lastMediaBytes;

    private TwilioPeer(ClientWebSocket socket, double playbackRate)
    {
        _socket = socket;
        PlaybackRate = playbackRate;
        _receiving = Task.Run(ReceiveAsync);
    }

    /// <summary>How much faster than real time "playback" runs, so tests need not wait out every prompt.</summary>
    public double PlaybackRate { get; }

    /// <summary>What the app sent, in order, with when it arrived.</summary>
    public ConcurrentQueue<(TimeSpan At, string Event, byte[]? Audio, string? Mark)> Received { get; } = new();

    /// <summary>Every departure from the documented protocol.</summary>
    public ConcurrentQueue<string> Violations { get; } = new();

    /// <summary>Completes when the app closes the stream.</summary>
    public Task Closed => _receiving;

    public TimeSpan Now => _clock.Elapsed;

    /// <summary>When <c>start</c> was sent (on <see cref="Now"/>'s clock).</summary>
    public TimeSpan StartSentAt { get; private set; }

    /// <summary>Twilio's signature: base64 HMAC-SHA1, keyed by the auth token, of the URL and then each POST field's name and value in name order.</summary>
    public static string Sign(string authToken, string url, IDictionary<string, string>? fields = null)
    {
        var data = new StringBuilder(url);
        foreach (var (name, value) in (fields ?? new Dictionary<string, string>()).OrderBy(f => f.Key, StringComparer.Ordinal))
            data.Append(name).Append(value);
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString())));
    }

    /// <summary>Connects to <paramref name="streamUrl"/>, signed for <paramref name="publicBaseUrl"/>'s <c>wss://</c> form as Twilio signs it.</summary>
    public static async Task<TwilioPeer> ConnectAsync(Uri streamUrl, Uri publicBaseUrl, string authToken, IDictionary<string, string>? parameters = null, double playbackRate = 20, string? signature = null)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        string publicUrl = "wss://" + publicBaseUrl.Authority + streamUrl.AbsolutePath;
        socket.Options.SetRequestHeader("X-Twilio-Signature", signature ?? Sign(authToken, publicUrl));
        await socket.ConnectAsync(streamUrl, CancellationToken.None);
        var peer = new TwilioPeer(socket, playbackRate);
        await peer.SendAsync(new JsonObject { ["event"] = "connected", ["protocol"] = "Call", ["version"] = "1.0.0" });
        var custom = new JsonObject();
        foreach (var (name, value) in parameters ?? new Dictionary<string, string>())
            custom[name] = value;
        peer.StartSentAt = peer.Now;
        await peer.SendAsync(new JsonObject
        {
            ["event"] = "start",
            ["sequenceNumber"] = peer.NextSequence(),
            ["start"] = new JsonObject
            {
                ["accountSid"] = "AC00000000000000000000000000000001",
                ["streamSid"] = StreamSid,
                ["callSid"] = "CA00000000000000000000000000000001",
                ["tracks"] = new JsonArray("inbound"),
                ["mediaFormat"] = new JsonObject { ["encoding"] = "audio/x-mulaw", ["sampleRate"] = 8000, ["channels"] = 1 },
                ["customParameters"] = custom,
            },
            ["streamSid"] = StreamSid,
        });
        return peer;
    }

    public Task PressAsync(char digit) => SendAsync(new JsonObject
    {
        ["event"] = "dtmf", ["streamSid"] = StreamSid, ["sequenceNumber"] = NextSequence(),
        ["dtmf"] = new JsonObject { ["track"] = "inbound_track", ["digit"] = digit.ToString() },
    });

    /// <summary>The caller hangs up: <c>stop</c>, then the close.</summary>
    public async Task HangUpAsync()
    {
        await SendAsync(new JsonObject
        {
            ["event"] = "stop", ["streamSid"] = StreamSid, ["sequenceNumber"] = NextSequence(),
            ["stop"] = new JsonObject { ["accountSid"] = "AC00000000000000000000000000000001", ["callSid"] = "CA00000000000000000000000000000001" },
        });
        try
        {
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
        }
        catch (Exception ex) when (ClosedByTheApp(ex))
        {
        }
    }

    /// <summary>
    /// The app may end the call (close its side and the connection) while the peer is still sending; the socket then
    /// throws a WebSocketException, or an OperationCanceledException over the closed stream's IOException.
    /// </summary>
    internal static bool ClosedByTheApp(Exception ex) =>
        ex is WebSocketException or IOException || ex is OperationCanceledException { InnerException: IOException };

    /// <summary>Sends text or bytes as they are, to see the app skip them.</summary>
    public async Task SendRawAsync(byte[] bytes, WebSocketMessageType type)
    {
        await _sending.WaitAsync();
        try
        {
            await _socket.SendAsync(bytes, type, true, CancellationToken.None);
        }
        finally
        {
            _sending.Release();
        }
    }

    /// <summary>The μ-law the app sent between the previous mark (or clear) and the mark named <paramref name="mark"/>.</summary>
    public byte[] AudioBefore(string mark)
    {
        var audio = new List<byte>();
        foreach (var (_, name, bytes, markName) in Received)
        {
            if (name == "mark" && markName == mark)
                return audio.ToArray();
            if (name is "mark" or "clear")
                audio.Clear();
            else if (bytes is not null)
                audio.AddRange(bytes);
        }
        throw new InvalidOperationException("no mark " + mark);
    }

    public async Task<(TimeSpan At, string Event, byte[]? Audio, string? Mark)> WaitForAsync(Func<(TimeSpan At, string Event, byte[]? Audio, string? Mark), bool> match, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)((timeout ?? TimeSpan.FromSeconds(15)).TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            foreach (var item in Received)
                if (match(item))
                    return item;
            await Task.Delay(5);
        }
        throw new TimeoutException("the app never sent what was awaited; it sent: " + string.Join(", ", Received.Select(r => r.Event)));
    }

    private Task ReceiveAsync() => PeerMessages.ReadAsync(_socket, Check, () => Violations.Enqueue("31950: a binary message"));

    private void Check(string text)
    {
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(text).RootElement;
        }
        catch (JsonException)
        {
            Violations.Enqueue("not JSON: " + text);
            return;
        }
        string? name = root.TryGetProperty("event", out var e) ? e.GetString() : null;
        if (name is not ("media" or "mark" or "clear"))
        {
            Violations.Enqueue("31924: event " + name);
            return;
        }
        if (!root.TryGetProperty("streamSid", out var sid) || sid.GetString() != StreamSid)
            Violations.Enqueue(name + " without this stream's streamSid");
        var now = Now;
        switch (name)
        {
            case "media":
                byte[] audio;
                try
                {
                    audio = Convert.FromBase64String(root.GetProperty("media").GetProperty("payload").GetString()!);
                }
                catch (Exception ex) when (ex is FormatException or KeyNotFoundException or InvalidOperationException)
                {
                    Violations.Enqueue("media without a base64 payload: " + text);
                    return;
                }
                if (audio.Length == 0)
                    Violations.Enqueue("an empty media payload");
                if (_lastEvent == "media" && _lastMediaBytes < 400)
                    Violations.Enqueue($"a media batch of {_lastMediaBytes} bytes (< 50 ms) before more media: choppy");
                _lastMediaBytes = audio.Length;
                lock (this)
                    _playheadEnd = (_playheadEnd > now ? _playheadEnd : now) + TimeSpan.FromSeconds(audio.Length / 8000.0 / PlaybackRate);
                Received.Enqueue((now, name, audio, null));
                break;
            case "mark":
                string? mark = root.TryGetProperty("mark", out var m) && m.TryGetProperty("name", out var n) ? n.GetString() : null;
                if (string.IsNullOrEmpty(mark))
                    Violations.Enqueue("a mark without a name");
                Received.Enqueue((now, name, null, mark));
                TimeSpan echoAt;
                lock (this) echoAt = _playheadEnd;
                _ = EchoMarkAsync(mark ?? "", echoAt);
                break;
            default:
                lock (this)
                {
                    _playheadEnd = now; // the buffer is emptied; pending marks are echoed at once
                    _cleared.Cancel();
                    _cleared = new CancellationTokenSource();
                }
                Received.Enqueue((now, name, null, null));
                break;
        }
        _lastEvent = name;
    }

    private async Task EchoMarkAsync(string mark, TimeSpan at)
    {
        // Waits until the audio before the mark has played; a clear (which cancels _cleared) echoes it at once.
        CancellationToken cleared;
        lock (this) cleared = _cleared.Token;
        var wait = at - Now;
        if (wait > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(wait, cleared);
            }
            catch (OperationCanceledException)
            {
            }
        }
        try
        {
            await SendAsync(new JsonObject
            {
                ["event"] = "mark", ["streamSid"] = StreamSid, ["sequenceNumber"] = NextSequence(),
                ["mark"] = new JsonObject { ["name"] = mark },
            });
        }
        catch (Exception ex) when (ClosedByTheApp(ex))
        {
        }
    }

    private string NextSequence() => Interlocked.Increment(ref _sequence).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private async Task SendAsync(JsonObject message)
    {
        await _sending.WaitAsync();
        try
        {
            if (_socket.State == WebSocketState.Open)
                await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);
        }
        finally
        {
            _sending.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
            await HangUpAsync();
        await Task.WhenAny(_receiving, Task.Delay(5000));
        _socket.Dispose();
    }
}

/// <summary>The peers' read loop: each whole text message to <c>text</c>, each binary one reported, until the app closes.</summary>
internal static class PeerMessages
{
    public static async Task ReadAsync(WebSocket socket, Action<string> text, Action binary)
    {
        var buffer = new byte[1 << 17];
        while (true)
        {
            WebSocketReceiveResult result;
            int length = 0;
            try
            {
                do
                {
                    result = await socket.ReceiveAsync(new ArraySegment<byte>(buffer, length, buffer.Length - length), CancellationToken.None);
                    length += result.Count;
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);
            }
            catch (WebSocketException)
            {
                return;
            }
            if (result.MessageType == WebSocketMessageType.Close)
                return;
            if (result.MessageType == WebSocketMessageType.Text)
                text(Encoding.UTF8.GetString(buffer, 0, length));
            else
                binary();
        }
    }
}
