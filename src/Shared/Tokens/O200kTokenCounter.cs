using System;
using System.Collections.Generic;
using System.Text;

namespace VoicePrompts.Shared.Tokens
{
    /// <summary>
    /// Counts o200k_base tokens exactly as OpenAI's tiktoken <c>encode_ordinary</c> does (special-token text such as
    /// <c>&lt;|endoftext|&gt;</c> is plain text). The same source compiles into the analyzers and the runtime, so
    /// compile-time and run-time counts agree.
    /// </summary>
    internal static class O200kTokenCounter
    {
        /// <summary>
        /// True when <paramref name="text"/> is at most <paramref name="maxTokens"/> tokens. Free for short text:
        /// every token covers at least one UTF-8 byte, so text of at most <paramref name="maxTokens"/> bytes cannot
        /// exceed it and the vocabulary is not even loaded.
        /// </summary>
        public static bool IsWithinLimit(string text, int maxTokens) =>
            Encoding.UTF8.GetByteCount(text) <= maxTokens || CountUpTo(text, maxTokens) <= maxTokens;

        /// <summary>The exact token count.</summary>
        public static int Count(string text) => CountUpTo(text, int.MaxValue);

        /// <summary>
        /// The exact token count when it is at most <paramref name="maxTokens"/>; otherwise some number above
        /// <paramref name="maxTokens"/> (counting stops as soon as the limit is passed).
        /// </summary>
        public static int CountUpTo(string text, int maxTokens)
        {
            if (text is null) throw new ArgumentNullException(nameof(text));
            if (text.Length == 0) return 0;
            var vocabulary = O200kVocabulary.Shared;
            var scratch = new Scratch();
            int count = 0;
            for (int start = 0; start < text.Length;)
            {
                int end = O200kPreTokenizer.NextPieceEnd(text, start);
                count += CountPiece(vocabulary, text, start, end - start, ref scratch);
                if (count > maxTokens)
                    return count;
                start = end;
            }
            return count;
        }

        /// <summary>The tokens of one piece (as <see cref="O200kPreTokenizer"/> splits text) of <paramref name="text"/>.</summary>
        public static int CountPiece(string text, int start, int length)
        {
            var scratch = new Scratch();
            return CountPiece(O200kVocabulary.Shared, text, start, length, ref scratch);
        }

        /// <summary>The pieces the pre-tokenizer splits <paramref name="text"/> into (tests and diagnostics).</summary>
        public static IEnumerable<string> Pieces(string text)
        {
            for (int start = 0; start < text.Length;)
            {
                int end = O200kPreTokenizer.NextPieceEnd(text, start);
                yield return text.Substring(start, end - start);
                start = end;
            }
        }

        private static int CountPiece(O200kVocabulary vocabulary, string text, int start, int length, ref Scratch scratch)
        {
            int byteCount = Encoding.UTF8.GetMaxByteCount(length);
            if (scratch.Bytes.Length < byteCount)
                scratch.Bytes = new byte[Math.Max(byteCount, scratch.Bytes.Length * 2)];
            var bytes = scratch.Bytes;
            // A piece never splits a surrogate pair; a lone surrogate becomes U+FFFD's bytes, as tiktoken sees it.
            // Remembered multi-token pieces first: cheaper than encoding and hashing the bytes.
            if (length > 1 && length <= PieceCache.MaxPieceLength && PieceCache.TryGet(text, start, length, out int cached))
                return cached;
            int n = Encoding.UTF8.GetBytes(text, start, length, bytes, 0);
            if (n == 1 || vocabulary.Rank(bytes, 0, n) >= 0)
                return 1;
            int count = n <= LinearMergeMaxBytes
                ? MergeLinear(vocabulary, bytes, n, ref scratch)
                : MergeWithHeap(vocabulary, bytes, n);
            if (length <= PieceCache.MaxPieceLength)
                PieceCache.Add(text, start, length, count);
            return count;
        }

        /// <summary>
        /// Remembers the count of recently merged pieces. Prompts repeat words and phrases (and the IDE re-analyzes
        /// the same text on every edit), and a merge costs far more than a lookup. Direct-mapped and lock-free: each
        /// slot holds an immutable entry, so a race only loses an entry. At most 4,096 entries of 64 characters.
        /// </summary>
        private static class PieceCache
        {
            public const int MaxPieceLength = 64;
            private const int Slots = 4096;
            private static readonly Entry?[] s_entries = new Entry?[Slots];

            private sealed class Entry
            {
                public Entry(int hash, string piece, int count)
                {
                    Hash = hash;
                    Piece = piece;
                    Count = count;
                }

                public int Hash { get; }

                public string Piece { get; }

                public int Count { get; }
            }

            public static bool TryGet(string text, int start, int length, out int count)
            {
                int hash = Hash(text, start, length);
                var entry = s_entries[hash & (Slots - 1)];
                if (entry is not null && entry.Hash == hash && entry.Piece.Length == length
                    && string.CompareOrdinal(entry.Piece, 0, text, start, length) == 0)
                {
                    count = entry.Count;
                    return true;
                }
                count = 0;
                return false;
            }

            public static void Add(string text, int start, int length, int count)
            {
                int hash = Hash(text, start, length);
                s_entries[hash & (Slots - 1)] = new Entry(hash, text.Substring(start, length), count);
            }

            private static int Hash(string text, int start, int length)
            {
                uint hash = 2166136261;
                for (int i = start, end = start + length; i < end; i++)
                    hash = (hash ^ text[i]) * 16777619;
                return (int)(hash ^ (hash >> 15));
            }
        }

        /// <summary>Up to this many bytes the quadratic scan (tiktoken's own) beats a heap.</summary>
        private const int LinearMergeMaxBytes = 256;

