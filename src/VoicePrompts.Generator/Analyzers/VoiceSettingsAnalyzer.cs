using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using VoicePrompts.Generator.Diagnostics;
using VoicePrompts.Generator.Parsing;

namespace VoicePrompts.Generator.Analyzers
{
    /// <summary>C# prompts' [Voice] settings against the model: voice, instructions, speed, format.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class VoiceSettingsAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            DiagnosticDescriptors.UnknownVoice,
            DiagnosticDescriptors.InstructionsNotSupported,
            DiagnosticDescriptors.SpeedOutOfRange,
            DiagnosticDescriptors.UnknownFormat);

        public override void Initialize(AnalysisContext context)
        {
            // A prompt method's implementation part is generated, which makes Roslyn treat the method symbol as
            // generated code: without Analyze the symbol action would never run once the generator has.
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                var known = new KnownTypes(start.Compilation);
                if (known.PromptAttribute is null)
                    return;
                var settings = AnalyzerSettings.From(start.Options.AnalyzerConfigOptionsProvider.GlobalOptions);
                var once = new ReportOnce();
                start.RegisterSymbolAction(symbolContext =>
                {
                    var facts = CSharpPromptFacts.Create((IMethodSymbol)symbolContext.Symbol, known, symbolContext.CancellationToken);
                    if (facts is null)
                        return;
                    PromptChecks.CheckVoice(facts, d =>
                    {
                        if (once.IsFirst(d)) symbolContext.ReportDiagnostic(d);
                    }, settings.DefaultModel);
                }, SymbolKind.Method);
            });
        }
    }
}
