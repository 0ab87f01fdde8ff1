using System;
using System.IO;
using VoicePrompts.Shared;

namespace VoicePrompts.Audio
{
    /// <summary>
    /// Turns a backend's 16-bit PCM (bare at a known rate, or WAV whose header tells the rate) into a telephony
    /// format while it streams: low-pass and resample, then G.711 or PCM, with a WAV header first where the target
    /// has one. Each chunk in gives the bytes ready so far; chunks may end anywhere, mid-sample and mid-header, and
    /// the concatenated output is the same bytes however the input was cut.
    /// </summary>
    internal sealed class AudioConverter
    {
        /// <summary>A header longer than this without samples is not a speech WAV.</summary>
        private const int MaxSourceHeader = 64 * 1024;

        private readonly AudioFormatFacts _target;
        private AudioFormatFacts _source;
        private bool _awaitingSourceHeader;
        private MemoryStream? _sourceHeader;
        private long _sourceDataLeft = long.MaxValue;
        private int _pendingByte = -1;
        private PolyphaseResampler? _resampler;
        private bool _headerSent;
        private bool _completed;

        private short[] _samples = Array.Empty<short>();
        private short[] _resampled = Array.Empty<short>();
        private byte[] _output = new byte[1024];
        private int _outputLength;

        /// <param name="source">What the backend sends; a WAV source may leave the rate 0 (its header tells it).</param>
        /// <param name="target">What the caller asked for.</param>
        public AudioConverter(AudioFormatFacts source, AudioFormatFacts target)
        {
            if (target.Encoding == SampleEncoding.Other || target.SampleRate <= 0)
                throw new ArgumentException("The target must be PCM or G.711 at a fixed rate.", nameof(target));
            if (source.Encoding == SampleEncoding.Other)
                throw new ArgumentException("The source must be PCM or G.711.", nameof(source));
            _source = source;
            _target = target;
            _awaitingSourceHeader = source.IsWav;
            if (!source.IsWav)
                Prepare();
        }

        /// <summary>Converts a whole clip: the same bytes as streaming it, with the WAV sizes filled in.</summary>
        public static byte[] ConvertAll(ReadOnlySpan<byte> input, AudioFormatFacts source, AudioFormatFacts target)
        {
            var converter = new AudioConverter(source, target);
            byte[] head = converter.Convert(input);
            byte[] tail = converter.Complete();
            var all = new byte[head.Length + tail.Length];
            head.CopyTo(all, 0);
            tail.CopyTo(all, head.Length);
            if (target.IsWav)
                WavHeader.FixSizes(all);
            return all;
        }

        /// <summary>The converted bytes <paramref name="input"/> makes ready (possibly none).</summary>
        /// <exception cref="InvalidDataException">The source's WAV header names a coding other than mono PCM or G.711.</exception>
        public byte[] Convert(ReadOnlySpan<byte> input)
        {
            if (_completed)
                throw new InvalidOperationException("The conversion is complete.");
            WriteTargetHeader();
            if (_awaitingSourceHeader)
            {
                _sourceHeader ??= new MemoryStream();
                Write(_sourceHeader, input);
                if (!TryReadSourceHeader(out int samplesAt))
                    return TakeOutput();
                var buffered = _sourceHeader.GetBuffer().AsSpan(samplesAt, (int)_sourceHeader.Length - samplesAt);
                _sourceHeader = null;
                ConvertSamples(buffered);
                return TakeOutput();
            }
            ConvertSamples(input);
            return TakeOutput();
        }

        /// <summary>The last bytes: the filter's tail. A trailing half sample (an odd byte) has no value and is dropped.</summary>
        /// <exception cref="InvalidDataException">The source ended before its WAV header did.</exception>
        public byte[] Complete()
        {
            if (_completed)
                return Array.Empty<byte>();
            _completed = true;
            WriteTargetHeader();
            if (_awaitingSourceHeader)
                throw new InvalidDataException(_sourceHeader is null || _sourceHeader.Length == 0
                    ? "The audio ended before any WAV header arrived."
                    : $"The audio ended after {_sourceHeader.Length:N0} bytes, inside its WAV header.");
            if (_resampler is not null)
            {
                EnsureCapacity(ref _resampled, _resampler.MaxOutputFor(0));
                int count = _resampler.Flush(_resampled);
                Encode(_resampled.AsSpan(0, count));
            }
            return TakeOutput();
        }

        private void WriteTargetHeader()
        {
            if (_headerSent || !_target.IsWav)
                return;
            _headerSent = true;
            WriteOutput(WavHeader.For(_target.Encoding, _target.SampleRate, dataLength: null));
        }

