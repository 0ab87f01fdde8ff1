using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Scriban;
using Scriban.Parsing;
using Scriban.Syntax;
using VoicePrompts.Generator.Model;

namespace VoicePrompts.Generator.Parsing
{
    /// <summary>
    /// Parses a prompt template with Scriban to find the variables it reads (the template's inputs), its syntax
    /// errors, and — for a template without inputs — its constant text. Plain text with plain <c>{{ name }}</c>
    /// outputs is read by <see cref="SimpleTemplate"/> instead, with the same result.
    /// </summary>
    internal static class TemplateParser
    {
        /// <summary>
        /// Scriban's built-in objects and functions (<c>string.upcase</c>, <c>date.now</c>, …): never template inputs.
        /// A test checks this list against Scriban's own <c>BuiltinFunctions</c>.
        /// </summary>
        internal static readonly HashSet<string> Builtins = new(StringComparer.Ordinal)
        {
            "array", "blank", "date", "empty", "html", "include", "include_join", "math", "object", "regex", "string", "timespan",
        };

        /// <summary>
        /// Parses are remembered by template text: the generator and three analyzers each look at every template, on
        /// every build and in the IDE on every edit. Results are immutable and depend only on the text, so sharing
        /// them is safe; the cache is emptied when it grows past its cap rather than tracking recency.
        /// </summary>
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, TemplateAnalysis> s_analyses = new(StringComparer.Ordinal);
        private const int CacheCap = 8192;
        private const int MaxCachedLength = 16 * 1024;

        public static TemplateAnalysis Analyze(string text)
        {
            if (s_analyses.TryGetValue(text, out var cached))
                return cached;
            var analysis = AnalyzeUncached(text);
            if (text.Length > MaxCachedLength)
                return analysis;
            if (s_analyses.Count >= CacheCap)
                s_analyses.Clear();
            s_analyses[text] = analysis;
            return analysis;
        }

        private static TemplateAnalysis AnalyzeUncached(string text)
        {
            if (!SimpleTemplate.TryParse(text, out var statics, out var outputs))
                return AnalyzeWithScriban(text);
            var variables = new List<string>();
            var offsets = new List<int>();
            foreach (var (name, offset) in outputs)
            {
                if (variables.Contains(name)) continue;
                variables.Add(name);
                offsets.Add(offset);
            }
            return new TemplateAnalysis(text, variables.ToEquatableArray(), EquatableArray<TemplateError>.Empty,
                variables.Count == 0 ? text : null, offsets.ToEquatableArray(), TemplatePart.From(statics, outputs));
        }

        /// <summary>The full analysis by Scriban's parser (<see cref="Analyze"/> uses it for anything but the simplest templates).</summary>
        internal static TemplateAnalysis AnalyzeWithScriban(string text)
        {
            Template template;
            try
            {
                template = Template.Parse(text);
            }
            catch (Exception ex)
            {
                // Scriban reports errors as messages; an exception is a parser bug, still reported as a template error.
                return new TemplateAnalysis(text, EquatableArray<string>.Empty,
                    new[] { new TemplateError(ex.Message, 0, 0, 0) }.ToEquatableArray(), null);
            }

            if (template.HasErrors || template.Page is null)
            {
                var errors = new List<TemplateError>();
                foreach (var message in template.Messages)
                {
                    if (message.Type != ParserMessageType.Error) continue;
                    var start = message.Span.Start;
                    errors.Add(new TemplateError(message.Message, Math.Max(0, start.Offset), Math.Max(0, start.Line), Math.Max(0, start.Column)));
                }
                if (errors.Count == 0)
                    errors.Add(new TemplateError("The template could not be parsed.", 0, 0, 0));
                // Scriban's later errors follow from the first (an `if` without an expression also lacks its `end`).
                var first = KeywordUsedAsVariable(text, errors[0]) ?? errors[0];
                return new TemplateAnalysis(text, EquatableArray<string>.Empty, new[] { first }.ToEquatableArray(), null);
            }

            var declared = new DeclarationCollector();
            declared.Visit(template.Page);
            var references = new ReferenceCollector(declared.Names);
            references.Visit(template.Page);

            string? constant = null;
            if (references.Variables.Count == 0 && !references.UsesBuiltins)
                constant = RenderConstant(text, template);

            return new TemplateAnalysis(text, references.Variables.ToEquatableArray(), EquatableArray<TemplateError>.Empty, constant, references.Offsets.ToEquatableArray());
        }

