using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace VoicePrompts.Caching
{
    /// <summary>
    /// Clips on disk, one file per key. An entry is written under a temporary name and renamed into place, so a reader
    /// — in this process or another — sees the old entry, the new one, or none, never half of one; a writer killed
    /// mid-write leaves only a temporary file, cleaned up later. Every read checks the payload's SHA-256, and a corrupt
    /// entry is deleted and reported as a miss. With a size cap, the least recently used entries are evicted.
    /// </summary>
    public sealed class DiskSpeechAudioStore : ISpeechAudioStore
    {
        private const string Extension = ".vpa";

        /// <summary>Creates a store in <paramref name="directory"/> (created if missing).</summary>
        /// <param name="directory">The cache folder.</param>
        /// <param name="maxBytes">The most bytes kept; older entries are evicted past it. Null for no cap.</param>
        public DiskSpeechAudioStore(string directory, long? maxBytes = null)
        {
            if (string.IsNullOrWhiteSpace(directory)) throw new ArgumentException("A cache directory is required.", nameof(directory));
            if (maxBytes is <= 0) throw new ArgumentOutOfRangeException(nameof(maxBytes), "The size cap must be positive.");
            Directory = Path.GetFullPath(directory);
            MaxBytes = maxBytes;
            System.IO.Directory.CreateDirectory(Directory);
        }

        /// <summary>The cache folder.</summary>
        public string Directory { get; }

        /// <summary>The size cap in bytes, if any.</summary>
        public long? MaxBytes { get; }

        /// <summary>The file an entry lives in.</summary>
        public string PathFor(string key) => Path.Combine(Directory, CheckKey(key) + Extension);

        /// <inheritdoc />
        public async Task<SpeechAudio?> GetAsync(string key, CancellationToken cancellationToken = default)
        {
            string path = PathFor(key);
            byte[] bytes;
            try
            {
                // Unbuffered (bufferSize 1): the whole entry is read into one array of its exact size.
                using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, useAsync: true);
                bytes = new byte[file.Length];
                int read = 0;
                while (read < bytes.Length)
                {
                    int n = await file.ReadAsync(bytes, read, bytes.Length - read, cancellationToken).ConfigureAwait(false);
                    if (n == 0) break;
                    read += n;
                }
                if (read != bytes.Length) bytes = bytes.AsSpan(0, read).ToArray();
            }
            catch (FileNotFoundException)
            {
                return null;
            }
            catch (DirectoryNotFoundException)
            {
                return null;
            }

            var audio = SpeechAudioEntry.Decode(bytes);
            if (audio is null)
            {
                TryDelete(path); // corrupt or from another version: synthesize again
                return null;
            }
            try
            {
                File.SetLastWriteTimeUtc(path, DateTime.UtcNow); // "recently used", for eviction
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
            return audio;
        }

        /// <inheritdoc />
        public async Task SetAsync(string key, SpeechAudio audio, CancellationToken cancellationToken = default)
        {
            if (audio is null) throw new ArgumentNullException(nameof(audio));
            string path = PathFor(key);
            string temporary = Path.Combine(Directory, CheckKey(key) + "." + Guid.NewGuid().ToString("N") + ".tmp");
            byte[] bytes = SpeechAudioEntry.Encode(audio);
            try
            {
                using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, useAsync: true))
                {
                    await file.WriteAsync(bytes, 0, bytes.Length, cancellationToken).ConfigureAwait(false);
                    await file.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
                Publish(temporary, path);
            }
            finally
            {
                TryDelete(temporary); // only left if the rename did not happen
            }
            if (MaxBytes is long cap)
                Evict(cap, keep: path);
        }

        private static void Publish(string temporary, string path)
        {
#if NET
            File.Move(temporary, path, overwrite: true);
#else
            if (File.Exists(path))
                File.Replace(temporary, path, destinationBackupFileName: null, ignoreMetadataErrors: true);
            else
                File.Move(temporary, path);
#endif
        }

        /// <summary>Deletes least recently used entries until the folder is within the cap (and stale temporary files).</summary>
        private void Evict(long cap, string keep)
        {
            var entries = new DirectoryInfo(Directory).EnumerateFiles("*" + Extension)
                .Select(f => (File: f, f.Length, Used: f.LastWriteTimeUtc))
                .OrderBy(e => e.Used)
                .ToList();
            long total = entries.Sum(e => e.Length);
            foreach (var entry in entries)
            {
                if (total <= cap) break;
                if (string.Equals(entry.File.FullName, keep, StringComparison.Ordinal)) continue;
                if (TryDelete(entry.File.FullName)) total -= entry.Length;
            }
            foreach (var stale in new DirectoryInfo(Directory).EnumerateFiles("*.tmp").Where(f => f.LastWriteTimeUtc < DateTime.UtcNow.AddHours(-1)))
                TryDelete(stale.FullName);
        }

        private static string CheckKey(string key)
        {
            if (string.IsNullOrEmpty(key) || key.Length > 128 || key.Any(c => !(char.IsLetterOrDigit(c) || c == '-' || c == '_')))
                throw new ArgumentException($"'{key}' is not a cache key (letters, digits, '-' and '_', at most 128).", nameof(key));
            return key;
        }

        private static bool TryDelete(string path)
        {
            try
            {
                File.Delete(path);
                return true;
            }
            catch (IOException)
            {
                return false;
            }
            catch (UnauthorizedAccessException)
            {
                return false;
            }
        }
    }
}
