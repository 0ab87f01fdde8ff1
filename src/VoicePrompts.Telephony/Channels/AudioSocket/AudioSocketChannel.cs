using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace VoicePrompts.Telephony.Channels.AudioSocket
{
    /// <summary>
    /// An Asterisk AudioSocket call over TCP: Asterisk keeps no buffer, so this side paces the audio itself, one 20 ms
    /// frame of 8 kHz slin every 20 ms on a schedule kept from the first frame (not from the last send, so delays do
    /// not add up); barge-in stops the frames; hang-up is the hang-up message.
    /// </summary>
    internal sealed class AudioSocketChannel : CallChannel, IAsyncDisposable
    {
        private static readonly TimeSpan FrameTime = TimeSpan.FromMilliseconds(20);

        private readonly Stream _stream;
        private readonly ILogger _logger;
        private readonly SemaphoreSlim _writing = new(1, 1);
        private readonly Channel<Frame> _frames = Channel.CreateUnbounded<Frame>(new UnboundedChannelOptions { SingleReader = true });
        private readonly CancellationTokenSource _closed = new();
        private readonly byte[] _partial = new byte[AudioSocketWire.FrameBytes];
        private int _partialLength;
        private long _generation; // frames of a cleared prompt are dropped by generation
        private readonly Task _pacer;

        public AudioSocketChannel(Stream stream, Guid uuid, ILogger logger)
        {
            _stream = stream;
            _logger = logger;
            CallId = uuid.ToString();
            _pacer = Task.Run(PaceAsync);
        }

        public override string Name => "audiosocket";

        public override AudioFormat Format => AudioFormat.Pcm8000;

        public override bool ConfirmsPlayback => false;

        protected override int BytesPerSecond => 16000;

        protected override bool PacesAudio => true;

        private readonly record struct Frame(byte[]? Audio, PromptPlayback? Prompt, TaskCompletionSource? Done, long Generation);

        /// <summary>Reads the call's UUID, the first message; null when the stream is something else or ends first.</summary>
        public static async Task<Guid?> ReadUuidAsync(Stream stream, ILogger logger, CancellationToken cancellationToken)
        {
            var header = new byte[AudioSocketWire.HeaderBytes];
            if (!await AudioSocketWire.ReadExactlyAsync(stream, header, cancellationToken).ConfigureAwait(false))
                return null;
            int length = header[1] << 8 | header[2];
            if (header[0] != AudioSocketWire.Uuid || length != 16)
            {
                logger.LogWarning("AudioSocket: the first message is kind 0x{Kind:X2} of {Length} bytes, not the call's UUID; closing", header[0], length);
                return null;
            }
            var payload = new byte[16];
            return await AudioSocketWire.ReadExactlyAsync(stream, payload, cancellationToken).ConfigureAwait(false) ? AudioSocketWire.ReadUuid(payload) : null;
        }

        /// <summary>Reads messages until hang-up or the end of the stream, handing digits on.</summary>
        public async Task ReceiveAsync(PhoneCall call, CancellationToken cancellationToken)
        {
            var header = new byte[AudioSocketWire.HeaderBytes];
            var payload = new byte[ushort.MaxValue];
            try
            {
                while (await AudioSocketWire.ReadExactlyAsync(_stream, header, cancellationToken).ConfigureAwait(false))
                {
                    int length = header[1] << 8 | header[2];
                    if (!await AudioSocketWire.ReadExactlyAsync(_stream, payload.AsMemory(0, length), cancellationToken).ConfigureAwait(false))
                        return;
                    switch (header[0])
                    {
                        case AudioSocketWire.Hangup:
                            return;
                        case AudioSocketWire.Dtmf when length >= 1:
                            call.OnDigit((char)payload[0]);
                            break;
                        case AudioSocketWire.Error:
                            _logger.LogWarning("AudioSocket call {CallId}: Asterisk reported error 0x{Code:X2}", CallId, length > 0 ? payload[0] : 0);
                            break;
                        case >= AudioSocketWire.Audio and <= 0x18:
                            break; // the caller's audio
                        default:
                            _logger.LogDebug("AudioSocket call {CallId}: skipped a message of kind 0x{Kind:X2}", CallId, header[0]);
                            break;
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
            {
                _logger.LogDebug("AudioSocket call {CallId}: connection ended: {Error}", CallId, ex.Message);
            }
        }

        public override ValueTask SendAsync(PromptPlayback prompt, ReadOnlyMemory<byte> audio, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            long generation = Interlocked.Read(ref _generation);
            while (!audio.IsEmpty)
            {
                int take = Math.Min(audio.Length, AudioSocketWire.FrameBytes - _partialLength);
                audio.Span[..take].CopyTo(_partial.AsSpan(_partialLength));
                _partialLength += take;
                audio = audio[take..];
                if (_partialLength == AudioSocketWire.FrameBytes)
                {
                    _frames.Writer.TryWrite(new Frame(_partial.ToArray(), prompt, null, generation));
                    prompt.Sent(AudioSocketWire.FrameBytes);
                    _partialLength = 0;
                }
            }
            return ValueTask.CompletedTask;
        }

        public override ValueTask<Task> EndPromptAsync(PromptPlayback prompt, CancellationToken cancellationToken)
        {
            long generation = Interlocked.Read(ref _generation);
            if (_partialLength > 0)
            {
                // The last frame filled with silence: Asterisk takes whole 20 ms frames.
                _partial.AsSpan(_partialLength).Clear();
                _frames.Writer.TryWrite(new Frame(_partial.ToArray(), prompt, null, generation));
                prompt.Sent(_partialLength);
                _partialLength = 0;
            }
            var played = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _frames.Writer.TryWrite(new Frame(null, prompt, played, generation));
            return ValueTask.FromResult(played.Task);
        }

        public override ValueTask ClearAsync(PromptPlayback prompt)
        {
            // No buffer on Asterisk's side: stopping the frames is the barge-in.
            Interlocked.Increment(ref _generation);
            _partialLength = 0;
            return ValueTask.CompletedTask;
        }

        public override async ValueTask HangUpAsync()
        {
            var message = new byte[AudioSocketWire.HeaderBytes];
            AudioSocketWire.WriteHeader(message, AudioSocketWire.Hangup, 0);
            try
            {
                await WriteAsync(message).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException)
            {
                _logger.LogDebug("AudioSocket call {CallId}: the hang-up was not sent: {Error}", CallId, ex.Message);
            }
            _closed.Cancel();
        }

        /// <summary>Sends queued frames one per 20 ms; the schedule restarts when the queue has run dry.</summary>
        private async Task PaceAsync()
        {
            var message = new byte[AudioSocketWire.HeaderBytes + AudioSocketWire.FrameBytes];
            AudioSocketWire.WriteHeader(message, AudioSocketWire.Audio, AudioSocketWire.FrameBytes);
            long start = 0, sent = 0;
            try
            {
                while (await _frames.Reader.WaitToReadAsync(_closed.Token).ConfigureAwait(false))
                {
                    while (_frames.Reader.TryRead(out var frame))
                    {
                        if (frame.Generation != Interlocked.Read(ref _generation))
                        {
                            frame.Done?.TrySetCanceled();
                            continue;
                        }
                        if (frame.Done is not null)
                        {
                            // The marker after a prompt: its last frame has gone out (and plays for the next 20 ms).
                            frame.Done.TrySetResult();
                            continue;
                        }
                        if (sent == 0)
                            start = Stopwatch.GetTimestamp();
                        var due = FrameTime * sent - Stopwatch.GetElapsedTime(start);
                        if (due > TimeSpan.Zero)
                            await Task.Delay(due, _closed.Token).ConfigureAwait(false);
                        if (frame.Generation != Interlocked.Read(ref _generation))
                            continue; // cleared while waiting
                        frame.Audio!.CopyTo(message, AudioSocketWire.HeaderBytes);
                        await WriteAsync(message).ConfigureAwait(false);
                        sent++;
                        frame.Prompt!.PacedOut(AudioSocketWire.FrameBytes);
                    }
                    // Ran dry: the next frame starts a new schedule.
                    sent = 0;
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
            {
                _closed.Cancel();
            }
            while (_frames.Reader.TryRead(out var rest))
                rest.Done?.TrySetCanceled();
        }

        private async Task WriteAsync(byte[] message)
        {
            await _writing.WaitAsync().ConfigureAwait(false);
            try
            {
                await _stream.WriteAsync(message).ConfigureAwait(false);
            }
            finally
            {
                _writing.Release();
            }
        }

        public async ValueTask DisposeAsync()
        {
            _closed.Cancel();
            _frames.Writer.TryComplete();
            await _pacer.ConfigureAwait(false);
        }
    }
}
