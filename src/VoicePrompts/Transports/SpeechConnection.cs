using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.WebSockets;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;
using VoicePrompts.Realtime;

namespace VoicePrompts
{
    /// <summary>
    /// What the HTTP and Realtime transports share about reaching a service, built once from
    /// <see cref="SpeechConnectionOptions"/>: the endpoints (OpenAI, Azure's v1 and deployment paths, compatible servers),
    /// the credentials and headers (bearer, <c>api-key</c>, an Entra token provider; organisation and project), how a
    /// refusal becomes a <see cref="SpeechApiException"/>, what is transient, and the one Polly retry policy that honours
    /// the server's hints (<c>retry-after-ms</c>, <c>Retry-After</c>, Realtime's rate-limit reset).
    /// </summary>
    internal sealed class SpeechConnection
    {
        private static readonly ResiliencePropertyKey<string> ModelKey = new("voiceprompts.model");
        private readonly SpeechConnectionOptions _options;
        private readonly ResiliencePipeline _retry;

        public SpeechConnection(SpeechConnectionOptions options, ILogger? logger)
        {
            _options = options ?? throw new ArgumentNullException(nameof(options));
            string baseUrl = options.EffectiveBaseUrl.ToString();
            SpeechEndpoint = options.IsAzure
                ? options.Azure!.SpeechEndpoint()
                : new Uri(new Uri(baseUrl.EndsWith("/", StringComparison.Ordinal) ? baseUrl : baseUrl + "/"), OpenAISpeechWire.SpeechPath);
            bool openAI = SpeechEndpoint.Host.Equals(SpeechConnectionOptions.OpenAIBaseUrl.Host, StringComparison.OrdinalIgnoreCase);
            SpeechMetadata = new SpeechClientMetadata(
                options.IsAzure ? ProviderNames.AzureOpenAI : openAI ? ProviderNames.OpenAI : ProviderNames.OpenAICompatible,
                SpeechEndpoint, options.Azure?.Deployment);
            RealtimeMetadata = new SpeechClientMetadata(options.IsAzure ? ProviderNames.AzureOpenAI : ProviderNames.OpenAIRealtime,
                new Uri(RealtimeEndpoint("model").GetLeftPart(UriPartial.Path)));
            _retry = BuildRetryPipeline(options.Retry ?? new SpeechRetryOptions(), logger ?? NullLogger.Instance);
        }

        public bool IsAzure => _options.IsAzure;

        /// <summary>Where speech requests go over HTTP.</summary>
        public Uri SpeechEndpoint { get; }

        /// <summary>Who the HTTP transport speaks to (the cache keys on it).</summary>
        public SpeechClientMetadata SpeechMetadata { get; }

        /// <summary>Who the Realtime transport speaks to.</summary>
        public SpeechClientMetadata RealtimeMetadata { get; }

        /// <summary>The Realtime API's WebSocket URL for <paramref name="model"/>, from the same base (Azure: its v1 path).</summary>
        public Uri RealtimeEndpoint(string model) => _options.Azure?.Endpoint is { } azure
            ? RealtimeWire.RealtimeUri(new Uri(azure.GetLeftPart(UriPartial.Authority) + "/openai/v1/"), model)
            : RealtimeWire.RealtimeUri(_options.EffectiveBaseUrl, model);

        public void EnsureCredentials() => _options.EnsureCredentials();

        /// <summary>
        /// The headers every request carries: the credentials (Azure: an Entra bearer token when a provider is set, it
        /// being the one revocable per identity, else <c>api-key</c>; elsewhere the bearer key) and, for OpenAI,
        /// <c>OpenAI-Organization</c> and <c>OpenAI-Project</c>.
        /// </summary>
        public async ValueTask<IReadOnlyList<KeyValuePair<string, string>>> HeadersAsync(CancellationToken cancellationToken)
        {
            var headers = new List<KeyValuePair<string, string>>(3);
            if (_options.IsAzure)
            {
                var azure = _options.Azure!;
                if (azure.TokenProvider is { } tokens)
                    headers.Add(new("Authorization", "Bearer " + await tokens(cancellationToken).ConfigureAwait(false)));
                else if (azure.ApiKey is not null)
                    headers.Add(new("api-key", azure.ApiKey));
                return headers;
            }
            if (_options.ApiKey is not null)
                headers.Add(new("Authorization", "Bearer " + _options.ApiKey));
            if (_options.Organization is not null)
                headers.Add(new("OpenAI-Organization", _options.Organization));
            if (_options.Project is not null)
                headers.Add(new("OpenAI-Project", _options.Project));
            return headers;
        }

