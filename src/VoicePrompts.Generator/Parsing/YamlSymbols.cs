using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using VoicePrompts.Generator.Model;
using VoicePrompts.Shared;

namespace VoicePrompts.Generator.Parsing
{
    /// <summary>What one YAML file asks of the compilation: its class and its parameters' type names.</summary>
    internal sealed record YamlSymbolRequest(string ClassName, EquatableArray<string> TypeNames)
    {
        public static YamlSymbolRequest? For(VoiceYamlFile file) => file.Class is null ? null : new YamlSymbolRequest(
            file.Class.Value,
            file.Prompts.SelectMany(p => p.Parameters).Select(p => p.Type?.Value ?? "string").Distinct().OrderBy(t => t, StringComparer.Ordinal).ToEquatableArray());
    }

    /// <summary>A C# class a YAML file joins, as the resolver needs it.</summary>
    /// <param name="NotClass">Why it cannot receive prompts when it is not a class (a sentence), else null.</param>
    /// <param name="NotPartial">The name of the type that lacks <c>partial</c>, else null.</param>
    /// <param name="ClientClash">The class name and its clients' names when it has more than one, else empty.</param>
    /// <param name="Taken">Member names the user wrote, and those its C# prompts generate.</param>
    internal sealed record YamlClassFacts(
        string ClassName, TargetTypeModel Target, string? NotClass, string? NotPartial, string Client, EquatableArray<string> ClientClash,
        bool IsStatic, EquatableArray<string> Taken);

    /// <summary>A YAML type name looked up from a namespace: the C# type and its cref form, or nulls when not found.</summary>
    internal sealed record YamlTypeFacts(string Text, string? Namespace, string? Type, string? Cref);

    /// <summary>
    /// The compilation reduced to what the YAML resolver reads: the C# classes YAML files join and the types their
    /// parameters name. An equatable value, so an edit elsewhere in the code leaves every YAML step cached (the
    /// Regex generator reduces its compilation to a small record for the same reason).
    /// </summary>
    internal sealed record YamlSymbols(bool RuntimeReferenced, EquatableArray<YamlClassFacts> Classes, EquatableArray<YamlTypeFacts> Types)
    {
        public YamlClassFacts? Class(string className) => Classes.FirstOrDefault(c => c.ClassName == className);

        public (string Type, string Cref)? Type(string text, string? ns)
        {
            var found = Types.FirstOrDefault(t => t.Text == text && t.Namespace == ns);
            return found?.Type is { } type ? (type, found.Cref!) : null;
        }

        /// <summary>What a compilation without YAML files offers them: nothing.</summary>
        public static readonly YamlSymbols None = new(false, EquatableArray<YamlClassFacts>.Empty, EquatableArray<YamlTypeFacts>.Empty);

        public static YamlSymbols From(Compilation compilation, IEnumerable<YamlSymbolRequest?> requests, CancellationToken cancellationToken)
        {
            var pending = requests.Where(r => r is not null).Select(r => r!).ToList();
            // Without YAML files nothing is looked up: a metadata-name lookup reads every reference's namespaces,
            // which a project without .voice.yaml files should not pay for.
            if (pending.Count == 0)
                return None;
            var known = KnownTypes.For(compilation);
            if (known.SpeechClient is null)
                return new YamlSymbols(false, EquatableArray<YamlClassFacts>.Empty, EquatableArray<YamlTypeFacts>.Empty);
            var classes = new Dictionary<string, YamlClassFacts?>(StringComparer.Ordinal);
            var types = new Dictionary<(string, string?), YamlTypeFacts>();
            foreach (var request in pending)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!classes.TryGetValue(request.ClassName, out var facts))
                    classes[request.ClassName] = facts = ClassFacts(request.ClassName, compilation, known, cancellationToken);
                string? ns = facts?.Target.Namespace ?? TargetTypeFactory.ForYamlOnlyClass(request.ClassName).Namespace;
                foreach (var text in request.TypeNames)
                {
                    if (types.ContainsKey((text, ns))) continue;
                    var resolved = YamlResolver.ResolveType(text, compilation, ns);
                    types[(text, ns)] = new YamlTypeFacts(text, ns, resolved?.Type, resolved?.Cref);
                }
            }
            return new YamlSymbols(true,
                classes.Values.Where(c => c is not null).Select(c => c!).OrderBy(c => c.ClassName, StringComparer.Ordinal).ToEquatableArray(),
                types.Values.OrderBy(t => t.Text, StringComparer.Ordinal).ThenBy(t => t.Namespace, StringComparer.Ordinal).ToEquatableArray());
        }

        private static YamlClassFacts? ClassFacts(string className, Compilation compilation, KnownTypes known, CancellationToken cancellationToken)
        {
            var type = YamlResolver.FindSourceType(compilation, className);
            if (type is null)
                return null; // the class exists only in YAML
            var target = TargetTypeFactory.FromSymbol(type, modifiers: "");
            string? notClass = type.TypeKind == TypeKind.Class ? null
                : $"'{className}' is a {type.TypeKind.ToString().ToLowerInvariant()}; prompts are declared in partial classes";
            string? notPartial = YamlResolver.IsPartialAllTheWay(type, cancellationToken) ? null : type.Name;
            var clash = new ClashSink();
            string client = ClientResolver.Resolve(type, type.IsStatic, known, new ProblemLog(clash), null) ?? ClientResolver.DefaultClient;
            var taken = new HashSet<string>(StringComparer.Ordinal);
            foreach (var member in type.GetMembers())
                if (GeneratedCode.IsUserDeclared(member))
                    taken.Add(member.Name);
            foreach (var method in known.PromptMethods(type))
                taken.UnionWith(PromptNaming.GeneratedMembers(PromptNaming.PromptNameFromMethod(method.Name)));
            return new YamlClassFacts(className, target, notClass, notPartial, client, clash.Arguments,
                type.IsStatic, taken.OrderBy(n => n, StringComparer.Ordinal).ToEquatableArray());
        }

        /// <summary>Keeps the arguments of a "more than one client" problem, to report it later at the YAML line.</summary>
        private sealed class ClashSink : IProblemSink
        {
            public EquatableArray<string> Arguments { get; private set; } = EquatableArray<string>.Empty;

            public void Report(ProblemKind kind, Location? location, params object?[] args)
            {
                if (kind == ProblemKind.MultipleClients)
                    Arguments = args.Select(a => a?.ToString() ?? "").ToEquatableArray();
            }
        }
    }
}
