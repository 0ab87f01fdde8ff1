using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace VoicePrompts
{
    /// <summary>
    /// <see cref="ISpeechClient"/> for OpenAI's <c>POST /v1/audio/speech</c> and any OpenAI-compatible speech server.
    /// Requests are validated before the network; a refused request becomes a <see cref="SpeechApiException"/>.
    /// </summary>
    public sealed class OpenAISpeechClient : ISpeechClient, IDisposable
    {
        private const int StreamBufferSize = 16 * 1024;
        private readonly HttpClient _http;
        private readonly bool _ownsHttp;
        private readonly OpenAISpeechClientOptions _options;
        private readonly Uri _endpoint;

        /// <summary>Creates a client.</summary>
        /// <param name="options">Where to connect; defaults to OpenAI with no key.</param>
        /// <param name="httpClient">An HttpClient to use (e.g. from IHttpClientFactory); one is created when null.</param>
        public OpenAISpeechClient(OpenAISpeechClientOptions? options = null, HttpClient? httpClient = null)
        {
            _options = options ?? new OpenAISpeechClientOptions();
            _ownsHttp = httpClient is null;
            _http = httpClient ?? new HttpClient { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
            string baseUrl = _options.BaseUrl.ToString();
            _endpoint = new Uri(new Uri(baseUrl.EndsWith("/", StringComparison.Ordinal) ? baseUrl : baseUrl + "/"), OpenAISpeechWire.SpeechPath);
        }

        /// <summary>A client configured from <c>OPENAI_API_KEY</c> and <c>OPENAI_BASE_URL</c>.</summary>
        public static OpenAISpeechClient FromEnvironment() => new(OpenAISpeechClientOptions.FromEnvironment());

        /// <summary>The full URL requests are sent to.</summary>
        public Uri Endpoint => _endpoint;

        /// <inheritdoc />
        public async Task<SpeechAudio> SynthesizeAsync(SpeechRequest request, CancellationToken cancellationToken = default)
        {
            using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
            using var body = await ReadAsStreamAsync(response.Content, cancellationToken).ConfigureAwait(false);
            using var buffer = new MemoryStream();
            await body.CopyToAsync(buffer, StreamBufferSize, cancellationToken).ConfigureAwait(false);
            return new SpeechAudio(buffer.ToArray(), request.Format, response.Content.Headers.ContentType?.MediaType)
            {
                RequestId = GetRequestId(response),
            };
        }

        /// <inheritdoc />
        public async IAsyncEnumerable<ReadOnlyMemory<byte>> StreamAsync(SpeechRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
            using var body = await ReadAsStreamAsync(response.Content, cancellationToken).ConfigureAwait(false);
            var buffer = new byte[StreamBufferSize];
            while (true)
            {
                // Yields whatever the socket has delivered, so the first audio reaches the caller as soon as it arrives.
                int read = await body.ReadAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false);
                if (read == 0) yield break;
                yield return buffer.AsSpan(0, read).ToArray();
            }
        }

        private async Task<HttpResponseMessage> SendAsync(SpeechRequest request, CancellationToken cancellationToken)
        {
            SpeechRequestValidator.Validate(request);
            if (_options.ApiKey is null && _options.BaseUrl.Host.Equals(OpenAISpeechClientOptions.OpenAIBaseUrl.Host, StringComparison.OrdinalIgnoreCase))
                throw new InvalidOperationException(
                    "No API key for OpenAI: set OPENAI_API_KEY (or OpenAISpeechClientOptions.ApiKey), or set OPENAI_BASE_URL to an OpenAI-compatible speech server.");

            using var message = new HttpRequestMessage(HttpMethod.Post, _endpoint)
            {
                Content = new ByteArrayContent(OpenAISpeechWire.WriteRequestBody(request)),
            };
            message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            if (_options.ApiKey is not null)
                message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.ApiKey);
            if (_options.Organization is not null)
                message.Headers.TryAddWithoutValidation("OpenAI-Organization", _options.Organization);
            if (_options.Project is not null)
                message.Headers.TryAddWithoutValidation("OpenAI-Project", _options.Project);

            var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
                return response;

            using (response)
            {
                byte[] body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                var (text, type, code, param) = OpenAISpeechWire.ReadError(body, response.ReasonPhrase ?? "no message");
                throw new SpeechApiException(response.StatusCode, text, type, code, param, GetRequestId(response));
            }
        }

        private static Task<Stream> ReadAsStreamAsync(HttpContent content, CancellationToken cancellationToken) =>
#if NET5_0_OR_GREATER
            content.ReadAsStreamAsync(cancellationToken);
#else
            content.ReadAsStreamAsync();
#endif

        private static string? GetRequestId(HttpResponseMessage response) =>
            response.Headers.TryGetValues("X-Request-ID", out var values) ? values.FirstOrDefault() : null;

        /// <inheritdoc />
        public void Dispose()
        {
            if (_ownsHttp) _http.Dispose();
        }
    }
}
