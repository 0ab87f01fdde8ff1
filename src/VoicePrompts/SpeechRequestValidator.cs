using System;
using System.Globalization;
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

    /// <summary>
    /// Checks a request against what its model accepts, from the one model catalog the analyzers also read
    /// (shared/docs/openai-speech.md, shared/docs/openai-realtime.md), so a prompt that passed the build is judged the
    /// same here.
    /// </summary>
    internal static class SpeechRequestValidator
    {
        /// <summary>Throws <see cref="InvalidSpeechRequestException"/> naming the first problem, with the numbers.</summary>
        public static void Validate(SpeechRequest request) => Validate(request, checkInputLength: true);

        /// <summary>The model a request's name stands for, after the project's aliases (a deployment name → the model it runs).</summary>
        internal static string ModelOf(SpeechRequest request) => SettingsOf(request).ResolveModel(request.Model);

        /// <summary>The settings a request is checked with: its own, else none.</summary>
        internal static ModelSettings SettingsOf(SpeechRequest request) => request.ModelSettings ?? ModelSettings.Default;

        /// <summary>The token limit that applies to a model as written: the project's setting, else the catalog's (the analyzers' rule).</summary>
        internal static int? TokenLimitOf(SpeechRequest request) => SettingsOf(request).TokenLimitOf(request.Model);

        /// <summary>True when the input is over the model's character or token limit.</summary>
        internal static bool IsInputTooLong(SpeechRequest request)
        {
            string model = ModelOf(request);
            return SpeechModelCatalog.Get(model).MaxInputCharacters is int characters && request.Input.Length > characters
                || TokenLimitOf(request) is int limit && !O200kTokenCounter.IsWithinLimit(request.Input, limit);
        }

        /// <param name="request">The request.</param>
        /// <param name="checkInputLength">False when long input is going to be split.</param>
        internal static void Validate(SpeechRequest request, bool checkInputLength)
        {
            if (request is null) throw new ArgumentNullException(nameof(request));
            if (string.IsNullOrWhiteSpace(request.Model))
                throw new InvalidSpeechRequestException("The model name is empty.", "model");
            string model = ModelOf(request);
            string named = model == request.Model ? request.Model : $"{request.Model} ({model})";
            var facts = SpeechModelCatalog.Get(model);

            if (string.IsNullOrWhiteSpace(request.Input))
                throw new InvalidSpeechRequestException("The input text is empty; there is nothing to speak.", "input");
            if (checkInputLength && facts.MaxInputCharacters is int characters && request.Input.Length > characters)
                throw new InvalidSpeechRequestException(
                    $"The input is {request.Input.Length:N0} characters; {named} accepts at most {characters:N0}.", "input");
            // The same counter as the analyzers, and the same limit: the project's setting reaches here through the generated catalog.
            if (checkInputLength && TokenLimitOf(request) is int tokenLimit && !O200kTokenCounter.IsWithinLimit(request.Input, tokenLimit))
                throw new InvalidSpeechRequestException(
                    $"The input is {O200kTokenCounter.Count(request.Input):N0} tokens; {named} accepts at most {tokenLimit:N0}.", "input");

            if (request.Instructions is { } instructions)
            {
                if (!facts.AcceptsInstructions)
                    throw new InvalidSpeechRequestException(
                        $"Model '{named}' does not accept instructions; remove them or use gpt-4o-mini-tts.", "instructions");
                if (instructions.Length > SpeechModelCatalog.MaxInstructionsCharacters)
                    throw new InvalidSpeechRequestException(
                        $"The instructions are {instructions.Length:N0} characters; the speech endpoint accepts at most {SpeechModelCatalog.MaxInstructionsCharacters:N0}.", "instructions");
            }

            if (request.Speed is double speed && !facts.AcceptsSpeed(speed))
                throw new InvalidSpeechRequestException(
                    $"Speed {speed.ToString(CultureInfo.InvariantCulture)} is outside {named}'s range {facts.MinSpeed.ToString(CultureInfo.InvariantCulture)}–{facts.MaxSpeed.ToString(CultureInfo.InvariantCulture)}.", "speed");

            if (!facts.AcceptsFormat(request.Format.Value))
                throw new InvalidSpeechRequestException(
                    $"Format '{request.Format.Value}' is not one {named} produces; use {facts.DescribeFormats()}.", "format");

            if (!request.Voice.IsCustom && facts.Voices is { } voices && !voices.Contains(request.Voice.Value, StringComparer.Ordinal))
                throw new InvalidSpeechRequestException(
                    $"Voice '{request.Voice.Value}' is not a voice of {named}; it has: {string.Join(", ", voices)}.", "voice");
        }
    }
}
