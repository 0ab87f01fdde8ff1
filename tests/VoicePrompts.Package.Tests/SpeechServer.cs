using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace VoicePrompts.Package.Tests;

/// <summary>A speech endpoint on 127.0.0.1 (Kestrel) whose clip for any input is "audio for {input}".</summary>
internal sealed class SpeechServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SpeechServer(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public static async Task<SpeechServer> StartAsync(ConcurrentQueue<string> inputs)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.Run(async context =>
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body);
            string input = body.RootElement.GetProperty("input").GetString()!;
            inputs.Enqueue(input);
            context.Response.ContentType = "audio/mpeg";
            await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes("audio for " + input));
        });
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SpeechServer(app, address + "/v1/");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
