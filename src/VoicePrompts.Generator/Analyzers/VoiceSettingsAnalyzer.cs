using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using VoicePrompts.Generator.Diagnostics;
using VoicePrompts.Generator.Parsing;

namespace VoicePrompts.Generator.Analyzers
{
    /// <summary>
    /// [Voice] settings against the model: voice, instructions, speed, format. Each value is checked where it is
    /// written — a class's [Voice] with the class, a method's with the method — so a diagnostic belongs to the
    /// declaration it points at (and its code fix can be computed from that document alone).
    /// </summary>
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
            context.ConfigureGeneratedCodeAnalysis(PromptNodes.GeneratedCodeFlags);
            context.EnableConcurrentExecution();
            PromptNodes.OnCompilationsWithPrompts(context, (start, known) =>
            {
                var settings = AnalyzerSettings.From(start.Options.AnalyzerConfigOptionsProvider.GlobalOptions);

                start.RegisterSyntaxNodeAction(nodeContext =>
                {
                    if (PromptNodes.TypeVoiceWrittenHere(nodeContext, known) is not { } found || !known.PromptMethods(found.Type).Any())
                        return;
                    PromptChecks.CheckVoice(VoiceAttributeReader.ReadDeclared(found.Voice, nodeContext.CancellationToken),
                        Subjects.Class(found.Type.Name), nodeContext.ReportDiagnostic, settings.DefaultModel, settings.Aliases);
                }, PromptNodes.TypeDeclarations);

                start.RegisterSyntaxNodeAction(nodeContext =>
                {
                    if (PromptNodes.PromptMethod(nodeContext, known) is not { } method)
                        return;
                    var attribute = KnownTypes.Find(method.GetAttributes(), known.VoiceAttribute);
                    if (attribute is null)
                        return; // the class's values were checked with the class
                    var own = VoiceAttributeReader.ReadDeclared(attribute, nodeContext.CancellationToken);
                    var inherited = VoiceAttributeReader.ReadDeclared(KnownTypes.Find(method.ContainingType.GetAttributes(), known.VoiceAttribute), nodeContext.CancellationToken);
                    string defaultModel = inherited.Model?.Value ?? settings.DefaultModel;
                    string subject = Subjects.Prompt(Shared.PromptNaming.PromptNameFromMethod(method.Name));
                    PromptChecks.CheckVoice(own, subject, nodeContext.ReportDiagnostic, defaultModel, settings.Aliases);

                    // A method that changes the model can make the class's values wrong for it: reported at the
                    // method's Model, the part of this declaration that causes it.
                    if (own.Model is { } model && model.Value != inherited.Model?.Value)
                    {
                        var relocated = new VoiceDeclaration
                        {
                            Model = model,
                            Voice = own.Voice is null && inherited.Voice is { } v ? new DeclaredValue<string>(v.Value, model.Location) : null,
                            Instructions = own.Instructions is null && inherited.Instructions is { } i ? new DeclaredValue<string>(i.Value, model.Location) : null,
                            Format = own.Format is null && inherited.Format is { } f ? new DeclaredValue<string>(f.Value, model.Location) : null,
                        };
                        PromptChecks.CheckVoice(relocated, subject, nodeContext.ReportDiagnostic, settings.DefaultModel, settings.Aliases, offerFix: false);
                    }
                }, SyntaxKind.MethodDeclaration);
            });
        }
    }
}
