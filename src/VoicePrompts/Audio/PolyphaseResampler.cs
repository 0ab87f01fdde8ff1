using System;

namespace VoicePrompts.Audio
{
    /// <summary>
    /// Streaming rational resampler for 16-bit mono PCM (24 → 8 kHz is 1/3, 24 → 16 kHz is 2/3): a Kaiser-windowed
    /// sinc low-pass run in polyphase form, so each output sample costs one short dot product and no upsampled
    /// signal is ever built. The filter passes up to 85 % of the lower Nyquist frequency (3.4 kHz for 8 kHz) and
    /// stops from 110 % (4.4 kHz) by about 70 dB, so speech above the new band cannot fold back into it.
    /// </summary>
    /// <remarks>
    /// Output sample <c>n</c> is centred on input time <c>n·M/L</c>: the filter's delay is taken out, so a clip keeps
    /// its length and its start. The input history is kept across calls, which makes the result independent of how
    /// the input is cut into chunks (the same sums in the same order). Sums are plain scalar floats for the same reason:
    /// the bytes are the same on every machine.
    /// </remarks>
    internal sealed class PolyphaseResampler
    {
        private const double StopbandAttenuationDb = 70;
        private const double PassbandEdge = 0.85;  // of the lower Nyquist frequency
        private const double StopbandEdge = 1.10;

        /// <summary>Filters by rate pair: designed once per process, shared by every converter (they only read them).</summary>
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<(int In, int Out), Polyphase> s_filters = new();

        private readonly int _up;
        private readonly int _down;
        private readonly int _delay;       // the prototype filter's centre, in prototype samples
        private readonly float[][] _phases; // per phase, taps in input order, scaled by _up
        private readonly int _maxTaps;

        private float[] _history;
        private int _historyCount;
        private long _historyStart;        // the input index of _history[0]
        private long _received;
        private long _produced;

        public PolyphaseResampler(int inputRate, int outputRate)
        {
            if (inputRate <= 0 || outputRate <= 0)
                throw new ArgumentOutOfRangeException(nameof(inputRate), "Sample rates must be positive.");
            var filter = s_filters.GetOrAdd((inputRate, outputRate), static key => Polyphase.Design(key.In, key.Out));
            (_up, _down, _delay, _phases, _maxTaps) = (filter.Up, filter.Down, filter.Delay, filter.Phases, filter.MaxTaps);
            _history = new float[Math.Max(4096, _maxTaps * 4)];
            // Silence before the first sample, so the first outputs need no special case.
            _historyCount = _maxTaps;
            _historyStart = -_maxTaps;
        }

        /// <summary>Output samples that <paramref name="inputSamples"/> more input could produce at most (for sizing buffers).</summary>
        public int MaxOutputFor(int inputSamples) => (int)(((long)inputSamples + _maxTaps + 1) * _up / _down) + 2;

        /// <summary>
        /// Takes <paramref name="input"/> and writes every output sample it makes ready into <paramref name="output"/>
        /// (at least <see cref="MaxOutputFor"/> long); returns how many.
        /// </summary>
        public int Process(ReadOnlySpan<short> input, Span<short> output)
        {
            Append(input);
            _received += input.Length;
            return Produce(output, _received);
        }

        /// <summary>Ends the input: writes the last outputs (the signal continued by silence); returns how many.</summary>
        public int Flush(Span<short> output)
        {
            long total = (_received * _up + _down - 1) / _down;
            if (_produced >= total)
                return 0;
            // Enough silence for the last output's window.
            long lastNeeded = ((total - 1) * _down + _delay) / _up;
            int padding = (int)Math.Max(0, lastNeeded + 1 - (_historyStart + _historyCount));
            EnsureRoom(padding);
            Array.Clear(_history, _historyCount, padding);
            _historyCount += padding;
            return Produce(output, lastNeeded + 1, total);
        }

        private int Produce(Span<short> output, long available, long limit = long.MaxValue)
        {
            int written = 0;
            while (_produced < limit)
            {
                long centre = _produced * _down + _delay;
                long newest = centre / _up;               // the newest input the window reaches
                if (newest >= available)
                    break;
                var taps = _phases[(int)(centre - newest * _up)];
                int start = (int)(newest - taps.Length + 1 - _historyStart);
                output[written++] = Round(Dot(_history, start, taps));
                _produced++;
            }
            Compact(force: false);
            return written;
        }

        private static float Dot(float[] history, int start, float[] taps)
        {
            // Four running sums in a fixed order: faster than one, and the same bytes whatever the chunking.
            float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            int i = 0;
            for (; i + 3 < taps.Length; i += 4)
            {
                s0 += history[start + i] * taps[i];
                s1 += history[start + i + 1] * taps[i + 1];
                s2 += history[start + i + 2] * taps[i + 2];
                s3 += history[start + i + 3] * taps[i + 3];
            }
            for (; i < taps.Length; i++)
                s0 += history[start + i] * taps[i];
            return (s0 + s1) + (s2 + s3);
        }

