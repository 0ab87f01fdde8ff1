using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace VoicePrompts.Package.Tests;

/// <summary>A consumer web project run with <c>dotnet run --no-build</c> on a loopback port, its output collected.</summary>
internal static class ConsumerServer
{
    public static int FreePort()
    {
        var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Starts the built project in <paramref name="directory"/> on <paramref name="port"/>; kill it when done.</summary>
    public static Process Start(string directory, int port, out StringBuilder output, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "run", "--no-build", "--urls", $"http://127.0.0.1:{port}" }.Concat(arguments)) start.ArgumentList.Add(arg);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        var app = Process.Start(start)!;
        var collected = new StringBuilder();
        app.OutputDataReceived += (_, e) => { lock (collected) collected.AppendLine(e.Data); };
        app.ErrorDataReceived += (_, e) => { lock (collected) collected.AppendLine(e.Data); };
        app.BeginOutputReadLine();
        app.BeginErrorReadLine();
        output = collected;
        return app;
    }

    public static async Task WaitForPortAsync(int port, Process app, StringBuilder output)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(60); DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            if (app.HasExited)
                Assert.Fail("the consumer exited:\n" + output);
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return;
            }
            catch (SocketException)
            {
            }
        }
        Assert.Fail("the consumer never listened:\n" + output);
    }
}
