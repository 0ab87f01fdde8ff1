using System;
using System.IO;
using System.IO.Compression;
using System.Threading;

namespace VoicePrompts.Shared.Tokens
{
    /// <summary>
    /// The o200k_base byte-pair vocabulary: token bytes and their ranks, loaded once per process from the resource
    /// embedded in this assembly (see build/O200kVocabulary.targets) and shared by every caller.
    /// </summary>
    /// <remarks>
    /// Stored as one byte blob plus an open-addressing hash table of ranks, so a lookup hashes a slice of a byte
    /// buffer without allocating (netstandard2.0 has no span-keyed dictionary) and the whole table is about 4 MB.
    /// </remarks>
    internal sealed class O200kVocabulary
    {
        public const string ResourceName = "VoicePrompts.o200k_base.tiktoken.deflate";

        /// <summary>The longest token in bytes (128 in o200k_base); every token covers at most this many input bytes.</summary>
        public int MaxTokenBytes { get; }

        /// <summary>How many ranked tokens the vocabulary holds (special tokens are not among them).</summary>
        public int Count { get; }

        private static readonly Lazy<O200kVocabulary> s_shared = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

        private readonly byte[] _bytes;   // every token's bytes, in rank order
        private readonly int[] _offsets;  // token r is _bytes[_offsets[r] .. _offsets[r + 1])
        private readonly int[] _slots;    // rank + 1 per slot; 0 is empty
        private readonly int _mask;

        public static O200kVocabulary Shared => s_shared.Value;

        private O200kVocabulary(byte[] bytes, int[] offsets, int count)
        {
            _bytes = bytes;
            _offsets = offsets;
            Count = count;

            int capacity = 1;
            while (capacity < count * 2 + 1) capacity <<= 1; // load factor below one half keeps probes short
            _slots = new int[capacity];
            _mask = capacity - 1;
            int max = 0;
            for (int rank = 0; rank < count; rank++)
            {
                int start = offsets[rank], length = offsets[rank + 1] - start;
                if (length > max) max = length;
                int slot = Hash(bytes, start, length) & _mask;
                while (_slots[slot] != 0)
                    slot = (slot + 1) & _mask;
                _slots[slot] = rank + 1;
            }
            MaxTokenBytes = max;
        }

        /// <summary>The rank of <paramref name="buffer"/>[start .. start+length) as one token, or -1 when it is not one.</summary>
        public int Rank(byte[] buffer, int start, int length)
        {
            int slot = Hash(buffer, start, length) & _mask;
            while (true)
            {
                int entry = _slots[slot];
                if (entry == 0)
                    return -1;
                int rank = entry - 1;
                int tokenStart = _offsets[rank];
                if (_offsets[rank + 1] - tokenStart == length && SameBytes(buffer, start, _bytes, tokenStart, length))
                    return rank;
                slot = (slot + 1) & _mask;
            }
        }

        /// <summary>The bytes of the token of rank <paramref name="rank"/> (tests and diagnostics only).</summary>
        public byte[] TokenBytes(int rank)
        {
            var result = new byte[_offsets[rank + 1] - _offsets[rank]];
            Buffer.BlockCopy(_bytes, _offsets[rank], result, 0, result.Length);
            return result;
        }

        private static bool SameBytes(byte[] a, int aStart, byte[] b, int bStart, int length)
        {
            for (int i = 0; i < length; i++)
                if (a[aStart + i] != b[bStart + i]) return false;
            return true;
        }

        private static int Hash(byte[] buffer, int start, int length)
        {
            // FNV-1a, then a multiplicative mix so the low bits used as the slot index are well spread.
            uint hash = 2166136261;
            for (int i = start, end = start + length; i < end; i++)
                hash = (hash ^ buffer[i]) * 16777619;
            return (int)((hash * 2654435769u) >> 7);
        }

        internal static O200kVocabulary Load()
        {
            using var resource = typeof(O200kVocabulary).Assembly.GetManifestResourceStream(ResourceName)
                ?? throw new InvalidOperationException($"The o200k_base vocabulary resource '{ResourceName}' is missing from {typeof(O200kVocabulary).Assembly.GetName().Name}.");
            return Parse(resource);
        }

        /// <summary>
        /// Reads the raw-deflated tiktoken file as Microsoft.ML.Tokenizers.Data.O200kBase ships it: a line
        /// <c>Capacity: N</c>, then one base64 token per line whose rank is its line index.
        /// </summary>
        internal static O200kVocabulary Parse(Stream deflated)
        {
            byte[] text;
            using (var inflater = new DeflateStream(deflated, CompressionMode.Decompress))
            using (var memory = new MemoryStream(capacity: 2_600_000))
            {
                inflater.CopyTo(memory, 81920);
                text = memory.GetBuffer();
                Array.Resize(ref text, (int)memory.Length);
            }

            int position = 0;
            int firstLineEnd = Array.IndexOf(text, (byte)'\n');
            if (firstLineEnd < 0)
                throw new InvalidDataException("The o200k_base vocabulary is empty.");
            int capacity = ParseCapacity(text, firstLineEnd);
            position = firstLineEnd + 1;

            // Decoded base64 is at most 3/4 of the remaining text.
            var bytes = new byte[(text.Length - position) / 4 * 3 + 3];
            var offsets = new int[capacity + 2];
            int count = 0, written = 0;
            while (position < text.Length)
            {
                int lineEnd = Array.IndexOf(text, (byte)'\n', position);
                if (lineEnd < 0) lineEnd = text.Length;
                int tokenEnd = lineEnd;
                for (int i = position; i < lineEnd; i++)
                    if (text[i] == (byte)' ' || text[i] == (byte)'\r') { tokenEnd = i; break; }
                if (tokenEnd > position)
                {
                    if (count + 1 >= offsets.Length)
                        Array.Resize(ref offsets, offsets.Length * 2);
                    offsets[count] = written;
                    written += DecodeBase64(text, position, tokenEnd - position, bytes, written);
                    count++;
                }
                position = lineEnd + 1;
            }
            offsets[count] = written;
            return new O200kVocabulary(bytes, offsets, count);
        }

        private static int ParseCapacity(byte[] text, int lineEnd)
        {
            int value = 0;
            bool any = false;
            for (int i = 0; i < lineEnd; i++)
            {
                byte b = text[i];
                if (b >= (byte)'0' && b <= (byte)'9') { value = value * 10 + (b - '0'); any = true; }
            }
            if (!any)
                throw new InvalidDataException("The o200k_base vocabulary does not start with its capacity line.");
            return value;
        }

        private static readonly sbyte[] s_base64 = BuildBase64Table();

        private static sbyte[] BuildBase64Table()
        {
            var table = new sbyte[256];
            for (int i = 0; i < table.Length; i++) table[i] = -1;
            const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
            for (int i = 0; i < alphabet.Length; i++) table[alphabet[i]] = (sbyte)i;
            return table;
        }

        private static int DecodeBase64(byte[] source, int start, int length, byte[] destination, int at)
        {
            int written = 0, bits = 0, accumulator = 0;
            for (int i = start, end = start + length; i < end; i++)
            {
                byte b = source[i];
                if (b == (byte)'=') break;
                int value = s_base64[b];
                if (value < 0)
                    throw new InvalidDataException($"The o200k_base vocabulary has an invalid base64 character at byte {i}.");
                accumulator = (accumulator << 6) | value;
                bits += 6;
                if (bits >= 8)
                {
                    bits -= 8;
                    destination[at + written++] = (byte)(accumulator >> bits);
                    accumulator &= (1 << bits) - 1;
                }
            }
            return written;
        }
    }
}