        /// <summary>Runs <paramref name="attempt"/> under the retry policy; what is left after the retries is thrown as it is.</summary>
        public async Task<T> ExecuteAsync<T>(string model, Func<CancellationToken, Task<T>> attempt, CancellationToken cancellationToken)
        {
            // The first attempt runs outside the pipeline: nearly every call succeeds at once, and on a connection idle
            // between reads the pipeline cost about 0.2-0.3 ms of cold-cache time per call (Realtime first byte 1.17-1.27x
            // the OpenAI SDK's through it, 1.03x without; docs/benchmarks.md). A failure enters the pipeline as its first
            // outcome, so which failures are retried, the waits, the counting and the logging are all the pipeline's.
            ExceptionDispatchInfo failure;
            try
            {
                return await attempt(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!ReferenceEquals(_retry, ResiliencePipeline.Empty) && !cancellationToken.IsCancellationRequested)
            {
                failure = ExceptionDispatchInfo.Capture(ex);
            }

            var context = ResilienceContextPool.Shared.Get(cancellationToken);
            context.Properties.Set(ModelKey, model);
            var state = new Replay<T>(failure, attempt);
            try
            {
                return await _retry.ExecuteAsync(static (ctx, replay) => replay.RunAsync(ctx.CancellationToken), context, state).ConfigureAwait(false);
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }
        }

        /// <summary>The pipeline's attempts: the first rethrows what the attempt outside it threw, the rest run anew.</summary>
        private sealed class Replay<T>
        {
            private readonly Func<CancellationToken, Task<T>> _attempt;
            private ExceptionDispatchInfo? _first;

            public Replay(ExceptionDispatchInfo first, Func<CancellationToken, Task<T>> attempt)
            {
                _first = first;
                _attempt = attempt;
            }

            public async ValueTask<T> RunAsync(CancellationToken cancellationToken)
            {
                if (Interlocked.Exchange(ref _first, null) is { } first)
                    first.Throw();
                return await _attempt(cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>408, 409, 429 and 5xx may succeed later; a 429 for exhausted quota cannot. The same over HTTP and the Realtime API.</summary>
        public static bool IsTransient(SpeechApiException error) =>
            (error.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.Conflict || (int)error.StatusCode == 429 || (int)error.StatusCode >= 500)
            && !string.Equals(error.ErrorCode, "insufficient_quota", StringComparison.Ordinal);

        /// <summary>A refusal as the typed exception, with the wait the server asked for.</summary>
        public static SpeechApiException Refused(HttpStatusCode status, string message, string? type, string? code, string? param, string? requestId, Func<string, string?> header) =>
            new(status, message, type, code, param, requestId) { RetryAfter = RetryAfter(header, DateTimeOffset.UtcNow) };

        /// <summary>
        /// The wait a response asks for: <c>retry-after-ms</c> (OpenAI's, milliseconds), else <c>Retry-After</c>
        /// (seconds or an HTTP date); null when neither is present or readable.
        /// </summary>
        public static TimeSpan? RetryAfter(Func<string, string?> header, DateTimeOffset now)
        {
            if (double.TryParse(header("retry-after-ms"), NumberStyles.Float, CultureInfo.InvariantCulture, out double milliseconds)
                && milliseconds >= 0 && !double.IsInfinity(milliseconds))
                return TimeSpan.FromMilliseconds(Math.Min(milliseconds, TimeSpan.MaxValue.TotalMilliseconds / 2));
            string? retryAfter = header("Retry-After")?.Trim();
            if (retryAfter is null)
                return null;
            if (long.TryParse(retryAfter, NumberStyles.None, CultureInfo.InvariantCulture, out long seconds))
                return TimeSpan.FromSeconds(Math.Min(seconds, (long)TimeSpan.MaxValue.TotalSeconds / 2));
            if (DateTimeOffset.TryParseExact(retryAfter, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
                return date > now ? date - now : TimeSpan.Zero;
            return null;
        }

        private static ResiliencePipeline BuildRetryPipeline(SpeechRetryOptions options, ILogger logger)
        {
            if (options.MaxRetries <= 0)
                return ResiliencePipeline.Empty;
            TimeSpan maxRetryAfter = options.MaxRetryAfter < TimeSpan.Zero ? TimeSpan.Zero : options.MaxRetryAfter;
            return new ResiliencePipelineBuilder()
                .AddRetry(new RetryStrategyOptions
                {
                    MaxRetryAttempts = options.MaxRetries,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = options.BaseDelay,
                    MaxDelay = options.MaxDelay,
                    // What may pass, from either transport; the transports throw these only while nothing reached the caller.
                    ShouldHandle = args => new ValueTask<bool>(args.Outcome.Exception switch
                    {
                        SpeechApiException api => IsTransient(api),
                        SpeechStreamException => true,
                        HttpRequestException => true,
                        WebSocketException => true,
                        IOException => true, // a broken body, a Realtime session that closed before serving anything
                        TimeoutException => true, // a Realtime session that did not start in time
                        // HttpClient's own timeout, not the caller giving up.
                        OperationCanceledException => !args.Context.CancellationToken.IsCancellationRequested,
                        _ => false,
                    }),
                    // The server's wait when it names one (capped), else exponential backoff with jitter.
                    DelayGenerator = args => new ValueTask<TimeSpan?>(
                        args.Outcome.Exception is SpeechApiException { RetryAfter: TimeSpan wait }
                            ? (wait > maxRetryAfter ? maxRetryAfter : wait)
                            : null),
                    OnRetry = args =>
                    {
                        string reason = args.Outcome.Exception switch
                        {
                            SpeechApiException api => "HTTP " + ((int)api.StatusCode).ToString(CultureInfo.InvariantCulture),
                            { } other => other.GetType().Name,
                            null => "unknown",
                        };
                        VoicePromptsTelemetry.Retries.Add(1,
                            VoicePromptsTelemetry.Model(args.Context.Properties.GetValue(ModelKey, "")),
                            new KeyValuePair<string, object?>("voiceprompts.retry_reason", reason));
                        Activity.Current?.AddEvent(new ActivityEvent("retry", tags: new ActivityTagsCollection { ["reason"] = reason, ["delay_ms"] = args.RetryDelay.TotalMilliseconds }));
                        SpeechClientLog.Retrying(logger, args.AttemptNumber + 1, reason, args.RetryDelay);
                        return default;
                    },
                })
                .Build();
        }
    }
}
