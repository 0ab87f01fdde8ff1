using System.Diagnostics;

namespace VoicePrompts.Telephony.Channels
{
    /// <summary>
    /// One platform's side of a call: how audio is framed, paced and sent, how the end of a prompt is known, how
    /// queued audio is dropped, how the call is ended. The receive loop (each channel's own) feeds digits and the end
    /// of the call to the <see cref="PhoneCall"/>.
    /// </summary>
    internal abstract class CallChannel
    {
        public abstract string Name { get; }

        public string CallId { get; protected set; } = "";

        public IReadOnlyDictionary<string, string> Parameters { get; protected set; } = new Dictionary<string, string>();

        public abstract AudioFormat Format { get; }

        /// <summary>True where the platform says when audio has played (Twilio's marks).</summary>
        public abstract bool ConfirmsPlayback { get; }

        /// <summary>Bytes of <see cref="Format"/> a second.</summary>
        protected abstract int BytesPerSecond { get; }

        /// <summary>True where this side paces the audio (AudioSocket): what has played is what has been sent.</summary>
        protected virtual bool PacesAudio => false;

        public PromptPlayback BeginPrompt(string name) => new(name, BytesPerSecond, PacesAudio);

        /// <summary>Sends (or queues) audio of the prompt, any size; the channel frames and batches it.</summary>
        public abstract ValueTask SendAsync(PromptPlayback prompt, ReadOnlyMemory<byte> audio, CancellationToken cancellationToken);

        /// <summary>Sends what is batched and marks the prompt's end; the task completes once the caller has heard it.</summary>
        public abstract ValueTask<Task> EndPromptAsync(PromptPlayback prompt, CancellationToken cancellationToken);

        /// <summary>Drops what is queued on the platform (barge-in).</summary>
        public abstract ValueTask ClearAsync(PromptPlayback prompt);

        /// <summary>Ends the call from this side.</summary>
        public abstract ValueTask HangUpAsync();
    }

    /// <summary>One prompt's audio on its way into a call: how much was sent, when it started, how much has played.</summary>
    internal sealed class PromptPlayback
    {
        private readonly int _bytesPerSecond;
        private readonly bool _paced;
        private long _sent;
        private long _pacedBytes;
        private long _firstSent;

        public PromptPlayback(string name, int bytesPerSecond, bool paced)
        {
            Name = name;
            _bytesPerSecond = bytesPerSecond;
            _paced = paced;
        }

        /// <summary>The mark sent after it (Twilio), unique in the call.</summary>
        public string Name { get; }

        public TimeSpan Duration => Seconds(Interlocked.Read(ref _sent));

        /// <summary>
        /// What the caller has heard: the frames paced out so far; or, where the platform buffers and plays in real time,
        /// the time since the first audio went, up to what was sent.
        /// </summary>
        public TimeSpan Played
        {
            get
            {
                if (_paced)
                    return Seconds(Interlocked.Read(ref _pacedBytes));
                long first = Interlocked.Read(ref _firstSent);
                if (first == 0)
                    return TimeSpan.Zero;
                var elapsed = Stopwatch.GetElapsedTime(first);
                return elapsed < Duration ? elapsed : Duration;
            }
        }

        /// <summary>When the first audio went out, or null.</summary>
        public long? FirstSentTimestamp => Interlocked.Read(ref _firstSent) is long t and not 0 ? t : null;

        public void Sent(int bytes)
        {
            if (bytes <= 0)
                return;
            Interlocked.CompareExchange(ref _firstSent, Stopwatch.GetTimestamp(), 0);
            Interlocked.Add(ref _sent, bytes);
        }

        public void PacedOut(int bytes) => Interlocked.Add(ref _pacedBytes, bytes);

        private TimeSpan Seconds(long bytes) => TimeSpan.FromSeconds((double)bytes / _bytesPerSecond);
    }
}
