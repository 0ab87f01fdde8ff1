using System.Buffers;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace VoicePrompts.Telephony.Channels.Acs
{
    /// <summary>
    /// Azure Communication Services bidirectional media streaming: PCM at the rate <c>AudioMetadata</c> announces
    /// (16 kHz by default, or 24 kHz) out as <c>AudioData</c>, <c>StopAudio</c> on barge-in, <c>DtmfData</c> in. ACS
    /// buffers and plays in real time and (in the versions documented here) confirms nothing, so a prompt has played
    /// when its length has passed since its first audio went.
    /// </summary>
    internal sealed class AcsMediaStreamingChannel : WebSocketChannel
    {
        private AudioFormat _format;
        private int _bytesPerSecond;

        private AcsMediaStreamingChannel(WebSocket socket, TimeSpan batch, int rate, ILogger logger)
            : base(socket, batch, rate * 2, logger)
        {
            _bytesPerSecond = rate * 2;
            _format = rate == 24000 ? AudioFormat.Pcm : AudioFormat.Pcm16000;
        }

        public override string Name => "acs";

        public override AudioFormat Format => _format;

        public override bool ConfirmsPlayback => false;

        protected override int BytesPerSecond => _bytesPerSecond;

        /// <summary>Reads until <c>AudioMetadata</c> and makes the channel at its rate; null when the stream ended first.</summary>
        public static async Task<AcsMediaStreamingChannel?> OpenAsync(WebSocket socket, TimeSpan batch, ILogger logger, CancellationToken cancellationToken)
        {
            var messages = new WebSocketMessages(socket);
            while (await Next(messages, logger, cancellationToken).ConfigureAwait(false) is { } message)
            {
                if (message.Kind != "AudioMetadata")
                    continue;
                int rate = message.SampleRate ?? 16000;
                if (rate is not (16000 or 24000))
                {
                    logger.LogWarning("ACS media stream {Subscription}: sample rate {Rate} is not 16000 or 24000; sending 16 kHz", message.SubscriptionId, rate);
                    rate = 16000;
                }
                return new AcsMediaStreamingChannel(socket, batch, rate, logger) { CallId = message.SubscriptionId ?? Guid.NewGuid().ToString("N") };
            }
            return null;
        }

        /// <summary>Reads until the stream closes, handing digits on.</summary>
        public async Task ReceiveAsync(PhoneCall call, CancellationToken cancellationToken)
        {
            while (await Next(Messages, Logger, cancellationToken).ConfigureAwait(false) is { } message)
            {
                if (message.Kind == "DtmfData" && message.Dtmf is { } digits)
                    foreach (char digit in digits)
                        call.OnDigit(digit);
                else if (message.Kind is not ("AudioData" or "AudioMetadata"))
                    Logger.LogDebug("ACS call {CallId}: skipped a '{Kind}' message", CallId, message.Kind);
            }
        }

        private static async Task<AcsWire.Inbound?> Next(WebSocketMessages messages, ILogger logger, CancellationToken cancellationToken)
        {
            while (await messages.ReadAsync(cancellationToken).ConfigureAwait(false) is { } read)
            {
                if (read.Type != WebSocketMessageType.Text || read.Oversized)
                {
                    logger.LogWarning("ACS media stream: skipped a {Kind} message", read.Oversized ? "too large" : read.Type.ToString().ToLowerInvariant());
                    continue;
                }
                try
                {
                    return AcsWire.Read(read.Bytes.Span);
                }
                catch (JsonException ex)
                {
                    logger.LogWarning("ACS media stream: skipped a malformed message: {Error}", ex.Message);
                }
            }
            return null;
        }

        public override async ValueTask<Task> EndPromptAsync(PromptPlayback prompt, CancellationToken cancellationToken)
        {
            await FlushAsync(prompt, after: null, cancellationToken).ConfigureAwait(false);
            if (prompt.FirstSentTimestamp is not long first)
                return Task.CompletedTask;
            var left = prompt.Duration - Stopwatch.GetElapsedTime(first);
            return left > TimeSpan.Zero ? Task.Delay(left, cancellationToken) : Task.CompletedTask;
        }

        protected override void WriteAudio(IBufferWriter<byte> into, ReadOnlySpan<byte> audio) => AcsWire.WriteAudio(into, audio);

        protected override void WriteClear(IBufferWriter<byte> into) => AcsWire.WriteStopAudio(into);
    }
}
