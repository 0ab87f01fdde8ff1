using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using VoicePrompts.Generator.Diagnostics;
using VoicePrompts.Generator.Parsing;

namespace VoicePrompts.Generator.Analyzers
{
    /// <summary>
    /// C# prompt declarations: partial class and method, no body, return type, template syntax and binding, voice,
    /// client, generated-name clashes. Runs the generator's own parser with a sink, so whatever the generator
    /// skips is reported here.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class PromptDeclarationAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            DiagnosticDescriptors.TypeNotPartial,
            DiagnosticDescriptors.MethodNotPartial,
            DiagnosticDescriptors.MethodHasBody,
            DiagnosticDescriptors.UnsupportedReturnType,
            DiagnosticDescriptors.UnsupportedDeclaration,
            DiagnosticDescriptors.MultipleClients,
            DiagnosticDescriptors.MemberNameClash,
            DiagnosticDescriptors.TemplateSyntaxError,
            DiagnosticDescriptors.TemplateVariableWithoutParameter,
            DiagnosticDescriptors.ParameterNotInTemplate,
            DiagnosticDescriptors.MissingVoice,
            DiagnosticDescriptors.SpeedOutOfRange);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(PromptNodes.GeneratedCodeFlags);
            context.EnableConcurrentExecution();
            PromptNodes.OnCompilationsWithPrompts(context, (start, known) =>
            {
                var once = new ReportOnce();
                start.RegisterSyntaxNodeAction(nodeContext =>
                {
                    if (PromptNodes.PromptMethod(nodeContext, known) is not { } method)
                        return;
                    CSharpPromptParser.Parse(method, (MethodDeclarationSyntax)nodeContext.Node, known,
                        new DiagnosticSink(nodeContext.ReportDiagnostic, once, skip: ProblemKind.TypeNotPartial), nodeContext.CancellationToken);
                }, SyntaxKind.MethodDeclaration);

                // "Must be partial" belongs to the type declaration it points at: a type that declares prompts, or
                // contains one that does.
                start.RegisterSyntaxNodeAction(nodeContext =>
                {
                    var declaration = (TypeDeclarationSyntax)nodeContext.Node;
                    if (declaration.Modifiers.Any(SyntaxKind.PartialKeyword) || GeneratedCode.IsOurs(declaration.SyntaxTree)
                        || nodeContext.SemanticModel.GetDeclaredSymbol(declaration, nodeContext.CancellationToken) is not INamedTypeSymbol type
                        || !DeclaresPrompts(type, known))
                        return;
                    nodeContext.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.TypeNotPartial,
                        declaration.Identifier.GetLocation(), declaration.Identifier.ValueText));
                }, PromptNodes.TypeDeclarations);
            });
        }

        private static bool DeclaresPrompts(INamedTypeSymbol type, KnownTypes known) =>
            known.PromptMethods(type).Any() || type.GetTypeMembers().Any(nested => DeclaresPrompts(nested, known));
    }
}
