using System.Text;

namespace VoicePrompts.Shared
{
    /// <summary>
    /// Two rules of Scriban's output that change prompt text and are written nowhere in its docs, for everything that
    /// renders a simple template without Scriban: the runtime's <c>PromptTextBuilder</c> and the analyzers'
    /// example rendering. (Found, and checked, by comparing thousands of renders with Scriban's.)
    /// </summary>
    internal static class ScribanOutput
    {
        /// <summary>Scriban's <c>LimitToString</c>: a value this long or longer, and a text longer, is cut here and marked "...".</summary>
        public const int Limit = 1024 * 1024;

        /// <summary>A value as Scriban writes it: cut at <see cref="Limit"/> when it reaches it.</summary>
        public static string CutValue(string value) =>
            value.Length >= Limit ? value.Substring(0, Limit) + "..." : value;

        /// <summary>A whole rendered text as Scriban returns it: cut at <see cref="Limit"/> when longer.</summary>
        public static string CutText(string text) =>
            text.Length > Limit ? text.Substring(0, Limit) + "..." : text;

        /// <summary>
        /// Scriban's auto-indent: a value alone after white space at a line's start gets that white space after each of
        /// its line breaks, except one that ends the value.
        /// </summary>
        public static string Indent(string value, string indent)
        {
            int lineBreak = value.IndexOf('\n');
            if (lineBreak < 0 || lineBreak == value.Length - 1)
                return value;
            var indented = new StringBuilder(value.Length + indent.Length * 4);
            int start = 0;
            for (; lineBreak >= 0 && lineBreak < value.Length - 1; lineBreak = value.IndexOf('\n', start))
            {
                indented.Append(value, start, lineBreak + 1 - start).Append(indent);
                start = lineBreak + 1;
            }
            return indented.Append(value, start, value.Length - start).ToString();
        }
    }
}
