using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace VoicePrompts
{
    /// <summary>
    /// Logs each request's outcome: model, voice, bytes and duration when it completes, the typed error when it fails.
    /// Never the input text, the instructions or a key. (The transport logs its own retries.)
    /// </summary>
    internal sealed class LoggingSpeechClient : DelegatingSpeechClient
    {
        private readonly ILogger _logger;

        /// <summary>Wraps <paramref name="innerClient"/>, logging to <paramref name="logger"/>.</summary>
        public LoggingSpeechClient(ISpeechClient innerClient, ILogger logger) : base(innerClient) =>
            _logger = logger ?? throw new ArgumentNullException(nameof(logger));

        /// <inheritdoc />
        public override async Task<SpeechAudio> SynthesizeAsync(SpeechRequest request, CancellationToken cancellationToken = default)
        {
            if (request is null) throw new ArgumentNullException(nameof(request));
            long started = Stopwatch.GetTimestamp();
            try
            {
                var audio = await InnerClient.SynthesizeAsync(request, cancellationToken).ConfigureAwait(false);
                SpeechClientLog.Completed(_logger, request.Model, Voice(request), audio.Data.Length, Milliseconds(started));
                return audio;
            }
            catch (Exception ex) when (Log(request, ex))
            {
                throw; // never reached: Log returns false
            }
        }

        /// <inheritdoc />
        public override async IAsyncEnumerable<SpeechAudioUpdate> StreamAsync(SpeechRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            if (request is null) throw new ArgumentNullException(nameof(request));
            long started = Stopwatch.GetTimestamp();
            long bytes = 0;
            var updates = InnerClient.StreamAsync(request, cancellationToken).GetAsyncEnumerator(cancellationToken);
            try
            {
                while (true)
                {
                    try
                    {
                        if (!await updates.MoveNextAsync().ConfigureAwait(false))
                            break;
                    }
                    catch (Exception ex) when (Log(request, ex))
                    {
                        throw; // never reached
                    }
                    bytes += updates.Current.Data.Length;
                    if (updates.Current.IsFinal)
                        SpeechClientLog.Completed(_logger, request.Model, Voice(request), (int)Math.Min(bytes, int.MaxValue), Milliseconds(started));
                    yield return updates.Current;
                }
            }
            finally
            {
                await updates.DisposeAsync().ConfigureAwait(false);
            }
        }

        private bool Log(SpeechRequest request, Exception error)
        {
            if (error is OperationCanceledException) return false;
            SpeechClientLog.RequestFailed(_logger, request.Model, Voice(request), error);
            return false;
        }

        private static string Voice(SpeechRequest request) => request.Voice.IsCustom ? "custom" : request.Voice.Value;

        private static double Milliseconds(long started) => (Stopwatch.GetTimestamp() - started) * 1000.0 / Stopwatch.Frequency;
    }
}
