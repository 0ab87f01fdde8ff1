using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using VoicePrompts.Generator.Emit;
using VoicePrompts.Generator.Model;
using VoicePrompts.Generator.Parsing;

namespace VoicePrompts.Generator
{
    /// <summary>
    /// Generates speech methods for <c>[Prompt]</c> methods and <c>.voice.yaml</c> files. This file only wires the
    /// pipeline: parsing is in <c>Parsing/</c>, models in <c>Model/</c>, code in <c>Emit/</c>. The generator reports
    /// no diagnostics; the analyzers do, with the same parsers.
    /// </summary>
    /// <remarks>
    /// Every value flowing between steps is a class (models are records; arrays travel inside one), and only two
    /// classes are ever combined. Roslyn's pipeline nodes are generic over those values: over reference types they
    /// share code the compiler already has, while a struct — an array, a bool, or the tuple of a nested
    /// <c>Combine</c> — makes the runtime compile a private copy of each node type, which every command-line build pays
    /// for (about 1,000 methods, some 50 ms, before this shape).
    /// </remarks>
    [Generator(LanguageNames.CSharp)]
    public sealed class VoicePromptsGenerator : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var options = context.AnalyzerConfigOptionsProvider
                .Select(static (provider, _) => GeneratorOptions.From(provider))
                .WithTrackingName(TrackingNames.Options);

            // C#: [Prompt] methods. The filter accepts non-partial declarations too, so analyzers can report them.
            var csharpPrompts = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    KnownNames.PromptAttribute,
                    static (node, _) => node is MethodDeclarationSyntax,
                    static (ctx, ct) => CSharpPromptParser.Parse(ctx, ct))
                .Where(static prompt => prompt is not null)
                .Select(static (prompt, _) => prompt!)
                .WithTrackingName(TrackingNames.CSharpPrompts);

            var csharpEmits = csharpPrompts
                .Select(static (prompt, _) => prompt.WithoutLines())
                .WithTrackingName(TrackingNames.CSharpEmits);

            context.RegisterSourceOutput(csharpEmits.Combine(options), static (spc, pair) =>
            {
                var (prompt, opts) = pair;
                spc.AddSource(prompt.Type.HintName + "." + prompt.HelperSuffix + ".g.cs",
                    PromptEmitter.EmitFile(prompt.Type, new[] { prompt }, opts, prompt.Source.FilePath));
            });

            // YAML: every *.voice.yaml AdditionalFile, parsed on its own so one edit re-parses one file.
            var yamlFiles = context.AdditionalTextsProvider
                .Where(static text => text.Path.EndsWith(KnownNames.VoiceYamlSuffix, StringComparison.OrdinalIgnoreCase))
                .Select(static (text, ct) => VoiceYamlParser.Parse(text.Path, text.GetText(ct)))
                .WithTrackingName(TrackingNames.YamlFiles);

            // What every file declares, so a prompt declared in two files is generated once.
            var yamlIndex = yamlFiles
                .Select(static (file, _) => YamlIndexEntry.For(file))
                .Collect()
                .Select(static (entries, _) => new YamlIndex(entries.OrderBy(e => e.Path, StringComparer.Ordinal).ToEquatableArray()))
                .WithTrackingName(TrackingNames.YamlIndex);

            // The compilation reduced first to what YAML files need from it, so an edit that changes none of it leaves
            // every YAML step cached instead of re-resolving every file on every keystroke.
            var yamlSymbols = yamlFiles
                .Select(static (file, _) => YamlSymbolRequest.For(file))
                .Collect()
                .Select(static (requests, _) => new YamlSymbolRequests(requests.Where(r => r is not null).Select(r => r!).ToEquatableArray()))
                .Combine(context.CompilationProvider)
                .Select(static (input, ct) => YamlSymbols.From(input.Right, input.Left.Requests, ct))
                .WithTrackingName(TrackingNames.YamlSymbols);

            // Each file that generates members travels with its class's translations (Menu.fr.voice.yaml): an edit to a
            // translation re-resolves only the class it translates, not every file against every translation.
            var yamlFamilies = yamlFiles
                .Collect()
                .SelectMany(static (files, _) => YamlFamily.Of(files))
                .WithTrackingName(TrackingNames.YamlFamilies);

            var yamlContext = yamlIndex
                .Combine(yamlSymbols)
                .Select(static (input, _) => new YamlContext(input.Left, input.Right));

            var yamlOutputs = yamlFamilies
                .Combine(yamlContext)
                .Select(static (input, ct) => YamlResolver.Resolve(input.Left.File, input.Right.Index.Entries, input.Right.Symbols, ct,
                    variants: input.Left.Variants))
                .WithTrackingName(TrackingNames.YamlPrompts);

            var yamlEmits = yamlOutputs
                .Select(static (output, _) => output.WithoutLines())
                .WithTrackingName(TrackingNames.YamlEmits);

            context.RegisterSourceOutput(yamlEmits.Combine(options), static (spc, pair) =>
            {
                var (output, opts) = pair;
                if (output.Type is null || output.Prompts.Count == 0) return;
                string fileName = TargetTypeFactory.Sanitize(System.IO.Path.GetFileNameWithoutExtension(output.Path));
                spc.AddSource(output.Type.HintName + "." + fileName + "." + StableHash(output.Path) + ".g.cs",
                    PromptEmitter.EmitFile(output.Type, output.Prompts, opts, output.Path));
            });

            // The per-assembly catalog of every prompt.
            var csharpList = csharpPrompts.Collect()
                .Select(static (prompts, _) => new PromptList(prompts.ToEquatableArray()));
            var yamlList = yamlOutputs.Collect()
                .Select(static (files, _) => new PromptList(files.SelectMany(f => f.Prompts).ToEquatableArray()));
            var catalog = csharpList
                .Combine(yamlList)
                .Select(static (input, _) => new PromptList(input.Left.Prompts.Concat(input.Right.Prompts).ToEquatableArray()))
                .Combine(options)
                .Select(static (input, _) => new CatalogModel(input.Left.Prompts
                    .Where(p => p.IsValid)
                    .SelectMany(p => CatalogEntry.From(p, input.Right))
                    .ToEquatableArray()))
                .WithTrackingName(TrackingNames.Catalog);

            context.RegisterSourceOutput(catalog.Combine(options), static (spc, input) =>
                spc.AddSource(CatalogEmitter.HintName, CatalogEmitter.Emit(input.Left.Entries, input.Right)));
        }

        /// <summary>A short, run-to-run stable hash (string.GetHashCode is randomized per process).</summary>
        internal static string StableHash(string text)
        {
            uint hash = 2166136261;
            foreach (char c in text)
                hash = unchecked((hash ^ c) * 16777619);
            return hash.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
