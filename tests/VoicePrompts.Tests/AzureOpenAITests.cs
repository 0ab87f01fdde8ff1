using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace VoicePrompts.Tests;

/// <summary>Azure OpenAI's URL shapes, authentication and error bodies, against Kestrel on 127.0.0.1.</summary>
public class AzureOpenAITests
{
    private static readonly SpeechRequest Hello = new("contoso-tts", SpeechVoice.Coral, "Your table is ready.");

    /// <summary>What one request looked like on the wire.</summary>
    private sealed record Seen(string PathAndQuery, string? ApiKey, string? Authorization, string Model);

    /// <summary>
    /// An Azure OpenAI resource: answers each request with <paramref name="respond"/> (by attempt, from 1), records
    /// path, query and the headers that authenticate.
    /// </summary>
    private static async Task<(LoopbackServer Server, ConcurrentQueue<Seen> Seen)> Azure(Func<int, HttpContext, Task> respond)
    {
        var seen = new ConcurrentQueue<Seen>();
        int attempt = 0;
        var server = await LoopbackServer.StartAsync(async (context, body) =>
        {
            WireRules.Check(body);
            seen.Enqueue(new Seen(context.Request.Path + context.Request.QueryString, context.Request.Headers["api-key"].FirstOrDefault(),
                context.Request.Headers.Authorization.FirstOrDefault(), JsonDocument.Parse(body).RootElement.GetProperty("model").GetString()!));
            await respond(Interlocked.Increment(ref attempt), context);
        });
        return (server, seen);
    }

