using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace VoicePrompts.Telephony.Channels.Twilio
{
    /// <summary>
    /// A bidirectional Twilio Media Stream (<c>&lt;Connect&gt;&lt;Stream&gt;</c>): μ-law 8 kHz out as <c>media</c>
    /// messages batched to <see cref="TelephonyOptions.MediaBatch"/>, a <c>mark</c> after each prompt whose echo says
    /// it has played, <c>clear</c> on barge-in. Twilio buffers and plays in real time, so audio goes as it arrives.
    /// </summary>
    internal sealed class TwilioMediaStreamChannel(WebSocket socket, TimeSpan batch, ILogger logger)
        : WebSocketChannel(socket, batch, BytesPerSecondOfMuLaw, logger)
    {
        private const int BytesPerSecondOfMuLaw = 8000;

        private readonly ConcurrentDictionary<string, TaskCompletionSource> _marks = new(StringComparer.Ordinal);
        private string _streamSid = "";

        public override string Name => "twilio";

        public override AudioFormat Format => AudioFormat.Pcmu;

        public override bool ConfirmsPlayback => true;

        protected override int BytesPerSecond => BytesPerSecondOfMuLaw;

        /// <summary>Reads until <c>start</c> (after <c>connected</c>); false when the stream ended first.</summary>
        public async Task<bool> ReadStartAsync(CancellationToken cancellationToken)
        {
            while (await NextAsync(cancellationToken).ConfigureAwait(false) is { } message)
            {
                if (message.Event == "start")
                {
                    _streamSid = message.StreamSid ?? "";
                    CallId = message.CallSid ?? _streamSid;
                    Parameters = message.CustomParameters ?? new Dictionary<string, string>();
                    if (message.Encoding is { } encoding && !string.Equals(encoding, "audio/x-mulaw", StringComparison.OrdinalIgnoreCase))
                        Logger.LogWarning("Twilio call {CallId}: media format {Encoding}, expected audio/x-mulaw; sending μ-law 8 kHz", CallId, encoding);
                    return true;
                }
                if (message.Event == "stop")
                    return false;
            }
            return false;
        }

        /// <summary>Reads until the stream stops or closes, handing digits and mark echoes on.</summary>
        public async Task ReceiveAsync(PhoneCall call, CancellationToken cancellationToken)
        {
            while (await NextAsync(cancellationToken).ConfigureAwait(false) is { } message)
            {
                switch (message.Event)
                {
                    case "dtmf" when message.Digit is { Length: 1 } digit:
                        call.OnDigit(digit[0]);
                        break;
                    case "mark" when message.MarkName is { } name:
                        if (_marks.TryRemove(name, out var heard))
                            heard.TrySetResult();
                        break;
                    case "stop":
                        return;
                    case "media" or "connected" or "start":
                        break; // the caller's audio, and what carries nothing for a phone flow
                    default:
                        Logger.LogDebug("Twilio call {CallId}: skipped a '{Event}' message", CallId, message.Event);
                        break;
                }
            }
        }

        private async Task<TwilioWire.Inbound?> NextAsync(CancellationToken cancellationToken)
        {
            while (await Messages.ReadAsync(cancellationToken).ConfigureAwait(false) is { } read)
            {
                if (read.Type != WebSocketMessageType.Text || read.Oversized)
                {
                    Logger.LogWarning("Twilio call {CallId}: skipped a {Kind} message", CallId, read.Oversized ? "too large" : read.Type.ToString().ToLowerInvariant());
                    continue;
                }
                try
                {
                    return TwilioWire.Read(read.Bytes.Span);
                }
                catch (JsonException ex)
                {
                    Logger.LogWarning("Twilio call {CallId}: skipped a malformed message: {Error}", CallId, ex.Message);
                }
            }
            return null;
        }

        public override async ValueTask<Task> EndPromptAsync(PromptPlayback prompt, CancellationToken cancellationToken)
        {
            var heard = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _marks[prompt.Name] = heard;
            await FlushAsync(prompt, into => TwilioWire.WriteMark(into, _streamSid, prompt.Name), cancellationToken).ConfigureAwait(false);
            return heard.Task;
        }

        public override ValueTask ClearAsync(PromptPlayback prompt)
        {
            // Twilio echoes pending marks at once after a clear; such an echo does not mean the audio was heard.
            _marks.TryRemove(prompt.Name, out _);
            return base.ClearAsync(prompt);
        }

        protected override void WriteAudio(IBufferWriter<byte> into, ReadOnlySpan<byte> audio) => TwilioWire.WriteMedia(into, _streamSid, audio);

        protected override void WriteClear(IBufferWriter<byte> into) => TwilioWire.WriteClear(into, _streamSid);
    }
}
