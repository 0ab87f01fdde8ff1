using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using VoicePrompts.Generator.Model;

namespace VoicePrompts.Generator.Parsing
{
    /// <summary>The few types the parser compares against, looked up once per compilation.</summary>
    /// <remarks>
    /// VoicePrompts' own types are looked up in the VoicePrompts assembly alone, and the framework's are recognised by
    /// name: <see cref="Compilation.GetTypeByMetadataName"/> searches every reference (and its forwarders) for
    /// ambiguity, which in a fresh compiler was about 0.1 s — a third of a small project's generator time.
    /// </remarks>
    internal sealed class KnownTypes
    {
        /// <summary>The types of <paramref name="compilation"/>, shared by every prompt of one generator run and the analyzers.</summary>
        public static KnownTypes For(Compilation compilation) => s_byCompilation.GetValue(compilation, static c => new KnownTypes(c));

        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Compilation, KnownTypes> s_byCompilation = new();

        private KnownTypes(Compilation compilation)
        {
            var runtime = RuntimeAssembly(compilation);
            if (runtime is null)
                return;
            SpeechAudio = runtime.GetTypeByMetadataName(KnownNames.SpeechAudio);
            SpeechAudioUpdate = runtime.GetTypeByMetadataName(KnownNames.SpeechAudioUpdate);
            SpeechClient = runtime.GetTypeByMetadataName(KnownNames.SpeechClientInterface);
            PromptAttribute = runtime.GetTypeByMetadataName(KnownNames.PromptAttribute);
            VoiceAttribute = runtime.GetTypeByMetadataName(KnownNames.VoiceAttribute);
            PronounceAttribute = runtime.GetTypeByMetadataName(KnownNames.PronounceAttribute);
        }

        /// <summary>The referenced VoicePrompts runtime (or the compilation itself, when it is the runtime).</summary>
        private static IAssemblySymbol? RuntimeAssembly(Compilation compilation)
        {
            if (compilation.Assembly.Name == KnownNames.RuntimeAssembly)
                return compilation.Assembly;
            foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
                if (assembly.Name == KnownNames.RuntimeAssembly)
                    return assembly;
            return null;
        }

        public INamedTypeSymbol? SpeechAudio { get; }
        public INamedTypeSymbol? SpeechAudioUpdate { get; }
        public INamedTypeSymbol? SpeechClient { get; }
        public INamedTypeSymbol? PromptAttribute { get; }
        public INamedTypeSymbol? VoiceAttribute { get; }
        public INamedTypeSymbol? PronounceAttribute { get; }

        public static bool IsCancellationToken(ITypeSymbol type) => Is(type, "CancellationToken", "System.Threading");

        public static bool IsCultureInfo(ITypeSymbol type) => Is(type, "CultureInfo", "System.Globalization");

        /// <summary>
        /// Whether <paramref name="type"/> is the top-level type <paramref name="metadataName"/> of namespace
        /// <paramref name="ns"/>, by name: framework types come from whichever assembly the project's target puts them in
        /// (System.Runtime, netstandard, mscorlib, a package).
        /// </summary>
        private static bool Is(ITypeSymbol? type, string metadataName, string ns)
        {
            if (type is not INamedTypeSymbol { ContainingType: null } named || named.MetadataName != metadataName)
                return false;
            var current = named.ContainingNamespace;
            for (int end = ns.Length; end > 0;)
            {
                int dot = ns.LastIndexOf('.', end - 1);
                int length = end - dot - 1;
                if (current is null || current.IsGlobalNamespace || current.Name.Length != length
                    || string.CompareOrdinal(current.Name, 0, ns, dot + 1, length) != 0)
                    return false;
                current = current.ContainingNamespace;
                end = dot < 0 ? 0 : dot;
            }
            return current is { IsGlobalNamespace: true };
        }

