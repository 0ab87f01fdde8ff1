using System;

namespace VoicePrompts
{
    /// <summary>
    /// Says how a word is pronounced in the prompts of a class, or of one prompt method: <c>[Pronounce("SQL", "sequel")]</c>.
    /// The spoken form replaces the whole word in the text sent for synthesis only; <c>{Name}Text()</c> keeps the
    /// written form for captions, and the build's token checks count the spoken form. A method's entries win over
    /// its class's for the same word.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
    public sealed class PronounceAttribute : Attribute
    {
        /// <summary>Creates the attribute.</summary>
        /// <param name="word">The word as written.</param>
        /// <param name="spoken">How to say it, as the speech model should read it.</param>
        public PronounceAttribute(string word, string spoken)
        {
            Word = word;
            Spoken = spoken;
        }

        /// <summary>The word as written.</summary>
        public string Word { get; }

        /// <summary>How to say it.</summary>
        public string Spoken { get; }

        /// <summary>Match the word in any letter case; by default only as written.</summary>
        public bool IgnoreCase { get; set; }

        /// <summary>
        /// The culture of the translations this entry is for (<c>fr</c>, <c>de-CH</c>), or null for the neutral template.
        /// Each variant has its own map: pronunciation is a property of the language.
        /// </summary>
        public string? Culture { get; set; }
    }
}
