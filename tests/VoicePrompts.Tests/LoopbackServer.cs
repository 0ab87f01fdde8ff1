using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace VoicePrompts.Tests;

/// <summary>
/// A real Kestrel server on 127.0.0.1 with a random port; each test supplies the handler. Also compiled into the
/// package tests.
/// </summary>
internal sealed partial class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackServer(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    /// <summary>Every request the server saw: path, headers and body.</summary>
    public ConcurrentQueue<(string Path, IHeaderDictionary Headers, byte[] Body)> Requests { get; } = new();

    public static async Task<LoopbackServer> StartAsync(Func<HttpContext, byte[], Task> handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        LoopbackServer? server = null;
        app.Run(async context =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            var body = buffer.ToArray();
            // Kestrel reuses its header collection once the request ends: keep a copy.
            var headers = new HeaderDictionary();
            foreach (var header in context.Request.Headers) headers[header.Key] = header.Value;
            server!.Requests.Enqueue((context.Request.Path, headers, body));
            await handler(context, body);
        });
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new LoopbackServer(app, new Uri(address + "/v1/"));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
