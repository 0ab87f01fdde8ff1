// The SDK's Realtime client is experimental (OPENAI002); comparing against it is the point of this file.
#pragma warning disable OPENAI002
using System.ClientModel;
using System.Diagnostics;
using System.Threading.Channels;
using OpenAI.Realtime;
using VoicePrompts.Tests.Realtime;

namespace VoicePrompts.Benchmarks;

/// <summary>
/// The Realtime backend against the official OpenAI .NET SDK's <c>RealtimeClient</c> (experimental, OPENAI002) doing
/// the same out-of-band read — one <c>response.create</c> with <c>conversation: "none"</c>, the text as
/// <c>input_text</c>, audio only — against the same fake Realtime server (Kestrel WebSockets, OpenAI's schemas
/// checked), which runs in a child process so its allocations are not counted.
/// </summary>
/// <remarks>
/// The SDK side is written as a user of it would: one session opened up front, one loop receiving its updates, each
/// read building its <c>RealtimeResponseOptions</c> (out of band, the text as a user message, audio only, and the very
/// instructions VoicePrompts sends — captured from a server first) and waiting for its <c>response.done</c>. The voice
/// and format are fixed once per session, as VoicePrompts does, by sending VoicePrompts' own <c>session.update</c>
/// (the SDK's response options offer no settable output audio). Both sides therefore do the same work per read:
/// build the request, send it, read the audio.
/// </remarks>
internal static class RealtimeBenchmark
{
    private const string Model = "gpt-realtime-2.1-mini";
    private const string Text = "Thanks for calling Northwind Bank. Your call is important to us.";
    private const int Chunks = 10;
    private const int ChunkBytes = 4800; // 100 ms of 24 kHz 16-bit PCM
    private static readonly byte[] Audio = MakeAudio();

    /// <summary>The child: a fake Realtime API whose reads send the first audio at once and the rest every 20 ms.</summary>
    public static async Task RunServerAsync()
    {
        var server = await FakeRealtimeServer.StartAsync(async read =>
        {
            await read.CreatedAsync();
            await read.AudioAsync(Audio, chunks: Chunks, delayMs: 20);
            await read.TranscriptAsync(read.Text);
            await read.DoneAsync();
        });
        Console.WriteLine(server.BaseUrl);
        // The parent closes stdin when it is done; report what the schemas found in the clients' events.
        await Console.In.ReadToEndAsync();
        Console.Error.WriteLine($"server: {server.Responses} reads on {server.ConnectionCount} connections, {server.Violations.Count} schema violations");
        foreach (var violation in server.Violations.Distinct().Take(10))
            Console.Error.WriteLine("  " + violation);
        await server.DisposeAsync();
    }

