using System.Diagnostics;
using Xunit.Abstractions;
using VoicePrompts.Caching;

namespace VoicePrompts.Tests;

/// <summary>
/// The disk store against real writer processes (tests/VoicePrompts.CacheWriter) killed at random moments, most of
/// them mid-write, while this process reads the same entry the whole time.
/// </summary>
[Collection(WriterProcessCollection.Name)]
public sealed class WriterProcessTests : IDisposable
{
    private const int ClipBytes = 4 * 1024 * 1024;
    private const string Key = "vp1-killed-writer";
    private readonly string _directory = Directory.CreateTempSubdirectory("voiceprompts-killed-").FullName;
    private readonly ITestOutputHelper _output;

    public WriterProcessTests(ITestOutputHelper output) => _output = output;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private sealed class Writer : IDisposable
    {
        private readonly Process _process;
        private int _begun;

        public Writer(string directory, int id)
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string arg in new[] { "exec", Path.Combine(AppContext.BaseDirectory, "VoicePrompts.CacheWriter.dll"), directory, Key, ClipBytes.ToString(), id.ToString() })
                start.ArgumentList.Add(arg);
            _process = Process.Start(start)!;
            _process.OutputDataReceived += (_, e) =>
            {
                if (e.Data?.StartsWith("begin ", StringComparison.Ordinal) == true) Interlocked.Increment(ref _begun);
            };
            _process.ErrorDataReceived += (_, _) => { };
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        public int Begun => Volatile.Read(ref _begun);

        public bool HasExited => _process.HasExited;

        public void Kill()
        {
            if (!_process.HasExited) _process.Kill();
            _process.WaitForExit();
        }

        public void Dispose()
        {
            Kill();
            _process.Dispose();
        }
    }

    [Fact]
    public async Task Writer_processes_killed_mid_write_never_let_a_reader_see_a_partial_entry()
    {
        var store = new DiskSpeechAudioStore(_directory);
        string path = store.PathFor(Key);
        int wholeReads = 0, rawChecks = 0;
        var problems = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var stopReading = new CancellationTokenSource();

        // Readers in this process, all the time: through the store, and the published file's raw bytes.
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            while (!stopReading.IsCancellationRequested)
            {
                var audio = await store.GetAsync(Key);
                if (audio is not null)
                {
                    if (WriterClip.IsWhole(audio.Data.Span, ClipBytes)) Interlocked.Increment(ref wholeReads);
                    else problems.Enqueue($"the store returned {audio.Data.Length} bytes that are not a whole clip");
                }
                byte[] raw;
                try
                {
                    raw = await File.ReadAllBytesAsync(path);
                }
                catch (IOException)
                {
                    continue; // not published yet
                }
                Interlocked.Increment(ref rawChecks);
                if (raw.Length > 0 && SpeechAudioEntry.Decode(raw) is null)
                    problems.Enqueue($"a published entry of {raw.Length} bytes does not decode");
            }
        })).ToList();

        var random = new Random(7);
        int rounds = 0, killedMidWrite = 0;
        while (rounds < 100 && (killedMidWrite < 3 || rounds < 10))
        {
            rounds++;
            using var first = new Writer(_directory, rounds * 2);
            using var second = new Writer(_directory, rounds * 2 + 1); // two processes writing the same key
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while ((first.Begun < 2 || second.Begun < 2) && DateTime.UtcNow < deadline && !first.HasExited && !second.HasExited)
                await Task.Delay(5);
            Assert.True(first.Begun >= 2 && second.Begun >= 2, "the writer processes did not start writing");
            await Task.Delay(random.Next(0, 40));
            first.Kill();
            second.Kill();
            // A temporary file that outlives its writer is the mark of a kill in the middle of a write.
            if (Directory.GetFiles(_directory, "*.tmp").Length > 0) killedMidWrite++;
        }
        await Task.Delay(100);
        stopReading.Cancel();
        await Task.WhenAll(readers);

        _output.WriteLine($"{rounds} rounds, {killedMidWrite} kills mid-write, {wholeReads} whole reads, {rawChecks} published files decoded");
        Assert.Empty(problems);
        Assert.True(killedMidWrite >= 1, $"no kill landed mid-write in {rounds} rounds");
        Assert.True(wholeReads > 0 && rawChecks > 0, $"{wholeReads} whole reads, {rawChecks} raw checks");

        // What the killed writers left behind is still a whole entry, and a new write replaces it.
        var left = await store.GetAsync(Key);
        Assert.True(left is not null && WriterClip.IsWhole(left.Data.Span, ClipBytes), "the entry after the kills is not whole");
        await store.SetAsync(Key, new SpeechAudio(WriterClip.Make(42, ClipBytes), AudioFormat.Mp3));
        Assert.Equal(42, BitConverter.ToInt64((await store.GetAsync(Key))!.Data.Span));
    }
}

/// <summary>The writer processes load both cores for seconds: run them alone, not beside timing-sensitive tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WriterProcessCollection
{
    public const string Name = "Writer processes";
}
