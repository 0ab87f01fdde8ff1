using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis.Text;
using VoicePrompts.Generator.Model;
using VoicePrompts.Shared;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace VoicePrompts.Generator.Parsing
{
    /// <summary>
    /// Reads a <c>.voice.yaml</c> file into a <see cref="VoiceYamlFile"/>. Never throws: malformed input becomes
    /// problems with line and column, and whatever is well-formed is kept.
    /// </summary>
    /// <remarks>
    /// Uses YamlDotNet's event parser rather than its object model so that every value keeps its position, duplicate
    /// keys are seen (the object model throws on the first), and aliases are refused before anything is expanded.
    /// </remarks>
    internal static class VoiceYamlParser
    {
        /// <summary>Files larger than this are refused (a diagnostic says so) to keep the compiler's memory bounded.</summary>
        public const int MaxFileCharacters = 1024 * 1024;

        /// <summary>Nesting deeper than this is refused; the format itself needs four levels.</summary>
        public const int MaxDepth = 32;

        internal static readonly string[] FileKeys = { "class", "voice", "instructions", "model", "format", "speed", "pronounce", "prompts" };
        internal static readonly string[] PromptKeys = { "text", "voice", "instructions", "model", "format", "speed", "pronounce", "parameters" };
        internal static readonly string[] ParameterKeys = { "type", "example", "max_length" };
        internal static readonly string[] PronounceKeys = { "say", "ignore_case" };

        /// <summary>
        /// The culture a file's name gives it, as resx files do (<c>Menu.fr.voice.yaml</c> → <c>fr</c>): the last dotted
        /// part before <c>.voice.yaml</c>, when .NET knows it as a culture. <paramref name="candidate"/> is that part when
        /// it is shaped like a culture name that .NET does not know.
        /// </summary>
        public static string? CultureOf(string path, out string? candidate)
        {
            candidate = null;
            string name = Path.GetFileName(path);
            if (!name.EndsWith(KnownNames.VoiceYamlSuffix, StringComparison.OrdinalIgnoreCase))
                return null;
            string stem = name.Substring(0, name.Length - KnownNames.VoiceYamlSuffix.Length);
            int dot = stem.LastIndexOf('.');
            if (dot <= 0)
                return null;
            string part = stem.Substring(dot + 1);
            if (!CultureNames.IsWellFormed(part))
                return null;
            string? culture = CultureNames.Normalize(part);
            if (culture is null)
                candidate = part;
            return culture;
        }

        /// <summary>The neutral file a translation belongs beside: <c>dir/Menu.fr.voice.yaml</c> → <c>dir/Menu.voice.yaml</c>.</summary>
        public static string NeutralPathOf(string path)
        {
            string name = Path.GetFileName(path);
            string stem = name.Substring(0, name.Length - KnownNames.VoiceYamlSuffix.Length);
            int dot = stem.LastIndexOf('.');
            return path.Substring(0, path.Length - name.Length) + stem.Substring(0, dot) + name.Substring(stem.Length);
        }

        /// <summary>
        /// Each file's parse, kept for as long as its text lives. The compiler and the IDE hand the generator and the
        /// analyzers the same <see cref="SourceText"/> for an additional file, which would otherwise be parsed three
        /// times a build (the generator, the YAML analyzer and the shutdown analyzer).
        /// </summary>
        private static readonly ConditionalWeakTable<SourceText, VoiceYamlFile> ParsedTexts = new();

        /// <summary>The parse of an additional file's text; the same text parsed before is not parsed again.</summary>
        public static VoiceYamlFile Parse(string path, SourceText? text)
        {
            if (text is null)
                return Parse(path, (string?)null);
            var file = ParsedTexts.GetValue(text, t => Parse(path, t.ToString()));
            // One text under two paths (never in a build) must not take the other's path and culture.
            return file.Path == path ? file : Parse(path, text.ToString());
        }

        public static VoiceYamlFile Parse(string path, string? text)
        {
            var problems = new List<YamlProblem>();
            var empty = new VoiceYamlFile(path, null, YamlVoiceSettings.None, EquatableArray<YamlPromptModel>.Empty, EquatableArray<YamlProblem>.Empty);
            if (text is null)
            {
                problems.Add(new YamlProblem(YamlProblemKind.Syntax, "the file could not be read", Origin));
                return empty with { Problems = problems.ToEquatableArray() };
            }
            if (text.Length > MaxFileCharacters)
            {
                problems.Add(new YamlProblem(YamlProblemKind.TooLarge,
                    $"the file is {text.Length:N0} characters; a .voice.yaml file may have at most {MaxFileCharacters:N0}", Origin));
                return empty with { Problems = problems.ToEquatableArray() };
            }

            // A byte order mark that reached the text would otherwise be read as part of the first key.
            if (text.Length > 0 && text[0] == '\uFEFF')
                text = text.Substring(1);

            Node? root;
            var reader = new TreeReader(text, problems);
            try
            {
                root = reader.ReadDocument();
            }
            catch (YamlException ex)
            {
                problems.Add(SyntaxProblem(ex, text, reader));
                root = null;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                problems.Add(new YamlProblem(YamlProblemKind.Syntax, "The file could not be read as YAML (" + ex.Message + ")", reader.LastSpan ?? Origin));
                root = null;
            }

            if (root is null)
                return empty with { Problems = problems.ToEquatableArray() };

            var schema = new SchemaReader(problems);
            var file = schema.ReadFile(path, root);
            string? culture = CultureOf(path, out string? candidate);
            return file with { Problems = problems.ToEquatableArray(), Culture = culture, CultureCandidate = candidate };
        }

        private static readonly YamlSpan Origin = new(0, 0, 0, 0, 0, 0);

        internal static YamlSpan SpanOf(Mark start, Mark end)
        {
            // YamlDotNet marks are 1-based; Roslyn's line positions are 0-based.
            int startIndex = (int)Math.Max(0, start.Index);
            int endIndex = (int)Math.Max(startIndex, end.Index);
            return new YamlSpan(startIndex, endIndex,
                (int)Math.Max(0, start.Line - 1), (int)Math.Max(0, start.Column - 1),
                (int)Math.Max(0, end.Line - 1), (int)Math.Max(0, end.Column - 1));
        }

        /// <summary>
        /// YamlDotNet's exception as a problem a person can act on. Its positions are where its scanner stopped, which for
        /// a tab or an unclosed bracket is often far from the cause (a nested tab is reported at 1,1): those two are found
        /// in the text or in the reader's open collections instead.
        /// </summary>
        private static YamlProblem SyntaxProblem(YamlException ex, string text, TreeReader reader)
        {
            string message = CleanMessage(ex.Message);
            var span = SpanOf(ex.Start, ex.End);
            if (message.IndexOf("tab", StringComparison.OrdinalIgnoreCase) >= 0 && IndentingTab(text, span.StartLine) is { } tab)
                return new YamlProblem(YamlProblemKind.Syntax, "A tab is used for indentation here; YAML indents with spaces only", tab);
            if (message.IndexOf("flow", StringComparison.OrdinalIgnoreCase) >= 0 && reader.OpenFlow is { } open)
                return new YamlProblem(YamlProblemKind.Syntax,
                    $"The '{open.Bracket}' opened here is never closed: {message}", open.Span);
            if (message.IndexOf("quoted scalar", StringComparison.OrdinalIgnoreCase) >= 0 && message.IndexOf("end of stream", StringComparison.OrdinalIgnoreCase) >= 0)
                return new YamlProblem(YamlProblemKind.Syntax, "The quoted value that starts here is never closed; add its closing quote", span);
            if (message.IndexOf("invalid mapping", StringComparison.OrdinalIgnoreCase) >= 0 || message.IndexOf("mapping values are not allowed", StringComparison.OrdinalIgnoreCase) >= 0)
                return new YamlProblem(YamlProblemKind.Syntax,
                    "A ':' here starts a mapping where none can start; check this line's indentation, or quote a value that contains ': '", span);
            return new YamlProblem(YamlProblemKind.Syntax, message.Length > 0 ? char.ToUpperInvariant(message[0]) + message.Substring(1) : message, span);
        }

        /// <summary>The first tab in a line's indentation, from <paramref name="fromLine"/> on (else anywhere).</summary>
        private static YamlSpan? IndentingTab(string text, int fromLine)
        {
            YamlSpan? first = null;
            int line = 0, lineStart = 0;
            for (int i = 0; i <= text.Length; i++)
            {
                if (i < text.Length && text[i] != '\n') continue;
                for (int j = lineStart; j < i && (text[j] == ' ' || text[j] == '\t'); j++)
                {
                    if (text[j] != '\t') continue;
                    var span = new YamlSpan(j, j + 1, line, j - lineStart, line, j - lineStart + 1);
                    if (line >= fromLine) return span;
                    first ??= span;
                    break;
                }
                line++;
                lineStart = i + 1;
            }
            return first;
        }

        private static string CleanMessage(string message)
        {
            // YamlDotNet prefixes "(Line: 3, Col: 5, Idx: 20) - (…): "; the diagnostic carries the position itself.
            int marker = message.IndexOf("): ", StringComparison.Ordinal);
            return marker >= 0 && message.StartsWith("(", StringComparison.Ordinal) ? message.Substring(marker + 3) : message;
        }

        // ---- A minimal positioned tree built from parser events ----

        internal abstract class Node
        {
            protected Node(YamlSpan span) => Span = span;

            public YamlSpan Span { get; }
        }

        internal sealed class ScalarNode : Node
        {
            public ScalarNode(string value, bool isPlain, YamlSpan span) : base(span)
            {
                Value = value;
                IsPlain = isPlain;
            }

            public string Value { get; }

            public bool IsPlain { get; }

            /// <summary>A plain empty scalar, <c>~</c> or <c>null</c>: YAML's null.</summary>
            public bool IsNull => IsPlain && (Value.Length == 0 || Value == "~" || Value == "null" || Value == "Null" || Value == "NULL");

            public YamlScalar ToScalar() => new(Value, Span);
        }

        internal sealed class MappingNode : Node
        {
            public MappingNode(YamlSpan span) : base(span)
            {
            }

            public List<KeyValuePair<ScalarNode, Node>> Entries { get; } = new();
        }

        internal sealed class SequenceNode : Node
        {
            public SequenceNode(YamlSpan span) : base(span)
            {
            }
        }

        private sealed class TreeReader
        {
            private readonly IParser _parser;
            private readonly List<YamlProblem> _problems;
            private readonly Stack<(char Bracket, YamlSpan Span)> _openFlow = new();

            /// <summary>The innermost <c>{</c> or <c>[</c> not yet closed, for an error at the end of the file.</summary>
            public (char Bracket, YamlSpan Span)? OpenFlow => _openFlow.Count > 0 ? _openFlow.Peek() : null;

            /// <summary>Where the last event read was, for errors that carry no position.</summary>
            public YamlSpan? LastSpan { get; private set; }

            public TreeReader(string text, List<YamlProblem> problems)
            {
                _parser = new Parser(new StringReader(text));
                _problems = problems;
            }

            public Node? ReadDocument()
            {
                _parser.Consume<StreamStart>();
                if (_parser.TryConsume<StreamEnd>(out _))
                    return null; // empty file: reported as a missing class by the schema reader
                _parser.Consume<DocumentStart>();
                var root = ReadNode(depth: 0);
                _parser.Consume<DocumentEnd>();
                if (_parser.Current is DocumentStart second)
                    _problems.Add(new YamlProblem(YamlProblemKind.Syntax,
                        "a .voice.yaml file holds one document; remove the second '---' document", SpanOf(second.Start, second.End)));
                return root;
            }

            private Node ReadNode(int depth)
            {
                var current = _parser.Current ?? throw new YamlException("unexpected end of the file");
                LastSpan = SpanOf(current.Start, current.End);
                if (depth > MaxDepth)
                    throw new YamlException(current.Start, current.End, $"nesting is deeper than {MaxDepth} levels");

                switch (current)
                {
                    case AnchorAlias alias:
                        _parser.MoveNext();
                        // Refused outright: no expansion means no billion-laughs blow-up inside the compiler.
                        _problems.Add(new YamlProblem(YamlProblemKind.Syntax,
                            $"aliases (*{alias.Value}) are not supported in .voice.yaml; write the value out", SpanOf(alias.Start, alias.End)));
                        return new ScalarNode("", isPlain: true, SpanOf(alias.Start, alias.End));

                    case Scalar scalar:
                        _parser.MoveNext();
                        return new ScalarNode(scalar.Value, scalar.Style == ScalarStyle.Plain, SpanOf(scalar.Start, scalar.End));

                    case SequenceStart start:
                    {
                        if (start.Style == YamlDotNet.Core.Events.SequenceStyle.Flow)
                            _openFlow.Push(('[', SpanOf(start.Start, start.End)));
                        _parser.MoveNext();
                        while (!(_parser.Current is SequenceEnd))
                            ReadNode(depth + 1);
                        var end = _parser.Current!;
                        if (start.Style == YamlDotNet.Core.Events.SequenceStyle.Flow)
                            _openFlow.Pop();
                        _parser.MoveNext();
                        return new SequenceNode(SpanOf(start.Start, end.End));
                    }

                    case MappingStart start:
                    {
                        bool flow = start.Style == YamlDotNet.Core.Events.MappingStyle.Flow;
                        if (flow)
                            _openFlow.Push(('{', SpanOf(start.Start, start.End)));
                        _parser.MoveNext();
                        var mapping = new MappingNode(SpanOf(start.Start, start.End));
                        while (!(_parser.Current is MappingEnd))
                        {
                            var keyNode = ReadNode(depth + 1);
                            var value = ReadNode(depth + 1);
                            if (keyNode is not ScalarNode key)
                            {
                                _problems.Add(new YamlProblem(YamlProblemKind.Schema, "mapping keys must be plain names", keyNode.Span));
                                continue;
                            }
                            if (mapping.Entries.Any(e => e.Key.Value == key.Value))
                            {
                                _problems.Add(new YamlProblem(YamlProblemKind.DuplicateKey, $"key '{key.Value}' appears more than once", key.Span));
                                continue;
                            }
                            mapping.Entries.Add(new KeyValuePair<ScalarNode, Node>(key, value));
                        }
                        if (flow)
                            _openFlow.Pop();
                        _parser.MoveNext();
                        return mapping;
                    }

                    default:
                        throw new YamlException(current.Start, current.End, $"unexpected {current.GetType().Name}");
                }
            }
        }

        // ---- The .voice.yaml schema ----

        private sealed class SchemaReader
        {
            private readonly List<YamlProblem> _problems;

            public SchemaReader(List<YamlProblem> problems) => _problems = problems;

            public VoiceYamlFile ReadFile(string path, Node root)
            {
                var empty = new VoiceYamlFile(path, null, YamlVoiceSettings.None, EquatableArray<YamlPromptModel>.Empty, EquatableArray<YamlProblem>.Empty);
                if (root is not MappingNode mapping)
                {
                    Schema(root.Span, "the file must be a mapping with 'class' and 'prompts' keys");
                    return empty;
                }

                CheckKeys(mapping, FileKeys, "at file level");
                YamlScalar? className = Scalar(mapping, "class");
                if (className is null)
                    Schema(mapping.Span, "'class' is required: the full name of the class to generate, e.g. MyApp.Voice.CheckoutPrompts");
                else if (!IsValidTypeName(className.Value))
                {
                    Schema(className.Span, $"'{className.Value}' is not a valid C# type name");
                    className = null;
                }

                var settings = ReadSettings(mapping, out _);
                var pronounce = ReadPronounce(mapping, "at file level", out _);
                var prompts = new List<YamlPromptModel>();
                var promptsNode = Find(mapping, "prompts");
                if (promptsNode is MappingNode promptMap)
                {
                    foreach (var entry in promptMap.Entries)
                        prompts.Add(ReadPrompt(entry.Key, entry.Value));
                }
                else if (promptsNode is not null && !(promptsNode is ScalarNode { IsNull: true }))
                {
                    Schema(promptsNode.Span, "'prompts' must be a mapping of prompt names to prompts");
                }

                return new VoiceYamlFile(path, className, settings, prompts.ToEquatableArray(), EquatableArray<YamlProblem>.Empty, pronounce);
            }

            private YamlPromptModel ReadPrompt(ScalarNode key, Node value)
            {
                int problemsBefore = _problems.Count;
                bool valid = true;
                string name = PromptNaming.ToPascalCase(key.Value);
                if (!Identifiers.IsValid(name))
                {
                    Schema(key.Span, $"prompt name '{key.Value}' does not make a C# name (it becomes '{name}'); use letters, digits and underscores");
                    valid = false;
                }

                // Shorthand: `Welcome: Hello there!` is a prompt with just a text.
                if (value is ScalarNode { IsNull: false } shorthand)
                    return new YamlPromptModel(key.ToScalar(), shorthand.ToScalar(), YamlVoiceSettings.None, EquatableArray<YamlParameterModel>.Empty, valid);

                if (value is not MappingNode mapping)
                {
                    Schema(value.Span, $"prompt '{key.Value}' must be a mapping with a 'text' key");
                    return new YamlPromptModel(key.ToScalar(), null, YamlVoiceSettings.None, EquatableArray<YamlParameterModel>.Empty, false);
                }

                CheckKeys(mapping, PromptKeys, $"in prompt '{key.Value}'");
                var text = Scalar(mapping, "text");
                if (text is null)
                {
                    Schema(key.Span, $"prompt '{key.Value}' has no 'text'");
                    valid = false;
                }
                var settings = ReadSettings(mapping, out bool settingsValid);
                valid &= settingsValid;
                var pronounce = ReadPronounce(mapping, $"of prompt '{key.Value}'", out bool pronounceValid);
                valid &= pronounceValid;

                var parameters = new List<YamlParameterModel>();
                var parametersNode = Find(mapping, "parameters");
                if (parametersNode is MappingNode parameterMap)
                {
                    foreach (var entry in parameterMap.Entries)
                    {
                        var parameter = ReadParameter(key.Value, entry.Key, entry.Value, out bool parameterValid);
                        valid &= parameterValid;
                        if (parameter is not null) parameters.Add(parameter);
                    }
                }
                else if (parametersNode is not null && !(parametersNode is ScalarNode { IsNull: true }))
                {
                    Schema(parametersNode.Span, $"'parameters' of prompt '{key.Value}' must be a mapping of names to types");
                    valid = false;
                }

                // A problem inside the prompt (unknown key aside) means the prompt is not generated.
                valid &= !_problems.Skip(problemsBefore).Any(p => p.Kind != YamlProblemKind.UnknownKey);
                return new YamlPromptModel(key.ToScalar(), text, settings, parameters.ToEquatableArray(), valid, pronounce);
            }

            /// <summary><c>pronounce:</c>, a mapping of words to spoken forms (or to <c>{ say, ignore_case }</c>).</summary>
            private EquatableArray<YamlPronounceEntry> ReadPronounce(MappingNode mapping, string where, out bool valid)
            {
                valid = true;
                var node = Find(mapping, "pronounce");
                if (node is null or ScalarNode { IsNull: true })
                    return EquatableArray<YamlPronounceEntry>.Empty;
                if (node is not MappingNode map)
                {
                    Schema(node.Span, $"'pronounce' {where} must be a mapping of words to how they are said, e.g. 'SQL: sequel'");
                    valid = false;
                    return EquatableArray<YamlPronounceEntry>.Empty;
                }
                var entries = new List<YamlPronounceEntry>();
                foreach (var entry in map.Entries)
                {
                    if (entry.Key.Value.Trim().Length == 0)
                    {
                        Schema(entry.Key.Span, $"a word in 'pronounce' {where} is empty");
                        valid = false;
                        continue;
                    }
                    switch (entry.Value)
                    {
                        case ScalarNode { IsNull: false } spoken:
                            entries.Add(new YamlPronounceEntry(entry.Key.ToScalar(), spoken.ToScalar(), IgnoreCase: false));
                            break;
                        case MappingNode options:
                        {
                            CheckKeys(options, PronounceKeys, $"in the pronunciation of '{entry.Key.Value}'");
                            var say = Scalar(options, "say");
                            var ignoreCase = Scalar(options, "ignore_case");
                            bool ignore = false;
                            if (ignoreCase is not null && !bool.TryParse(ignoreCase.Value, out ignore))
                            {
                                Schema(ignoreCase.Span, $"ignore_case must be true or false, not '{ignoreCase.Value}'");
                                valid = false;
                            }
                            if (say is null)
                            {
                                Schema(entry.Key.Span, $"the pronunciation of '{entry.Key.Value}' has no 'say'");
                                valid = false;
                                break;
                            }
                            entries.Add(new YamlPronounceEntry(entry.Key.ToScalar(), say, ignore));
                            break;
                        }
                        default:
                            Schema(entry.Value.Span, $"the pronunciation of '{entry.Key.Value}' must be how it is said, or a mapping with 'say' and 'ignore_case'");
                            valid = false;
                            break;
                    }
                }
                return entries.ToEquatableArray();
            }

            private YamlParameterModel? ReadParameter(string prompt, ScalarNode key, Node value, out bool valid)
            {
                valid = true;
                string name = PromptNaming.ToCamelCase(key.Value);
                if (!Identifiers.IsValid(name))
                {
                    Schema(key.Span, $"parameter '{key.Value}' of prompt '{prompt}' does not make a C# name (it becomes '{name}')");
                    valid = false;
                }
                switch (value)
                {
                    case ScalarNode { IsNull: true }:
                        return new YamlParameterModel(key.ToScalar(), null, null, null, null);
                    case ScalarNode type:
                        return new YamlParameterModel(key.ToScalar(), type.ToScalar(), null, null, null);
                    case MappingNode mapping:
                    {
                        CheckKeys(mapping, ParameterKeys, $"in parameter '{key.Value}' of prompt '{prompt}'");
                        int? maxLength = null;
                        YamlSpan? maxLengthSpan = null;
                        var maxLengthScalar = Scalar(mapping, "max_length");
                        if (maxLengthScalar is not null)
                        {
                            maxLengthSpan = maxLengthScalar.Span;
                            if (int.TryParse(maxLengthScalar.Value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0)
                                maxLength = n;
                            else
                            {
                                Schema(maxLengthScalar.Span, $"max_length must be a positive whole number, not '{maxLengthScalar.Value}'");
                                valid = false;
                            }
                        }
                        return new YamlParameterModel(key.ToScalar(), Scalar(mapping, "type"), Scalar(mapping, "example"), maxLength, maxLengthSpan);
                    }
                    default:
                        Schema(value.Span, $"parameter '{key.Value}' must be a type name or a mapping with 'type', 'example', 'max_length'");
                        valid = false;
                        return null;
                }
            }

            private YamlVoiceSettings ReadSettings(MappingNode mapping, out bool valid)
            {
                valid = true;
                var speed = Scalar(mapping, "speed");
                double? speedValue = null;
                if (speed is not null)
                {
                    if (double.TryParse(speed.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && !double.IsNaN(d) && !double.IsInfinity(d))
                        speedValue = d;
                    else
                    {
                        Schema(speed.Span, $"speed must be a number such as 1.0, not '{speed.Value}'");
                        valid = false;
                    }
                }
                return new YamlVoiceSettings(Scalar(mapping, "voice"), Scalar(mapping, "instructions"), Scalar(mapping, "model"), Scalar(mapping, "format"), speed, speedValue);
            }

            private void CheckKeys(MappingNode mapping, string[] allowed, string where)
            {
                foreach (var entry in mapping.Entries)
                {
                    if (Array.IndexOf(allowed, entry.Key.Value) < 0)
                        _problems.Add(new YamlProblem(YamlProblemKind.UnknownKey,
                            $"unknown key '{entry.Key.Value}' {where}; expected one of: {string.Join(", ", allowed)}", entry.Key.Span));
                }
            }

            private static Node? Find(MappingNode mapping, string key)
            {
                foreach (var entry in mapping.Entries)
                    if (entry.Key.Value == key) return entry.Value;
                return null;
            }

            /// <summary>A scalar-valued key; a mapping or sequence there is a problem, and null means absent.</summary>
            private YamlScalar? Scalar(MappingNode mapping, string key)
            {
                var node = Find(mapping, key);
                switch (node)
                {
                    case null:
                    case ScalarNode { IsNull: true }:
                        return null;
                    case ScalarNode scalar:
                        return scalar.ToScalar();
                    default:
                        Schema(node.Span, $"'{key}' must be a single value, not a {(node is MappingNode ? "mapping" : "list")}");
                        return null;
                }
            }

            private void Schema(YamlSpan span, string message) => _problems.Add(new YamlProblem(YamlProblemKind.Schema, message, span));

            private static bool IsValidTypeName(string name) =>
                name.Length > 0 && name.Split('.').All(Identifiers.IsValid);
        }
    }
}
