using System.Text.Json;
using Microsoft.AspNetCore.Http;
using VoicePrompts.Tests;

namespace VoicePrompts.Telephony.Tests;

/// <summary>
/// OpenAI's speech endpoint on loopback, as the telephony tests need it: 24 kHz PCM (a tone whose length follows the
/// input: 10 ms a character), sent in 4,800-byte (100 ms) writes; optionally held after the first write until
/// <see cref="Release"/>; a request the client abandons is counted.
/// </summary>
internal sealed class SpeechServer : IAsyncDisposable
{
    private readonly LoopbackServer _server;
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _aborted;

    private SpeechServer(LoopbackServer server) => _server = server;

    public Uri BaseUrl => _server.BaseUrl;

    public int Requests => _server.Requests.Count;

    /// <summary>The inputs of the requests after the first <paramref name="skip"/>, in order.</summary>
    public List<string> SpokenSince(int skip) =>
        _server.Requests.Skip(skip).Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("input").GetString()!).ToList();

    /// <summary>Requests whose client went away before the whole clip was sent.</summary>
    public int Aborted => Volatile.Read(ref _aborted);

    /// <summary>When true, each response stops after its first write until <see cref="Release"/>.</summary>
    public bool HoldAfterFirstWrite { get; set; }

    public void Release() => _release.TrySetResult();

    public static async Task<SpeechServer> StartAsync()
    {
        SpeechServer? self = null;
        var server = await LoopbackServer.StartAsync((context, body) => self!.HandleAsync(context, body));
        self = new SpeechServer(server);
        return self;
    }

    /// <summary>The PCM this server answers for <paramref name="input"/>.</summary>
    public static byte[] PcmFor(string input)
    {
        var pcm = new byte[input.Length * 480]; // 10 ms of 24 kHz 16-bit a character
        for (int i = 0; i < pcm.Length / 2; i++)
            BitConverter.TryWriteBytes(pcm.AsSpan(2 * i), (short)(8000 * Math.Sin(2 * Math.PI * (300 + input.Length % 7 * 100) * i / 24000)));
        return pcm;
    }

    private async Task HandleAsync(HttpContext context, byte[] body)
    {
        WireRules.Check(body);
        var root = JsonDocument.Parse(body).RootElement;
        Assert.Equal("pcm", root.GetProperty("response_format").GetString());
        byte[] pcm = PcmFor(root.GetProperty("input").GetString()!);
        context.Response.ContentType = "audio/pcm";
        try
        {
            for (int offset = 0; offset < pcm.Length; offset += 4800)
            {
                await context.Response.Body.WriteAsync(pcm.AsMemory(offset, Math.Min(4800, pcm.Length - offset)), context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                if (offset == 0 && HoldAfterFirstWrite)
                    await _release.Task.WaitAsync(context.RequestAborted);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            Interlocked.Increment(ref _aborted);
        }
    }

    public ValueTask DisposeAsync()
    {
        Release();
        return _server.DisposeAsync();
    }
}