        /// <summary>Scriban's keywords: a code block holding just one of them is a statement, never a variable.</summary>
        internal static readonly string[] Keywords =
        {
            "if", "else", "end", "for", "in", "while", "case", "when", "func", "ret", "with", "capture", "tablerow", "break",
            "continue", "import", "readonly", "include", "wrap", "do",
        };

        private static readonly System.Text.RegularExpressions.Regex KeywordBlock = new(
            @"\{\{[-~]?\s*(?<word>" + string.Join("|", Keywords) + @")\s*(\||[-~]?\}\})", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

        /// <summary>
        /// For a template whose error comes from a variable named like a keyword (<c>{{ when }}</c>): the error at that
        /// word, saying so. Scriban itself reports a statement missing its expression, which points nowhere useful.
        /// </summary>
        private static TemplateError? KeywordUsedAsVariable(string text, TemplateError error)
        {
            var match = KeywordBlock.Match(text);
            if (!match.Success)
                return null;
            var word = match.Groups["word"];
            int line = 0, column = 0;
            for (int i = 0; i < word.Index; i++)
            {
                if (text[i] == '\n') { line++; column = 0; }
                else column++;
            }
            return new TemplateError($"'{word.Value}' is a Scriban keyword, so it cannot name a variable; rename the variable (and its parameter), e.g. '{word.Value}_value' ({error.Message})",
                word.Index, line, column);
        }

        /// <summary>
        /// Splits a template made only of text and plain <c>{{ variable }}</c> outputs into its static parts and the
        /// variables between them (<c>statics.Count == variables.Count + 1</c>). Null for anything else — conditions,
        /// loops, pipes, functions — whose rendered length cannot be bounded from the parameters alone.
        /// </summary>
        public static (List<string> Statics, List<string> Variables)? TrySplit(string text)
        {
            if (SimpleTemplate.TryParse(text, out var simpleStatics, out var outputs))
                return (simpleStatics, outputs.ConvertAll(o => o.Name));
            return TrySplitWithScriban(text);
        }

        /// <summary><see cref="TrySplit"/> by parsing and rendering with Scriban.</summary>
        internal static (List<string> Statics, List<string> Variables)? TrySplitWithScriban(string text)
        {
            Template template;
            try
            {
                template = Template.Parse(text);
            }
            catch (Exception)
            {
                return null;
            }
            if (template.HasErrors || template.Page?.Body is null)
                return null;

            var variables = new List<string>();
            foreach (var statement in template.Page.Body.Statements)
            {
                switch (statement)
                {
                    case ScriptRawStatement:
                    case ScriptEscapeStatement: // the {{ and }} themselves
                        break;
                    case ScriptExpressionStatement { Expression: ScriptVariableGlobal variable } when !Builtins.Contains(variable.Name):
                        variables.Add(variable.Name);
                        break;
                    default:
                        return null;
                }
            }

            // Render with a unique marker per occurrence to learn the static text exactly as Scriban writes it
            // (whitespace control such as {{~ included).
            var markers = new Dictionary<string, int>(StringComparer.Ordinal);
            var globals = new Scriban.Runtime.ScriptObject();
            int marker = 0;
            foreach (var name in variables)
                if (!markers.ContainsKey(name))
                    markers[name] = marker++;
            foreach (var pair in markers)
                globals.Add(pair.Key, "\uE000" + pair.Value.ToString(CultureInfo.InvariantCulture) + "\uE001");
            string rendered;
            try
            {
                var context = new TemplateContext { StrictVariables = true, LoopLimit = 1000, RecursiveLimit = 50 };
                context.PushCulture(CultureInfo.InvariantCulture);
                context.PushGlobal(globals);
                rendered = template.Render(context);
            }
            catch (Exception)
            {
                return null;
            }

            var statics = new List<string>();
            var order = new List<string>();
            int position = 0;
            while (true)
            {
                int open = rendered.IndexOf('\uE000', position);
                if (open < 0) break;
                int close = rendered.IndexOf('\uE001', open);
                if (close < 0) return null;
                statics.Add(rendered.Substring(position, open - position));
                int index = int.Parse(rendered.Substring(open + 1, close - open - 1), CultureInfo.InvariantCulture);
                order.Add(markers.First(m => m.Value == index).Key);
                position = close + 1;
            }
            statics.Add(rendered.Substring(position));
            return order.SequenceEqual(variables) ? (statics, order) : null;
        }

        private static string? RenderConstant(string text, Template template)
        {
            // Plain text needs no rendering (and no Scriban runtime inside the compiler).
            if (text.IndexOf("{{", StringComparison.Ordinal) < 0 && text.IndexOf("{%", StringComparison.Ordinal) < 0)
                return text;
            try
            {
                var context = new TemplateContext { StrictVariables = true, LoopLimit = 1000, RecursiveLimit = 50 };
                context.PushCulture(CultureInfo.InvariantCulture);
                return template.Render(context);
            }
            catch (Exception)
            {
                // Not renderable at build time: rendered at run time instead, like any templated prompt.
                return null;
            }
        }

        /// <summary>Names the template itself defines: assignments, loop variables (for and tablerow), captures, functions and their parameters.</summary>
        private sealed class DeclarationCollector : ScriptVisitor
        {
            public HashSet<string> Names { get; } = new(StringComparer.Ordinal);

            public override void Visit(ScriptAssignExpression node)
            {
                if (node.Target is ScriptVariable variable) Names.Add(variable.Name);
                base.Visit(node);
            }

            public override void Visit(ScriptForStatement node)
            {
                if (node.Variable is ScriptVariable variable) Names.Add(variable.Name);
                base.Visit(node);
            }

            public override void Visit(ScriptCaptureStatement node)
            {
                if (node.Target is ScriptVariable variable) Names.Add(variable.Name);
                base.Visit(node);
            }

            public override void Visit(ScriptFunction node)
            {
                if (node.NameOrDoToken is ScriptVariable variable) Names.Add(variable.Name);
                if (node.Parameters is not null)
                    foreach (var parameter in node.Parameters)
                        if (parameter.Name is { } name) Names.Add(name.Name);
                base.Visit(node);
            }
        }

        /// <summary>Global variables read by the template, in order of first use, minus declarations and builtins.</summary>
        private sealed class ReferenceCollector : ScriptVisitor
        {
            private readonly HashSet<string> _declared;
            private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

            public ReferenceCollector(HashSet<string> declared) => _declared = declared;

            public List<string> Variables { get; } = new();

            public List<int> Offsets { get; } = new();

            public bool UsesBuiltins { get; private set; }

            public override void Visit(ScriptVariableGlobal node)
            {
                Add(node.Name, node.Span.Start.Offset);
                base.Visit(node);
            }

            public override void Visit(ScriptMemberExpression node)
            {
                // In `user.first_name` only `user` is a variable; in `this.name`, `name` is.
                if (node.Target is ScriptThisExpression && node.Member is ScriptVariable member)
                    Add(member.Name, member.Span.Start.Offset);
                else
                    node.Target?.Accept(this);
            }

            public override void Visit(ScriptWithStatement node)
            {
                // Names inside `with obj … end` resolve against obj first: only obj itself is an input.
                node.Name?.Accept(this);
            }

            private void Add(string name, int offset)
            {
                if (Builtins.Contains(name))
                {
                    UsesBuiltins = true;
                    return;
                }
                if (_declared.Contains(name)) return;
                if (_seen.Add(name))
                {
                    Variables.Add(name);
                    Offsets.Add(Math.Max(0, offset));
                }
            }
        }
    }
}