        /// <summary>Every attribute of the given class, in declaration order.</summary>
        public static List<AttributeData> FindAll(ImmutableArray<AttributeData> attributes, INamedTypeSymbol? attributeClass)
        {
            var found = new List<AttributeData>();
            if (attributeClass is null) return found;
            foreach (var attribute in attributes)
                if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, attributeClass)) found.Add(attribute);
            return found;
        }

        /// <summary>The <c>Culture</c> named argument of a <c>[Prompt]</c> or <c>[Pronounce]</c>; null (or empty) is the neutral one.</summary>
        public static string? CultureOf(AttributeData attribute)
        {
            foreach (var argument in attribute.NamedArguments)
                if (argument.Key == "Culture")
                    return argument.Value.Value is string { Length: > 0 } culture ? culture : null;
            return null;
        }

        /// <summary>
        /// The <c>[Pronounce]</c> entries for one culture (null: the neutral template): the method's, then its class's
        /// for words the method does not list.
        /// </summary>
        public EquatableArray<PronounceEntry> PronunciationsFor(IMethodSymbol method, string? culture)
        {
            if (PronounceAttribute is null)
                return EquatableArray<PronounceEntry>.Empty;
            EquatableArray<PronounceEntry> Read(ImmutableArray<AttributeData> attributes) =>
                FindAll(attributes, PronounceAttribute)
                    .Where(a => string.Equals(CultureOf(a), culture, StringComparison.OrdinalIgnoreCase)
                        && a.ConstructorArguments.Length == 2 && a.ConstructorArguments[0].Value is string { Length: > 0 } && a.ConstructorArguments[1].Value is string)
                    .Select(a => new PronounceEntry((string)a.ConstructorArguments[0].Value!, (string)a.ConstructorArguments[1].Value!,
                        a.NamedArguments.Any(n => n.Key == "IgnoreCase" && n.Value.Value is true)))
                    .ToEquatableArray();
            return PronounceEntry.Merge(Read(method.GetAttributes()), Read(method.ContainingType.GetAttributes()));
        }

        /// <summary>The first attribute of the given class, compared by symbol (no display strings on the hot path).</summary>
        public static AttributeData? Find(ImmutableArray<AttributeData> attributes, INamedTypeSymbol? attributeClass)
        {
            if (attributeClass is null) return null;
            foreach (var attribute in attributes)
                if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, attributeClass)) return attribute;
            return null;
        }

        /// <summary>A type's <c>[Prompt]</c> methods in declaration order (file path, then position): earlier ones win name clashes.</summary>
        public IReadOnlyList<IMethodSymbol> PromptMethods(INamedTypeSymbol type) =>
            s_promptMethods.GetValue(type, t => t.GetMembers().OfType<IMethodSymbol>()
                .Where(m => Find(m.GetAttributes(), PromptAttribute) is not null)
                .OrderBy(m => m.Locations.FirstOrDefault()?.SourceTree?.FilePath, StringComparer.Ordinal)
                .ThenBy(m => m.Locations.FirstOrDefault()?.SourceSpan.Start ?? 0)
                .ToArray());

        /// <summary>
        /// Each prompt of a class asks for all of the class's prompts (name clashes, overloads): found once per type
        /// symbol, which lives as long as its compilation, instead of binding every method's attributes per prompt.
        /// </summary>
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<INamedTypeSymbol, IMethodSymbol[]> s_promptMethods = new();

        /// <summary>A parameter's <c>[MaxLength(n)]</c> (n ≥ 0), read the same way by the generator and the analyzers.</summary>
        public static int? MaxLengthOf(IParameterSymbol parameter)
        {
            foreach (var attribute in parameter.GetAttributes())
                if (Is(attribute.AttributeClass, "MaxLengthAttribute", "System.ComponentModel.DataAnnotations"))
                    return attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is int length && length >= 0 ? length : null;
            return null;
        }

        /// <summary>The supported return shapes: Task/ValueTask of SpeechAudio, IAsyncEnumerable of SpeechAudioUpdate, or of ReadOnlyMemory&lt;byte&gt; (bytes only).</summary>
        public ReturnKind? GetReturnKind(ITypeSymbol type)
        {
            if (type is not INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named)
                return null;
            var definition = named.OriginalDefinition;
            var argument = named.TypeArguments[0];
            if (SymbolEqualityComparer.Default.Equals(argument, SpeechAudio))
            {
                if (Is(definition, "Task`1", "System.Threading.Tasks")) return ReturnKind.Task;
                if (Is(definition, "ValueTask`1", "System.Threading.Tasks")) return ReturnKind.ValueTask;
            }
            bool asyncEnumerable = Is(definition, "IAsyncEnumerable`1", "System.Collections.Generic");
            if (asyncEnumerable && SymbolEqualityComparer.Default.Equals(argument, SpeechAudioUpdate))
                return ReturnKind.UpdateStream;
            if (asyncEnumerable
                && argument is INamedTypeSymbol { TypeArguments.Length: 1 } memory
                && Is(memory.OriginalDefinition, "ReadOnlyMemory`1", "System")
                && memory.TypeArguments[0].SpecialType == SpecialType.System_Byte)
                return ReturnKind.ByteStream;
            return null;
        }
    }
}
