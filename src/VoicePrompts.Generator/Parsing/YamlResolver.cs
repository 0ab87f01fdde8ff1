using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using VoicePrompts.Generator.Model;
using VoicePrompts.Shared;

namespace VoicePrompts.Generator.Parsing
{
    /// <summary>
    /// Joins a parsed YAML file to the compilation: finds the C# partial class it extends (if any), resolves
    /// parameter types, picks the client, and leaves out prompts whose names are already taken. C# declarations win
    /// over YAML, and an earlier file (by path) wins over a later one.
    /// </summary>
    internal static class YamlResolver
    {
        public const string CancellationTokenParameter = "cancellationToken";

        /// <param name="sink">Analyzers pass one to hear why a prompt is not generated; the generator does not.</param>
        /// <param name="text">The file's text, so problems inside a template can point at the exact column.</param>
        /// <param name="variants">Every translation file (<c>*.fr.voice.yaml</c>), ordered by path.</param>
        public static YamlFileOutput Resolve(VoiceYamlFile file, EquatableArray<YamlIndexEntry> index, Compilation compilation, CancellationToken cancellationToken,
            IProblemSink? sink = null, SourceText? text = null, EquatableArray<VoiceYamlFile> variants = default) =>
            Resolve(file, index, SymbolsFor(compilation, file, variants, cancellationToken), cancellationToken, sink, text, variants);

        /// <summary>The compilation reduced to what <paramref name="file"/> and its class's translations name.</summary>
        internal static YamlSymbols SymbolsFor(Compilation compilation, VoiceYamlFile file, EquatableArray<VoiceYamlFile> variants, CancellationToken cancellationToken) =>
            YamlSymbols.From(compilation, new[] { YamlSymbolRequest.For(file) }
                .Concat(variants.Where(v => v.Class?.Value == file.Class?.Value).Select(YamlSymbolRequest.For)), cancellationToken);

        /// <summary>As above, from the compilation already reduced to what YAML files need (the generator's cached step).</summary>
        public static YamlFileOutput Resolve(VoiceYamlFile file, EquatableArray<YamlIndexEntry> index, YamlSymbols symbols, CancellationToken cancellationToken,
            IProblemSink? sink = null, SourceText? text = null, EquatableArray<VoiceYamlFile> variants = default)
        {
            var none = new YamlFileOutput(file.Path, null, EquatableArray<PromptModel>.Empty);
            if (file.Class is null || file.Prompts.Count == 0)
                return none;
            // A translation adds to its neutral file's prompts and generates nothing of its own; so does a file whose
            // name gives a culture .NET does not know, beside a neutral file (reported as such).
            if (file.IsVariant || IsUnknownCultureVariant(file.Path, file.Class.Value, file.CultureCandidate, index))
                return none;
            // A file that is not well-formed YAML generates nothing: its parts cannot be trusted. (A schema error
            // skips just its prompt; an unknown key is reported but does not block generation.)
            if (file.Problems.Any(p => p.Kind is YamlProblemKind.Syntax or YamlProblemKind.DuplicateKey or YamlProblemKind.TooLarge))
                return none;
            try
            {
                return ResolveCore(file, index, symbols, cancellationToken, sink, text, variants) ?? none;
            }
            catch (OperationCanceledException)
            {
                throw;
            }
            catch (Exception)
            {
                return none; // never crash the compiler; the analyzer reports what it can
            }
        }

        /// <summary>
        /// <c>Menu.xx.voice.yaml</c> beside <c>Menu.voice.yaml</c> of the same class: meant as a translation, but for a
        /// culture .NET does not know.
        /// </summary>
        internal static bool IsUnknownCultureVariant(string path, string className, string? candidate, EquatableArray<YamlIndexEntry> index)
        {
            if (candidate is null)
                return false;
            string neutralPath = VoiceYamlParser.NeutralPathOf(path);
            return index.Any(e => e.ClassName == className && e.Culture is null && string.Equals(e.Path, neutralPath, StringComparison.OrdinalIgnoreCase));
        }

        /// <summary>Whether an index entry is a neutral file, whose prompts generate members.</summary>
        internal static bool IsNeutral(YamlIndexEntry entry, EquatableArray<YamlIndexEntry> index) =>
            entry.Culture is null && !IsUnknownCultureVariant(entry.Path, entry.ClassName, entry.CultureCandidate, index);