    public static async Task RunAsync(int iterations)
    {
        var psi = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardInput = true };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
            psi.ArgumentList.Add(typeof(RealtimeBenchmark).Assembly.Location);
        psi.ArgumentList.Add("realtime-server");
        psi.RedirectStandardError = false;
        using var server = Process.Start(psi)!;
        var baseUrl = new Uri((await server.StandardOutput.ReadLineAsync())!);
        try
        {
            var request = new SpeechRequest(Model, SpeechVoice.Marin, Text) { Format = AudioFormat.Pcm };
            var options = new RealtimeSpeechClientOptions { BaseUrl = baseUrl, ApiKey = "sk-bench" };

            // The instructions VoicePrompts sends, captured by an in-process server, so the SDK asks for the same read.
            string instructions;
            BinaryData sessionUpdate;
            await using (var probeServer = await FakeRealtimeServer.StartAsync())
            using (var probe = new RealtimeSpeechClient(new RealtimeSpeechClientOptions { BaseUrl = probeServer.BaseUrl, ApiKey = "sk-bench" }))
            {
                await probe.SynthesizeAsync(request);
                var create = probeServer.ClientEvents.First(e => e.GetProperty("type").GetString() == "response.create");
                instructions = create.GetProperty("response").GetProperty("instructions").GetString()!;
                var update = probeServer.ClientEvents.First(e => e.GetProperty("type").GetString() == "session.update");
                sessionUpdate = BinaryData.FromString(update.GetRawText());
            }

            Console.WriteLine($"{iterations} reads each (after 3 warm-up); the server sends response.created, then {Chunks} x {ChunkBytes} B of audio, the first at once and then every 20 ms");
            Console.WriteLine($"{"client",-44} {"TTFB median",12} {"TTFB p90",10} {"read median",12} {"alloc/read",11}   vs SDK");

            // Warm: a pooled session (VoicePrompts) against one open session (SDK), reads alternating so both see
            // the same machine load.
            using (var voicePrompts = new RealtimeSpeechClient(options))
            await using (var sdk = await SdkSession.StartAsync(baseUrl, sessionUpdate))
            {
                await CompareAsync(iterations,
                    ("VoicePrompts, pooled session (warm)", firstByte => VoicePromptsReadAsync(voicePrompts, request, firstByte)),
                    ("OpenAI SDK, one open session (warm)", firstByte => sdk.ReadAsync(instructions, firstByte)));
            }

            // Cold: a new connection for every read, set-up included.
            await CompareAsync(iterations,
                ("VoicePrompts, new client per read (cold)", async firstByte =>
                {
                    using var client = new RealtimeSpeechClient(options);
                    return await VoicePromptsReadAsync(client, request, firstByte);
                }),
                ("OpenAI SDK, new session per read (cold)", async firstByte =>
                {
                    await using var session = await SdkSession.StartAsync(baseUrl, sessionUpdate);
                    return await session.ReadAsync(instructions, firstByte);
                }));

            await ThroughputAsync(options, request, baseUrl, sessionUpdate, instructions, iterations);
            await MemoryPerSessionAsync(options, baseUrl, sessionUpdate, instructions);
        }
        finally
        {
            server.StandardInput.Close();
            await server.WaitForExitAsync();
        }
    }

    private static async Task<long> VoicePromptsReadAsync(RealtimeSpeechClient client, SpeechRequest request, Action firstByte)
    {
        long total = 0;
        await foreach (var update in client.StreamAsync(request))
        {
            if (update.Data.IsEmpty) continue;
            if (total == 0) firstByte();
            total += update.Data.Length;
        }
        return total;
    }

    private static async Task CompareAsync(int iterations, params (string Name, Func<Action, Task<long>> Read)[] contenders)
    {
        foreach (var (_, read) in contenders)
            for (int i = 0; i < 3; i++) await read(() => { });
        var ttfb = contenders.Select(_ => new List<double>()).ToArray();
        var totals = contenders.Select(_ => new List<double>()).ToArray();
        var allocated = new long[contenders.Length];
        for (int i = 0; i < iterations; i++)
        {
            for (int c = 0; c < contenders.Length; c++)
            {
                var (name, read) = contenders[c];
                long before = GC.GetTotalAllocatedBytes(precise: true);
                var watch = Stopwatch.StartNew();
                double first = double.NaN;
                long bytes = await read(() => first = watch.Elapsed.TotalMilliseconds);
                totals[c].Add(watch.Elapsed.TotalMilliseconds);
                allocated[c] += GC.GetTotalAllocatedBytes(precise: true) - before;
                if (bytes != Audio.Length) throw new InvalidOperationException($"{name} received {bytes} bytes, not {Audio.Length}");
                ttfb[c].Add(first);
            }
        }
        double baseline = TimeToFirstByte.Percentile(ttfb[^1], 0.5);
        for (int c = 0; c < contenders.Length; c++)
        {
            double median = TimeToFirstByte.Percentile(ttfb[c], 0.5);
            Console.WriteLine($"{contenders[c].Name,-44} {median,9:F2} ms {TimeToFirstByte.Percentile(ttfb[c], 0.9),7:F2} ms {TimeToFirstByte.Percentile(totals[c], 0.5),9:F1} ms {allocated[c] / iterations / 1024.0,8:F1} KB   {median / baseline:F2}x");
        }
    }

    /// <summary>Reads per second on a warm connection, one after another and (VoicePrompts) eight at a time.</summary>
    private static async Task ThroughputAsync(RealtimeSpeechClientOptions options, SpeechRequest request, Uri baseUrl, BinaryData sessionUpdate, string instructions, int iterations)
    {
        int reads = iterations * 2;
        Console.WriteLine();
        Console.WriteLine($"throughput: {reads} reads on a warm connection (each read's audio takes ≥ {(Chunks - 1) * 20} ms to arrive)");
        using (var client = new RealtimeSpeechClient(options))
        {
            await VoicePromptsReadAsync(client, request, () => { });
            var watch = Stopwatch.StartNew();
            for (int i = 0; i < reads; i++) await VoicePromptsReadAsync(client, request, () => { });
            Console.WriteLine($"  {"VoicePrompts, one at a time",-42} {reads / watch.Elapsed.TotalSeconds,7:F1} reads/s");
            watch.Restart();
            await Parallel.ForEachAsync(Enumerable.Range(0, reads), new ParallelOptions { MaxDegreeOfParallelism = 8 },
                async (_, _) => await VoicePromptsReadAsync(client, request, () => { }));
            Console.WriteLine($"  {"VoicePrompts, 8 at a time (pooled)",-42} {reads / watch.Elapsed.TotalSeconds,7:F1} reads/s");
        }
        await using (var sdk = await SdkSession.StartAsync(baseUrl, sessionUpdate))
        {
            await sdk.ReadAsync(instructions, () => { });
            var watch = Stopwatch.StartNew();
            for (int i = 0; i < reads; i++) await sdk.ReadAsync(instructions, () => { });
            Console.WriteLine($"  {"OpenAI SDK, one at a time",-42} {reads / watch.Elapsed.TotalSeconds,7:F1} reads/s");
        }
    }

    /// <summary>Managed memory a warm session keeps: eight VoicePrompts pooled sessions (one per voice) and eight SDK
    /// sessions with their receive loops, each after one read.</summary>
    private static async Task MemoryPerSessionAsync(RealtimeSpeechClientOptions options, Uri baseUrl, BinaryData sessionUpdate, string instructions)
    {
        const int sessions = 8;
        string[] voices = { "alloy", "ash", "ballad", "coral", "echo", "sage", "shimmer", "verse" };
        Console.WriteLine();
        long before = SettledMemory();
        using (var client = new RealtimeSpeechClient(options))
        {
            foreach (var voice in voices.Take(sessions))
                await VoicePromptsReadAsync(client, new SpeechRequest(Model, SpeechVoice.FromName(voice), Text) { Format = AudioFormat.Pcm }, () => { });
            long after = SettledMemory();
            Console.WriteLine($"memory per warm session: VoicePrompts {(after - before) / sessions / 1024.0,6:F1} KB ({sessions} pooled sessions, one per voice, after a read each)");
        }
        before = SettledMemory();
        var open = new List<SdkSession>();
        for (int i = 0; i < sessions; i++)
        {
            var session = await SdkSession.StartAsync(baseUrl, sessionUpdate);
            await session.ReadAsync(instructions, () => { });
            open.Add(session);
        }
        long sdkAfter = SettledMemory();
        Console.WriteLine($"memory per warm session: OpenAI SDK   {(sdkAfter - before) / sessions / 1024.0,6:F1} KB ({sessions} sessions with a receive loop each, after a read each)");
        foreach (var session in open) await session.DisposeAsync();
    }

    private static long SettledMemory()
    {
        for (int i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static byte[] MakeAudio()
    {
        var audio = new byte[Chunks * ChunkBytes];
        new Random(1).NextBytes(audio);
        return audio;
    }

    /// <summary>An SDK session as its user would hold one: a loop receiving updates, each read waiting for its own.</summary>
    private sealed class SdkSession : IAsyncDisposable
    {
        private readonly RealtimeSessionClient _session;
        private readonly Channel<RealtimeServerUpdate> _updates = Channel.CreateUnbounded<RealtimeServerUpdate>();
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _receive;

        private SdkSession(RealtimeSessionClient session)
        {
            _session = session;
            _receive = Task.Run(async () =>
            {
                try
                {
                    await foreach (var update in _session.ReceiveUpdatesAsync(_stop.Token))
                        await _updates.Writer.WriteAsync(update);
                }
                catch (OperationCanceledException) { }
                catch (System.Net.WebSockets.WebSocketException) { }
                _updates.Writer.TryComplete();
            });
        }

        /// <summary>Opens a session and fixes its voice and format with <paramref name="sessionUpdate"/>, as VoicePrompts' pool does.</summary>
        public static async Task<SdkSession> StartAsync(Uri baseUrl, BinaryData sessionUpdate)
        {
            var client = new RealtimeClient(new ApiKeyCredential("sk-bench"), new RealtimeClientOptions { Endpoint = baseUrl });
            var session = await client.StartConversationSessionAsync(Model);
            var opened = new SdkSession(session);
            await session.SendCommandAsync(sessionUpdate, null);
            await opened.WaitForAsync<RealtimeServerUpdateSessionUpdated>();
            return opened;
        }

        public async Task WaitForAsync<T>() where T : RealtimeServerUpdate
        {
            while (await _updates.Reader.WaitToReadAsync())
                while (_updates.Reader.TryRead(out var update))
                    if (update is T) return;
            throw new InvalidOperationException("The SDK session ended before " + typeof(T).Name + ".");
        }

        public async Task<long> ReadAsync(string instructions, Action firstByte)
        {
            var options = new RealtimeResponseOptions
            {
                DefaultConversationConfiguration = RealtimeResponseDefaultConversationConfiguration.None,
                Instructions = instructions,
            };
            options.OutputModalities.Add(RealtimeOutputModality.Audio);
            options.InputItems.Add(RealtimeItem.CreateUserMessageItem(Text));
            options.Metadata["read"] = BinaryData.FromString("\"sdk\"");
            await _session.StartResponseAsync(options);
            long total = 0;
            while (await _updates.Reader.WaitToReadAsync())
            {
                while (_updates.Reader.TryRead(out var update))
                {
                    switch (update)
                    {
                        case RealtimeServerUpdateResponseOutputAudioDelta delta:
                            if (total == 0) firstByte();
                            total += delta.Delta.ToMemory().Length;
                            break;
                        case RealtimeServerUpdateResponseDone:
                            return total;
                        case RealtimeServerUpdateError error:
                            throw new InvalidOperationException("The server sent an error event: " + error);
                    }
                }
            }
            throw new InvalidOperationException("The SDK session ended before response.done.");
        }

        public async ValueTask DisposeAsync()
        {
            _stop.Cancel();
            _session.Dispose();
            try { await _receive; } catch (Exception) { }
        }
    }
}
