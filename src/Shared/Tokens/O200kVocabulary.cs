using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;

namespace VoicePrompts.Shared.Tokens
{
    /// <summary>
    /// The o200k_base byte-pair vocabulary: token bytes and their ranks, read in place from the resource embedded in
    /// this assembly (see build/O200kVocabulary.targets) and shared by every caller.
    /// </summary>
    /// <remarks>
    /// The resource is the finished lookup table (<c>VPO3</c>): an open-addressing hash table of entry offsets, laid out
    /// at our build time, then every token as its rank, its length and its bytes. It is read where the loaded assembly
    /// already maps it, without copying or building anything, because every compiler process that runs the generator
    /// (and every app's first validated request) would otherwise pay for a 1.6 MB copy and a 200,000-entry table
    /// build — about 35 ms cold, a tenth of a small project's generator time. Only the pages a count touches are read.
    /// </remarks>
    internal sealed unsafe class O200kVocabulary
    {
        public const string ResourceName = "VoicePrompts.o200k_base.vpo3";

        private const int HeaderBytes = 16;

        /// <summary>The longest token in bytes (128 in o200k_base); every token covers at most this many input bytes.</summary>
        public int MaxTokenBytes { get; }

        /// <summary>How many ranked tokens the vocabulary holds (special tokens are not among them).</summary>
        public int Count { get; }

        private static readonly Lazy<O200kVocabulary> s_shared = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

        private readonly object _owner;   // keeps the memory below alive: the resource stream (and so its assembly) or a pinned copy
        private readonly byte* _data;
        private readonly int* _slots;     // per slot: 0 when empty, else the entry's offset in the low 22 bits and a hash tag above
        private readonly int _slotShift;
        private readonly int _slotMask;
        private readonly int _entries;    // where the first entry starts

        public static O200kVocabulary Shared => s_shared.Value;

        private O200kVocabulary(object owner, byte* data, long length)
        {
            _owner = owner;
            _data = data;
            if (length < HeaderBytes || data[0] != (byte)'V' || data[1] != (byte)'P' || data[2] != (byte)'O' || data[3] != (byte)'3')
                throw new InvalidDataException("The o200k_base vocabulary resource is not in the VPO3 layout.");
            Count = ReadInt32(data + 4);
            int slotBits = ReadInt32(data + 8);
            MaxTokenBytes = ReadInt32(data + 12);
            if (Count <= 0 || slotBits is < 10 or > 24 || MaxTokenBytes is <= 0 or > 255 || HeaderBytes + (4L << slotBits) + 5L * Count > length || length > OffsetMask)
                throw new InvalidDataException($"The o200k_base vocabulary resource's header ({Count} tokens, 2^{slotBits} slots) does not fit its {length} bytes.");
            _slots = (int*)(data + HeaderBytes);
            _slotShift = 32 - slotBits;
            _slotMask = (1 << slotBits) - 1;
            _entries = HeaderBytes + (4 << slotBits);
        }

        /// <summary>Entry offsets take the low 22 bits of a slot; the table is smaller than that.</summary>
        internal const int OffsetMask = (1 << 22) - 1;

        /// <summary>The rank of <paramref name="buffer"/>[start .. start+length) as one token, or -1 when it is not one.</summary>
        public int Rank(byte[] buffer, int start, int length)
        {
            uint mixed = Mix(buffer, start, length);
            int slot = (int)(mixed >> _slotShift);
            int tag = Tag(mixed);
            while (true)
            {
                int entry = _slots[slot];
                if (entry == 0)
                    return -1;
                if ((int)((uint)entry >> 22) == tag)
                {
                    byte* token = _data + (entry & OffsetMask);
                    if (token[3] == length && SameBytes(buffer, start, token + 4, length))
                        return token[0] | token[1] << 8 | token[2] << 16;
                }
                slot = (slot + 1) & _slotMask;
            }
        }

        /// <summary>The bytes of the token of rank <paramref name="rank"/> (tests and diagnostics only: a walk over the entries).</summary>
        public byte[] TokenBytes(int rank)
        {
            byte* entry = _data + _entries;
            for (int r = 0; r < rank; r++)
                entry += 4 + entry[3];
            var result = new byte[entry[3]];
            for (int i = 0; i < result.Length; i++)
                result[i] = entry[4 + i];
            return result;
        }

        /// <summary>Every token's bytes in rank order (tests: each must be found at its rank).</summary>
        internal List<byte[]> AllTokens()
        {
            var tokens = new List<byte[]>(Count);
            byte* entry = _data + _entries;
            for (int rank = 0; rank < Count; rank++)
            {
                var bytes = new byte[entry[3]];
                for (int i = 0; i < bytes.Length; i++)
                    bytes[i] = entry[4 + i];
                tokens.Add(bytes);
                entry += 4 + bytes.Length;
            }
            return tokens;
        }

        private static bool SameBytes(byte[] a, int aStart, byte* b, int length)
        {
            for (int i = 0; i < length; i++)
                if (a[aStart + i] != b[i]) return false;
            return true;
        }

        /// <summary>
        /// FNV-1a, then a multiplicative mix: the slot is the top bits, the tag ten lower ones. build/O200kVocabulary.targets
        /// lays the table out with this same function (a test looks up every token).
        /// </summary>
        private static uint Mix(byte[] buffer, int start, int length)
        {
            uint hash = 2166136261;
            for (int i = start, end = start + length; i < end; i++)
                hash = (hash ^ buffer[i]) * 16777619;
            return hash * 2654435769u;
        }

        private static int Tag(uint mixed) => (int)((mixed >> 4) & 0x3FF);

        private static int ReadInt32(byte* p) => p[0] | p[1] << 8 | p[2] << 16 | p[3] << 24;

        internal static O200kVocabulary Load()
        {
            var resource = typeof(O200kVocabulary).Assembly.GetManifestResourceStream(ResourceName)
                ?? throw new InvalidOperationException($"The o200k_base vocabulary resource '{ResourceName}' is missing from {typeof(O200kVocabulary).Assembly.GetName().Name}.");
            // An assembly loaded from a file (every compiler and app) hands out its resources where it is mapped.
            if (resource is UnmanagedMemoryStream mapped)
                return new O200kVocabulary(mapped, mapped.PositionPointer, mapped.Length);

            // Anything else (an assembly loaded from bytes by some host): one pinned copy, kept for the process.
            using (resource)
            {
                var data = new byte[resource.Length];
                int read = 0;
                while (read < data.Length)
                {
                    int n = resource.Read(data, read, data.Length - read);
                    if (n == 0) break;
                    read += n;
                }
                var pinned = System.Runtime.InteropServices.GCHandle.Alloc(data, System.Runtime.InteropServices.GCHandleType.Pinned);
                return new O200kVocabulary(data, (byte*)pinned.AddrOfPinnedObject(), read);
            }
        }
    }
}
