using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace VoicePrompts.Package.Tests;

/// <summary>
/// A minimal Language Server Protocol client over a real csharp-ls process (JSON-RPC with Content-Length framing on
/// stdio): requests by id, and the few server-to-client requests csharp-ls makes answered (its configuration turns
/// analyzers on, as an editor's settings would).
/// </summary>
internal sealed class LanguageServerClient : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonNode?>> _pending = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly StringBuilder _stderr = new();
    private readonly Task _reader;
    private int _nextId;

    private LanguageServerClient(Process process)
    {
        _process = process;
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_stderr) _stderr.AppendLine(e.Data); };
        _process.BeginErrorReadLine();
        _reader = Task.Run(ReadLoopAsync);
    }

    /// <summary>What the server wrote to stderr, for failure messages.</summary>
    public string Log { get { lock (_stderr) return _stderr.ToString(); } }

    /// <summary>Starts csharp-ls (the version pinned in .config/dotnet-tools.json, restored by <c>dotnet tool restore</c>) in <paramref name="directory"/>.</summary>
    public static LanguageServerClient Start(string serverDll, string directory)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.ArgumentList.Add("exec");
        psi.ArgumentList.Add(serverDll);
        foreach (var variable in new[] { "MSBuildExtensionsPath", "MSBUILD_EXE_PATH", "MSBuildSDKsPath", "MSBuildLoadMicrosoftTargetsReadOnly" })
            psi.Environment.Remove(variable);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return new LanguageServerClient(Process.Start(psi)!);
    }

    public async Task<JsonNode?> RequestAsync(string method, object parameters, TimeSpan timeout)
    {
        int id = Interlocked.Increment(ref _nextId);
        var completion = new TaskCompletionSource<JsonNode?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = completion;
        await WriteAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = JsonSerializer.SerializeToNode(parameters) });
        var finished = await Task.WhenAny(completion.Task, Task.Delay(timeout));
        if (finished != completion.Task)
            throw new TimeoutException($"{method} got no answer within {timeout.TotalSeconds:F0} s. Server log:\n{Log}");
        return await completion.Task;
    }

    public Task NotifyAsync(string method, object parameters) =>
        WriteAsync(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = JsonSerializer.SerializeToNode(parameters) });

    private async Task WriteAsync(JsonNode message)
    {
        byte[] body = Encoding.UTF8.GetBytes(message.ToJsonString());
        byte[] header = Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n");
        await _writeLock.WaitAsync();
        try
        {
            var stdin = _process.StandardInput.BaseStream;
            await stdin.WriteAsync(header);
            await stdin.WriteAsync(body);
            await stdin.FlushAsync();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task ReadLoopAsync()
    {
        var stream = _process.StandardOutput.BaseStream;
        try
        {
            while (true)
            {
                int length = -1;
                while (true)
                {
                    string? line = await ReadHeaderLineAsync(stream);
                    if (line is null) return;
                    if (line.Length == 0) break;
                    if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                        length = int.Parse(line.Substring("Content-Length:".Length).Trim(), System.Globalization.CultureInfo.InvariantCulture);
                }
                var body = new byte[length];
                await stream.ReadExactlyAsync(body);
                var message = JsonNode.Parse(body)!;
                await HandleAsync(message);
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or EndOfStreamException)
        {
            // The server exited.
        }
        finally
        {
            foreach (var pending in _pending.Values)
                pending.TrySetException(new IOException("csharp-ls exited. Server log:\n" + Log));
        }
    }

    private static async Task<string?> ReadHeaderLineAsync(Stream stream)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (true)
        {
            if (await stream.ReadAsync(one) == 0) return null;
            if (one[0] == '\n') return line.ToString().TrimEnd('\r');
            line.Append((char)one[0]);
        }
    }

    private async Task HandleAsync(JsonNode message)
    {
        var id = message["id"];
        string? method = message["method"]?.GetValue<string>();
        if (method is null && id is not null)
        {
            if (_pending.TryRemove(id.GetValue<int>(), out var completion))
            {
                if (message["error"] is { } error)
                    completion.TrySetException(new InvalidOperationException("LSP error: " + error.ToJsonString()));
                else
                    completion.TrySetResult(message["result"]);
            }
            return;
        }
        if (method is null || id is null)
            return; // a notification: logs, progress, pushed diagnostics

        JsonNode? result = method switch
        {
            // An editor's settings for the "csharp" section: analyzers on, so VoicePrompts' rules are computed.
            "workspace/configuration" => new JsonArray((message["params"]?["items"]?.AsArray() ?? new JsonArray())
                .Select(item => item?["section"]?.GetValue<string>() == "csharp" ? (JsonNode)new JsonObject { ["analyzersEnabled"] = true } : null).ToArray()),
            _ => null,
        };
        await WriteAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id.DeepClone(), ["result"] = result });
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await RequestAsync("shutdown", new { }, TimeSpan.FromSeconds(10)).WaitAsync(cts.Token);
            await NotifyAsync("exit", new { });
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (Exception)
        {
            // Best effort; the process is killed below.
        }
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        await _reader.WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { });
        _process.Dispose();
    }
}
