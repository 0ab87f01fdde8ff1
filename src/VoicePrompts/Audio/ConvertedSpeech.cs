using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using VoicePrompts.Shared;

namespace VoicePrompts.Audio
{
    /// <summary>
    /// A backend's answer in the format the caller asked for: the audio converted by <see cref="AudioConverter"/>,
    /// everything else (usage, transcript, request id) kept. Used by every transport that asks its backend for PCM
    /// on the caller's behalf.
    /// </summary>
    internal static class ConvertedSpeech
    {
        /// <summary>The format to ask a backend for instead of <paramref name="requested"/>, and what its bytes are; null when no conversion is needed.</summary>
        /// <param name="requested">What the caller asked for.</param>
        /// <param name="backendMakes">Whether the backend makes <paramref name="requested"/> itself.</param>
        /// <param name="pcmRateKnown">Whether the backend's <c>pcm</c> is documented as 24 kHz; if not, its WAV is asked for and its header read.</param>
        public static (AudioFormat Wire, AudioFormatFacts Source)? Plan(AudioFormat requested, bool backendMakes, bool pcmRateKnown)
        {
            if (backendMakes || AudioFormatFacts.Of(requested.Value) is not { } target || target.Encoding == SampleEncoding.Other)
                return null;
            return pcmRateKnown ? (AudioFormat.Pcm, AudioFormatFacts.Pcm24k) : (AudioFormat.Wav, AudioFormatFacts.AnyWav);
        }

        public static SpeechAudio Whole(SpeechAudio audio, AudioFormat target, AudioFormatFacts source)
        {
            var facts = AudioFormatFacts.Of(target.Value)!.Value;
            byte[] data;
            try
            {
                data = AudioConverter.ConvertAll(audio.Data.Span, source, facts);
            }
            catch (InvalidDataException ex)
            {
                throw Unconvertible(target, ex, audio.Data.Length, audio.RequestId);
            }
            return new SpeechAudio(data, target)
            {
                Usage = audio.Usage,
                RequestId = audio.RequestId,
                SampleRate = facts.SampleRate,
                Transcript = audio.Transcript,
                TranscriptMatchesInput = audio.TranscriptMatchesInput,
                IsCacheHit = audio.IsCacheHit,
            };
        }

        /// <summary>Converts each chunk as it arrives, so the first converted bytes leave with the first PCM.</summary>
        public static async IAsyncEnumerable<SpeechAudioUpdate> Stream(
            IAsyncEnumerable<SpeechAudioUpdate> updates, AudioFormat target, AudioFormatFacts source, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var facts = AudioFormatFacts.Of(target.Value)!.Value;
            var converter = new AudioConverter(source, facts);
            long received = 0;
            string? requestId = null;
            await foreach (var update in updates.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                requestId = update.RequestId ?? requestId;
                byte[] converted;
                try
                {
                    converted = update.Data.IsEmpty ? Array.Empty<byte>() : converter.Convert(update.Data.Span);
                    received += update.Data.Length;
                    if (update.IsFinal)
                    {
                        byte[] tail = converter.Complete();
                        converted = converted.Length == 0 ? tail : Concat(converted, tail);
                    }
                }
                catch (InvalidDataException ex)
                {
                    throw Unconvertible(target, ex, received, requestId);
                }
                if (converted.Length > 0)
                    yield return new SpeechAudioUpdate(converted, target) { SampleRate = facts.SampleRate, RequestId = update.RequestId, IsCacheHit = update.IsCacheHit };
                if (update.IsFinal)
                {
                    yield return new SpeechAudioUpdate(ReadOnlyMemory<byte>.Empty, target)
                    {
                        IsFinal = true, SampleRate = facts.SampleRate, RequestId = update.RequestId, Usage = update.Usage,
                        Transcript = update.Transcript, TranscriptMatchesInput = update.TranscriptMatchesInput, IsCacheHit = update.IsCacheHit,
                    };
                    yield break;
                }
            }
        }

        private static SpeechStreamException Unconvertible(AudioFormat target, InvalidDataException ex, long received, string? requestId) =>
            new($"The backend's audio could not be converted to {target}: {ex.Message}", received, requestId, ex);

        private static byte[] Concat(byte[] a, byte[] b)
        {
            var all = new byte[a.Length + b.Length];
            a.CopyTo(all, 0);
            b.CopyTo(all, a.Length);
            return all;
        }
    }
}
