using System.ClientModel;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenAI;
using OpenAI.Audio;
using VoicePrompts;

namespace VoicePrompts.Benchmarks;

/// <summary>
/// Time to first audio byte, and client allocations per request, against a loopback server that dribbles a clip
/// over ~1.8 s as the live endpoint does: VoicePrompts' StreamAsync, a raw HttpClient (the floor), and the official
/// OpenAI package's GenerateSpeechAsync. The server runs in a child process so its allocations are not counted.
/// </summary>
internal static class TimeToFirstByte
{
    private const int Chunks = 30;
    private const int ChunkBytes = 4096;
    private static readonly TimeSpan ChunkInterval = TimeSpan.FromMilliseconds(60);

    public static async Task RunServerAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var chunk = new byte[ChunkBytes];
        new Random(1).NextBytes(chunk);
        app.MapPost("/v1/audio/speech", async (HttpContext context) =>
        {
            using var sink = new MemoryStream();
            await context.Request.Body.CopyToAsync(sink);
            context.Response.ContentType = "audio/mpeg";
            context.Response.Headers["X-Request-ID"] = "req_bench";
            for (int i = 0; i < Chunks; i++)
            {
                if (i > 0) await Task.Delay(ChunkInterval);
                await context.Response.Body.WriteAsync(chunk);
                await context.Response.Body.FlushAsync();
            }
        });
        await app.StartAsync();
        Console.WriteLine(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        await Task.Delay(Timeout.Infinite);
    }

    public static async Task RunAsync(int iterations)
    {
        var psi = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
            psi.ArgumentList.Add(typeof(TimeToFirstByte).Assembly.Location);
        psi.ArgumentList.Add("ttfb-server");
        using var server = Process.Start(psi)!;
        try
        {
            var baseUrl = new Uri((await server.StandardOutput.ReadLineAsync())! + "/v1/");
            const string input = "Thanks for calling Northwind Bank. Your call is important to us.";
            var request = new SpeechRequest("gpt-4o-mini-tts", SpeechVoice.Coral, input);

            using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            using var voicePrompts = new OpenAISpeechClient(new OpenAISpeechClientOptions { BaseUrl = baseUrl, ApiKey = "sk-bench" }, http);
            var openAI = new AudioClient("gpt-4o-mini-tts", new ApiKeyCredential("sk-bench"), new OpenAIClientOptions { Endpoint = baseUrl });
            byte[] body = Encoding.UTF8.GetBytes("{\"model\":\"gpt-4o-mini-tts\",\"input\":\"" + input + "\",\"voice\":\"coral\",\"response_format\":\"mp3\"}");

            var contenders = new (string Name, Func<Action, Task<long>> Run)[]
            {
                ("raw HttpClient", async firstByte =>
                {
                    using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUrl, "audio/speech")) { Content = new ByteArrayContent(body) };
                    message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                    message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "sk-bench");
                    using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead);
                    using var stream = await response.Content.ReadAsStreamAsync();
                    var buffer = new byte[16 * 1024];
                    long total = 0;
                    int read;
                    while ((read = await stream.ReadAsync(buffer)) > 0)
                    {
                        if (total == 0) firstByte();
                        total += read;
                    }
                    return total;
                }),
                ("VoicePrompts StreamAsync", async firstByte =>
                {
                    long total = 0;
                    await foreach (var update in voicePrompts.StreamAsync(request))
                    {
                        if (update.Data.IsEmpty) continue;
                        if (total == 0) firstByte();
                        total += update.Data.Length;
                    }
                    return total;
                }),
                ("OpenAI GenerateSpeechAsync", async firstByte =>
                {
                    var result = await openAI.GenerateSpeechAsync(input, GeneratedSpeechVoice.Alloy, new SpeechGenerationOptions { ResponseFormat = GeneratedSpeechFormat.Mp3 });
                    firstByte(); // the SDK returns only once the whole clip is in
                    return result.Value.ToArray().Length;
                }),
            };

            Console.WriteLine($"{iterations} requests each (after 3 warm-up), server sends {Chunks} x {ChunkBytes} B every {ChunkInterval.TotalMilliseconds} ms");
            Console.WriteLine($"{"client",-28} {"TTFB median",12} {"TTFB p90",10} {"total median",13} {"alloc/request",14}");
            double? rawMedian = null;
            foreach (var (name, run) in contenders)
            {
                for (int i = 0; i < 3; i++) await run(() => { });
                var ttfb = new List<double>();
                var totals = new List<double>();
                long allocated = 0;
                for (int i = 0; i < iterations; i++)
                {
                    long before = GC.GetTotalAllocatedBytes(precise: true);
                    var watch = Stopwatch.StartNew();
                    double first = double.NaN;
                    long bytes = await run(() => first = watch.Elapsed.TotalMilliseconds);
                    totals.Add(watch.Elapsed.TotalMilliseconds);
                    allocated += GC.GetTotalAllocatedBytes(precise: true) - before;
                    if (bytes != Chunks * ChunkBytes) throw new InvalidOperationException($"{name} received {bytes} bytes");
                    ttfb.Add(first);
                }
                double median = Percentile(ttfb, 0.5);
                rawMedian ??= median;
                Console.WriteLine($"{name,-28} {median,9:F2} ms {Percentile(ttfb, 0.9),7:F2} ms {Percentile(totals, 0.5),10:F1} ms {allocated / iterations / 1024.0,11:F1} KB   ratio {median / rawMedian.Value:F2}x");
            }
        }
        finally
        {
            server.Kill();
        }
    }

    internal static double Percentile(List<double> values, double p)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(p * sorted.Count))];
    }
}