        private static short Round(float value)
        {
            if (value >= 32767f) return short.MaxValue;
            if (value <= -32768f) return short.MinValue;
            return (short)Math.Round(value);
        }

        private void Append(ReadOnlySpan<short> input)
        {
            EnsureRoom(input.Length);
            var history = _history;
            int at = _historyCount;
            for (int i = 0; i < input.Length; i++)
                history[at + i] = input[i];
            _historyCount += input.Length;
        }

        private void EnsureRoom(int more)
        {
            if (_historyCount + more <= _history.Length)
                return;
            Compact(force: true);
            if (_historyCount + more > _history.Length)
                Array.Resize(ref _history, Math.Max(_history.Length * 2, _historyCount + more));
        }

        /// <summary>Drops the inputs no later output can reach.</summary>
        private void Compact(bool force)
        {
            long oldestNeeded = (_produced * _down + _delay) / _up - _maxTaps + 1;
            int drop = (int)Math.Min(_historyCount, Math.Max(0, oldestNeeded - _historyStart));
            if (drop == 0 || !force && drop < _history.Length / 2)
                return; // copying is cheap only in bulk
            Array.Copy(_history, drop, _history, 0, _historyCount - drop);
            _historyCount -= drop;
            _historyStart += drop;
        }

        /// <summary>A designed filter split into its phases.</summary>
        private sealed class Polyphase(int up, int down, int delay, float[][] phases, int maxTaps)
        {
            public int Up { get; } = up;
            public int Down { get; } = down;
            public int Delay { get; } = delay;
            public float[][] Phases { get; } = phases;
            public int MaxTaps { get; } = maxTaps;

            public static Polyphase Design(int inputRate, int outputRate)
            {
                int gcd = Gcd(inputRate, outputRate);
                int up = outputRate / gcd, down = inputRate / gcd, maxTaps = 0;
                double[] prototype = PolyphaseResampler.Design(inputRate, outputRate, up);
                var phases = new float[up][];
                for (int phase = 0; phase < up; phase++)
                {
                    int count = (prototype.Length - phase + up - 1) / up;
                    var taps = new float[count];
                    for (int j = 0; j < count; j++)
                        taps[count - 1 - j] = (float)(prototype[phase + j * up] * up);
                    phases[phase] = taps;
                    maxTaps = Math.Max(maxTaps, count);
                }
                return new Polyphase(up, down, (prototype.Length - 1) / 2, phases, maxTaps);
            }
        }

        /// <summary>The prototype low-pass at <c>inputRate · up</c>, normalized to unit gain at DC.</summary>
        internal static double[] Design(int inputRate, int outputRate, int up)
        {
            double prototypeRate = (double)inputRate * up;
            double lowNyquist = Math.Min(inputRate, outputRate) / 2.0;
            double transition = (StopbandEdge - PassbandEdge) * lowNyquist;
            double cutoff = (StopbandEdge + PassbandEdge) / 2 * lowNyquist / prototypeRate; // cycles per prototype sample
            // Kaiser's estimates of the window's shape and length for the attenuation and transition width.
            double beta = 0.1102 * (StopbandAttenuationDb - 8.7);
            int length = (int)Math.Ceiling((StopbandAttenuationDb - 8) / (2.285 * 2 * Math.PI * transition / prototypeRate)) + 1;
            if (length % 2 == 0)
                length++;
            int centre = (length - 1) / 2;
            var taps = new double[length];
            double sum = 0, i0Beta = BesselI0(beta);
            for (int i = 0; i < length; i++)
            {
                double t = i - centre;
                double sinc = t == 0 ? 2 * cutoff : Math.Sin(2 * Math.PI * cutoff * t) / (Math.PI * t);
                double ratio = t / centre;
                taps[i] = sinc * BesselI0(beta * Math.Sqrt(Math.Max(0, 1 - ratio * ratio))) / i0Beta;
                sum += taps[i];
            }
            for (int i = 0; i < length; i++)
                taps[i] /= sum;
            return taps;
        }

        private static double BesselI0(double x)
        {
            double sum = 1, term = 1, half = x / 2;
            for (int k = 1; k < 50; k++)
            {
                term *= half / k;
                double squared = term * term;
                sum += squared;
                if (squared < sum * 1e-17)
                    break;
            }
            return sum;
        }

        private static int Gcd(int a, int b)
        {
            while (b != 0)
                (a, b) = (b, a % b);
            return a;
        }
    }
}
