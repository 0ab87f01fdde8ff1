namespace VoicePrompts.Telephony
{
    /// <summary>How a prompt's playback ended.</summary>
    public enum PlaybackOutcome
    {
        /// <summary>The caller heard it to the end (on Twilio, confirmed by the echo of the mark sent after it).</summary>
        Completed,

        /// <summary>A digit interrupted it (barge-in): what was queued on the platform was cleared.</summary>
        Interrupted,

        /// <summary>The call ended while it played (or before).</summary>
        HungUp,
    }

    /// <summary>What happened to a prompt played into a call.</summary>
    public sealed class PlaybackResult
    {
        internal PlaybackResult(PlaybackOutcome outcome, char? digit, TimeSpan played, TimeSpan duration, bool confirmed)
        {
            Outcome = outcome;
            Digit = digit;
            Played = played;
            Duration = duration;
            IsConfirmed = confirmed;
        }

        /// <summary>Completed, interrupted or hung up.</summary>
        public PlaybackOutcome Outcome { get; }

        /// <summary>The digit that interrupted the prompt; null otherwise. It also stays for the next <see cref="PhoneCall.CollectDigitsAsync"/>.</summary>
        public char? Digit { get; }

        /// <summary>
        /// How much of the prompt the caller heard: all of it when completed; otherwise the audio sent, or the time it had
        /// been playing where the platform buffers (Twilio, ACS), whichever is less.
        /// </summary>
        public TimeSpan Played { get; }

        /// <summary>How much audio was sent into the call.</summary>
        public TimeSpan Duration { get; }

        /// <summary>True when the platform confirmed the end of playback (Twilio's mark echo), not estimated.</summary>
        public bool IsConfirmed { get; }

        /// <inheritdoc />
        public override string ToString() => Outcome + (Digit is char d ? " by '" + d + "'" : "") + $" after {Played.TotalMilliseconds:F0} of {Duration.TotalMilliseconds:F0} ms";
    }

    /// <summary>How to play one prompt.</summary>
    public sealed class PlaybackOptions
    {
        internal static readonly PlaybackOptions Default = new();

        /// <summary>Whether a digit interrupts the prompt (default true); off for what the caller must hear (legal notices).</summary>
        public bool BargeIn { get; init; } = true;
    }

    /// <summary>How <see cref="PhoneCall.CollectDigitsAsync"/> collects.</summary>
    public sealed class DigitCollection
    {
        /// <summary>Stop after this many digits (default 1).</summary>
        public int MaxDigits { get; init; } = 1;

        /// <summary>How long to wait for the first digit (default 5 s).</summary>
        public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

        /// <summary>How long to wait for each further digit (default 3 s).</summary>
        public TimeSpan InterDigitTimeout { get; init; } = TimeSpan.FromSeconds(3);

        /// <summary>A digit that ends the collection and is not part of it (default <c>#</c>; null for none).</summary>
        public char? Terminator { get; init; } = '#';
    }

    /// <summary>How a digit collection ended.</summary>
    public enum DigitsOutcome
    {
        /// <summary><see cref="DigitCollection.MaxDigits"/> digits arrived.</summary>
        Completed,

        /// <summary>The terminator arrived.</summary>
        Terminated,

        /// <summary>A timeout passed first.</summary>
        TimedOut,

        /// <summary>The call ended.</summary>
        HungUp,
    }

    /// <summary>The digits a caller pressed.</summary>
    public sealed class DigitsResult
    {
        internal DigitsResult(string digits, DigitsOutcome outcome)
        {
            Digits = digits;
            Outcome = outcome;
        }

        /// <summary>The digits, without the terminator; possibly empty.</summary>
        public string Digits { get; }

        /// <summary>Why the collection ended.</summary>
        public DigitsOutcome Outcome { get; }

        /// <inheritdoc />
        public override string ToString() => Outcome + " '" + Digits + "'";
    }

    /// <summary>Your call flow: run once per call, with the call, until it returns (the call is then hung up) or the caller hangs up.</summary>
    public interface IPhoneCallHandler
    {
        /// <summary>Handles one call. <paramref name="cancellationToken"/> is <see cref="PhoneCall.Ended"/>.</summary>
        Task HandleCallAsync(PhoneCall call, CancellationToken cancellationToken);
    }
}
