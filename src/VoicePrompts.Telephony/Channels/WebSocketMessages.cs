using System.Buffers;
using System.Net.WebSockets;

namespace VoicePrompts.Telephony.Channels
{
    /// <summary>Whole WebSocket messages, read into one reused buffer; an oversized one is read to its end and reported, not kept.</summary>
    internal sealed class WebSocketMessages(WebSocket socket, int maxBytes = 256 * 1024)
    {
        private readonly ArrayBufferWriter<byte> _buffer = new(4096);

        /// <summary>The next message: its type and bytes (valid until the next call), or null once the peer closed.</summary>
        public async Task<(WebSocketMessageType Type, ReadOnlyMemory<byte> Bytes, bool Oversized)?> ReadAsync(CancellationToken cancellationToken)
        {
            _buffer.ResetWrittenCount();
            bool oversized = false;
            while (true)
            {
                var into = _buffer.GetMemory(4096);
                ValueWebSocketReceiveResult result;
                try
                {
                    result = await socket.ReceiveAsync(into, cancellationToken).ConfigureAwait(false);
                }
                catch (WebSocketException) when (socket.State is WebSocketState.Aborted or WebSocketState.Closed)
                {
                    return null; // the peer went away without a close handshake: the call is over all the same
                }
                if (result.MessageType == WebSocketMessageType.Close)
                    return null;
                if (_buffer.WrittenCount + result.Count <= maxBytes)
                    _buffer.Advance(result.Count);
                else
                    oversized = true;
                if (result.EndOfMessage)
                    return (result.MessageType, _buffer.WrittenMemory, oversized);
            }
        }
    }
}
