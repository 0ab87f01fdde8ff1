using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using VoicePrompts.Audio;
using VoicePrompts.Shared;

namespace VoicePrompts
{
    /// <summary>
    /// Microsoft.Extensions.AI's <see cref="ITextToSpeechClient"/> seen as a VoicePrompts <see cref="ISpeechClient"/>, so
    /// generated prompts speak through any MEAI provider and its middleware. Made by
    /// <see cref="VoicePromptsAIExtensions.AsSpeechClient"/>.
    /// </summary>
    /// <remarks>
    /// Requests are not checked against OpenAI's limits here: the provider underneath may be any, and its own
    /// refusals come back as its exceptions, unchanged.
    /// </remarks>
    internal sealed class TextToSpeechSpeechClient : ISpeechClient
    {
        private const string OpenAIProvider = "openai";
        private const string OpenAISpeechOptionsType = "OpenAI.Audio.SpeechGenerationOptions, OpenAI";

        private readonly ITextToSpeechClient _inner;
        private readonly SpeechClientMetadata _metadata;

        public TextToSpeechSpeechClient(ITextToSpeechClient inner)
        {
            _inner = inner ?? throw new ArgumentNullException(nameof(inner));
            var provider = inner.GetService(typeof(TextToSpeechClientMetadata)) as TextToSpeechClientMetadata;
            // The provider and endpoint go into VoicePrompts' cache key, so two backends never share a clip.
            _metadata = new SpeechClientMetadata("extensions-ai/" + (provider?.ProviderName ?? inner.GetType().Name), provider?.ProviderUri, provider?.DefaultModelId);
            _openAI = IsOpenAI(inner);
        }

        private readonly bool _openAI;

        public async Task<SpeechAudio> SynthesizeAsync(SpeechRequest request, CancellationToken cancellationToken = default)
        {
            if (request is null) throw new ArgumentNullException(nameof(request));
            if (Conversion(request) is not var (wire, source))
                return await SynthesizeAsIsAsync(request, cancellationToken).ConfigureAwait(false);
            var audio = await SynthesizeAsIsAsync(request with { Format = wire }, cancellationToken).ConfigureAwait(false);
            if (audio.Format != wire)
                throw NotAsked(request.Format, wire, audio.ContentType, audio.Data.Length, audio.RequestId);
            return ConvertedSpeech.Whole(audio, request.Format, source);
        }

        public async IAsyncEnumerable<SpeechAudioUpdate> StreamAsync(SpeechRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            if (request is null) throw new ArgumentNullException(nameof(request));
            var conversion = Conversion(request);
            var updates = conversion is var (wire, source)
                ? ConvertedSpeech.Stream(Expecting(wire, request.Format, StreamAsIsAsync(request with { Format = wire }, cancellationToken)), request.Format, source, cancellationToken)
                : StreamAsIsAsync(request, cancellationToken);
            await foreach (var update in updates.ConfigureAwait(false))
                yield return update;
        }

        /// <summary>
        /// What to ask the provider for when the caller wants a telephony format: MEAI's OpenAI client's 24 kHz PCM,
        /// any other provider's WAV (whose header tells its rate). Null for every other format, asked for as it is.
        /// </summary>
        private (AudioFormat Wire, AudioFormatFacts Source)? Conversion(SpeechRequest request) =>
            ConvertedSpeech.Plan(request.Format, backendMakes: Array.IndexOf(AudioFormatFacts.TelephonyFormats, request.Format.Value) < 0, pcmRateKnown: _openAI);

        private static async IAsyncEnumerable<SpeechAudioUpdate> Expecting(AudioFormat asked, AudioFormat requested, IAsyncEnumerable<SpeechAudioUpdate> updates)
        {
            long received = 0;
            await foreach (var update in updates.ConfigureAwait(false))
            {
                if (!update.Data.IsEmpty && update.Format != asked)
                    throw NotAsked(requested, asked, update.Format.ContentType, received, update.RequestId);
                received += update.Data.Length;
                yield return update;
            }
        }

        private static SpeechStreamException NotAsked(AudioFormat requested, AudioFormat asked, string got, long received, string? requestId) =>
            new($"To make {requested}, VoicePrompts asked the provider for {asked.ContentType} and it answered {got}; "
                + "ask for a format the provider makes, or use a provider that makes WAV.", received, requestId);

        private async Task<SpeechAudio> SynthesizeAsIsAsync(SpeechRequest request, CancellationToken cancellationToken)
        {
            var response = await _inner.GetAudioAsync(Text(request), ToOptions(request, _openAI), cancellationToken).ConfigureAwait(false);
            var audio = new MemoryStream();
            string? mediaType = null;
            foreach (var content in response.Contents)
            {
                if (content is DataContent data)
                {
                    mediaType ??= data.MediaType;
                    Write(audio, data.Data);
                }
            }
            var format = AudioMediaTypes.ToFormat(mediaType) ?? request.Format;
            return new SpeechAudio(new ReadOnlyMemory<byte>(audio.GetBuffer(), 0, (int)audio.Length), format)
            {
                RequestId = response.ResponseId,
                Usage = ToSpeechUsage(response.Usage),
            };
        }