    private static async Task Audio(HttpContext context)
    {
        context.Response.ContentType = "audio/mpeg";
        context.Response.Headers["apim-request-id"] = "apim-42";
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes("azure audio"));
    }

    private static async Task Error(HttpContext context, int status, string body, string? retryAfterMs = null)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        if (retryAfterMs is not null) context.Response.Headers["retry-after-ms"] = retryAfterMs;
        await context.Response.WriteAsync(body);
    }

    /// <summary>The resource root: the loopback server's authority, as https://{resource}.openai.azure.com/ would be.</summary>
    private static Uri Endpoint(LoopbackServer server) => new(server.BaseUrl.GetLeftPart(UriPartial.Authority) + "/");

    private static OpenAISpeechClient Client(AzureOpenAIOptions azure, SpeechStreamFormat format = SpeechStreamFormat.Audio) =>
        new(new OpenAISpeechClientOptions { Azure = azure, StreamFormat = format, Retry = new SpeechRetryOptions { BaseDelay = TimeSpan.FromMilliseconds(5) } });

    [Fact]
    public async Task The_v1_path_sends_the_deployment_as_model_with_an_api_key_header()
    {
        var (server, seen) = await Azure((_, context) => Audio(context));
        await using var _ = server;
        using var client = Client(new AzureOpenAIOptions { Endpoint = new Uri(Endpoint(server), "openai/v1/"), ApiKey = "azure-key" });

        var audio = await client.SynthesizeAsync(Hello);

        Assert.Equal("azure audio", Encoding.UTF8.GetString(audio.Data.Span));
        Assert.Equal("apim-42", audio.RequestId);
        Assert.Equal(new Seen("/openai/v1/audio/speech", "azure-key", null, "contoso-tts"), Assert.Single(seen));
        Assert.Equal(ProviderNames.AzureOpenAI, client.Metadata.ProviderName);
        Assert.Equal(new Uri(Endpoint(server), "openai/v1/audio/speech"), client.Endpoint);
    }

    [Fact]
    public async Task The_deployment_path_carries_the_api_version_and_each_attempt_asks_for_a_fresh_Entra_token()
    {
        var (server, seen) = await Azure((attempt, context) => attempt == 1
            ? Error(context, 429, "{\"error\":{\"code\":\"429\",\"message\":\"Requests to the Audio Speech operation have exceeded call rate limit.\"}}", retryAfterMs: "10")
            : Audio(context));
        await using var _ = server;
        int tokens = 0;
        using var client = Client(new AzureOpenAIOptions
        {
            Endpoint = Endpoint(server),
            Deployment = "contoso tts",
            ApiVersion = "2025-03-01-preview",
            ApiKey = "unused-when-entra-is-set",
            TokenProvider = _ => new ValueTask<string>("entra-" + Interlocked.Increment(ref tokens)),
        });

        var audio = await client.SynthesizeAsync(Hello);

        Assert.Equal("azure audio", Encoding.UTF8.GetString(audio.Data.Span));
        Assert.Equal(new[]
        {
            new Seen("/openai/deployments/contoso%20tts/audio/speech?api-version=2025-03-01-preview", null, "Bearer entra-1", "contoso-tts"),
            new Seen("/openai/deployments/contoso%20tts/audio/speech?api-version=2025-03-01-preview", null, "Bearer entra-2", "contoso-tts"),
        }, seen);
    }

    [Theory]
    [InlineData(404, "{\"error\":{\"code\":\"DeploymentNotFound\",\"message\":\"The API deployment for this resource does not exist.\"}}", "DeploymentNotFound", "The API deployment for this resource does not exist.")]
    [InlineData(401, "{\"statusCode\": 401, \"message\": \"Unauthorized. Access token is missing, invalid, audience is incorrect, or have expired.\"}", "401", "Unauthorized. Access token is missing, invalid, audience is incorrect, or have expired.")]
    [InlineData(400, "{\"error\":{\"message\":\"The response was filtered.\",\"type\":null,\"param\":\"input\",\"code\":\"content_filter\",\"status\":400}}", "content_filter", "The response was filtered.")]
    public async Task Azures_error_bodies_become_typed_errors_and_are_not_retried(int status, string body, string code, string message)
    {
        var (server, seen) = await Azure((_, context) => Error(context, status, body));
        await using var _ = server;
        using var client = Client(new AzureOpenAIOptions { Endpoint = Endpoint(server), ApiKey = "azure-key" });

        var ex = await Assert.ThrowsAsync<SpeechApiException>(() => client.SynthesizeAsync(Hello));

        Assert.Equal((HttpStatusCode)status, ex.StatusCode);
        Assert.Equal(code, ex.ErrorCode);
        Assert.Equal(message, ex.ServerMessage);
        Assert.DoesNotContain("azure-key", ex.ToString(), StringComparison.Ordinal);
        Assert.Single(seen);
    }

    [Fact]
    public async Task A_numeric_429_code_and_a_503_are_retried_then_the_stream_plays_with_usage_over_SSE()
    {
        string sse = "data: {\"type\":\"speech.audio.delta\",\"audio\":\"" + Convert.ToBase64String(Encoding.UTF8.GetBytes("pcm bytes")) + "\"}\n\n"
            + "data: {\"type\":\"speech.audio.done\",\"usage\":{\"input_tokens\":5,\"output_tokens\":40,\"total_tokens\":45}}\n\ndata: [DONE]\n\n";
        var (server, seen) = await Azure(async (attempt, context) =>
        {
            if (attempt == 1) { await Error(context, 429, "{\"error\":{\"code\":429,\"message\":\"Rate limit.\"}}", retryAfterMs: "5"); return; }
            if (attempt == 2) { await Error(context, 503, "{\"error\":{\"code\":\"ServiceUnavailable\",\"message\":\"Busy.\"}}"); return; }
            context.Response.ContentType = "text/event-stream";
            await context.Response.WriteAsync(sse);
        });
        await using var _ = server;
        using var client = Client(new AzureOpenAIOptions { Endpoint = Endpoint(server), ApiKey = "azure-key" }, SpeechStreamFormat.ServerSentEvents);

        var updates = new List<SpeechAudioUpdate>();
        await foreach (var update in client.StreamAsync(Hello with { Format = AudioFormat.Pcm })) updates.Add(update);

        Assert.Equal("pcm bytes", Encoding.UTF8.GetString(updates.SelectMany(u => u.Data.ToArray()).ToArray()));
        Assert.Equal(new SpeechUsage(5, 40, 45), updates[^1].Usage);
        Assert.All(updates, u => Assert.Equal(24000, u.SampleRate));
        Assert.Equal(3, seen.Count);
    }

    [Fact]
    public async Task Without_a_key_or_a_token_provider_nothing_is_sent()
    {
        var (server, seen) = await Azure((_, context) => Audio(context));
        await using var _ = server;
        using var client = Client(new AzureOpenAIOptions { Endpoint = Endpoint(server) });
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => client.SynthesizeAsync(Hello));
        Assert.Contains("AZURE_OPENAI_API_KEY", ex.Message, StringComparison.Ordinal);
        Assert.Empty(seen);
    }

    [Fact]
    public void An_api_version_without_a_deployment_is_refused_when_the_client_is_made()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Client(new AzureOpenAIOptions { Endpoint = new Uri("https://contoso.openai.azure.com/"), ApiKey = "k", ApiVersion = "2025-03-01-preview" }));
        Assert.Contains("needs a deployment name", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null, "https://contoso.openai.azure.com", "azure.openai", "https://contoso.openai.azure.com/openai/v1/audio/speech")]
    [InlineData("sk-openai", null, "https://contoso.openai.azure.com", "openai", "https://api.openai.com/v1/audio/speech")]       // OPENAI_* win
    [InlineData(null, "http://127.0.0.1:8880/v1", "https://contoso.openai.azure.com", "openai-compatible", "http://127.0.0.1:8880/v1/audio/speech")]
    [InlineData(null, null, null, "openai", "https://api.openai.com/v1/audio/speech")]
    public void The_environment_chooses_Azure_only_when_no_OPENAI_variables_are_set(string? openAIKey, string? openAIBaseUrl, string? azureEndpoint, string provider, string endpoint)
    {
        var variables = new Dictionary<string, string?>
        {
            ["OPENAI_API_KEY"] = openAIKey, ["OPENAI_BASE_URL"] = openAIBaseUrl,
            ["AZURE_OPENAI_ENDPOINT"] = azureEndpoint, ["AZURE_OPENAI_API_KEY"] = "azure-key",
        };
        var options = OpenAISpeechClientOptions.FromEnvironment(name => variables.GetValueOrDefault(name));
        using var client = new OpenAISpeechClient(options);
        Assert.Equal(provider, client.Metadata.ProviderName);
        Assert.Equal(new Uri(endpoint), client.Endpoint);
        if (provider == ProviderNames.AzureOpenAI) Assert.Equal("azure-key", options.Azure!.ApiKey);
    }

    [Fact]
    public async Task AddVoicePrompts_binds_Azure_from_configuration()
    {
        var (server, seen) = await Azure((_, context) => Audio(context));
        await using var _ = server;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["VoicePrompts:Azure:Endpoint"] = Endpoint(server).ToString(),
            ["VoicePrompts:Azure:ApiKey"] = "configured-key",
            ["VoicePrompts:Azure:Deployment"] = "contoso-tts",
            ["VoicePrompts:Azure:ApiVersion"] = "2025-03-01-preview",
            ["VoicePrompts:UseEnvironment"] = "false",
        }).Build();
        var services = new ServiceCollection();
        services.AddVoicePrompts(configuration.GetSection("VoicePrompts"));
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<ISpeechClient>();

        await client.SynthesizeAsync(Hello);

        Assert.Equal(new Seen("/openai/deployments/contoso-tts/audio/speech?api-version=2025-03-01-preview", "configured-key", null, "contoso-tts"), Assert.Single(seen));
        Assert.Equal(ProviderNames.AzureOpenAI, client.GetService<SpeechClientMetadata>()!.ProviderName);
        Assert.Equal("contoso-tts", client.GetService<SpeechClientMetadata>()!.DefaultModelId);
    }
}
