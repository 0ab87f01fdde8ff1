using System;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace VoicePrompts
{
    /// <summary>
    /// VoicePrompts and Microsoft.Extensions.AI's <see cref="ITextToSpeechClient"/>, both ways. The abstraction is
    /// experimental in MEAI (<c>MEAI001</c>), and so is this API.
    /// </summary>
    [Experimental("MEAI001")]
    public static class VoicePromptsAIExtensions
    {
        /// <summary>
        /// <paramref name="client"/> as an <see cref="ITextToSpeechClient"/>, for MEAI middleware and anything that takes
        /// one. <see cref="TextToSpeechOptions"/> map to the request: model, voice, format (a media type such as
        /// <c>audio/wav</c> or a name such as <c>wav</c>), speed and language; instructions from
        /// <c>AdditionalProperties["instructions"]</c>. Audio comes back as <see cref="DataContent"/> with its media
        /// type, usage as <see cref="UsageContent"/> on the last streamed update. Exceptions pass through unchanged.
        /// The adapter does not dispose <paramref name="client"/>.
        /// </summary>
        /// <param name="client">Any VoicePrompts client, e.g. <see cref="SpeechClient.Default"/>.</param>
        /// <param name="defaultModelId">The model when the options name none: the backend's default, else <c>gpt-4o-mini-tts</c>.</param>
        /// <param name="defaultVoiceId">The voice when the options name none: <c>alloy</c> unless set.</param>
        public static ITextToSpeechClient AsTextToSpeechClient(this ISpeechClient client, string? defaultModelId = null, string? defaultVoiceId = null) =>
            new VoicePromptsTextToSpeechClient(client, defaultModelId, defaultVoiceId);

        /// <summary>
        /// <paramref name="client"/> as a VoicePrompts <see cref="ISpeechClient"/>, so generated prompts speak through any
        /// MEAI provider (and its middleware). The request's model, voice, format (sent as a media type), speed and
        /// language become <see cref="TextToSpeechOptions"/>; instructions travel in
        /// <c>AdditionalProperties["instructions"]</c> and, for MEAI's OpenAI client, in OpenAI's own options, since
        /// that client reads them from nowhere else. The adapter does not dispose <paramref name="client"/>.
        /// </summary>
        public static ISpeechClient AsSpeechClient(this ITextToSpeechClient client) => new TextToSpeechSpeechClient(client);

        /// <summary>
        /// Makes <c>AddVoicePrompts</c> speak through the container's <see cref="ITextToSpeechClient"/> (the keyed one when
        /// <paramref name="serviceKey"/> is set) instead of its own OpenAI transports; the VoicePrompts decorators — cache,
        /// long-text splitting, telemetry, logging, your own — still wrap it. The container keeps owning the
        /// <see cref="ITextToSpeechClient"/>: disposing the VoicePrompts client does not dispose it.
        /// </summary>
        public static SpeechClientBuilder UseTextToSpeechClient(this SpeechClientBuilder builder, object? serviceKey = null)
        {
            if (builder is null) throw new ArgumentNullException(nameof(builder));
            return builder.UseTransport(services => (serviceKey is null
                ? services.GetRequiredService<ITextToSpeechClient>()
                : services.GetRequiredKeyedService<ITextToSpeechClient>(serviceKey)).AsSpeechClient());
        }
    }
}
