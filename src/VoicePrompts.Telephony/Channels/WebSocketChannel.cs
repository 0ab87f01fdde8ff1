using System.Buffers;
using System.Net.WebSockets;
using Microsoft.Extensions.Logging;

namespace VoicePrompts.Telephony.Channels
{
    /// <summary>
    /// A platform that takes JSON text messages over a WebSocket and buffers and plays the audio itself (Twilio, ACS):
    /// audio is batched into messages of 50 ms up to <see cref="TelephonyOptions.MediaBatch"/> (tiny ones play choppy)
    /// and sent as soon as 50 ms is in hand, so a stalled backend holds back no more than that; one message at a time;
    /// a barge-in drops the batch and sends the platform's clear message.
    /// </summary>
    internal abstract class WebSocketChannel : CallChannel
    {
        private readonly SemaphoreSlim _sending = new(1, 1);
        private readonly ArrayBufferWriter<byte> _message = new(4096);
        private readonly int _batchBytes;
        private readonly int _leastBytes;
        private readonly byte[] _batch;
        private int _batched;

        protected WebSocketChannel(WebSocket socket, TimeSpan batch, int bytesPerSecond, ILogger logger)
        {
            Socket = socket;
            Logger = logger;
            // Whole 20 ms frames, at least one.
            int frame = bytesPerSecond / 50;
            _batchBytes = Math.Max(3, (int)Math.Round(batch.TotalSeconds * 50)) * frame;
            _leastBytes = frame * 5 / 2; // 50 ms
            _batch = new byte[_batchBytes];
            Messages = new WebSocketMessages(socket);
        }

        protected WebSocket Socket { get; }

        protected ILogger Logger { get; }

        protected WebSocketMessages Messages { get; }

        /// <summary>Writes one message carrying <paramref name="audio"/>.</summary>
        protected abstract void WriteAudio(IBufferWriter<byte> into, ReadOnlySpan<byte> audio);

        /// <summary>Writes the message that drops what the platform has queued.</summary>
        protected abstract void WriteClear(IBufferWriter<byte> into);

        public override async ValueTask SendAsync(PromptPlayback prompt, ReadOnlyMemory<byte> audio, CancellationToken cancellationToken)
        {
            await _sending.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                while (!audio.IsEmpty)
                {
                    int take = Math.Min(audio.Length, _batchBytes - _batched);
                    audio.Span[..take].CopyTo(_batch.AsSpan(_batched));
                    _batched += take;
                    audio = audio[take..];
                    if (_batched == _batchBytes)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        await FlushAsync(prompt).ConfigureAwait(false);
                    }
                }
                if (_batched >= _leastBytes)
                    await FlushAsync(prompt).ConfigureAwait(false);
            }
            finally
            {
                _sending.Release();
            }
        }

        /// <summary>Sends the rest of the batch, then what <paramref name="after"/> writes (a mark), under the send lock.</summary>
        protected async Task FlushAsync(PromptPlayback prompt, Action<IBufferWriter<byte>>? after, CancellationToken cancellationToken)
        {
            await _sending.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                cancellationToken.ThrowIfCancellationRequested();
                await FlushAsync(prompt).ConfigureAwait(false);
                if (after is not null)
                {
                    after(_message);
                    await SendMessageAsync().ConfigureAwait(false);
                }
            }
            finally
            {
                _sending.Release();
            }
        }

        public override async ValueTask ClearAsync(PromptPlayback prompt)
        {
            await _sending.WaitAsync().ConfigureAwait(false);
            try
            {
                _batched = 0;
                if (Socket.State == WebSocketState.Open)
                {
                    WriteClear(_message);
                    await SendMessageAsync().ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is WebSocketException or IOException)
            {
                Logger.LogDebug("{Channel} call {CallId}: the clear was not sent: {Error}", Name, CallId, ex.Message);
            }
            finally
            {
                _sending.Release();
            }
        }

        public override async ValueTask HangUpAsync()
        {
            if (Socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
                return;
            await _sending.WaitAsync().ConfigureAwait(false);
            try
            {
                await Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "call ended", CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is WebSocketException or IOException)
            {
                Logger.LogDebug("{Channel} call {CallId}: close failed: {Error}", Name, CallId, ex.Message);
            }
            finally
            {
                _sending.Release();
            }
        }

        private async Task FlushAsync(PromptPlayback prompt)
        {
            if (_batched == 0)
                return;
            WriteAudio(_message, _batch.AsSpan(0, _batched));
            int sent = _batched;
            _batched = 0;
            await SendMessageAsync().ConfigureAwait(false);
            prompt.Sent(sent);
        }

        /// <summary>
        /// Sends the written message. Never with a cancellable token: cancelling a WebSocket send aborts the socket,
        /// and a barge-in must stop the prompt, not the call.
        /// </summary>
        private async Task SendMessageAsync()
        {
            try
            {
                await Socket.SendAsync(_message.WrittenMemory, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None).ConfigureAwait(false);
            }
            finally
            {
                _message.ResetWrittenCount();
            }
        }
    }
}
