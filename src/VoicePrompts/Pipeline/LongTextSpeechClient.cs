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
    public sealed class LongTextSpeechClient : DelegatingSpeechClient
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
            foreach (var piece in pieces)
                clips.Add(await InnerClient.SynthesizeAsync(piece, cancellationToken).ConfigureAwait(false));
            var usages = clips.Select(c => c.Usage).ToList();
            return new SpeechAudio(AudioJoiner.Join(request.Format, clips.Select(c => c.Data.ToArray()).ToList()), request.Format, clips[0].ContentType)
            {
                RequestId = string.Join(",", clips.Select(c => c.RequestId).Where(id => id is not null)),
                Usage = usages.All(u => u is not null) ? usages.Skip(1).Aggregate(usages[0]!, (sum, u) => sum.Add(u!)) : null,
                SampleRate = clips[0].SampleRate,
                Transcript = clips.All(c => c.Transcript is not null) ? string.Join(" ", clips.Select(c => c.Transcript)) : null,
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
                    + $"and {request.Format} audio cannot be joined from pieces; use pcm, wav, mp3 or G.711 (pcmu, pcma) to split long text, or shorten it.", "input");
            int characters = SpeechModelCatalog.Get(model).MaxInputCharacters ?? SpeechModelCatalog.SpeechEndpointMaxInputCharacters;
            return SpeechTextSplitter.Split(request.Input, characters, SpeechRequestValidator.TokenLimitOf(request.Model))
                .Select(piece => request with { Input = piece })
                .ToList();
        }

        /// <summary>Each piece streamed in turn; a later piece's container header (WAV) or tag (ID3) is left out.</summary>
        private async IAsyncEnumerable<SpeechAudioUpdate> StreamPiecesAsync(SpeechRequest request, List<SpeechRequest> pieces, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            SpeechUsage? usage = null;
            bool usageKnown = true;
            var requestIds = new List<string>();
            var transcripts = new List<string>();
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
                if (final?.Usage is { } pieceUsage) usage = usage is null ? pieceUsage : usage.Add(pieceUsage);
                else usageKnown = false;
                if (final?.RequestId is { } id) requestIds.Add(id);
                if (final?.Transcript is { } transcript) transcripts.Add(transcript);
            }
            yield return new SpeechAudioUpdate(ReadOnlyMemory<byte>.Empty, request.Format)
            {
                IsFinal = true,
                SampleRate = last?.SampleRate ?? SpeechModelCatalog.SampleRateOf(request.Format.Value),
                RequestId = requestIds.Count == 0 ? null : string.Join(",", requestIds),
                Usage = usageKnown ? usage : null,
                Transcript = transcripts.Count == pieces.Count ? string.Join(" ", transcripts) : null,
            };
        }
    }
}
