using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using VoicePrompts.Telephony.Channels;

namespace VoicePrompts.Telephony
{
    /// <summary>
    /// One live phone call on any channel (Twilio Media Streams, Azure Communication Services, Asterisk AudioSocket):
    /// play prompts into it as their audio arrives, with barge-in; collect digits; hang up. Given to your
    /// <see cref="IPhoneCallHandler"/> once the call's stream has started; every method is safe to call after the caller
    /// hung up (it returns a "hung up" result rather than throwing).
    /// </summary>
    public sealed class PhoneCall
    {
        private readonly CallChannel _channel;
        private readonly ISpeechClient _speech;
        private readonly ILogger _logger;
        private readonly CancellationTokenSource _ended = new();
        private readonly Channel<char> _digits = System.Threading.Channels.Channel.CreateUnbounded<char>();
        private readonly SemaphoreSlim _playing = new(1, 1);
        private TaskCompletionSource<char>? _bargeIn;
        private int _prompts;

        internal PhoneCall(CallChannel channel, ISpeechClient speech, ILogger logger)
        {
            _channel = channel;
            _speech = speech;
            _logger = logger;
        }

        /// <summary>The platform's id of the call: Twilio's <c>CallSid</c>, ACS's subscription id, the AudioSocket UUID.</summary>
        public string CallId => _channel.CallId;

        /// <summary>Which channel carries the call: <c>twilio</c>, <c>acs</c> or <c>audiosocket</c>.</summary>
        public string Channel => _channel.Name;

        /// <summary>Values the platform passed with the call: Twilio's <c>&lt;Parameter&gt;</c>s (<c>start.customParameters</c>); else empty.</summary>
        public IReadOnlyDictionary<string, string> Parameters => _channel.Parameters;

        /// <summary>What the channel carries: <see cref="AudioFormat.Pcmu"/> (Twilio), <see cref="AudioFormat.Pcm16000"/> or <see cref="AudioFormat.Pcm"/> (ACS), <see cref="AudioFormat.Pcm8000"/> (AudioSocket).</summary>
        public AudioFormat Format => _channel.Format;

        /// <summary>Cancelled when the call ends: the caller hung up, the platform stopped the stream, or <see cref="HangUpAsync"/>.</summary>
        public CancellationToken Ended => _ended.Token;

        /// <summary>True once the call has ended.</summary>
        public bool HasEnded => _ended.IsCancellationRequested;

        /// <summary>
        /// Plays a prompt: <paramref name="prompt"/> (a generated <c>…Request()</c>) is spoken in this call's
        /// <see cref="Format"/> and each chunk is sent as it arrives — at once when the cache has it. Returns when the
        /// caller has heard it all, a digit interrupted it (with barge-in on), or the call ended.
        /// </summary>
        /// <remarks>A hang-up cancels the synthesis (a cache then stores nothing of it) and returns <see cref="PlaybackOutcome.HungUp"/>.</remarks>
        public Task<PlaybackResult> PlayAsync(SpeechRequest prompt, PlaybackOptions? options = null, CancellationToken cancellationToken = default)
        {
            if (prompt is null) throw new ArgumentNullException(nameof(prompt));
            var request = prompt.Format == Format ? prompt : prompt with { Format = Format };
            return PlayAudioAsync(token => _speech.StreamAsync(request, token), options, cancellationToken);
        }

        /// <summary>Plays audio already in this call's <see cref="Format"/> (e.g. from your own client), as <see cref="PlayAsync(SpeechRequest, PlaybackOptions?, CancellationToken)"/> does.</summary>
        public Task<PlaybackResult> PlayAudioAsync(Func<CancellationToken, IAsyncEnumerable<SpeechAudioUpdate>> audio, PlaybackOptions? options = null, CancellationToken cancellationToken = default)
        {
            if (audio is null) throw new ArgumentNullException(nameof(audio));
            return PlayCoreAsync(audio, options ?? PlaybackOptions.Default, cancellationToken);
        }

