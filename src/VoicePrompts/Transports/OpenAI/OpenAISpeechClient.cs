using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using VoicePrompts.Audio;
using VoicePrompts.Shared;

namespace VoicePrompts
{
    /// <summary>
    /// <see cref="ISpeechClient"/> for OpenAI's <c>POST /v1/audio/speech</c> and any OpenAI-compatible speech server.
    /// Requests are validated before the network; transient failures are retried (<see cref="SpeechRetryOptions"/>);
    /// a refused request becomes a <see cref="SpeechApiException"/>; audio that breaks off is a
    /// <see cref="SpeechStreamException"/>, never a shortened clip.
    /// </summary>
    public sealed class OpenAISpeechClient : ISpeechClient
    {
        private const int StreamBufferSize = 16 * 1024;

        /// <summary>The name of the HttpClient <c>AddVoicePrompts</c> registers with IHttpClientFactory.</summary>
        public const string HttpClientName = "VoicePrompts";

        private readonly Func<HttpClient> _http;
        private readonly HttpClient? _ownedHttp;
        private readonly OpenAISpeechClientOptions _options;
        private readonly SpeechConnection _connection;
        private readonly ILogger _logger;

        /// <summary>Creates a client.</summary>
        /// <param name="options">Where to connect; defaults to OpenAI with no key.</param>
        /// <param name="httpClient">An HttpClient to use; one is created (and disposed with the client) when null.</param>
        /// <param name="logger">Where retries and failures are logged; never with the input text or the key.</param>
        public OpenAISpeechClient(OpenAISpeechClientOptions? options, HttpClient? httpClient, ILogger? logger)
            : this(options, httpClient is null ? null : () => httpClient, logger)
        {
        }

        /// <summary>Creates a client over <paramref name="httpClient"/> (its own when null), logging nowhere.</summary>
        public OpenAISpeechClient(OpenAISpeechClientOptions? options, HttpClient? httpClient)
            : this(options, httpClient, null)
        {
        }

        /// <summary>Creates a client with its own HttpClient, logging nowhere.</summary>
        /// <param name="options">Where to connect; defaults to OpenAI with no key.</param>
        public OpenAISpeechClient(OpenAISpeechClientOptions? options)
            : this(options, (Func<HttpClient>?)null, null)
        {
        }

        /// <summary>Creates a client for OpenAI with no key: set <c>OPENAI_API_KEY</c> and use <see cref="FromEnvironment"/> instead, usually.</summary>
        public OpenAISpeechClient()
            : this(null)
        {
        }

        /// <summary>Creates a client that takes a pooled HttpClient from <paramref name="httpClientFactory"/> for each request.</summary>
        /// <param name="options">Where to connect.</param>
        /// <param name="httpClientFactory">The factory of the named client <see cref="HttpClientName"/>.</param>
        /// <param name="logger">Where retries and failures are logged, or null.</param>
        public OpenAISpeechClient(OpenAISpeechClientOptions options, IHttpClientFactory httpClientFactory, ILogger<OpenAISpeechClient>? logger)
            : this(options, () => httpClientFactory.CreateClient(HttpClientName), logger)
        {
            if (httpClientFactory is null) throw new ArgumentNullException(nameof(httpClientFactory));
        }

