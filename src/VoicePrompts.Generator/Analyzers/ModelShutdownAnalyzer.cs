using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using VoicePrompts.Generator.Diagnostics;
using VoicePrompts.Generator.Parsing;
using VoicePrompts.Shared;

namespace VoicePrompts.Generator.Analyzers
{
    /// <summary>
    /// One warning per compilation when prompts use a model its provider has scheduled to shut down (OpenAI: tts-1,
    /// tts-1-hd, gpt-4o-mini-tts on 2027-01-06), at the first such declaration — not one per prompt, which would bury
    /// every other diagnostic. A warning, not a notice: `dotnet build` prints no informational diagnostics, and a
    /// shutdown weeks away must be seen. A deployment name mapped by VoicePromptsModelAliases is another provider's
    /// (Azure OpenAI's), whose own date is not OpenAI's, so it is not reported.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ModelShutdownAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.ModelShutdown);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(PromptNodes.GeneratedCodeFlags);
            context.EnableConcurrentExecution();
            PromptNodes.OnCompilationsWithPrompts(context, (start, known) =>
            {
                var settings = AnalyzerSettings.From(start.Options.AnalyzerConfigOptionsProvider.GlobalOptions);
                var uses = new ConcurrentBag<(string Model, Location Location)>();

                void Note(string model, Location? location)
                {
                    if (location is not null && !settings.Aliases.ContainsKey(model) && SpeechModelCatalog.Get(model).ShutdownDate is not null)
                        uses.Add((model, location));
                }

                start.RegisterSyntaxNodeAction(nodeContext =>
                {
                    if (PromptNodes.PromptMethod(nodeContext, known) is not { } method)
                        return;
                    var own = VoiceAttributeReader.ReadDeclared(KnownTypes.Find(method.GetAttributes(), known.VoiceAttribute), nodeContext.CancellationToken);
                    var inherited = VoiceAttributeReader.ReadDeclared(KnownTypes.Find(method.ContainingType.GetAttributes(), known.VoiceAttribute), nodeContext.CancellationToken);
                    var model = own.Model ?? inherited.Model;
                    Note(model?.Value ?? settings.DefaultModel, model?.Location ?? method.Locations.FirstOrDefault());
                }, SyntaxKind.MethodDeclaration);

                start.RegisterAdditionalFileAction(fileContext =>
                {
                    var file = fileContext.AdditionalFile;
                    if (!file.Path.EndsWith(KnownNames.VoiceYamlSuffix, StringComparison.OrdinalIgnoreCase))
                        return;
                    var parsed = VoiceYamlParser.Parse(file.Path, file.GetText(fileContext.CancellationToken));
                    foreach (var prompt in parsed.Prompts)
                    {
                        var model = prompt.Settings.Model ?? parsed.Settings.Model;
                        // A translation is its neutral prompt in another language, counted there — unless it names a
                        // model of its own.
                        if (parsed.IsVariant && model is null)
                            continue;
                        Note(model?.Value ?? settings.DefaultModel, TemplateLocations.Yaml(file.Path, (model ?? prompt.Key).Span));
                    }
                });

                start.RegisterCompilationEndAction(end =>
                {
                    if (uses.IsEmpty)
                        return;
                    // The first declaration by file and position, so the notice does not move between builds.
                    var ordered = uses.OrderBy(u => u.Location.GetLineSpan().Path, StringComparer.Ordinal).ThenBy(u => u.Location.SourceSpan.Start).ToList();
                    var models = ordered.Select(u => u.Model).Distinct(StringComparer.Ordinal).OrderBy(m => m, StringComparer.Ordinal).ToList();
                    var date = models.Select(m => SpeechModelCatalog.Get(m).ShutdownDate!.Value).Min();
                    end.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ModelShutdown, ordered[0].Location,
                        ordered.Count, ordered.Count == 1 ? "prompt uses" : "prompts use", string.Join(" and ", models),
                        date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), SpeechModelCatalog.RealtimeSuccessor,
                        SpeechModelCatalog.AzureMiniTtsRetirement.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
                });
            });
        }
    }
}
