using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace VoicePrompts
{
    /// <summary>
    /// Reports every request on the <c>VoicePrompts</c> <see cref="System.Diagnostics.ActivitySource"/> and
    /// <see cref="System.Diagnostics.Metrics.Meter"/> (<see cref="VoicePromptsTelemetry"/>): one
    /// <c>voiceprompts.speech</c> activity, requests, errors, time to first audio of a stream, audio bytes and input
    /// tokens. Nothing about the text but its length, and never a key. The transport's retries and HTTP status appear
    /// on the same activity.
    /// </summary>
    internal sealed class OpenTelemetrySpeechClient : DelegatingSpeechClient
    {
        /// <summary>Wraps <paramref name="innerClient"/>.</summary>
        public OpenTelemetrySpeechClient(ISpeechClient innerClient) : base(innerClient)
        {
        }

        /// <inheritdoc />
        public override async Task<SpeechAudio> SynthesizeAsync(SpeechRequest request, CancellationToken cancellationToken = default)
        {
            if (request is null) throw new ArgumentNullException(nameof(request));
            using var telemetry = new RequestTelemetry(request);
            try
            {
                var audio = await InnerClient.SynthesizeAsync(request, cancellationToken).ConfigureAwait(false);
                telemetry.Received(audio.Data.Length, streamed: false);
                telemetry.RequestId(audio.RequestId);
                telemetry.Usage(audio.Usage);
                telemetry.Succeeded();
                return audio;
            }
            catch (Exception ex)
            {
                telemetry.Failed(ex);
                throw;
            }
        }

        /// <inheritdoc />
        public override async IAsyncEnumerable<SpeechAudioUpdate> StreamAsync(SpeechRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            if (request is null) throw new ArgumentNullException(nameof(request));
            using var telemetry = new RequestTelemetry(request);
            bool completed = false;
            var updates = InnerClient.StreamAsync(request, cancellationToken).GetAsyncEnumerator(cancellationToken);
            try
            {
                while (true)
                {
                    SpeechAudioUpdate update;
                    try
                    {
                        if (!await updates.MoveNextAsync().ConfigureAwait(false))
                            break;
                        update = updates.Current;
                    }
                    catch (Exception ex)
                    {
                        telemetry.Failed(ex);
                        throw;
                    }
                    if (!update.Data.IsEmpty)
                        telemetry.Received(update.Data.Length);
                    if (update.IsFinal)
                    {
                        telemetry.RequestId(update.RequestId);
                        telemetry.Usage(update.Usage);
                        completed = true;
                    }
                    yield return update;
                }
            }
            finally
            {
                if (completed)
                    telemetry.Succeeded();
                else
                    telemetry.Abandoned(); // the caller stopped early, or a failure was recorded above
                await updates.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
