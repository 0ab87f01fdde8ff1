using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace VoicePrompts
{
    /// <summary>
    /// A VoicePrompts <see cref="ISpeechClient"/> seen as Microsoft.Extensions.AI's <see cref="ITextToSpeechClient"/>,
    /// so MEAI middleware (logging, OpenTelemetry, options) and anything that takes an <see cref="ITextToSpeechClient"/>
    /// can use a VoicePrompts backend. Made by <see cref="VoicePromptsAIExtensions.AsTextToSpeechClient"/>.
    /// </summary>
    internal sealed class VoicePromptsTextToSpeechClient : ITextToSpeechClient
    {
        /// <summary>The option key MEAI's conventions use for a speech model's style instructions.</summary>
        internal const string InstructionsKey = "instructions";

        private readonly ISpeechClient _inner;
        private readonly string _defaultModel;
        private readonly string _defaultVoice;
        private readonly TextToSpeechClientMetadata _metadata;

        public VoicePromptsTextToSpeechClient(ISpeechClient inner, string? defaultModelId, string? defaultVoiceId)
        {
            _inner = inner ?? throw new ArgumentNullException(nameof(inner));
            var backend = inner.GetService(typeof(SpeechClientMetadata)) as SpeechClientMetadata;
            _defaultModel = defaultModelId ?? backend?.DefaultModelId ?? "gpt-4o-mini-tts";
            _defaultVoice = defaultVoiceId ?? "alloy";
            _metadata = new TextToSpeechClientMetadata(backend?.ProviderName ?? "voiceprompts", backend?.Endpoint, _defaultModel);
        }

        public async Task<TextToSpeechResponse> GetAudioAsync(string text, TextToSpeechOptions? options = null, CancellationToken cancellationToken = default)
        {
            var request = ToRequest(text, options);
            var audio = await _inner.SynthesizeAsync(request, cancellationToken).ConfigureAwait(false);
            return new TextToSpeechResponse(new List<AIContent> { new DataContent(audio.Data, AudioMediaTypes.ToMediaType(audio.Format, audio.SampleRate)) })
            {
                ModelId = request.Model,
                ResponseId = audio.RequestId,
                Usage = ToUsageDetails(audio.Usage),
                RawRepresentation = audio,
            };
        }

        public async IAsyncEnumerable<TextToSpeechResponseUpdate> GetStreamingAudioAsync(string text, TextToSpeechOptions? options = null,
            [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var request = ToRequest(text, options);
            await foreach (var update in _inner.StreamAsync(request, cancellationToken).ConfigureAwait(false))
            {
                var contents = new List<AIContent>();
                if (!update.Data.IsEmpty)
                    contents.Add(new DataContent(update.Data, AudioMediaTypes.ToMediaType(update.Format, update.SampleRate)));
                if (update.IsFinal && ToUsageDetails(update.Usage) is { } usage)
                    contents.Add(new UsageContent(usage));
                if (contents.Count == 0 && !update.IsFinal)
                    continue;
                yield return new TextToSpeechResponseUpdate(contents)
                {
                    Kind = update.IsFinal ? TextToSpeechResponseUpdateKind.AudioUpdated : TextToSpeechResponseUpdateKind.AudioUpdating,
                    ModelId = request.Model,
                    ResponseId = update.RequestId,
                    RawRepresentation = update,
                };
            }
        }

        public object? GetService(Type serviceType, object? serviceKey = null)
        {
            if (serviceType is null) throw new ArgumentNullException(nameof(serviceType));
            if (serviceKey is not null) return _inner.GetService(serviceType, serviceKey);
            if (serviceType == typeof(TextToSpeechClientMetadata)) return _metadata;
            if (serviceType.IsInstanceOfType(this)) return this;
            if (serviceType.IsInstanceOfType(_inner)) return _inner;
            return _inner.GetService(serviceType, null);
        }

        /// <summary>The wrapped client belongs to whoever made it (often <see cref="SpeechClient.Default"/>), so it is not disposed here.</summary>
        public void Dispose()
        {
        }

        private SpeechRequest ToRequest(string text, TextToSpeechOptions? options)
        {
            if (text is null) throw new ArgumentNullException(nameof(text));
            // OpenAI's speech models (and the Realtime ones) take no pitch or volume: refuse rather than drop them.
            if (options?.Pitch is not null || options?.Volume is not null)
                throw new ArgumentException($"TextToSpeechOptions.{(options.Pitch is not null ? "Pitch" : "Volume")} is set, but VoicePrompts' speech models take no pitch or volume; leave it unset (describe the delivery in AdditionalProperties[\"instructions\"] instead).", nameof(options));
            string? voice = options?.VoiceId;
            return new SpeechRequest(options?.ModelId ?? _defaultModel, SpeechVoice.Parse(voice ?? _defaultVoice), text)
            {
                Format = AudioMediaTypes.Require(options?.AudioFormat, AudioFormat.Mp3),
                Speed = options?.Speed is float speed ? Math.Round(speed, 4) : null,
                Language = options?.Language,
                Instructions = options?.AdditionalProperties is { } extra && extra.TryGetValue(InstructionsKey, out var value) ? value?.ToString() : null,
            };
        }

        internal static UsageDetails? ToUsageDetails(SpeechUsage? usage) => usage is null ? null : new UsageDetails
        {
            InputTokenCount = usage.InputTokens,
            OutputTokenCount = usage.OutputTokens,
            TotalTokenCount = usage.TotalTokens,
            InputTextTokenCount = usage.InputTextTokens,
            InputAudioTokenCount = usage.InputAudioTokens,
            OutputTextTokenCount = usage.OutputTextTokens,
            OutputAudioTokenCount = usage.OutputAudioTokens,
        };
    }
}
