using System;

namespace VoicePrompts
{
    /// <summary>
    /// A voice model (the Realtime API's) did not read the text as written — it reworded it, answered it, or returned
    /// no audio — on every attempt. Carries what was asked, what the model says it spoke, and the last audio.
    /// </summary>
    public sealed class SpeechFidelityException : Exception
    {
        /// <summary>Creates the exception.</summary>
        public SpeechFidelityException(string input, string? transcript, SpeechAudio? audio, int attempts)
            : base(Describe(input, transcript, attempts))
        {
            Input = input;
            Transcript = transcript;
            Audio = audio;
            Attempts = attempts;
        }

        /// <summary>The text the model was asked to read.</summary>
        public string Input { get; }

        /// <summary>What the model says it spoke on the last attempt; null when it reported nothing.</summary>
        public string? Transcript { get; }

        /// <summary>The last attempt's audio, null when it produced none.</summary>
        public SpeechAudio? Audio { get; }

        /// <summary>How many times the text was read.</summary>
        public int Attempts { get; }

        private static string Describe(string input, string? transcript, int attempts)
        {
            string asked = input.Length > 120 ? input.Substring(0, 117) + "..." : input;
            return transcript is null
                ? $"The model returned no spoken transcript of the text in {attempts} attempt(s); asked to read \"{asked}\"."
                : $"The model did not read the text word for word in {attempts} attempt(s): asked \"{asked}\", it said \"{(transcript.Length > 120 ? transcript.Substring(0, 117) + "..." : transcript)}\".";
        }
    }
}
