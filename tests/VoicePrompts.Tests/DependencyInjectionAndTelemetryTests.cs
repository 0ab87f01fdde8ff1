using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace VoicePrompts.Tests;

/// <summary><c>services.AddVoicePrompts(…)</c> from configuration, and what the client logs and measures — without secrets.</summary>
[Collection(TelemetryCollection.Name)]
public class DependencyInjectionAndTelemetryTests
{
    private const string Key = "sk-di-secret-5678";
    private static readonly byte[] Clip = Enumerable.Range(0, 3000).Select(i => (byte)i).ToArray();

    private static Task<LoopbackServer> OneFailureThenAudio()
    {
        int attempt = 0;
        return LoopbackServer.StartAsync(async (context, body) =>
        {
            WireRules.Check(body);
            if (Interlocked.Increment(ref attempt) == 1)
            {
                context.Response.StatusCode = 503;
                context.Response.Headers["retry-after-ms"] = "20";
                await context.Response.WriteAsync("{\"error\":{\"message\":\"busy\",\"type\":null,\"param\":null,\"code\":null}}");
                return;
            }
            context.Response.ContentType = "audio/mpeg";
            context.Response.Headers["X-Request-ID"] = "req_di";
            await context.Response.Body.WriteAsync(Clip);
        });
    }

    private static ServiceProvider Services(LoopbackServer server, CapturingLoggerProvider logs)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["VoicePrompts:BaseUrl"] = server.BaseUrl.ToString(),
            ["VoicePrompts:ApiKey"] = Key,
            ["VoicePrompts:Retry:MaxRetries"] = "2",
            ["VoicePrompts:Retry:BaseDelay"] = "00:00:00.010",
            ["VoicePrompts:UseEnvironment"] = "false",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        services.AddVoicePrompts(configuration.GetSection("VoicePrompts"));
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task AddVoicePrompts_binds_configuration_and_uses_the_factory_client()
    {
        await using var server = await OneFailureThenAudio();
        var logs = new CapturingLoggerProvider();
        await using var provider = Services(server, logs);

        var client = provider.GetRequiredService<ISpeechClient>();
        // The registered client is the decorator stack; the transport is inside it, and registered as itself.
        var transport = client.GetService<OpenAISpeechClient>();
        Assert.Same(provider.GetRequiredService<OpenAISpeechClient>(), transport);
        Assert.NotNull(client.GetService<OpenTelemetrySpeechClient>());
        Assert.NotNull(client.GetService<LoggingSpeechClient>());
        Assert.Equal(new Uri(server.BaseUrl, "audio/speech"), transport!.Endpoint);
        Assert.Equal(new SpeechClientMetadata(ProviderNames.OpenAICompatible, transport.Endpoint).ProviderName, client.GetService<SpeechClientMetadata>()!.ProviderName);

        var audio = await client.SynthesizeAsync(new SpeechRequest("gpt-4o-mini-tts", SpeechVoice.Marin, "Welcome back."));
        Assert.Equal(Clip, audio.Data.ToArray());
        Assert.Equal(2, server.Requests.Count);
        Assert.All(server.Requests, r => Assert.Equal("Bearer " + Key, r.Headers.Authorization.ToString()));

        // The factory's handler logged the requests (System.Net.Http categories), ours logged the retry.
        Assert.Contains(logs.Entries, e => e.Category.StartsWith("System.Net.Http.HttpClient.VoicePrompts", StringComparison.Ordinal));
        Assert.Contains(logs.Entries, e => e.EventName == "SpeechRetry" && e.Message.Contains("HTTP 503", StringComparison.Ordinal));
        Assert.Contains(logs.Entries, e => e.EventName == "SpeechCompleted" && e.Message.Contains("3000 bytes", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains(Key, StringComparison.Ordinal) || e.Message.Contains("Welcome back", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Activity_and_meter_named_VoicePrompts_report_the_request_without_its_text()
    {
        await using var server = await OneFailureThenAudio();
        using var client = new OpenAISpeechClient(new OpenAISpeechClientOptions
        {
            BaseUrl = server.BaseUrl,
            ApiKey = Key,
            Retry = new SpeechRetryOptions { BaseDelay = TimeSpan.FromMilliseconds(10) },
        }).AsBuilder().UseOpenTelemetry().Build();

        var activities = new ConcurrentQueue<Activity>();
        using var activityListener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == VoicePromptsTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Enqueue,
        };
        ActivitySource.AddActivityListener(activityListener);

        var measurements = new ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var meterListener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == VoicePromptsTelemetry.Name) listener.EnableMeasurementEvents(instrument);
            },
        };
        meterListener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            measurements.Enqueue((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value))));
        meterListener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
            measurements.Enqueue((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value))));
        meterListener.Start();

        const string input = "Your table for four is ready.";
        var chunks = new List<byte>();
        await foreach (var update in client.StreamAsync(new SpeechRequest("gpt-4o-mini-tts", SpeechVoice.Coral, input)))
            chunks.AddRange(update.Data.ToArray());
        Assert.Equal(Clip, chunks.ToArray());

        // Only this test's model tag counts: other tests in the process use other inputs, not this one.
        double Sum(string name) => measurements.Where(m => m.Instrument == name && (string?)m.Tags["voiceprompts.model"] == "gpt-4o-mini-tts").Sum(m => m.Value);
        Assert.Equal(1, measurements.Count(m => m.Instrument == "voiceprompts.requests" && (string?)m.Tags["voiceprompts.outcome"] == "success"));
        Assert.Equal(1, Sum("voiceprompts.retries"));
        Assert.Equal(Clip.Length, Sum("voiceprompts.audio.bytes"));
        Assert.Equal(InputTokens.Count(input), Sum("voiceprompts.input_tokens"));
        var ttfb = Assert.Single(measurements, m => m.Instrument == "voiceprompts.time_to_first_byte");
        Assert.InRange(ttfb.Value, 0, 30);

        var activity = Assert.Single(activities, a => a.OperationName == "voiceprompts.speech");
        Assert.Equal("gpt-4o-mini-tts", activity.GetTagItem("voiceprompts.model"));
        Assert.Equal(input.Length, activity.GetTagItem("voiceprompts.input.characters"));
        Assert.Equal(200, activity.GetTagItem("http.response.status_code"));
        Assert.Equal("req_di", activity.GetTagItem("voiceprompts.request_id"));
        Assert.Contains(activity.Events, e => e.Name == "retry");
        Assert.DoesNotContain(activity.TagObjects, t => t.Value?.ToString()?.Contains("table for four", StringComparison.Ordinal) == true
                                                      || t.Value?.ToString()?.Contains(Key, StringComparison.Ordinal) == true);
    }
}

/// <summary>Tests that listen to the process-wide VoicePrompts meter and activity source run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "Telemetry";
}
