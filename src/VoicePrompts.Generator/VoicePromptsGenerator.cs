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

            context.RegisterSourceOutput(csharpPrompts.Combine(options), static (spc, pair) =>
            {
                var (prompt, opts) = pair;
                spc.AddSource(prompt.Type.HintName + "." + prompt.HelperSuffix + ".g.cs",
                    PromptEmitter.EmitFile(prompt.Type, new[] { prompt }, opts, prompt.Source.FilePath));
            });

            // YAML: every *.voice.yaml AdditionalFile, parsed on its own so one edit re-parses one file.
            var yamlFiles = context.AdditionalTextsProvider
                .Where(static text => text.Path.EndsWith(KnownNames.VoiceYamlSuffix, StringComparison.OrdinalIgnoreCase))
                .Select(static (text, ct) => VoiceYamlParser.Parse(text.Path, text.GetText(ct)?.ToString()))
                .WithTrackingName(TrackingNames.YamlFiles);

            // What every file declares, so a prompt declared in two files is generated once.
            var yamlIndex = yamlFiles
                .Select(static (file, _) => YamlIndexEntry.For(file))
                .Collect()
                .Select(static (entries, _) => entries.OrderBy(e => e.Path, StringComparer.Ordinal).ToEquatableArray())
                .WithTrackingName(TrackingNames.YamlIndex);

            // The compilation reduced first to what YAML files need from it, so an edit that changes none of it leaves
            // every YAML step cached instead of re-resolving every file on every keystroke.
            var yamlSymbols = yamlFiles
                .Select(static (file, _) => YamlSymbolRequest.For(file))
                .Collect()
                .Combine(context.CompilationProvider)
                .Select(static (input, ct) => YamlSymbols.From(input.Right, input.Left, ct))
                .WithTrackingName(TrackingNames.YamlSymbols);

            var yamlOutputs = yamlFiles
                .Combine(yamlIndex)
                .Combine(yamlSymbols)
                .Select(static (input, ct) => YamlResolver.Resolve(input.Left.Left, input.Left.Right, input.Right, ct))
                .WithTrackingName(TrackingNames.YamlPrompts);

            context.RegisterSourceOutput(yamlOutputs.Combine(options), static (spc, pair) =>
            {
                var (output, opts) = pair;
                if (output.Type is null || output.Prompts.Count == 0) return;
                string fileName = TargetTypeFactory.Sanitize(System.IO.Path.GetFileNameWithoutExtension(output.Path));
                spc.AddSource(output.Type.HintName + "." + fileName + "." + StableHash(output.Path) + ".g.cs",
                    PromptEmitter.EmitFile(output.Type, output.Prompts, opts, output.Path));
            });

            // The per-assembly catalog of every prompt.
            var catalog = csharpPrompts.Collect()
                .Combine(yamlOutputs.Collect())
                .Combine(options)
                .Select(static (input, _) =>
                {
                    var ((csharp, yaml), opts) = input;
                    return csharp.Concat(yaml.SelectMany(f => f.Prompts))
                        .Where(p => p.IsValid)
                        .Select(p => CatalogEntry.From(p, opts))
                        .ToEquatableArray();
                })
                .WithTrackingName(TrackingNames.Catalog);

            // A bool, so an edit leaves it cached: whether the runtime settings can register themselves on load.
            var moduleInitializers = context.CompilationProvider
                .Select(static (compilation, _) => compilation.GetTypeByMetadataName(KnownNames.ModuleInitializerAttribute) is not null);

            context.RegisterSourceOutput(catalog.Combine(options).Combine(moduleInitializers), static (spc, input) =>
                spc.AddSource(CatalogEmitter.HintName, CatalogEmitter.Emit(input.Left.Left, input.Left.Right, input.Right)));
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
