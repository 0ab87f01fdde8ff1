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
            // A prompt method's implementation part is generated, which makes Roslyn treat the method symbol as
            // generated code: without Analyze the symbol action would never run once the generator has.
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                var known = new KnownTypes(start.Compilation);
                if (known.PromptAttribute is null)
                    return;
                var once = new ReportOnce();
                start.RegisterSymbolAction(symbolContext =>
                {
                    var method = (IMethodSymbol)symbolContext.Symbol;
                    if (method.PartialDefinitionPart is not null)
                        return; // the implementation part (ours, or the user's body reported at the definition)
                    if (KnownTypes.Find(method.GetAttributes(), known.PromptAttribute) is null)
                        return;
                    var syntax = method.DeclaringSyntaxReferences
                        .Select(r => r.GetSyntax(symbolContext.CancellationToken))
                        .OfType<MethodDeclarationSyntax>()
                        .FirstOrDefault();
                    if (syntax is null)
                        return;
                    CSharpPromptParser.Parse(method, syntax, symbolContext.Compilation,
                        new DiagnosticSink(symbolContext.ReportDiagnostic, once, skip: ProblemKind.TypeNotPartial), symbolContext.CancellationToken);
                }, SymbolKind.Method);

                // "Must be partial" belongs to the type declaration it points at, so it is reported per type: a type
                // that declares prompts, or contains one that does.
                start.RegisterSymbolAction(symbolContext =>
                {
                    var type = (INamedTypeSymbol)symbolContext.Symbol;
                    if (!DeclaresPrompts(type, known))
                        return;
                    foreach (var reference in type.DeclaringSyntaxReferences)
                    {
                        if (reference.GetSyntax(symbolContext.CancellationToken) is TypeDeclarationSyntax declaration
                            && !declaration.Modifiers.Any(SyntaxKind.PartialKeyword)
                            && !GeneratedCode.IsOurs(declaration.SyntaxTree))
                        {
                            symbolContext.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.TypeNotPartial,
                                declaration.Identifier.GetLocation(), declaration.Identifier.ValueText));
                        }
                    }
                }, SymbolKind.NamedType);
            });
        }

        private static bool DeclaresPrompts(INamedTypeSymbol type, KnownTypes known) =>
            known.PromptMethods(type).Any() || type.GetTypeMembers().Any(nested => DeclaresPrompts(nested, known));
    }
}
