using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net.Http;
using Microsoft.Extensions.Logging;
using VoicePrompts.Shared.Tokens;

namespace VoicePrompts
{
    /// <summary>
    /// One speech call's activity and measurements: time to first byte, bytes, input tokens, outcome. Records nothing
    /// about the text but its length, and never the key.
    /// </summary>
    internal sealed class RequestTelemetry : IDisposable
    {
        private readonly SpeechRequest _request;
        private readonly ILogger _logger;
        private readonly Activity? _activity;
        private readonly long _started = Stopwatch.GetTimestamp();
        private readonly KeyValuePair<string, object?> _model;
        private double? _firstByteSeconds;
        private long _bytes;
        private bool _usageReported;
        private bool _finished;

        public RequestTelemetry(SpeechRequest request, bool sse, ILogger logger)
        {
            _request = request;
            _logger = logger;
            _model = VoicePromptsTelemetry.Model(request.Model);
            _activity = VoicePromptsTelemetry.ActivitySource.StartActivity("voiceprompts.speech", ActivityKind.Client);
            if (_activity is not null)
            {
                _activity.SetTag("voiceprompts.model", request.Model);
                _activity.SetTag("voiceprompts.voice", request.Voice.IsCustom ? "custom" : request.Voice.Value);
                _activity.SetTag("voiceprompts.format", request.Format.Value);
                _activity.SetTag("voiceprompts.stream_format", sse ? "sse" : "audio");
                _activity.SetTag("voiceprompts.input.characters", request.Input.Length);
            }
        }

        public void Received(int bytes)
        {
            if (_firstByteSeconds is null)
            {
                _firstByteSeconds = Elapsed();
                VoicePromptsTelemetry.TimeToFirstByte.Record(_firstByteSeconds.Value, _model);
                _activity?.AddEvent(new ActivityEvent("first_byte"));
            }
            _bytes += bytes;
            VoicePromptsTelemetry.AudioBytes.Add(bytes, _model);
        }

        public void ResponseFrom(HttpResponseMessage response)
        {
            if (_activity is null) return;
            _activity.SetTag("http.response.status_code", (int)response.StatusCode);
            if (response.Headers.TryGetValues("X-Request-ID", out var ids))
                _activity.SetTag("voiceprompts.request_id", string.Join(",", ids));
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
            SpeechClientLog.Completed(_logger, _request.Model, _request.Voice.Value, (int)Math.Min(_bytes, int.MaxValue), (_firstByteSeconds ?? 0) * 1000);
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