        private static YamlFileOutput? ResolveCore(VoiceYamlFile file, EquatableArray<YamlIndexEntry> index, YamlSymbols symbols, CancellationToken cancellationToken,
            IProblemSink? sink, SourceText? text, EquatableArray<VoiceYamlFile> variants)
        {
            if (!symbols.RuntimeReferenced)
                return null;

            string className = file.Class!.Value;
            TargetTypeModel target;
            string client;
            string? clientFailure = null;
            bool isStatic = false;
            var taken = new HashSet<string>(StringComparer.Ordinal);
            var classLocation = sink is null ? null : TemplateLocations.Yaml(file.Path, file.Class!.Span);
            if (symbols.Class(className) is { } facts)
            {
                if (facts.NotClass is not null)
                {
                    sink?.Report(ProblemKind.TypeNotClass, classLocation, facts.NotClass);
                    return null;
                }
                if (facts.NotPartial is not null)
                {
                    sink?.Report(ProblemKind.TypeNotPartial, classLocation, facts.NotPartial);
                    return null;
                }
                target = facts.Target;
                client = facts.Client;
                if (facts.ClientClash.Count > 0)
                {
                    var clientLog = new ProblemLog(sink);
                    clientLog.Fail(ProblemKind.MultipleClients, classLocation, facts.ClientClash.Cast<object?>().ToArray());
                    clientFailure = clientLog.Failure; // every prompt of the file is then broken, and says why
                }
                isStatic = facts.IsStatic;
                taken.UnionWith(facts.Taken);
            }
            else
            {
                target = TargetTypeFactory.ForYamlOnlyClass(className);
                client = ClientResolver.DefaultClient;
                taken.Add(target.Declaration.NameWithTypeParameters); // a member may not share its class's name
            }

            // Prompts of earlier files for the same class win.
            var earlierFiles = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var entry in index)
            {
                if (string.CompareOrdinal(entry.Path, file.Path) >= 0 || entry.ClassName != className || !IsNeutral(entry, index)) continue;
                foreach (var prompt in entry.PromptNames)
                    foreach (var member in PromptNaming.GeneratedMembers(prompt))
                        if (!earlierFiles.ContainsKey(member)) earlierFiles[member] = entry.Path;
            }