        private async IAsyncEnumerable<SpeechAudioUpdate> StreamAsIsAsync(SpeechRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            UsageDetails? usage = null;
            string? responseId = null;
            AudioFormat? format = null;
            await foreach (var update in _inner.GetStreamingAudioAsync(Text(request), ToOptions(request, _openAI), cancellationToken).ConfigureAwait(false))
            {
                responseId = update.ResponseId ?? responseId;
                foreach (var content in update.Contents)
                {
                    switch (content)
                    {
                        case DataContent data when !data.Data.IsEmpty:
                            format ??= AudioMediaTypes.ToFormat(data.MediaType) ?? request.Format;
                            yield return new SpeechAudioUpdate(data.Data, format.Value) { RequestId = update.ResponseId };
                            break;
                        case UsageContent used:
                            if (usage is null) usage = new UsageDetails();
                            usage.Add(used.Details);
                            break;
                    }
                }
            }
            yield return new SpeechAudioUpdate(ReadOnlyMemory<byte>.Empty, format ?? request.Format)
            {
                IsFinal = true,
                RequestId = responseId,
                Usage = ToSpeechUsage(usage),
            };
        }

        public object? GetService(Type serviceType, object? serviceKey = null)
        {
            if (serviceType is null) throw new ArgumentNullException(nameof(serviceType));
            if (serviceKey is not null) return _inner.GetService(serviceType, serviceKey);
            if (serviceType == typeof(SpeechClientMetadata)) return _metadata;
            if (serviceType.IsInstanceOfType(this)) return this;
            if (serviceType.IsInstanceOfType(_inner)) return _inner;
            return _inner.GetService(serviceType, null);
        }

        /// <summary>The wrapped client belongs to whoever made it (often the container), so it is not disposed here.</summary>
        public void Dispose()
        {
        }

        private static string Text(SpeechRequest request) => request?.Input ?? throw new ArgumentNullException(nameof(request));

        private static TextToSpeechOptions ToOptions(SpeechRequest request, bool openAI)
        {
            var options = new TextToSpeechOptions
            {
                ModelId = request.Model,
                VoiceId = request.Voice.Value,
                // MEAI's OpenAI client (10.11) maps only a bare audio/L16 to pcm; with parameters it forwards the whole
                // string verbatim and OpenAI refuses it. Other providers get the rate and channels RFC 3551 asks for.
                AudioFormat = openAI && request.Format == AudioFormat.Pcm ? "audio/L16" : AudioMediaTypes.ToMediaType(request.Format),
                Speed = request.Speed is double speed ? (float)speed : null,
                Language = request.Language,
            };
            if (request.Instructions is { } instructions)
            {
                (options.AdditionalProperties ??= new AdditionalPropertiesDictionary())[VoicePromptsTextToSpeechClient.InstructionsKey] = instructions;
                // MEAI's OpenAI client reads no instructions from AdditionalProperties, only from OpenAI's own options.
                options.RawRepresentationFactory = client => IsOpenAI(client) ? OpenAIOptionsWithInstructions(instructions) : null;
            }
            return options;
        }

        private static bool IsOpenAI(ITextToSpeechClient client) =>
            string.Equals((client.GetService(typeof(TextToSpeechClientMetadata)) as TextToSpeechClientMetadata)?.ProviderName, OpenAIProvider, StringComparison.OrdinalIgnoreCase);

        /// <summary>
        /// OpenAI's <c>SpeechGenerationOptions</c> with <c>Instructions</c> set, found by name so this package does not
        /// depend on the OpenAI SDK (an app using MEAI's OpenAI client has it already); null when it is not loaded.
        /// </summary>
        internal static object? OpenAIOptionsWithInstructions(string instructions)
        {
            if (s_openAIOptions.Value is not var (create, property))
                return null;
            var options = create.Invoke(null);
            property.SetValue(options, instructions);
            return options;
        }

        /// <summary>The type, its constructor and property are looked up once per process, not per request.</summary>
        private static readonly Lazy<(System.Reflection.ConstructorInfo Create, System.Reflection.PropertyInfo Instructions)?> s_openAIOptions = new(FindOpenAIOptions);

#if NET
        [DynamicDependency(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor | DynamicallyAccessedMemberTypes.PublicProperties, "OpenAI.Audio.SpeechGenerationOptions", "OpenAI")]
#endif
        private static (System.Reflection.ConstructorInfo, System.Reflection.PropertyInfo)? FindOpenAIOptions()
        {
            var type = Type.GetType(OpenAISpeechOptionsType, throwOnError: false);
            return type?.GetConstructor(Type.EmptyTypes) is { } create
                && type.GetProperty("Instructions") is { CanWrite: true } property && property.PropertyType == typeof(string)
                ? (create, property)
                : null;
        }

        internal static SpeechUsage? ToSpeechUsage(UsageDetails? usage) => usage is null ? null
            : new SpeechUsage(Clamp(usage.InputTokenCount), Clamp(usage.OutputTokenCount), Clamp(usage.TotalTokenCount ?? usage.InputTokenCount + usage.OutputTokenCount))
            {
                InputTextTokens = Nullable(usage.InputTextTokenCount),
                InputAudioTokens = Nullable(usage.InputAudioTokenCount),
                OutputTextTokens = Nullable(usage.OutputTextTokenCount),
                OutputAudioTokens = Nullable(usage.OutputAudioTokenCount),
            };

        private static int Clamp(long? value) => value is long v ? (int)Math.Min(int.MaxValue, Math.Max(0, v)) : 0;

        private static int? Nullable(long? value) => value is null ? null : Clamp(value);

        private static void Write(MemoryStream stream, ReadOnlyMemory<byte> data)
        {
#if NET
            stream.Write(data.Span);
#else
            var array = data.ToArray();
            stream.Write(array, 0, array.Length);
#endif
        }
    }
}
