using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using VoicePrompts.Shared;

namespace VoicePrompts
{
    /// <summary>
    /// Speaks input longer than the model accepts in one request: splits it at sentence boundaries into requests
    /// within the model's limits (from the model catalog and the project's token limits), sends them one after
    /// another and joins the audio (pcm, wav, mp3, G.711). Input within the limits passes straight through. Works over
    /// any backend; without this decorator, long input is refused before the network.
    /// </summary>
    internal sealed class LongTextSpeechClient : DelegatingSpeechClient
    {
        /// <summary>Wraps <paramref name="innerClient"/>.</summary>
        public LongTextSpeechClient(ISpeechClient innerClient) : base(innerClient)
        {
        }

        /// <inheritdoc />
        public override async Task<SpeechAudio> SynthesizeAsync(SpeechRequest request, CancellationToken cancellationToken = default)
        {
            if (!IsLong(request))
                return await InnerClient.SynthesizeAsync(request, cancellationToken).ConfigureAwait(false);
            var pieces = Split(request);
            var clips = new List<SpeechAudio>(pieces.Count);
            var totals = new PieceTotals();
            foreach (var piece in pieces)
            {
                var clip = await InnerClient.SynthesizeAsync(piece, cancellationToken).ConfigureAwait(false);
                clips.Add(clip);
                totals.Add(clip.Usage, clip.Transcript, clip.TranscriptMatchesInput, clip.RequestId);
            }
            return new SpeechAudio(AudioJoiner.Join(request.Format, clips.Select(c => c.Data.ToArray()).ToList()), request.Format, clips[0].ContentType)
            {
                RequestId = totals.ResponseIds,
                Usage = totals.Usage,
                SampleRate = clips[0].SampleRate,
                Transcript = totals.Transcript,
                TranscriptMatchesInput = totals.Matches,
            };
        }

        /// <inheritdoc />
        public override IAsyncEnumerable<SpeechAudioUpdate> StreamAsync(SpeechRequest request, CancellationToken cancellationToken = default) =>
            IsLong(request) ? StreamPiecesAsync(request, Split(request), cancellationToken) : InnerClient.StreamAsync(request, cancellationToken);

        private static bool IsLong(SpeechRequest request) =>
            request is not null && request.Input is not null && SpeechRequestValidator.IsInputTooLong(request);

        /// <summary>The pieces of a long request, each within the limits; refused before the network when its format cannot be joined.</summary>
        private static List<SpeechRequest> Split(SpeechRequest request)
        {
            SpeechRequestValidator.Validate(request, checkInputLength: false);
            string model = SpeechRequestValidator.ModelOf(request);
            if (!AudioJoiner.CanJoin(request.Format))
                throw new InvalidSpeechRequestException(
                    $"The input is {request.Input.Length:N0} characters ({InputTokens.Count(request.Input):N0} tokens), over what {request.Model} accepts in one request, "
                    + $"and {request.Format} audio cannot be joined from pieces; use pcm, wav, mp3 or a telephony format (pcmu, pcma, pcm_8000, wav_pcmu…) to split long text, or shorten it.", "input");
            int characters = SpeechModelCatalog.Get(model).MaxInputCharacters ?? SpeechModelCatalog.SpeechEndpointMaxInputCharacters;
            return SpeechTextSplitter.Split(request.Input, characters, SpeechRequestValidator.TokenLimitOf(request))
                .Select(piece => request with { Input = piece })
                .ToList();
        }

        /// <summary>Each piece streamed in turn; a later piece's container header (WAV) or tag (ID3) is left out.</summary>
        private async IAsyncEnumerable<SpeechAudioUpdate> StreamPiecesAsync(SpeechRequest request, List<SpeechRequest> pieces, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var totals = new PieceTotals();
            SpeechAudioUpdate? last = null;
            for (int i = 0; i < pieces.Count; i++)
            {
                var head = i == 0 ? null : new MemoryStream();
                bool known = i == 0; // whether the bytes to leave out are known yet
                long toSkip = 0;
                SpeechAudioUpdate? final = null;
                await foreach (var update in InnerClient.StreamAsync(pieces[i], cancellationToken).ConfigureAwait(false))
                {
                    if (update.IsFinal) final = update;
                    var rest = update.Data;
                    if (rest.IsEmpty) continue;
                    if (!known)
                    {
                        head!.Write(rest.ToArray(), 0, rest.Length);
                        byte[] buffered = head.ToArray();
                        if (AudioJoiner.LeadingBytesToSkip(request.Format, buffered) is not int n)
                            continue;
                        known = true;
                        rest = buffered;
                        toSkip = n;
                    }
                    if (toSkip >= rest.Length)
                    {
                        toSkip -= rest.Length;
                        continue;
                    }
                    last = new SpeechAudioUpdate(rest.Slice((int)toSkip), request.Format) { SampleRate = update.SampleRate, RequestId = update.RequestId };
                    yield return last;
                    toSkip = 0;
                }
                totals.Add(final?.Usage, final?.Transcript, final?.TranscriptMatchesInput, final?.RequestId);
            }
            yield return new SpeechAudioUpdate(ReadOnlyMemory<byte>.Empty, request.Format)
            {
                IsFinal = true,
                SampleRate = last?.SampleRate ?? SpeechModelCatalog.SampleRateOf(request.Format.Value),
                RequestId = totals.ResponseIds,
                Usage = totals.Usage,
                Transcript = totals.Transcript,
                TranscriptMatchesInput = totals.Matches,
            };
        }
    }
}