            var fileSettings = file.Settings.ToVoiceSettings();
            var prompts = new List<PromptModel>();
            foreach (var prompt in file.Prompts)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var model = ResolvePrompt(file, prompt, fileSettings, target, client, clientFailure, isStatic, taken, earlierFiles, symbols, sink, text);
                if (model is null) continue;
                if (model.IsValid && variants.Count > 0)
                {
                    // Translation problems are reported in the translation's own file (by the analyzer); here they only
                    // break the prompt, which then throws what the build said.
                    var translations = VariantResolver.ForPrompt(model, className, variants, symbols, out string? variantFailure);
                    model = variantFailure is not null
                        ? model with { Failure = variantFailure, Template = new TemplateModel(model.Template.Text, model.Template.Bindings, null, null) }
                        : model with { Variants = translations };
                }
                prompts.Add(model);
                taken.UnionWith(PromptNaming.GeneratedMembers(model.Name));
            }
            return new YamlFileOutput(file.Path, target, prompts.ToEquatableArray());
        }

        private static PromptModel? ResolvePrompt(VoiceYamlFile file, YamlPromptModel prompt, VoiceSettings fileSettings, TargetTypeModel target,
            string client, string? clientFailure, bool isStatic, HashSet<string> taken, Dictionary<string, string> earlierFiles,
            YamlSymbols symbols, IProblemSink? sink, SourceText? text)
        {
            if (!prompt.IsValid || prompt.Text is null)
                return null;
            string name = PromptNaming.ToPascalCase(prompt.Key.Value);
            Location? At(YamlSpan span) => sink is null ? null : TemplateLocations.Yaml(file.Path, span);
            var log = new ProblemLog(sink);

            foreach (var member in PromptNaming.GeneratedMembers(name))
            {
                if (earlierFiles.TryGetValue(member, out var otherFile))
                {
                    log.Report(ProblemKind.YamlDuplicatePrompt, At(prompt.Key.Span), System.IO.Path.GetFileName(file.Path),
                        $"prompt '{name}' of '{file.Class!.Value}' is also declared in {System.IO.Path.GetFileName(otherFile)}, which comes first and wins");
                    return null;
                }
                if (taken.Contains(member))
                {
                    log.Report(ProblemKind.MemberNameClash, At(prompt.Key.Span), target.Declaration.NameWithTypeParameters, member, name);
                    return null;
                }
            }

            var settings = prompt.Settings.ToVoiceSettings().Over(fileSettings);
            if (settings.Voice is null)
                log.Fail(ProblemKind.MissingVoice, At(prompt.Key.Span), name);

            var analysis = TemplateParser.Analyze(prompt.Text.Value);
            foreach (var error in analysis.Errors)
                log.Fail(ProblemKind.TemplateSyntaxError, sink is null ? null : TemplateLocations.InYaml(file.Path, text, prompt.Text, error.Offset, 1),
                    name, error.Line + 1, error.Column + 1, error.Message);

            // Parameters as C# names: each a valid identifier, none twice, bound to the variable it was declared for.
            var parameters = new List<ParameterModel>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var parameter in prompt.Parameters)
            {
                var resolved = symbols.Type(parameter.Type?.Value ?? "string", target.Namespace);
                if (resolved is null)
                {
                    log.Fail(ProblemKind.YamlUnknownType, At((parameter.Type ?? parameter.Key).Span), parameter.Type?.Value ?? "string", parameter.Key.Value, name);
                    resolved = ("object?", "object"); // calls still compile; the body throws
                }
                var role = resolved.Value.Type == "global::" + KnownNames.CultureInfo ? ParameterRole.Culture : ParameterRole.Input;
                parameters.Add(new ParameterModel(Identifiers.Unique(PromptNaming.ToCamelCase(parameter.Key.Value), names), resolved.Value.Type, role,
                    DefaultValue: null, parameter.MaxLength, parameter.Example?.Value, Variable: parameter.Key.Value, CrefType: resolved.Value.Cref));
            }

            // A variable the file does not declare is a string parameter (the default type).
            var bindings = CSharpPromptParser.Bind(analysis, parameters, out var unbound, out var unused);
            foreach (var parameter in unused)
            {
                var declared = prompt.Parameters.FirstOrDefault(p => p.Key.Value == parameters.First(x => x.Name == parameter).Variable);
                log.Report(ProblemKind.ParameterNotInTemplate, declared is null ? null : At(declared.Key.Span), declared?.Key.Value ?? parameter, name);
            }
            foreach (var variable in unbound)
                parameters.Add(new ParameterModel(Identifiers.Unique(PromptNaming.ToCamelCase(variable), names), "string", ParameterRole.Input, null, null, null,
                    Variable: variable, CrefType: "string"));
            if (unbound.Count > 0)
                bindings = CSharpPromptParser.Bind(analysis, parameters, out _, out _);
            parameters.Add(new ParameterModel(Identifiers.Unique(CancellationTokenParameter, names), "global::" + KnownNames.CancellationToken,
                ParameterRole.CancellationToken, "default", null, null, CrefType: "global::" + KnownNames.CancellationToken));

            string? failure = log.Failure ?? clientFailure;
            return new PromptModel(
                name,
                target,
                settings,
                failure is null
                    ? TemplateModel.Create(prompt.Text.Value, bindings, analysis.ConstantText,
                        PronounceEntry.Merge(YamlPronounceEntry.ToModel(prompt.Pronounce), YamlPronounceEntry.ToModel(file.Pronounce)), analysis.Parts)
                    : new TemplateModel(prompt.Text.Value, bindings, null, null),
                parameters.ToEquatableArray(),
                UserMethod: null,
                client,
                isStatic,
                Accessibility: "public",
                new MemberSelection(true, true, true, true),
                HelperSuffix: name, // as a C# prompt's: its names differ from every C# prompt's of the class (they are taken)
                new SourcePosition(file.Path, prompt.Key.Span.StartLine + 1),
                failure);
        }

        /// <summary>Finds a class declared in source by its full name; nested types may be written with dots.</summary>
        /// <remarks>Looked up in the project's own assembly: a compilation-wide lookup searches every reference.</remarks>
        internal static INamedTypeSymbol? FindSourceType(Compilation compilation, string fullName)
        {
            string candidate = fullName;
            while (true)
            {
                var type = compilation.Assembly.GetTypeByMetadataName(candidate);
                if (type is not null)
                    return type.Locations.Any(l => l.IsInSource && !GeneratedCode.IsOurs(l.SourceTree)) ? type : null;
                int dot = candidate.LastIndexOf('.');
                if (dot < 0) return null;
                candidate = candidate.Substring(0, dot) + "+" + candidate.Substring(dot + 1);
            }
        }

        internal static bool IsPartialAllTheWay(INamedTypeSymbol type, CancellationToken cancellationToken)
        {
            for (var t = type; t is not null; t = t.ContainingType)
            {
                foreach (var reference in t.DeclaringSyntaxReferences)
                    if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax declaration && !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
                        return false;
            }
            return true;
        }

        private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
        {
            "string", "bool", "byte", "sbyte", "short", "ushort", "int", "uint", "long", "ulong", "float", "double", "decimal", "char", "object",
        };

        /// <summary>
        /// A YAML type name as a fully qualified C# type (and as a <c>cref</c> writes it): keywords as they are, otherwise
        /// looked up as written, in <c>System</c>, in <c>System.Globalization</c>, and in the class's namespace. Null when it cannot be found.
        /// </summary>
        internal static (string Type, string Cref)? ResolveType(string text, Compilation compilation, string? classNamespace)
        {
            string core = text.Trim();
            bool nullable = core.EndsWith("?", StringComparison.Ordinal);
            if (nullable) core = core.Substring(0, core.Length - 1).TrimEnd();
            string suffix = nullable ? "?" : "";
            if (Keywords.Contains(core))
                return (core + suffix, nullable && core is not ("string" or "object") ? "global::System.Nullable{" + core + "}" : core);
            if (core.Length == 0 || !core.Split('.').All(Identifiers.IsValid))
                return null;
            // System.Globalization for CultureInfo, the parameter type that chooses a translation.
            foreach (var candidate in new[] { core, "System." + core, "System.Globalization." + core, classNamespace is null ? null : classNamespace + "." + core })
            {
                if (candidate is null) continue;
                var type = compilation.GetTypeByMetadataName(candidate);
                if (type is not null && type.Arity == 0)
                {
                    string cref = CrefText.Of(type);
                    return (type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + suffix,
                        nullable && type.IsValueType ? "global::System.Nullable{" + cref + "}" : cref);
                }
            }
            return null;
        }
    }
}
