using System;
using System.Collections.Generic;
using System.Diagnostics;
using VoicePrompts.Shared.Tokens;

namespace VoicePrompts
{
    /// <summary>
    /// One speech call's activity and measurements, kept by <see cref="OpenTelemetrySpeechClient"/> (a transport adds
    /// its own facts to the same activity, e.g. the HTTP status): time to first audio, bytes, input tokens, outcome. Records nothing
    /// about the text but its length, and never the key.
    /// </summary>
    internal sealed class RequestTelemetry : IDisposable
    {
        private readonly SpeechRequest _request;
        private readonly Activity? _activity;
        private readonly long _started = Stopwatch.GetTimestamp();
        private readonly KeyValuePair<string, object?> _model;
        private double? _firstByteSeconds;
        private long _bytes;
        private bool _usageReported;
        private bool _finished;

        public RequestTelemetry(SpeechRequest request)
        {
            _request = request;
            _model = VoicePromptsTelemetry.Model(request.Model);
            _activity = VoicePromptsTelemetry.ActivitySource.StartActivity("voiceprompts.speech", ActivityKind.Client);
            if (_activity is not null)
            {
                _activity.SetTag("voiceprompts.model", request.Model);
                _activity.SetTag("voiceprompts.voice", request.Voice.IsCustom ? "custom" : request.Voice.Value);
                _activity.SetTag("voiceprompts.format", request.Format.Value);
                _activity.SetTag("voiceprompts.input.characters", request.Input.Length);
            }
        }

        /// <summary>Audio handed to the caller; the first call of a stream is its time to first audio.</summary>
        public void Received(int bytes, bool streamed = true)
        {
            if (_firstByteSeconds is null && streamed && bytes > 0)
            {
                _firstByteSeconds = Elapsed();
                VoicePromptsTelemetry.TimeToFirstByte.Record(_firstByteSeconds.Value, _model);
                _activity?.AddEvent(new ActivityEvent("first_byte"));
            }
            _bytes += bytes;
            VoicePromptsTelemetry.AudioBytes.Add(bytes, _model);
        }

        public void RequestId(string? requestId)
        {
            if (requestId is not null)
                _activity?.SetTag("voiceprompts.request_id", requestId);
        }

        public void Usage(SpeechUsage? usage)
        {
            if (usage is null || _usageReported) return;
            _usageReported = true;
            VoicePromptsTelemetry.InputTokens.Add(usage.InputTokens, _model, new KeyValuePair<string, object?>("voiceprompts.token_source", "server"));
            _activity?.SetTag("voiceprompts.usage.input_tokens", usage.InputTokens);
            _activity?.SetTag("voiceprompts.usage.output_tokens", usage.OutputTokens);
        }

        public void Succeeded()
        {
            if (_finished) return;
            _finished = true;
            // Without server usage, count the input ourselves — only when someone listens (it loads the vocabulary).
            if (!_usageReported && VoicePromptsTelemetry.InputTokens.Enabled)
                VoicePromptsTelemetry.InputTokens.Add(O200kTokenCounter.Count(_request.Input), _model, new KeyValuePair<string, object?>("voiceprompts.token_source", "counted"));
            VoicePromptsTelemetry.Requests.Add(1, _model, new KeyValuePair<string, object?>("voiceprompts.outcome", "success"));
            _activity?.SetTag("voiceprompts.audio.bytes", _bytes);
            _activity?.SetStatus(ActivityStatusCode.Ok);
        }

        public void Failed(Exception error)
        {
            if (_finished) return;
            _finished = true;
            string type = error switch
            {
                SpeechApiException api => "http_" + (int)api.StatusCode,
                SpeechStreamException => "stream_broken",
                OperationCanceledException => "canceled",
                _ => error.GetType().Name,
            };
            var outcome = new KeyValuePair<string, object?>("voiceprompts.outcome", error is OperationCanceledException ? "canceled" : "error");
            VoicePromptsTelemetry.Requests.Add(1, _model, outcome);
            if (error is not OperationCanceledException)
                VoicePromptsTelemetry.Errors.Add(1, _model, new KeyValuePair<string, object?>("error.type", type));
            _activity?.SetTag("error.type", type);
            _activity?.SetStatus(ActivityStatusCode.Error, type);
        }

        /// <summary>The caller stopped reading before the end (or a failure was already recorded).</summary>
        public void Abandoned()
        {
            if (_finished) return;
            _finished = true;
            VoicePromptsTelemetry.Requests.Add(1, _model, new KeyValuePair<string, object?>("voiceprompts.outcome", "abandoned"));
        }

        public void Dispose() => _activity?.Dispose();

        private double Elapsed() => (Stopwatch.GetTimestamp() - _started) / (double)Stopwatch.Frequency;
    }
}
