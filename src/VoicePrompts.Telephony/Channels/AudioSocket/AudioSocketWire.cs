using System.Buffers.Binary;

namespace VoicePrompts.Telephony.Channels.AudioSocket
{
    /// <summary>
    /// Asterisk AudioSocket framing (docs.asterisk.org, Channel Drivers/AudioSocket): one byte of kind, the payload's
    /// length as two bytes big-endian, the payload. Audio is signed linear 16-bit little-endian, 8 kHz mono.
    /// </summary>
    internal static class AudioSocketWire
    {
        public const byte Hangup = 0x00;
        public const byte Uuid = 0x01;
        public const byte Dtmf = 0x03;
        public const byte Audio = 0x10;
        public const byte Error = 0xFF;

        /// <summary>20 ms of slin at 8 kHz.</summary>
        public const int FrameBytes = 320;

        public const int HeaderBytes = 3;

        public static void WriteHeader(Span<byte> into, byte kind, int length)
        {
            into[0] = kind;
            BinaryPrimitives.WriteUInt16BigEndian(into[1..], checked((ushort)length));
        }

        /// <summary>The call's UUID as Asterisk sends it: 16 bytes, in the order written in the dialplan.</summary>
        public static Guid ReadUuid(ReadOnlySpan<byte> payload) => new(payload, bigEndian: true);

        /// <summary>Reads exactly <paramref name="into"/>'s length; false when the stream ends first.</summary>
        public static async Task<bool> ReadExactlyAsync(Stream stream, Memory<byte> into, CancellationToken cancellationToken)
        {
            try
            {
                await stream.ReadExactlyAsync(into, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (EndOfStreamException)
            {
                return false;
            }
        }
    }
}