        private OpenAISpeechClient(OpenAISpeechClientOptions? options, Func<HttpClient>? http, ILogger? logger)
        {
            _options = options ?? new OpenAISpeechClientOptions();
            if (http is null)
            {
                // Streaming bodies last as long as the speech: no overall timeout, cancellation is the caller's.
                _ownedHttp = new HttpClient { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
                http = () => _ownedHttp;
            }
            _http = http;
            _logger = logger ?? NullLogger.Instance;
            _connection = new SpeechConnection(_options, _logger);
        }

        /// <summary>A client configured from <c>OPENAI_API_KEY</c> and <c>OPENAI_BASE_URL</c>.</summary>
        public static OpenAISpeechClient FromEnvironment() => new(OpenAISpeechClientOptions.FromEnvironment());

        /// <summary>The full URL requests are sent to.</summary>
        public Uri Endpoint => _connection.SpeechEndpoint;

        /// <summary>Who this client speaks to, as <see cref="GetService"/> returns it (the cache keys on it).</summary>
        public SpeechClientMetadata Metadata => _connection.SpeechMetadata;

        /// <inheritdoc />
        /// <remarks>
        /// A telephony format the endpoint does not make (<c>pcmu</c>, <c>pcm_8000</c>, <c>wav_pcmu</c>…) is made here from
        /// its PCM: OpenAI's and Azure's 24 kHz <c>pcm</c>, or a compatible server's <c>wav</c>, whose header tells its rate.
        /// </remarks>
        public async Task<SpeechAudio> SynthesizeAsync(SpeechRequest request, CancellationToken cancellationToken = default)
        {
            Prepare(request);
            if (Conversion(request) is not var (wire, source))
                return await SynthesizeAsIsAsync(request, cancellationToken).ConfigureAwait(false);
            var audio = await SynthesizeAsIsAsync(request with { Format = wire }, cancellationToken).ConfigureAwait(false);
            return ConvertedSpeech.Whole(audio, request.Format, source);
        }

        /// <inheritdoc />
        /// <remarks>A telephony format is converted chunk by chunk: the first bytes leave as soon as the first PCM arrives.</remarks>
        public async IAsyncEnumerable<SpeechAudioUpdate> StreamAsync(SpeechRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            Prepare(request);
            var conversion = Conversion(request);
            var updates = conversion is var (wire, source)
                ? ConvertedSpeech.Stream(StreamAsIsAsync(request with { Format = wire }, cancellationToken), request.Format, source, cancellationToken)
                : StreamAsIsAsync(request, cancellationToken);
            await foreach (var update in updates.ConfigureAwait(false))
                yield return update;
        }

        /// <summary>
        /// What to ask the endpoint for when it does not make the requested format itself; null when it does. OpenAI's
        /// models make 24 kHz <c>pcm</c> wherever they are served; a compatible server's own model is asked for WAV,
        /// whose header tells its rate.
        /// </summary>
        private static (AudioFormat Wire, AudioFormatFacts Source)? Conversion(SpeechRequest request)
        {
            var facts = SpeechModelCatalog.Get(SpeechRequestValidator.ModelOf(request));
            return ConvertedSpeech.Plan(request.Format, backendMakes: !facts.IsConverted(request.Format.Value), pcmRateKnown: facts.Formats is not null);
        }

        private async Task<SpeechAudio> SynthesizeAsIsAsync(SpeechRequest request, CancellationToken cancellationToken)
        {
            bool sse = UsesServerSentEvents(request);
            // Nothing reaches the caller before the whole clip has, so a failure anywhere — headers or body — is
            // retried as a whole.
            return await _connection.ExecuteAsync(request.Model, async token =>
            {
                using var response = await SendOnceAsync(request, sse, token).ConfigureAwait(false);
                using var body = await ReadAsStreamAsync(response.Content, token).ConfigureAwait(false);
                using var buffer = new MemoryStream();
                SpeechUsage? usage = null;
                try
                {
                    var chunks = sse ? ReadEventsAsync(body, GetRequestId(response), u => usage = u, token) : ReadRawAsync(body, token);
                    await foreach (var chunk in chunks.ConfigureAwait(false))
                        buffer.Write(chunk, 0, chunk.Length);
                }
                catch (Exception ex) when (IsBreak(ex))
                {
                    throw BrokeOff(ex, buffer.Length, response);
                }
                return new SpeechAudio(buffer.ToArray(), request.Format, sse ? request.Format.ContentType : response.Content.Headers.ContentType?.MediaType)
                {
                    RequestId = GetRequestId(response),
                    Usage = usage,
                    SampleRate = SampleRateOf(request, buffer.GetBuffer().AsSpan(0, (int)buffer.Length)),
                };
            }, cancellationToken).ConfigureAwait(false);
        }

        private async IAsyncEnumerable<SpeechAudioUpdate> StreamAsIsAsync(SpeechRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            bool sse = UsesServerSentEvents(request);
            SpeechUsage? usage = null;

            // Retried until the first audio bytes are in hand; after that a failure is the caller's to see.
            var opened = await _connection.ExecuteAsync(request.Model, token => OpenStreamAsync(request, sse, u => usage = u, token), cancellationToken).ConfigureAwait(false);
            using var response = opened.Response;
            string? requestId = GetRequestId(response);
            var chunks = opened.Chunks;
            int? sampleRate;
            try
            {
                // A WAV header comes first, so the first chunk tells a compatible server's rate.
                sampleRate = SampleRateOf(request, opened.First);
                if (opened.First is { } first)
                {
                    long received = first.Length;
                    yield return new SpeechAudioUpdate(first, request.Format) { SampleRate = sampleRate, RequestId = requestId };
                    while (true)
                    {
                        bool more;
                        try
                        {
                            more = await chunks.MoveNextAsync().ConfigureAwait(false);
                        }
                        catch (Exception ex) when (IsBreak(ex))
                        {
                            throw BrokeOff(ex, received, response);
                        }
                        if (!more)
                            break;
                        received += chunks.Current.Length;
                        yield return new SpeechAudioUpdate(chunks.Current, request.Format) { SampleRate = sampleRate, RequestId = requestId };
                    }
                }
            }
            finally
            {
                await chunks.DisposeAsync().ConfigureAwait(false);
            }
            // Usage arrives with the event stream's last event, after the last audio.
            yield return new SpeechAudioUpdate(ReadOnlyMemory<byte>.Empty, request.Format)
            {
                SampleRate = sampleRate, RequestId = requestId, Usage = usage, IsFinal = true,
            };
        }

        /// <summary>
        /// OpenAI's and Azure's rates are documented per format (24 kHz PCM and WAV); a compatible server's are its
        /// own, known only from a WAV header.
        /// </summary>
        private int? SampleRateOf(SpeechRequest request, ReadOnlySpan<byte> head)
        {
            if (Metadata.ProviderName is ProviderNames.OpenAI or ProviderNames.AzureOpenAI)
                return SpeechModelCatalog.SampleRateOf(request.Format.Value);
            return request.Format == AudioFormat.Wav ? WavHeader.SampleRate(head) : null;
        }

        /// <summary>This client, or its <see cref="SpeechClientMetadata"/>; null for anything else.</summary>
        public object? GetService(Type serviceType, object? serviceKey = null)
        {
            if (serviceType is null) throw new ArgumentNullException(nameof(serviceType));
            if (serviceKey is not null) return null;
            if (serviceType == typeof(SpeechClientMetadata)) return Metadata;
            return serviceType.IsInstanceOfType(this) ? this : null;
        }

        private sealed record OpenedStream(HttpResponseMessage Response, IAsyncEnumerator<byte[]> Chunks, byte[]? First);

        private async Task<OpenedStream> OpenStreamAsync(SpeechRequest request, bool sse, Action<SpeechUsage>? onUsage, CancellationToken cancellationToken)
        {
            var response = await SendOnceAsync(request, sse, cancellationToken).ConfigureAwait(false);
            IAsyncEnumerator<byte[]>? chunks = null;
            try
            {
                var body = await ReadAsStreamAsync(response.Content, cancellationToken).ConfigureAwait(false);
                chunks = (sse ? ReadEventsAsync(body, GetRequestId(response), onUsage, cancellationToken) : ReadRawAsync(body, cancellationToken))
                    .GetAsyncEnumerator(cancellationToken);
                byte[]? first = await chunks.MoveNextAsync().ConfigureAwait(false) ? chunks.Current : null;
                return new OpenedStream(response, chunks, first);
            }
            catch
            {
                if (chunks is not null) await chunks.DisposeAsync().ConfigureAwait(false);
                response.Dispose();
                throw;
            }
        }

        private static async IAsyncEnumerable<byte[]> ReadRawAsync(Stream body, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            using (body)
            {
                var buffer = new byte[StreamBufferSize];
                while (true)
                {
                    // Yields whatever the socket has delivered, so the first audio reaches the caller as soon as it
                    // arrives. HTTP framing (chunked or Content-Length) turns an early close into an IOException.
                    int read = await body.ReadAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                        yield break;
                    yield return buffer.AsSpan(0, read).ToArray();
                }
            }
        }

        private static async IAsyncEnumerable<byte[]> ReadEventsAsync(Stream body, string? requestId, Action<SpeechUsage>? onUsage, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            using (body)
            {
                long received = 0;
                bool done = false;
                await foreach (var item in SseParser.Create(body).EnumerateAsync(cancellationToken).ConfigureAwait(false))
                {
                    SseEvent parsed;
                    try
                    {
                        parsed = OpenAISpeechWire.ReadSseData(item.Data);
                    }
                    catch (Exception ex) when (ex is FormatException or System.Text.Json.JsonException)
                    {
                        throw new SpeechStreamException("The event stream carried a malformed event: " + ex.Message, received, requestId, ex);
                    }
                    switch (parsed.Kind)
                    {
                        case SseEventKind.Delta when parsed.Audio is { Length: > 0 } audio:
                            received += audio.Length;
                            yield return audio;
                            break;
                        case SseEventKind.Done:
                            done = true;
                            if (parsed.Usage is not null) onUsage?.Invoke(parsed.Usage);
                            break;
                        case SseEventKind.End:
                            if (!done)
                                throw new SpeechStreamException("The event stream ended with [DONE] but without speech.audio.done", received, requestId);
                            yield break;
                    }
                }
                if (!done)
                    throw new SpeechStreamException("The event stream ended without speech.audio.done", received, requestId);
            }
        }

        private void Prepare(SpeechRequest request)
        {
            SpeechRequestValidator.Validate(request);
            string model = SpeechRequestValidator.ModelOf(request);
            if (SpeechModelCatalog.Get(model).Transport == SpeechTransport.Realtime)
                throw new NotSupportedException(
                    $"{request.Model} speaks only over OpenAI's Realtime API (WebSocket), not the speech endpoint: send it through RealtimeSpeechClient "
                    + "(SpeechClient.Default and AddVoicePrompts route realtime models there by themselves).");
            _connection.EnsureCredentials();
        }

        /// <summary>A transport failure while reading audio (not one already reported as a broken stream).</summary>
        private static bool IsBreak(Exception ex) => ex is IOException and not SpeechStreamException || ex is HttpRequestException;

        private static SpeechStreamException BrokeOff(Exception ex, long received, HttpResponseMessage response) =>
            new("The audio stream broke off: " + ex.Message, received, GetRequestId(response), ex);

        private bool UsesServerSentEvents(SpeechRequest request) =>
            _options.StreamFormat == SpeechStreamFormat.ServerSentEvents && SpeechModelCatalog.Get(SpeechRequestValidator.ModelOf(request)).ServerSentEvents;

        /// <summary>One attempt: the response once its headers are in, or an exception for a refusal.</summary>
        private async Task<HttpResponseMessage> SendOnceAsync(SpeechRequest request, bool sse, CancellationToken cancellationToken)
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, _connection.SpeechEndpoint)
            {
                Content = new ByteArrayContent(OpenAISpeechWire.WriteRequestBody(request, sse ? OpenAISpeechWire.SseStreamFormat : null)),
            };
            message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            foreach (var header in await _connection.HeadersAsync(cancellationToken).ConfigureAwait(false))
                message.Headers.TryAddWithoutValidation(header.Key, header.Value);

