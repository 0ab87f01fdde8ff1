using System;
using System.Linq;
using VoicePrompts.Shared;
using VoicePrompts.Shared.Tokens;

namespace VoicePrompts
{
    /// <summary>A request the server would refuse, caught before the network.</summary>
    public sealed class InvalidSpeechRequestException : ArgumentException
    {
        /// <summary>Creates the exception.</summary>
        public InvalidSpeechRequestException(string message, string paramName) : base(message, paramName)
        {
        }
    }

    /// <summary>Checks a request against what the target model accepts (shared/docs/openai-speech.md).</summary>
    public static class SpeechRequestValidator
    {
        /// <summary>Throws <see cref="InvalidSpeechRequestException"/> naming the first problem, with the numbers.</summary>
        public static void Validate(SpeechRequest request) => Validate(request, checkInputLength: true);

        /// <summary>True when the input is over the model's character or token limit.</summary>
        internal static bool IsInputTooLong(SpeechRequest request) =>
            request.Input.Length > SpeechModelCatalog.MaxInputCharacters
            || SpeechModelCatalog.GetDefaultTokenLimit(request.Model) is int limit && !O200kTokenCounter.IsWithinLimit(request.Input, limit);

        /// <param name="request">The request.</param>
        /// <param name="checkInputLength">False when long input is going to be split.</param>
        internal static void Validate(SpeechRequest request, bool checkInputLength)
        {
            if (request is null) throw new ArgumentNullException(nameof(request));

            if (string.IsNullOrWhiteSpace(request.Input))
                throw new InvalidSpeechRequestException("The input text is empty; there is nothing to speak.", "input");
            if (checkInputLength && request.Input.Length > SpeechModelCatalog.MaxInputCharacters)
                throw new InvalidSpeechRequestException(
                    $"The input is {request.Input.Length:N0} characters; the speech endpoint accepts at most {SpeechModelCatalog.MaxInputCharacters:N0}.", "input");
            if (string.IsNullOrWhiteSpace(request.Model))
                throw new InvalidSpeechRequestException("The model name is empty.", "model");
            // The same counter as the analyzers, so a prompt that passed the build is judged the same here.
            if (checkInputLength && SpeechModelCatalog.GetDefaultTokenLimit(request.Model) is int tokenLimit && !O200kTokenCounter.IsWithinLimit(request.Input, tokenLimit))
                throw new InvalidSpeechRequestException(
                    $"The input is {O200kTokenCounter.Count(request.Input):N0} tokens; {request.Model} accepts at most {tokenLimit:N0}.", "input");

            if (request.Instructions is { } instructions)
            {
                if (!SpeechModelCatalog.AcceptsInstructions(request.Model))
                    throw new InvalidSpeechRequestException(
                        $"Model '{request.Model}' does not accept instructions; remove them or use gpt-4o-mini-tts.", "instructions");
                if (instructions.Length > SpeechModelCatalog.MaxInstructionsCharacters)
                    throw new InvalidSpeechRequestException(
                        $"The instructions are {instructions.Length:N0} characters; the speech endpoint accepts at most {SpeechModelCatalog.MaxInstructionsCharacters:N0}.", "instructions");
            }

            if (double.IsNaN(request.Speed) || request.Speed < SpeechModelCatalog.MinSpeed || request.Speed > SpeechModelCatalog.MaxSpeed)
                throw new InvalidSpeechRequestException(
                    $"Speed {request.Speed} is outside {SpeechModelCatalog.MinSpeed}–{SpeechModelCatalog.MaxSpeed}.", "speed");

            if (!request.Voice.IsCustom && SpeechModelCatalog.GetVoices(request.Model) is { } voices
                && !voices.Contains(request.Voice.Value, StringComparer.Ordinal))
                throw new InvalidSpeechRequestException(
                    $"Voice '{request.Voice.Value}' is not a voice of {request.Model}; it has: {string.Join(", ", voices)}.", "voice");
        }
    }
}