        private async Task<PlaybackResult> PlayCoreAsync(Func<CancellationToken, IAsyncEnumerable<SpeechAudioUpdate>> audio, PlaybackOptions options, CancellationToken cancellationToken)
        {
            if (HasEnded)
                return new PlaybackResult(PlaybackOutcome.HungUp, null, TimeSpan.Zero, TimeSpan.Zero, false);
            // A digit typed before the prompt began interrupts it before it starts (type-ahead), and stays for the next collection.
            if (options.BargeIn && _digits.Reader.TryPeek(out char early))
                return new PlaybackResult(PlaybackOutcome.Interrupted, early, TimeSpan.Zero, TimeSpan.Zero, false);

            await _playing.WaitAsync(cancellationToken).ConfigureAwait(false);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _ended.Token);
            TaskCompletionSource<char>? bargeIn = null;
            if (options.BargeIn)
            {
                bargeIn = new TaskCompletionSource<char>(TaskCreationOptions.RunContinuationsAsynchronously);
                Volatile.Write(ref _bargeIn, bargeIn);
                if (_digits.Reader.TryPeek(out char raced))
                    bargeIn.TrySetResult(raced);
            }
            var prompt = _channel.BeginPrompt("prompt-" + Interlocked.Increment(ref _prompts).ToString(System.Globalization.CultureInfo.InvariantCulture));
            // A digit stops the synthesis and the sending; what to tell the platform is decided below.
            bargeIn?.Task.ContinueWith(static (_, s) => ((CancellationTokenSource)s!).Cancel(), stop,
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously | TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
            try
            {
                await foreach (var update in audio(stop.Token).WithCancellation(stop.Token).ConfigureAwait(false))
                {
                    if (update.Data.IsEmpty)
                        continue;
                    if (update.Format != Format)
                        throw new InvalidOperationException($"The audio is {update.Format}; this {Channel} call carries {Format}.");
                    await _channel.SendAsync(prompt, update.Data, stop.Token).ConfigureAwait(false);
                }
                var heard = await _channel.EndPromptAsync(prompt, stop.Token).ConfigureAwait(false);
                await heard.WaitAsync(stop.Token).ConfigureAwait(false);
                return new PlaybackResult(PlaybackOutcome.Completed, null, prompt.Duration, prompt.Duration, _channel.ConfirmsPlayback);
            }
            catch (Exception ex) when (bargeIn is { Task.IsCompletedSuccessfully: true } && !HasEnded && !cancellationToken.IsCancellationRequested
                                       && ex is OperationCanceledException or System.Net.WebSockets.WebSocketException or IOException)
            {
                var played = prompt.Played;
                await _channel.ClearAsync(prompt).ConfigureAwait(false);
                _logger.LogDebug("Call {CallId}: prompt interrupted by '{Digit}' after {Played} ms", CallId, bargeIn.Task.Result, played.TotalMilliseconds);
                return new PlaybackResult(PlaybackOutcome.Interrupted, bargeIn.Task.Result, played, prompt.Duration, false);
            }
            catch (Exception ex) when (HasEnded && ex is OperationCanceledException or System.Net.WebSockets.WebSocketException or IOException or ObjectDisposedException)
            {
                return new PlaybackResult(PlaybackOutcome.HungUp, null, prompt.Played, prompt.Duration, false);
            }
            finally
            {
                Interlocked.CompareExchange(ref _bargeIn, null, bargeIn);
                bargeIn?.TrySetCanceled();
                _playing.Release();
            }
        }

        /// <summary>
        /// Collects digits the caller presses (including one that interrupted the last prompt): up to
        /// <see cref="DigitCollection.MaxDigits"/>, until the terminator, or until a timeout.
        /// </summary>
        public async Task<DigitsResult> CollectDigitsAsync(DigitCollection? options = null, CancellationToken cancellationToken = default)
        {
            options ??= new DigitCollection();
            var digits = new System.Text.StringBuilder();
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _ended.Token);
            while (digits.Length < options.MaxDigits)
            {
                var wait = digits.Length == 0 ? options.Timeout : options.InterDigitTimeout;
                char digit;
                try
                {
                    digit = await _digits.Reader.ReadAsync(stop.Token).AsTask().WaitAsync(wait, stop.Token).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    return new DigitsResult(digits.ToString(), DigitsOutcome.TimedOut);
                }
                catch (Exception ex) when (HasEnded && ex is OperationCanceledException or ChannelClosedException)
                {
                    return new DigitsResult(digits.ToString(), DigitsOutcome.HungUp);
                }
                if (options.Terminator is char terminator && digit == terminator)
                    return new DigitsResult(digits.ToString(), DigitsOutcome.Terminated);
                digits.Append(digit);
            }
            return new DigitsResult(digits.ToString(), DigitsOutcome.Completed);
        }

        /// <summary>Ends the call from this side: Twilio and ACS streams are closed (the call then follows its TwiML or Call Automation), AudioSocket is sent its hang-up.</summary>
        public async ValueTask HangUpAsync()
        {
            if (HasEnded)
                return;
            try
            {
                await _channel.HangUpAsync().ConfigureAwait(false);
            }
            finally
            {
                End();
            }
        }

        // ---- from the channel's receive loop ----

        internal void OnDigit(char digit)
        {
            _digits.Writer.TryWrite(digit);
            Volatile.Read(ref _bargeIn)?.TrySetResult(digit);
        }

        internal void End()
        {
            if (HasEnded)
                return;
            try
            {
                _ended.Cancel();
            }
            catch (AggregateException ex)
            {
                _logger.LogWarning(ex, "Call {CallId}: a callback on hang-up failed", CallId);
            }
            _digits.Writer.TryComplete();
        }

        /// <summary>Runs the app's handler until it returns or the call ends, then closes the channel's side.</summary>
        internal async Task RunAsync(IPhoneCallHandler handler)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                await handler.HandleCallAsync(this, Ended).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (HasEnded)
            {
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "Call {CallId} on {Channel}: the call handler failed after {Elapsed} ms", CallId, Channel, clock.ElapsedMilliseconds);
            }
            finally
            {
                if (!HasEnded)
                    await HangUpAsync().ConfigureAwait(false);
            }
        }
    }
}