        /// <summary>
        /// tiktoken's byte-pair merge: repeatedly join the adjacent pair whose concatenation has the lowest rank
        /// (the leftmost such pair on ties) until no adjacent pair is a token; the parts left are the tokens.
        /// </summary>
        private static int MergeLinear(O200kVocabulary vocabulary, byte[] bytes, int n, ref Scratch scratch)
        {
            if (scratch.Starts.Length < n + 1)
            {
                scratch.Starts = new int[n + 1];
                scratch.Ranks = new int[n + 1];
            }
            var starts = scratch.Starts;
            var ranks = scratch.Ranks;
            int parts = n; // parts i = bytes[starts[i] .. starts[i+1])
            for (int i = 0; i <= n; i++) starts[i] = i;
            for (int i = 0; i < parts - 1; i++) ranks[i] = PairRank(vocabulary, bytes, starts, i, parts);
            ranks[parts - 1] = int.MaxValue;

            while (parts > 1)
            {
                int best = int.MaxValue, at = -1;
                for (int i = 0; i < parts - 1; i++)
                    if (ranks[i] < best) { best = ranks[i]; at = i; }
                if (at < 0) break;

                // Join parts at and at+1.
                Array.Copy(starts, at + 2, starts, at + 1, parts - at - 1);
                Array.Copy(ranks, at + 2, ranks, at + 1, parts - at - 2);
                parts--;
                ranks[at] = at < parts - 1 ? PairRank(vocabulary, bytes, starts, at, parts) : int.MaxValue;
                if (at > 0) ranks[at - 1] = PairRank(vocabulary, bytes, starts, at - 1, parts);
            }
            return parts;
        }

        /// <summary>The rank of parts i and i+1 joined, or int.MaxValue when that is not a token.</summary>
        private static int PairRank(O200kVocabulary vocabulary, byte[] bytes, int[] starts, int i, int parts)
        {
            int rank = vocabulary.Rank(bytes, starts[i], starts[i + 2] - starts[i]);
            return rank < 0 ? int.MaxValue : rank;
        }

        /// <summary>
        /// The same merge for long pieces (a Chinese paragraph is one piece) in O(n log n): parts in a linked list,
        /// candidate pairs in a min-heap ordered by (rank, position) with stale entries skipped when popped.
        /// </summary>
        private static int MergeWithHeap(O200kVocabulary vocabulary, byte[] bytes, int n)
        {
            var next = new int[n];     // the part after part i (parts are named by their start byte), n at the end
            var previous = new int[n];
            var version = new int[n];  // bumped when part i or its right neighbour changes, invalidating heap entries
            for (int i = 0; i < n; i++)
            {
                next[i] = i + 1;
                previous[i] = i - 1;
            }
            var heap = new PairHeap(n);
            for (int i = 0; i + 1 < n; i++)
                Push(i);

            int parts = n;
            while (heap.TryPop(out var entry))
            {
                int left = entry.Position;
                if (entry.Version != version[left]) continue; // stale
                int right = next[left];
                int after = next[right];
                next[left] = after;
                if (after < n) previous[after] = left;
                version[left]++;
                version[right] = -1; // gone
                parts--;
                if (after < n) Push(left);
                int before = previous[left];
                if (before >= 0)
                {
                    version[before]++;
                    Push(before);
                }
            }
            return parts;

            void Push(int left)
            {
                int right = next[left];
                if (right >= n) return;
                int end = next[right];
                int rank = vocabulary.Rank(bytes, left, end - left);
                if (rank >= 0)
                    heap.Push(new PairEntry(rank, left, version[left]));
            }
        }

        private readonly struct PairEntry
        {
            public PairEntry(int rank, int position, int version)
            {
                Rank = rank;
                Position = position;
                Version = version;
            }

            public int Rank { get; }

            public int Position { get; }

            public int Version { get; }

            public bool Before(PairEntry other) => Rank < other.Rank || (Rank == other.Rank && Position < other.Position);
        }

        /// <summary>A binary min-heap (netstandard2.0 has no PriorityQueue).</summary>
        private sealed class PairHeap
        {
            private PairEntry[] _items;
            private int _count;

            public PairHeap(int capacity) => _items = new PairEntry[Math.Max(4, capacity)];

            public void Push(PairEntry item)
            {
                if (_count == _items.Length) Array.Resize(ref _items, _items.Length * 2);
                int i = _count++;
                while (i > 0)
                {
                    int parent = (i - 1) / 2;
                    if (!item.Before(_items[parent])) break;
                    _items[i] = _items[parent];
                    i = parent;
                }
                _items[i] = item;
            }

            public bool TryPop(out PairEntry item)
            {
                if (_count == 0)
                {
                    item = default;
                    return false;
                }
                item = _items[0];
                var last = _items[--_count];
                int i = 0;
                while (true)
                {
                    int child = 2 * i + 1;
                    if (child >= _count) break;
                    if (child + 1 < _count && _items[child + 1].Before(_items[child])) child++;
                    if (!_items[child].Before(last)) break;
                    _items[i] = _items[child];
                    i = child;
                }
                if (_count > 0) _items[i] = last;
                return true;
            }
        }

        private struct Scratch
        {
            private byte[]? _bytes;
            private int[]? _starts;
            private int[]? _ranks;

            public byte[] Bytes { get => _bytes ??= new byte[256]; set => _bytes = value; }

            public int[] Starts { get => _starts ??= Array.Empty<int>(); set => _starts = value; }

            public int[] Ranks { get => _ranks ??= Array.Empty<int>(); set => _ranks = value; }
        }
    }
}
