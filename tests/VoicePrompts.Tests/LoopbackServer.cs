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

    /// <summary>Kestrel on 127.0.0.1 with a free port, set up by <paramref name="configure"/>; its API base URL is <c>http://127.0.0.1:port/v1/</c>.</summary>
    public static Task<(WebApplication App, Uri BaseUrl)> StartKestrelAsync(Action<WebApplication> configure) =>
        StartKestrelAsync(_ => { }, configure);

    /// <summary>As <see cref="StartKestrelAsync(Action{WebApplication})"/>, with services registered by <paramref name="services"/> first.</summary>
    public static async Task<(WebApplication App, Uri BaseUrl)> StartKestrelAsync(Action<IServiceCollection> services, Action<WebApplication> configure)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        services(builder.Services);
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        configure(app);
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new Uri(address + "/v1/"));
    }

    public static async Task<LoopbackServer> StartAsync(Func<HttpContext, byte[], Task> handler)
    {
        LoopbackServer? server = null;
        var (app, baseUrl) = await StartKestrelAsync(app => app.Run(async context =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            var body = buffer.ToArray();
            // Kestrel reuses its header collection once the request ends: keep a copy.
            var headers = new HeaderDictionary();
            foreach (var header in context.Request.Headers) headers[header.Key] = header.Value;
            server!.Requests.Enqueue((context.Request.Path, headers, body));
            await handler(context, body);
        }));
        server = new LoopbackServer(app, baseUrl);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
