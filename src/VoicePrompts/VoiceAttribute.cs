using System;

namespace VoicePrompts
{
    /// <summary>
    /// Sets the voice and its defaults for the prompts of a partial class, or overrides them for one prompt method.
    /// Unset values fall back to the class, then to the defaults: model <c>gpt-4o-mini-tts</c> (or the project's
    /// <c>VoicePromptsDefaultModel</c>), format <c>mp3</c>, speed 1.0.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
    public sealed class VoiceAttribute : Attribute
    {
        /// <summary>Creates the attribute.</summary>
        /// <param name="voice">A built-in voice name such as <c>coral</c> or <c>marin</c>, or a server's own voice name.</param>
        public VoiceAttribute(string voice) => Voice = voice;

        /// <summary>The voice name.</summary>
        public string Voice { get; }

        /// <summary>How to speak: tone, pace, accent. Refused by <c>tts-1</c> and <c>tts-1-hd</c>.</summary>
        public string? Instructions { get; set; }

        /// <summary>The speech model, e.g. <c>gpt-4o-mini-tts</c> or a compatible server's model name.</summary>
        public string? Model { get; set; }

        /// <summary>The audio format: <c>mp3</c>, <c>opus</c>, <c>aac</c>, <c>flac</c>, <c>wav</c> or <c>pcm</c>.</summary>
        public string? Format { get; set; }

        /// <summary>Speaking speed from 0.25 to 4.0; 1.0 is normal.</summary>
        public double Speed { get; set; } = 1.0;
    }
}
