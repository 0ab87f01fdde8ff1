using System.Threading;
using System.Threading.Tasks;

namespace VoicePrompts.Caching
{
    /// <summary>Where <see cref="CachingSpeechClient"/> keeps synthesized clips, by <see cref="SpeechCacheKey"/>.</summary>
    public interface ISpeechAudioStore
    {
        /// <summary>The stored clip, or null when there is none (or it was unreadable, and has been discarded).</summary>
        Task<SpeechAudio?> GetAsync(string key, CancellationToken cancellationToken = default);

        /// <summary>Stores a complete clip. Readers never see a partly written entry.</summary>
        Task SetAsync(string key, SpeechAudio audio, CancellationToken cancellationToken = default);
    }
}