            var response = await _http().SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            Annotate(response, sse);
            if (response.IsSuccessStatusCode)
                return response;

            using (response)
            {
                byte[] body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                var (text, type, code, param) = OpenAISpeechWire.ReadError(body, response.ReasonPhrase ?? "no message");
                var error = SpeechConnection.Refused(response.StatusCode, text, type, code, param, GetRequestId(response),
                    name => response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null);
                SpeechClientLog.Failed(_logger, error);
                throw error; // the connection's retry policy decides whether it is worth another try
            }
        }

        /// <summary>HTTP facts for the request's activity, when the telemetry decorator started one.</summary>
        private static void Annotate(HttpResponseMessage response, bool sse)
        {
            var activity = Activity.Current;
            if (activity is null || activity.Source != VoicePromptsTelemetry.ActivitySource) return;
            activity.SetTag("http.response.status_code", (int)response.StatusCode);
            activity.SetTag("voiceprompts.stream_format", sse ? "sse" : "audio");
            if (GetRequestId(response) is { } id)
                activity.SetTag("voiceprompts.request_id", id);
        }

        private static Task<Stream> ReadAsStreamAsync(HttpContent content, CancellationToken cancellationToken) =>
#if NET5_0_OR_GREATER
            content.ReadAsStreamAsync(cancellationToken);
#else
            content.ReadAsStreamAsync();
#endif

        /// <summary>OpenAI's <c>X-Request-ID</c>; Azure's <c>apim-request-id</c> where there is none.</summary>
        private static string? GetRequestId(HttpResponseMessage response) =>
            response.Headers.TryGetValues("X-Request-ID", out var values) ? values.FirstOrDefault()
            : response.Headers.TryGetValues("apim-request-id", out var azure) ? azure.FirstOrDefault()
            : null;

        /// <inheritdoc />
        public void Dispose() => _ownedHttp?.Dispose();
    }
}
