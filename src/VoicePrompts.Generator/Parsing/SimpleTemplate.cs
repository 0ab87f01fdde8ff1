using System;
using System.Collections.Generic;

namespace VoicePrompts.Generator.Parsing
{
    /// <summary>
    /// Reads the templates almost every prompt uses — text and plain <c>{{ name }}</c> outputs — without Scriban.
    /// </summary>
    /// <remarks>
    /// Every compiler process that runs the generator would otherwise load and JIT Scriban's parser (about 550 methods)
    /// for text a scan can read. Anything this scan is not certain of — whitespace control, pipes, members, keywords,
    /// literals, builtins, escapes, a stray <c>}}</c>, a name that is not ASCII — is declined and goes to Scriban, so
    /// the result is always what Scriban would say; a test compares the two on thousands of templates.
    /// </remarks>
    internal static class SimpleTemplate
    {
        /// <summary>Names Scriban reads as something other than a global variable: never taken by the scan.</summary>
        private static readonly HashSet<string> s_notVariables = BuildNotVariables();

        private static HashSet<string> BuildNotVariables()
        {
            var names = new HashSet<string>(TemplateParser.Builtins, StringComparer.Ordinal);
            foreach (var keyword in TemplateParser.Keywords) names.Add(keyword);
            foreach (var word in new[] { "true", "false", "null", "this", "empty", "blank", "elseif", "else_if", "then", "end", "and", "or", "not" })
                names.Add(word);
            return names;
        }

        /// <summary>
        /// Splits <paramref name="text"/> into static parts and the outputs between them
        /// (<c>statics.Count == outputs.Count + 1</c>; each output's offset is where its name starts), or returns
        /// false when the text holds anything but plain text and plain outputs.
        /// </summary>
        public static bool TryParse(string text, out List<string> statics, out List<(string Name, int Offset)> outputs)
        {
            statics = new List<string>();
            outputs = new List<(string, int)>();
            if (text.IndexOf("{%", StringComparison.Ordinal) >= 0)
                return false; // Scriban's {%{ … }%} escape blocks
            int position = 0;
            while (true)
            {
                int open = text.IndexOf("{{", position, StringComparison.Ordinal);
                string segment = open < 0 ? text.Substring(position) : text.Substring(position, open - position);
                if (segment.IndexOf("}}", StringComparison.Ordinal) >= 0)
                    return false;
                statics.Add(segment);
                if (open < 0)
                    return true;

                int i = open + 2;
                while (i < text.Length && text[i] == ' ') i++;
                int nameStart = i;
                if (i >= text.Length || !IsNameStart(text[i]))
                    return false; // whitespace control, a literal, an expression
                while (i < text.Length && IsNamePart(text[i])) i++;
                string name = text.Substring(nameStart, i - nameStart);
                while (i < text.Length && text[i] == ' ') i++;
                if (i + 1 >= text.Length || text[i] != '}' || text[i + 1] != '}' || s_notVariables.Contains(name))
                    return false;
                if (i + 2 < text.Length && text[i + 2] == '}')
                    return false; // "}}}": leave the odd brace to Scriban
                outputs.Add((name, nameStart));
                position = i + 2;
            }
        }

        private static bool IsNameStart(char c) => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or '_';

        private static bool IsNamePart(char c) => IsNameStart(c) || c is >= '0' and <= '9';
    }
}
