using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace VoicePrompts.Tests;

/// <summary>
/// A real <c>redis-server</c> on 127.0.0.1 (a free port, no persistence), started per test so one test can stop it
/// without touching the others. Where redis-server is not installed the tests that need it skip with the reason;
/// under CI (VOICEPROMPTS_REQUIRE_REDIS=1, set by .ci/run, which installs it) a missing server is a failure instead.
/// </summary>
internal sealed class RedisServer : IDisposable
{
    private readonly Process _process;

    private RedisServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string Configuration => "127.0.0.1:" + Port;

    public static string? Executable { get; } = FindExecutable();

    public static bool Required => Environment.GetEnvironmentVariable("VOICEPROMPTS_REQUIRE_REDIS") == "1";

    public static string SkipReason =>
        "redis-server was not found on PATH (install it, e.g. apt-get install -y redis-server, or set VOICEPROMPTS_REDIS_SERVER)";

    public static async Task<RedisServer> StartAsync()
    {
        if (Executable is null)
            throw new InvalidOperationException(SkipReason);
        int port = FreePort();
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { "--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no" })
            start.ArgumentList.Add(arg);
        var process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new RedisServer(process, port);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await server.PingAsync())
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                server.Dispose();
                throw new InvalidOperationException($"redis-server on port {port} did not answer PING (exit code {(process.HasExited ? process.ExitCode : (int?)null)})");
            }
            await Task.Delay(20);
        }
        return server;
    }

    /// <summary>Stops the server at once, as a crash would.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private async Task<bool> PingAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes("PING\r\n"));
            var buffer = new byte[16];
            int n = await stream.ReadAsync(buffer);
            return Encoding.ASCII.GetString(buffer, 0, n).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static string? FindExecutable()
    {
        string? configured = Environment.GetEnvironmentVariable("VOICEPROMPTS_REDIS_SERVER");
        if (!string.IsNullOrEmpty(configured))
            return File.Exists(configured) ? configured : null;
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, OperatingSystem.IsWindows() ? "redis-server.exe" : "redis-server");
            if (File.Exists(candidate)) return candidate;
        }
        foreach (string candidate in new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server", "/usr/sbin/redis-server" })
            if (File.Exists(candidate)) return candidate;
        return null;
    }
}
