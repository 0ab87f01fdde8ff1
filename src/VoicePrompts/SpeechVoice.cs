using System;

namespace VoicePrompts
{
    /// <summary>
    /// A voice: a built-in or server-defined name (sent as <c>"voice": "coral"</c>) or a custom voice id (sent as
    /// <c>"voice": { "id": "voice_…" }</c>).
    /// </summary>
    public readonly struct SpeechVoice : IEquatable<SpeechVoice>
    {
        private SpeechVoice(string value, bool isCustom)
        {
            Value = value;
            IsCustom = isCustom;
        }

        /// <summary>The voice name, or the custom voice id.</summary>
        public string Value { get; }

        /// <summary>True for a custom voice id (object form on the wire).</summary>
        public bool IsCustom { get; }

        /// <summary>A named voice.</summary>
        public static SpeechVoice FromName(string name) =>
            string.IsNullOrWhiteSpace(name) ? throw new ArgumentException("A voice name must not be empty.", nameof(name)) : new(name, false);

        /// <summary>A custom voice by id (<c>voice_…</c>).</summary>
        public static SpeechVoice FromId(string id) =>
            string.IsNullOrWhiteSpace(id) ? throw new ArgumentException("A custom voice id must not be empty.", nameof(id)) : new(id, true);

        /// <summary>
        /// A voice as configuration or another library writes it: a custom voice id for <c>voice_…</c> (the rule the
        /// generator applies to <c>[Voice]</c> and YAML), a named voice otherwise.
        /// </summary>
        public static SpeechVoice Parse(string value) =>
            value is not null && Shared.SpeechModelCatalog.IsCustomVoiceId(value) ? FromId(value) : FromName(value!);

        /// <summary>alloy</summary>
        public static SpeechVoice Alloy => FromName("alloy");
        /// <summary>ash</summary>
        public static SpeechVoice Ash => FromName("ash");
        /// <summary>ballad (gpt-4o-mini-tts only)</summary>
        public static SpeechVoice Ballad => FromName("ballad");
        /// <summary>coral</summary>
        public static SpeechVoice Coral => FromName("coral");
        /// <summary>echo</summary>
        public static SpeechVoice Echo => FromName("echo");
        /// <summary>fable</summary>
        public static SpeechVoice Fable => FromName("fable");
        /// <summary>nova</summary>
        public static SpeechVoice Nova => FromName("nova");
        /// <summary>onyx</summary>
        public static SpeechVoice Onyx => FromName("onyx");
        /// <summary>sage</summary>
        public static SpeechVoice Sage => FromName("sage");
        /// <summary>shimmer</summary>
        public static SpeechVoice Shimmer => FromName("shimmer");
        /// <summary>verse (gpt-4o-mini-tts only)</summary>
        public static SpeechVoice Verse => FromName("verse");
        /// <summary>marin (gpt-4o-mini-tts only; recommended by OpenAI)</summary>
        public static SpeechVoice Marin => FromName("marin");
        /// <summary>cedar (gpt-4o-mini-tts only; recommended by OpenAI)</summary>
        public static SpeechVoice Cedar => FromName("cedar");

        /// <inheritdoc />
        public bool Equals(SpeechVoice other) => IsCustom == other.IsCustom && string.Equals(Value, other.Value, StringComparison.Ordinal);
        /// <inheritdoc />
        public override bool Equals(object? obj) => obj is SpeechVoice other && Equals(other);
        /// <inheritdoc />
        public override int GetHashCode() => (Value is null ? 0 : StringComparer.Ordinal.GetHashCode(Value)) ^ (IsCustom ? 1 : 0);
        /// <inheritdoc />
        public override string ToString() => IsCustom ? "id:" + Value : Value ?? "";

        /// <summary>Compares two voices.</summary>
        public static bool operator ==(SpeechVoice left, SpeechVoice right) => left.Equals(right);
        /// <summary>Compares two voices.</summary>
        public static bool operator !=(SpeechVoice left, SpeechVoice right) => !left.Equals(right);
        /// <summary>A named voice.</summary>
        public static implicit operator SpeechVoice(string name) => FromName(name);
    }
}
