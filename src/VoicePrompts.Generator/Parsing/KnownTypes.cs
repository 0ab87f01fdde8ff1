using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using VoicePrompts.Generator.Model;

namespace VoicePrompts.Generator.Parsing
{
    /// <summary>The few types the parser compares against, looked up once per compilation.</summary>
    internal sealed class KnownTypes
    {
        /// <summary>
        /// The types of <paramref name="compilation"/>, shared by every prompt of one generator run (eleven metadata-name
        /// look-ups per prompt were a measurable part of a command-line build's generator time).
        /// </summary>
        public static KnownTypes For(Compilation compilation) => s_byCompilation.GetValue(compilation, static c => new KnownTypes(c));

        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Compilation, KnownTypes> s_byCompilation = new();

        private KnownTypes(Compilation compilation)
        {
            SpeechAudio = compilation.GetTypeByMetadataName(KnownNames.SpeechAudio);
            SpeechAudioUpdate = compilation.GetTypeByMetadataName(KnownNames.SpeechAudioUpdate);
            SpeechClient = compilation.GetTypeByMetadataName(KnownNames.SpeechClientInterface);
            CancellationToken = compilation.GetTypeByMetadataName(KnownNames.CancellationToken);
            Task = compilation.GetTypeByMetadataName(KnownNames.TaskOfT);
            ValueTask = compilation.GetTypeByMetadataName(KnownNames.ValueTaskOfT);
            AsyncEnumerable = compilation.GetTypeByMetadataName(KnownNames.AsyncEnumerableOfT);
            ReadOnlyMemory = compilation.GetTypeByMetadataName(KnownNames.ReadOnlyMemoryOfT);
            PromptAttribute = compilation.GetTypeByMetadataName(KnownNames.PromptAttribute);
            VoiceAttribute = compilation.GetTypeByMetadataName(KnownNames.VoiceAttribute);
            MaxLengthAttribute = compilation.GetTypeByMetadataName(KnownNames.MaxLengthAttribute);
            CultureInfo = compilation.GetTypeByMetadataName(KnownNames.CultureInfo);
            PronounceAttribute = compilation.GetTypeByMetadataName(KnownNames.PronounceAttribute);
        }

        public INamedTypeSymbol? SpeechAudio { get; }
        public INamedTypeSymbol? SpeechAudioUpdate { get; }
        public INamedTypeSymbol? SpeechClient { get; }
        public INamedTypeSymbol? CancellationToken { get; }
        public INamedTypeSymbol? Task { get; }
        public INamedTypeSymbol? ValueTask { get; }
        public INamedTypeSymbol? AsyncEnumerable { get; }
        public INamedTypeSymbol? ReadOnlyMemory { get; }
        public INamedTypeSymbol? PromptAttribute { get; }
        public INamedTypeSymbol? VoiceAttribute { get; }
        public INamedTypeSymbol? MaxLengthAttribute { get; }
        public INamedTypeSymbol? CultureInfo { get; }
        public INamedTypeSymbol? PronounceAttribute { get; }

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
        public int? MaxLengthOf(IParameterSymbol parameter) =>
            Find(parameter.GetAttributes(), MaxLengthAttribute) is { ConstructorArguments.Length: 1 } attribute
            && attribute.ConstructorArguments[0].Value is int length && length >= 0 ? length : null;

        /// <summary>The supported return shapes: Task/ValueTask of SpeechAudio, IAsyncEnumerable of SpeechAudioUpdate, or of ReadOnlyMemory&lt;byte&gt; (bytes only).</summary>
        public ReturnKind? GetReturnKind(ITypeSymbol type)
        {
            if (type is not INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named)
                return null;
            var definition = named.OriginalDefinition;
            var argument = named.TypeArguments[0];
            if (SymbolEqualityComparer.Default.Equals(argument, SpeechAudio))
            {
                if (SymbolEqualityComparer.Default.Equals(definition, Task)) return ReturnKind.Task;
                if (SymbolEqualityComparer.Default.Equals(definition, ValueTask)) return ReturnKind.ValueTask;
            }
            if (SymbolEqualityComparer.Default.Equals(definition, AsyncEnumerable)
                && SymbolEqualityComparer.Default.Equals(argument, SpeechAudioUpdate))
                return ReturnKind.UpdateStream;
            if (SymbolEqualityComparer.Default.Equals(definition, AsyncEnumerable)
                && argument is INamedTypeSymbol { TypeArguments.Length: 1 } memory
                && SymbolEqualityComparer.Default.Equals(memory.OriginalDefinition, ReadOnlyMemory)
                && memory.TypeArguments[0].SpecialType == SpecialType.System_Byte)
                return ReturnKind.ByteStream;
            return null;
        }
    }
}
