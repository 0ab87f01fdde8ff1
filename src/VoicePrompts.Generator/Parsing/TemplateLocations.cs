using System;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using VoicePrompts.Generator.Model;

namespace VoicePrompts.Generator.Parsing
{
    /// <summary>
    /// Turns a position in a template's text into a location in the file that declares it: inside the C# string
    /// literal (escapes accounted for) or inside the YAML scalar. Where the mapping is not exact — a constant
    /// expression, a multi-line raw string, a folded YAML block — the whole literal or scalar is used.
    /// </summary>
    internal static class TemplateLocations
    {
        /// <summary>The location of <paramref name="template"/>[offset .. offset+length) inside a C# attribute argument.</summary>
        public static Location? InCSharp(ExpressionSyntax? expression, string template, int offset, int length)
        {
            if (expression is null)
                return null;
            if (expression is LiteralExpressionSyntax literal && literal.Token.IsKind(SyntaxKind.StringLiteralToken))
            {
                var map = MapCSharpLiteral(literal.Token.Text, template);
                if (map is not null)
                    return Location.Create(expression.SyntaxTree, Slice(literal.Token.SpanStart, map, offset, length));
            }
            return expression.GetLocation();
        }

        public static Location InYaml(string path, SourceText? file, YamlScalar scalar, int offset, int length)
        {
            if (file is not null && scalar.Span.End <= file.Length)
            {
                string source = file.ToString(TextSpan.FromBounds(scalar.Span.Start, scalar.Span.End));
                int start = -1;
                if (source == scalar.Value)
                    start = scalar.Span.Start;
                else if (source.Length >= 2 && (source[0] == '"' || source[0] == '\'') && source[source.Length - 1] == source[0]
                         && source.Substring(1, source.Length - 2) == scalar.Value)
                    start = scalar.Span.Start + 1;
                if (start >= 0)
                {
                    int from = start + Math.Min(offset, scalar.Value.Length);
                    int to = start + Math.Min(offset + length, scalar.Value.Length);
                    var span = TextSpan.FromBounds(from, Math.Max(from, to));
                    return Location.Create(path, span, file.Lines.GetLinePositionSpan(span));
                }
            }
            return Yaml(path, scalar.Span);
        }

        public static Location Yaml(string path, YamlSpan span) =>
            Location.Create(path, TextSpan.FromBounds(span.Start, Math.Max(span.Start, span.End)),
                new LinePositionSpan(new LinePosition(span.StartLine, span.StartColumn), new LinePosition(span.EndLine, span.EndColumn)));

        private static TextSpan Slice(int tokenStart, int[] map, int offset, int length)
        {
            int last = map.Length - 1; // map[value.Length] = the closing quote
            int from = map[Math.Min(Math.Max(offset, 0), last)];
            int to = map[Math.Min(Math.Max(offset + length, 0), last)];
            return TextSpan.FromBounds(tokenStart + from, tokenStart + Math.Max(from, to));
        }

        /// <summary>
        /// For each character of the literal's value, its offset in the token text (plus one entry for the end), or
        /// null when the token is not a literal this method decodes exactly (the decoded value must equal
        /// <paramref name="value"/>).
        /// </summary>
        internal static int[]? MapCSharpLiteral(string token, string value)
        {
            var map = new int[value.Length + 1];
            int v = 0;
            if (token.StartsWith("@\"", StringComparison.Ordinal) && token.EndsWith("\"", StringComparison.Ordinal) && token.Length >= 3)
            {
                for (int i = 2; i < token.Length - 1; i++)
                {
                    if (v >= value.Length) return null;
                    map[v] = i;
                    if (token[i] == '"') i++; // "" is one quote
                    if (token[i] != value[v]) return null;
                    v++;
                }
                map[v] = token.Length - 1;
                return v == value.Length ? map : null;
            }
            if (token.StartsWith("\"\"\"", StringComparison.Ordinal))
            {
                // Single-line raw string: the content sits between the quote runs as written.
                int quotes = 0;
                while (quotes < token.Length && token[quotes] == '"') quotes++;
                if (token.IndexOf('\n') >= 0 || token.Length < 2 * quotes || token.Substring(quotes, token.Length - 2 * quotes) != value)
                    return null;
                for (int i = 0; i <= value.Length; i++) map[i] = quotes + i;
                return map;
            }
            if (!token.StartsWith("\"", StringComparison.Ordinal) || token.Length < 2)
                return null;
            for (int i = 1; i < token.Length - 1;)
            {
                if (v >= value.Length) return null;
                map[v] = i;
                if (token[i] != '\\')
                {
                    if (token[i] != value[v]) return null;
                    v++;
                    i++;
                    continue;
                }
                if (i + 1 >= token.Length - 1) return null;
                char escape = token[i + 1];
                int consumed = 2;
                string decoded;
                switch (escape)
                {
                    case '\'': decoded = "'"; break;
                    case '"': decoded = "\""; break;
                    case '\\': decoded = "\\"; break;
                    case '0': decoded = "\0"; break;
                    case 'a': decoded = "\a"; break;
                    case 'b': decoded = "\b"; break;
                    case 'e': decoded = "\u001b"; break;
                    case 'f': decoded = "\f"; break;
                    case 'n': decoded = "\n"; break;
                    case 'r': decoded = "\r"; break;
                    case 't': decoded = "\t"; break;
                    case 'v': decoded = "\v"; break;
                    case 'u':
                    case 'U':
                    case 'x':
                    {
                        int max = escape == 'u' ? 4 : escape == 'U' ? 8 : 4;
                        int digits = 0;
                        while (digits < max && i + 2 + digits < token.Length - 1 && Uri.IsHexDigit(token[i + 2 + digits])) digits++;
                        if (digits == 0 || (escape != 'x' && digits != max)) return null;
                        int code = int.Parse(token.Substring(i + 2, digits), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                        if (code > 0x10FFFF) return null;
                        decoded = code >= 0xD800 && code <= 0xDFFF ? ((char)code).ToString() : char.ConvertFromUtf32(code);
                        consumed = 2 + digits;
                        break;
                    }
                    default:
                        return null;
                }
                foreach (char c in decoded)
                {
                    if (v >= value.Length || value[v] != c) return null;
                    map[v] = i;
                    v++;
                }
                i += consumed;
            }
            map[v] = token.Length - 1;
            return v == value.Length ? map : null;
        }
    }
}
