using System;
using System.IO;
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
    /// The blob is decoded at our build time (see <see cref="Parse"/>) because every compiler process that runs the
    /// generator pays for the load.
    /// </remarks>
    internal sealed class O200kVocabulary
    {
        public const string ResourceName = "VoicePrompts.o200k_base.vpo2";

        /// <summary>The longest token in bytes (128 in o200k_base); every token covers at most this many input bytes.</summary>
        public int MaxTokenBytes { get; }

        /// <summary>How many ranked tokens the vocabulary holds (special tokens are not among them).</summary>
        public int Count { get; }

        private static readonly Lazy<O200kVocabulary> s_shared = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

        private readonly byte[] _bytes;   // the resource; every token's bytes, in rank order, after the header
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
            var data = new byte[resource.Length];
            int read = 0;
            while (read < data.Length)
            {
                int n = resource.Read(data, read, data.Length - read);
                if (n == 0) break;
                read += n;
            }
            return Parse(data, read);
        }

        /// <summary>
        /// Reads the layout build/O200kVocabulary.targets writes from Microsoft.ML.Tokenizers.Data.O200kBase's tiktoken
        /// file: <c>VPO2</c>, the token count (int32, little-endian), one length byte per token, then every token's bytes
        /// in rank order. The token bytes are used in place, so loading is one copy of the resource and one pass.
        /// </summary>
        internal static O200kVocabulary Parse(byte[] data, int length)
        {
            const int header = 8;
            if (length < header || data[0] != (byte)'V' || data[1] != (byte)'P' || data[2] != (byte)'O' || data[3] != (byte)'2')
                throw new InvalidDataException("The o200k_base vocabulary resource is not in the VPO2 layout.");
            int count = data[4] | data[5] << 8 | data[6] << 16 | data[7] << 24;
            if (count <= 0 || header + count > length)
                throw new InvalidDataException($"The o200k_base vocabulary resource declares {count} tokens but holds {length} bytes.");

            var offsets = new int[count + 1];
            int position = header + count;
            for (int rank = 0; rank < count; rank++)
            {
                offsets[rank] = position;
                position += data[header + rank];
            }
            offsets[count] = position;
            if (position != length)
                throw new InvalidDataException($"The o200k_base vocabulary resource holds {length} bytes; its token lengths add up to {position}.");
            return new O200kVocabulary(data, offsets, count);
        }
    }
}
