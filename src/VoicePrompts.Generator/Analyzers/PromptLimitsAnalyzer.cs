using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using VoicePrompts.Generator.Diagnostics;
using VoicePrompts.Generator.Parsing;

namespace VoicePrompts.Generator.Analyzers
{
    /// <summary>
    /// C# prompts against the model's limits: exact o200k_base tokens and characters of static prompts, the
    /// rendering with examples and the bound from [MaxLength] of templated ones, instructions' size.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class PromptLimitsAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            DiagnosticDescriptors.InputOverTokenLimit,
            DiagnosticDescriptors.InputOverCharacterLimit,
            DiagnosticDescriptors.InstructionsOverCharacterLimit,
            DiagnosticDescriptors.ExampleOverTokenLimit,
            DiagnosticDescriptors.MaxLengthBoundOverTokenLimit,
            DiagnosticDescriptors.InstructionsPlusInputOverTokenLimit);

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
                start.RegisterSymbolAction(symbolContext =>
                {
                    var method = (IMethodSymbol)symbolContext.Symbol;
                    var facts = CSharpPromptFacts.Create(method, known, symbolContext.CancellationToken);
                    if (facts is null)
                        return;
                    PromptChecks.CheckLimits(facts, settings, symbolContext.ReportDiagnostic);
                    // Instructions are checked where they are written: the method's here, the class's below.
                    PromptChecks.CheckInstructionsLength(
                        CSharpPromptFacts.ReadVoice(KnownTypes.Find(method.GetAttributes(), known.VoiceAttribute), symbolContext.CancellationToken).Instructions,
                        symbolContext.ReportDiagnostic);
                }, SymbolKind.Method);

                start.RegisterSymbolAction(symbolContext =>
                {
                    var type = (INamedTypeSymbol)symbolContext.Symbol;
                    var attribute = KnownTypes.Find(type.GetAttributes(), known.VoiceAttribute);
                    if (attribute is not null && known.PromptMethods(type).Any())
                        PromptChecks.CheckInstructionsLength(CSharpPromptFacts.ReadVoice(attribute, symbolContext.CancellationToken).Instructions, symbolContext.ReportDiagnostic);
                }, SymbolKind.NamedType);
            });
        }
    }
}
