using System;

namespace VoicePrompts
{
    /// <summary>
    /// Audio formats as Microsoft.Extensions.AI names them (media types, <c>audio/wav</c>) and as OpenAI does
    /// (<c>wav</c>): both are read here; results carry <see cref="AudioFormat.ContentType"/>.
    /// </summary>
    internal static class AudioMediaTypes
    {
        /// <summary>The format <paramref name="value"/> names, a media type or a provider's name; null when it names none we know.</summary>
        public static AudioFormat? ToFormat(string? value)
        {
            if (string.IsNullOrWhiteSpace(value))
                return null;
            string name = value!.Trim();
            int parameters = name.IndexOf(';');
            int? rate = null;
            if (parameters >= 0)
            {
                rate = Rate(name.Substring(parameters + 1));
                name = name.Substring(0, parameters).Trim(); // audio/L16; rate=24000
            }
            name = name.ToLowerInvariant();
            if (name is "audio/pcm" or "audio/l16" && rate is 8000 or 16000)
                return rate == 8000 ? AudioFormat.Pcm8000 : AudioFormat.Pcm16000;
            switch (name)
            {
                case "pcm_8000": return AudioFormat.Pcm8000;
                case "pcm_16000": return AudioFormat.Pcm16000;
                case "mp3": case "audio/mpeg": case "audio/mp3": return AudioFormat.Mp3;
                case "opus": case "audio/opus": case "audio/ogg": return AudioFormat.Opus;
                case "aac": case "audio/aac": return AudioFormat.Aac;
                case "flac": case "audio/flac": case "audio/x-flac": return AudioFormat.Flac;
                case "wav": case "audio/wav": case "audio/x-wav": case "audio/wave": case "audio/vnd.wave": return AudioFormat.Wav;
                case "pcm": case "audio/pcm": case "audio/l16": return AudioFormat.Pcm;
                case "pcmu": case "audio/pcmu": case "audio/basic": return AudioFormat.Pcmu;
                case "pcma": case "audio/pcma": return AudioFormat.Pcma;
                default: return name.IndexOf('/') < 0 ? new AudioFormat(name) : (AudioFormat?)null;
            }
        }

        /// <summary>
        /// The media type providers recognise for <paramref name="format"/>: raw PCM as <c>audio/L16</c> with its rate
        /// and channels (RFC 2586/3551; MEAI's OpenAI client maps it to <c>pcm</c>, while <c>audio/pcm</c> would be
        /// forwarded verbatim and refused), G.711 as <c>audio/PCMU</c>/<c>audio/PCMA</c>, the others by their usual
        /// type; a format VoicePrompts does not know keeps its own name, which MEAI's OpenAI client forwards as is.
        /// </summary>
        /// <param name="format">The format.</param>
        /// <param name="sampleRate">The PCM rate where known; OpenAI's PCM is 24 kHz.</param>
        public static string ToMediaType(AudioFormat format, int? sampleRate = null)
        {
            switch (format.Value)
            {
                case "pcm": return "audio/L16; rate=" + (sampleRate ?? 24000).ToString(System.Globalization.CultureInfo.InvariantCulture) + "; channels=1";
                case "pcm_8000": return "audio/L16; rate=8000; channels=1";
                case "pcm_16000": return "audio/L16; rate=16000; channels=1";
                case "mp3": case "opus": case "aac": case "flac": case "wav": case "pcmu": case "pcma":
                case "wav_pcmu": case "wav_pcma": case "wav_8000": case "wav_16000": return format.ContentType;
                default: return format.Value;
            }
        }

        /// <summary>The <c>rate=</c> parameter of a media type's parameters, or null.</summary>
        private static int? Rate(string parameters)
        {
            foreach (var parameter in parameters.Split(';'))
            {
                int equals = parameter.IndexOf('=');
                if (equals > 0 && string.Equals(parameter.Substring(0, equals).Trim(), "rate", StringComparison.OrdinalIgnoreCase)
                    && int.TryParse(parameter.Substring(equals + 1).Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int rate))
                    return rate;
            }
            return null;
        }

        /// <summary>Throws for a format string nobody can act on, naming it.</summary>
        public static AudioFormat Require(string? value, AudioFormat fallback) =>
            string.IsNullOrWhiteSpace(value) ? fallback
            : ToFormat(value) ?? throw new ArgumentException(
                $"Audio format '{value}' is not one VoicePrompts knows; use a media type such as audio/mpeg, audio/wav or audio/pcm, or a name such as mp3, wav or pcm.", "options");
    }
}