        private bool TryReadSourceHeader(out int samplesAt)
        {
            samplesAt = 0;
            var bytes = _sourceHeader!.GetBuffer().AsSpan(0, (int)_sourceHeader.Length);
            if (WavHeader.DataOffset(bytes) is not int offset)
            {
                if (bytes.Length > MaxSourceHeader)
                    throw new InvalidDataException($"No WAV samples in the first {bytes.Length:N0} bytes of the audio.");
                return false;
            }
            if (offset == 0)
                throw new InvalidDataException("The audio is not WAV: it does not start with a RIFF/WAVE header.");
            var format = WavHeader.ReadFormat(bytes)
                ?? throw new InvalidDataException("The WAV audio has no 'fmt ' chunk before its samples.");
            if (format.Channels != 1 || format.Encoding == SampleEncoding.Other || format.SampleRate <= 0)
                throw new InvalidDataException(
                    $"The WAV audio is {format.Channels}-channel, {format.BitsPerSample}-bit, format tag {format.FormatTag}, {format.SampleRate} Hz; "
                    + "VoicePrompts converts mono 16-bit PCM or G.711.");
            _source = new AudioFormatFacts(format.Encoding, format.SampleRate, isWav: false);
            if (WavHeader.DeclaredDataLength(bytes) is long declared)
                _sourceDataLeft = declared;
            _awaitingSourceHeader = false;
            samplesAt = offset;
            Prepare();
            return true;
        }

        private void Prepare()
        {
            if (_source.SampleRate <= 0)
                throw new ArgumentException("A bare source needs its sample rate.", "source");
            if (_source.SampleRate != _target.SampleRate)
                _resampler = new PolyphaseResampler(_source.SampleRate, _target.SampleRate);
        }

        private void ConvertSamples(ReadOnlySpan<byte> bytes)
        {
            // Chunks after a declared data chunk (a LIST at the end) are not samples.
            if (_sourceDataLeft < bytes.Length)
                bytes = bytes.Slice(0, (int)_sourceDataLeft);
            if (_sourceDataLeft != long.MaxValue)
                _sourceDataLeft -= bytes.Length;
            if (bytes.IsEmpty)
                return;

            if (_resampler is null && _source.Encoding == _target.Encoding)
            {
                WriteOutput(bytes); // the same samples: only the container differs
                return;
            }
            int count = ReadSamples(bytes);
            var samples = _samples.AsSpan(0, count);
            if (_resampler is not null)
            {
                EnsureCapacity(ref _resampled, _resampler.MaxOutputFor(count));
                int produced = _resampler.Process(samples, _resampled);
                samples = _resampled.AsSpan(0, produced);
            }
            Encode(samples);
        }

        /// <summary>Decodes the source's bytes into <see cref="_samples"/>, carrying half a PCM sample to the next chunk.</summary>
        private int ReadSamples(ReadOnlySpan<byte> bytes)
        {
            if (_source.Encoding != SampleEncoding.Pcm16)
            {
                EnsureCapacity(ref _samples, bytes.Length);
                for (int i = 0; i < bytes.Length; i++)
                    _samples[i] = _source.Encoding == SampleEncoding.MuLaw ? G711.DecodeMuLaw(bytes[i]) : G711.DecodeALaw(bytes[i]);
                return bytes.Length;
            }
            EnsureCapacity(ref _samples, (bytes.Length + 1) / 2);
            int count = 0, at = 0;
            if (_pendingByte >= 0)
            {
                _samples[count++] = (short)(_pendingByte | bytes[0] << 8);
                _pendingByte = -1;
                at = 1;
            }
            for (; at + 1 < bytes.Length; at += 2)
                _samples[count++] = (short)(bytes[at] | bytes[at + 1] << 8);
            if (at < bytes.Length)
                _pendingByte = bytes[at];
            return count;
        }

        private void Encode(ReadOnlySpan<short> samples)
        {
            if (samples.IsEmpty)
                return;
            int bytes = samples.Length * _target.BytesPerSample;
            EnsureCapacity(ref _output, _outputLength + bytes);
            var into = _output.AsSpan(_outputLength, bytes);
            switch (_target.Encoding)
            {
                case SampleEncoding.MuLaw:
                    G711.EncodeMuLaw(samples, into);
                    break;
                case SampleEncoding.ALaw:
                    G711.EncodeALaw(samples, into);
                    break;
                default:
                    for (int i = 0; i < samples.Length; i++)
                    {
                        into[2 * i] = (byte)samples[i];
                        into[2 * i + 1] = (byte)(samples[i] >> 8);
                    }
                    break;
            }
            _outputLength += bytes;
        }

        private void WriteOutput(ReadOnlySpan<byte> bytes)
        {
            EnsureCapacity(ref _output, _outputLength + bytes.Length);
            bytes.CopyTo(_output.AsSpan(_outputLength));
            _outputLength += bytes.Length;
        }

        private byte[] TakeOutput()
        {
            if (_outputLength == 0)
                return Array.Empty<byte>();
            byte[] result = _output.AsSpan(0, _outputLength).ToArray();
            _outputLength = 0;
            return result;
        }

        private static void EnsureCapacity<T>(ref T[] buffer, int length)
        {
            if (buffer.Length < length)
                Array.Resize(ref buffer, Math.Max(length, buffer.Length * 2));
        }

        private static void Write(MemoryStream stream, ReadOnlySpan<byte> bytes)
        {
#if NET
            stream.Write(bytes);
#else
            byte[] array = bytes.ToArray();
            stream.Write(array, 0, array.Length);
#endif
        }
    }
}
