using System.Collections.Immutable;
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
            context.ConfigureGeneratedCodeAnalysis(PromptNodes.GeneratedCodeFlags);
            context.EnableConcurrentExecution();
            PromptNodes.OnCompilationsWithPrompts(context, (start, known) =>
            {
                var settings = AnalyzerSettings.From(start.Options.AnalyzerConfigOptionsProvider.GlobalOptions);
                start.RegisterSyntaxNodeAction(nodeContext =>
                {
                    if (PromptNodes.PromptMethod(nodeContext, known) is not { } method)
                        return;
                    var all = CSharpPromptFacts.Create(method, known, nodeContext.CancellationToken);
                    if (all.Count == 0)
                        return;
                    foreach (var facts in all)
                        PromptChecks.CheckLimits(facts, settings, nodeContext.ReportDiagnostic);
                    // Instructions are checked where they are written: the method's here, the class's below.
                    PromptChecks.CheckInstructionsLength(
                        VoiceAttributeReader.ReadDeclared(KnownTypes.Find(method.GetAttributes(), known.VoiceAttribute), nodeContext.CancellationToken).Instructions,
                        Subjects.Prompt(PromptNaming.PromptNameFromMethod(method.Name)), nodeContext.ReportDiagnostic);
                }, SyntaxKind.MethodDeclaration);

                start.RegisterSyntaxNodeAction(nodeContext =>
                {
                    if (PromptNodes.TypeVoiceWrittenHere(nodeContext, known) is { } found && known.PromptMethods(found.Type).Any())
                        PromptChecks.CheckInstructionsLength(VoiceAttributeReader.ReadDeclared(found.Voice, nodeContext.CancellationToken).Instructions,
                            Subjects.Class(found.Type.Name), nodeContext.ReportDiagnostic);
                }, PromptNodes.TypeDeclarations);
            });
        }
    }
}
