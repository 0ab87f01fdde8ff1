using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using PhoneMenu;
using VoicePrompts.Audio;
using VoicePrompts.Shared;
using VoicePrompts.Telephony.Tests;

namespace VoicePrompts.Benchmarks;

/// <summary>
/// N simultaneous Twilio calls against the PhoneMenu sample's phone server on loopback, every prompt from the cache
/// (one call first warms it), each caller a Twilio peer (tests/VoicePrompts.Telephony.Tests) that plays in real
/// time, checks every message and presses nothing: greeting, menu, 5 s, menu, 5 s, goodbye. Reports start → first
/// media latency, whether every call got every prompt's audio complete and in order, memory and CPU; then
/// AudioSocket frame intervals at M simultaneous calls. Server and callers share this process (and its 2 cores).
/// </summary>
public static class TelephonyLoad
{
    public static async Task RunAsync(int calls, int audioSocketCalls)
    {
        string cache = Directory.CreateTempSubdirectory("vp-load-cache-").FullName;
        await using var speech = await SpeechServer.StartAsync();
        var app = PhoneServer.Build(new[]
        {
            "--urls", "http://127.0.0.1:0", "--environment", "Production",
            "--PhoneMenu:PublicBaseUrl", "https://phone.example.test", "--Telephony:TwilioAuthToken", "load-token",
            "--PhoneMenu:AudioSocketPort", "0",
            "--VoicePrompts:BaseUrl", speech.BaseUrl.ToString(), "--VoicePrompts:ApiKey", "sk-load", "--VoicePrompts:CacheDirectory", cache,
            "--Logging:LogLevel:Default", "Error", "--Kestrel:Limits:MaxConcurrentConnections", "100000",
        });
        await app.StartAsync();
        var stream = new Uri("ws://" + new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Authority + "/twilio/media");
        try
        {
            // One call warms the cache with the templated greeting; the static prompts are pre-rendered at startup.
            await RunCallsAsync(stream, 1, report: false);
            int before = speech.Requests;
            await RunCallsAsync(stream, calls, report: true);
            Console.WriteLine($"  speech requests during the run: {speech.Requests - before} (every prompt from the cache)");
            await AudioSocketJitterAsync(app, audioSocketCalls);
        }
        finally
        {
            await app.DisposeAsync();
            Directory.Delete(cache, recursive: true);
        }
    }

    private static async Task RunCallsAsync(Uri stream, int count, bool report)
    {
        var expected = ExpectedPrompts();
        using var process = Process.GetCurrentProcess();
        GC.Collect();
        long memoryBefore = GC.GetTotalMemory(true);
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var peers = new TwilioPeer[count];
        // Calls arrive at 200 a second (10 every 50 ms) and last about 15 s, so all are up at once.
        for (int i = 0; i < count; i += 10)
        {
            var wave = Task.WhenAll(Enumerable.Range(i, Math.Min(10, count - i)).Select(async k => peers[k] = await TwilioPeer.ConnectAsync(stream, new Uri("https://phone.example.test"), "load-token", playbackRate: 1)));
            await Task.WhenAll(wave, Task.Delay(50));
        }
        var connected = clock.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(3));
        long memoryDuring = GC.GetTotalMemory(false);
        await Task.WhenAll(peers.Select(p => p.Closed.WaitAsync(TimeSpan.FromMinutes(3))));
        var wall = clock.Elapsed;
        var cpu = process.TotalProcessorTime - cpuBefore;
        if (!report)
            return;

        var latencies = peers.Select(p => (p.Received.First(r => r.Event == "media").At - p.StartSentAt).TotalMilliseconds).Order().ToArray();
        int complete = peers.Count(p => Complete(p, expected));
        int violations = peers.Sum(p => p.Violations.Count);
        Console.WriteLine($"Twilio: {count} simultaneous calls ({connected.TotalSeconds:F1} s to connect all), every prompt from the cache");
        Console.WriteLine($"  start -> first media: p50 {Percentile(latencies, 0.50):F1} ms, p99 {Percentile(latencies, 0.99):F1} ms, max {latencies[^1]:F1} ms");
        Console.WriteLine($"  calls with every prompt's audio complete and in order: {complete} of {count}; protocol violations: {violations}");
        Console.WriteLine($"  managed heap with all calls up: +{(memoryDuring - memoryBefore) / 1024.0 / count:F1} KB a call (server and caller together)");
        Console.WriteLine($"  CPU: {cpu.TotalSeconds:F1} s over {wall.TotalSeconds:F1} s = {cpu.TotalSeconds / wall.TotalSeconds:F2} cores for {count} calls");
        foreach (var peer in peers)
            await peer.DisposeAsync();
    }

    /// <summary>Greeting, menu, menu (no digit the first time), goodbye: the audio before each mark, byte for byte.</summary>
    private static bool Complete(TwilioPeer peer, byte[][] expected)
    {
        var marks = peer.Received.Where(r => r.Event == "mark").Select(r => r.Mark!).ToList();
        return marks.Count == expected.Length && marks.Select((m, i) => peer.AudioBefore(m).AsSpan().SequenceEqual(expected[i])).All(ok => ok);
    }

    private static byte[][] ExpectedPrompts()
    {
        var prompts = new IvrPrompts(new OpenAISpeechClient());
        string company = "Northwind Bank";
        bool open = DateTime.Now.Hour is >= 8 and < 20;
        return new[] { prompts.GreetingRequest(company, open).Input, prompts.MainMenuRequest().Input, prompts.MainMenuRequest().Input, prompts.GoodbyeRequest().Input }
            .Select(text => AudioConverter.ConvertAll(SpeechServer.PcmFor(text), AudioFormatFacts.Pcm24k, AudioFormatFacts.Of("pcmu")!.Value))
            .ToArray();
    }

    private static async Task AudioSocketJitterAsync(WebApplication app, int count)
    {
        int port = app.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<VoicePrompts.Telephony.Channels.AudioSocket.AudioSocketServer>().Single().Port!.Value;
        var peers = await Task.WhenAll(Enumerable.Range(0, count).Select(_ => AudioSocketPeer.ConnectAsync(port, Guid.NewGuid())));
        await Task.WhenAll(peers.Select(p => p.HungUpByApp.WaitAsync(TimeSpan.FromMinutes(3))));
        var intervals = new List<double>();
        foreach (var peer in peers)
        {
            var frames = peer.Frames.ToList();
            for (int i = 1; i < frames.Count; i++)
            {
                double gap = (frames[i].At - frames[i - 1].At).TotalMilliseconds;
                if (gap < 200) // within a prompt; the gaps between prompts are the flow's
                    intervals.Add(gap);
            }
        }
        var sorted = intervals.Order().ToArray();
        Console.WriteLine($"AudioSocket: {count} simultaneous calls, {sorted.Length:N0} frame intervals at the caller (target 20 ms)");
        Console.WriteLine($"  p50 {Percentile(sorted, 0.50):F2} ms, p99 {Percentile(sorted, 0.99):F2} ms, p99.9 {Percentile(sorted, 0.999):F2} ms, max {sorted[^1]:F2} ms; violations: {peers.Sum(p => p.Violations.Count)}");
        foreach (var peer in peers)
            await peer.DisposeAsync();
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
