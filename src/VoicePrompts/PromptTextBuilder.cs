using System;
using System.ComponentModel;
using System.Globalization;
using VoicePrompts.Shared;
#if NET
using System.Runtime.CompilerServices;
#else
using System.Text;
#endif

namespace VoicePrompts
{
    /// <summary>
    /// Builds the text of a template without logic (plain text and <c>{{ name }}</c> outputs) in generated code, with
    /// the result Scriban would render: values formatted in the template's culture, <see langword="null"/> as nothing,
    /// <see langword="bool"/> as <c>true</c>/<c>false</c>, anything else as Scriban writes it.
    /// </summary>
    /// <remarks>
    /// Generated code calls this; it is public only so that code in the user's assembly can. On .NET the common
    /// values (numbers, <see cref="Guid"/>, <see cref="TimeSpan"/>, enums, strings) are formatted into a pooled buffer
    /// without boxing, so the finished string is the only allocation. Values whose Scriban form is not their
    /// <see cref="IFormattable"/> text (<see cref="DateTime"/>, collections, objects, the user's own formattable types)
    /// are written by Scriban itself, so the two renderings cannot drift apart.
    /// </remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public ref struct PromptTextBuilder
    {
        private readonly CultureInfo _culture;
#if NET
        private DefaultInterpolatedStringHandler _text;
#else
        private StringBuilder? _text;

        [ThreadStatic]
        private static StringBuilder? t_cached;
#endif

        /// <summary>Starts a text of about <paramref name="literalLength"/> characters plus <paramref name="formattedCount"/> values.</summary>
        /// <param name="literalLength">The length of the template's text outside its outputs.</param>
        /// <param name="formattedCount">The number of outputs.</param>
        /// <param name="culture">The culture values are written in; <see langword="null"/> for the invariant culture (a neutral text).</param>
        public PromptTextBuilder(int literalLength, int formattedCount, CultureInfo? culture)
        {
            _culture = culture ?? CultureInfo.InvariantCulture;
#if NET
            _text = new DefaultInterpolatedStringHandler(literalLength, formattedCount, _culture);
#else
            var text = t_cached ?? new StringBuilder(Math.Max(literalLength + formattedCount * 11, 16));
            t_cached = null;
            _text = text;
#endif
        }

        /// <summary>Appends template text as written.</summary>
        public void AppendLiteral(string value)
        {
#if NET
            _text.AppendLiteral(value);
#else
            _text!.Append(value);
#endif
        }

        /// <summary>Appends a string value (<see langword="null"/> as nothing).</summary>
        public void AppendFormatted(string? value)
        {
            if (value is not null)
                AppendLiteral(ScribanOutput.CutValue(value));
        }

        /// <summary>Appends a string value that starts an indented line; see <see cref="AppendFormatted{T}(T, string)"/>.</summary>
        /// <param name="value">The value.</param>
        /// <param name="indent">The white space before the output on its line.</param>
        public void AppendFormatted(string? value, string indent)
        {
            if (value is not null)
                AppendLiteral(ScribanOutput.Indent(ScribanOutput.CutValue(value), indent));
        }

        /// <summary>Appends a value as Scriban writes it in the builder's culture.</summary>
        public void AppendFormatted<T>(T value)
        {
            if (value is null)
                return;
            // For a value type these tests are constants to the JIT: only one branch is compiled, and nothing is boxed.
            // (Strings take the overload above, so code that outputs only strings and numbers never reaches Scriban.)
            if (typeof(T) == typeof(bool))
            {
                AppendLiteral((bool)(object)value ? "true" : "false");
                return;
            }
#if NET
            if (IsPlain<T>())
            {
                // Their span formatting is their ToString(null, culture), which is what Scriban calls.
                _text.AppendFormatted(value);
                return;
            }
#endif
            AppendObject(value);
        }

        /// <summary>
        /// Appends a value that starts an indented line of the template (only white space before it on its line): every
        /// line of the value after the first gets that indent too, as Scriban's auto-indent writes it.
        /// </summary>
        /// <param name="value">The value.</param>
        /// <param name="indent">The white space before the output on its line.</param>
        public void AppendFormatted<T>(T value, string indent)
        {
            if (value is null)
                return;
            if (typeof(T) == typeof(bool) || IsPlain<T>())
            {
                AppendFormatted(value); // no line breaks to indent (a char that is one is also the value's last)
                return;
            }
            AppendLiteral(ScribanOutput.Indent(Format(value), indent));
        }

        /// <summary>The text, after which the builder must not be used.</summary>
        public string ToStringAndClear()
        {
#if NET
            string result = _text.ToStringAndClear();
#else
            var text = _text!;
            _text = null;
            string result = text.ToString();
            if (text.Capacity <= 4096)
            {
                text.Clear();
                t_cached = text;
            }
#endif
            return ScribanOutput.CutText(result);
        }

        /// <summary>A value whose type is known only at run time (an <c>object</c> parameter), or one Scriban writes its own way.</summary>
        private void AppendObject(object value) => AppendLiteral(Format(value));

        private string Format(object value) => value switch
        {
            string text => ScribanOutput.CutValue(text),
            bool flag => flag ? "true" : "false",
            IFormattable formattable when IsPlainFormattable(value) => formattable.ToString(null, _culture),
            _ => PromptTemplate.FormatValue(value, _culture),
        };

        /// <summary>
        /// The framework's value types whose Scriban text is their <see cref="IFormattable"/> text; for a value type the
        /// JIT folds the tests into a constant, so nothing is boxed to ask.
        /// </summary>
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        private static bool IsPlain<T>() =>
            typeof(T).IsEnum || typeof(T) == typeof(int) || typeof(T) == typeof(long) || typeof(T) == typeof(double)
            || typeof(T) == typeof(decimal) || typeof(T) == typeof(float) || typeof(T) == typeof(short) || typeof(T) == typeof(byte)
            || typeof(T) == typeof(uint) || typeof(T) == typeof(ulong) || typeof(T) == typeof(ushort) || typeof(T) == typeof(sbyte)
            || typeof(T) == typeof(char) || typeof(T) == typeof(Guid) || typeof(T) == typeof(TimeSpan) || typeof(T) == typeof(DateTimeOffset);

        /// <summary>The same types, asked of a value whose type is known only at run time.</summary>
        private static bool IsPlainFormattable(object value) =>
            value is Enum or int or long or double or decimal or float or short or byte or uint or ulong or ushort or sbyte or char
                or Guid or TimeSpan or DateTimeOffset;
    }
}
