using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Scriban;
using Scriban.Runtime;

namespace VoicePrompts
{
    /// <summary>
    /// A parsed Scriban prompt template. Generated code parses each template once per process and renders it per
    /// call; rendering is culture-invariant so the text (and its token count) does not depend on the machine — a
    /// translation renders in its own culture (<c>3,5</c> in a French text), which does not depend on it either.
    /// </summary>
    public sealed class PromptTemplate
    {
        private readonly Template _template;

        private PromptTemplate(string text, Template template)
        {
            Text = text;
            _template = template;
        }

        /// <summary>The template source.</summary>
        public string Text { get; }

        /// <summary>Parses a template.</summary>
        /// <exception cref="FormatException">The template has a syntax error; the message gives line and column.</exception>
        public static PromptTemplate Parse(string text)
        {
            if (text is null) throw new ArgumentNullException(nameof(text));
            var template = Template.Parse(text);
            if (template.HasErrors)
            {
                string errors = string.Join("; ", template.Messages.Select(m =>
                    $"({m.Span.Start.Line + 1},{m.Span.Start.Column + 1}) {m.Message}"));
                throw new FormatException($"Prompt template has errors: {errors}");
            }
            return new PromptTemplate(text, template);
        }

        /// <summary>Renders the template with the given variables (names as the template spells them).</summary>
        /// <exception cref="InvalidOperationException">Rendering failed, e.g. a variable is missing.</exception>
        public string Render(IEnumerable<KeyValuePair<string, object?>> variables) => Render(variables, CultureInfo.InvariantCulture);

        /// <summary>Renders the template with the given variables, formatting numbers and dates as <paramref name="culture"/> writes them.</summary>
        /// <exception cref="InvalidOperationException">Rendering failed, e.g. a variable is missing.</exception>
        public string Render(IEnumerable<KeyValuePair<string, object?>> variables, CultureInfo culture)
        {
            if (variables is null) throw new ArgumentNullException(nameof(variables));
            if (culture is null) throw new ArgumentNullException(nameof(culture));
            var globals = new ScriptObject();
            foreach (var pair in variables)
                globals[pair.Key] = pair.Value;

            var context = CreateContext(culture);
            context.PushGlobal(globals);
            try
            {
                return _template.Render(context);
            }
            catch (Scriban.Syntax.ScriptRuntimeException ex)
            {
                throw new InvalidOperationException($"Prompt template could not be rendered: {ex.Message}", ex);
            }
        }

        /// <summary>
        /// A value as a template output writes it: what <see cref="PromptTextBuilder"/> leaves to Scriban (dates,
        /// collections, objects), through the same context a render uses.
        /// </summary>
        internal static string FormatValue(object value, CultureInfo culture) =>
            CreateContext(culture).ObjectToString(value) ?? "";

        // A fresh context per call: Scriban templates are safe to share, contexts are not.
        private static TemplateContext CreateContext(CultureInfo culture)
        {
            var context = new TemplateContext
            {
                StrictVariables = true,
                MemberRenamer = StandardMemberRenamer.Default,
            };
            context.PushCulture(culture);
            return context;
        }

        /// <inheritdoc />
        public override string ToString() => Text;
    }
}
