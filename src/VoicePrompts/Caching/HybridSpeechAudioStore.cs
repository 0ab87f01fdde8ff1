using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace VoicePrompts.Caching
{
    /// <summary>
    /// Clips in a <see cref="HybridCache"/>: in memory, and in its distributed cache (Redis, SQL Server, …) when the app
    /// registered one, so several app instances pay once between them. Values are VoicePrompts audio entries (hash-checked),
    /// hash-checked on read. HybridCache itself treats a failing distributed cache as a miss (and logs it), so a Redis
    /// that is down costs a synthesis, not an exception.
    /// </summary>
    public sealed class HybridSpeechAudioStore : ISpeechAudioStore
    {
        /// <summary>Prefix of every key, so the entries are recognizable in a shared Redis.</summary>
        public const string KeyPrefix = "voiceprompts:";

        /// <summary>Tag on every entry: <c>hybridCache.RemoveByTagAsync("voiceprompts")</c> drops them all.</summary>
        public const string Tag = "voiceprompts";

        private static readonly string[] Tags = { Tag };

        // Get only: never run a factory and never write what a lookup did not find.
        private static readonly HybridCacheEntryOptions LookupOnly = new()
        {
            Flags = HybridCacheEntryFlags.DisableUnderlyingData | HybridCacheEntryFlags.DisableLocalCacheWrite | HybridCacheEntryFlags.DisableDistributedCacheWrite,
        };

        private readonly HybridCache _cache;
        private readonly HybridCacheEntryOptions _entryOptions;
        private readonly long? _maxPayloadBytes;
        private readonly ILogger _logger;

        /// <summary>Creates the store.</summary>
        /// <param name="cache">The app's HybridCache (<c>services.AddHybridCache()</c>).</param>
        /// <param name="expiration">How long the distributed cache keeps a clip. Clips never go stale (the key is their content), so the default is long: 30 days.</param>
        /// <param name="localExpiration">How long this process keeps a clip in memory. Default 10 minutes, so memory follows what is being said now.</param>
        /// <param name="maxPayloadBytes">The HybridCache's <c>MaximumPayloadBytes</c>, when known: larger clips are not offered to it (it would drop them), and that is logged.</param>
        /// <param name="logger">Where skipped clips are logged.</param>
        public HybridSpeechAudioStore(HybridCache cache, TimeSpan? expiration = null, TimeSpan? localExpiration = null, long? maxPayloadBytes = null, ILogger<HybridSpeechAudioStore>? logger = null)
        {
            _cache = cache ?? throw new ArgumentNullException(nameof(cache));
            var distributed = expiration ?? TimeSpan.FromDays(30);
            var local = localExpiration ?? TimeSpan.FromMinutes(10);
            if (distributed <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(expiration), "The expiration must be positive.");
            if (local <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(localExpiration), "The local expiration must be positive.");
            _entryOptions = new HybridCacheEntryOptions { Expiration = distributed, LocalCacheExpiration = local < distributed ? local : distributed };
            _maxPayloadBytes = maxPayloadBytes;
            _logger = (ILogger?)logger ?? NullLogger.Instance;
        }

        /// <inheritdoc />
        public async Task<SpeechAudio?> GetAsync(string key, CancellationToken cancellationToken = default)
        {
            byte[]? entry = await _cache.GetOrCreateAsync<byte[]?>(
                KeyPrefix + key, static _ => default, LookupOnly, tags: null, cancellationToken).ConfigureAwait(false);
            if (entry is null)
                return null;
            var audio = SpeechAudioEntry.Decode(entry);
            if (audio is null) // damaged, or written by another version: drop it so it is synthesized again
                await _cache.RemoveAsync(KeyPrefix + key, cancellationToken).ConfigureAwait(false);
            return audio;
        }

        /// <inheritdoc />
        public async Task SetAsync(string key, SpeechAudio audio, CancellationToken cancellationToken = default)
        {
            if (audio is null) throw new ArgumentNullException(nameof(audio));
            byte[] entry = SpeechAudioEntry.Encode(audio);
            if (entry.Length > _maxPayloadBytes)
            {
                SpeechClientLog.CacheEntryTooLarge(_logger, key, entry.Length, _maxPayloadBytes.Value);
                return;
            }
            await _cache.SetAsync(KeyPrefix + key, entry, _entryOptions, Tags, cancellationToken).ConfigureAwait(false);
        }
    }
}
