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
            DiagnosticDescriptors.SpeedOutOfRange,
            DiagnosticDescriptors.UnknownCulture,
            DiagnosticDescriptors.TranslationWithoutNeutral,
            DiagnosticDescriptors.TranslationMissingPrompt,
            DiagnosticDescriptors.TranslationParameterMismatch,
            DiagnosticDescriptors.DuplicateTranslation);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(PromptNodes.GeneratedCodeFlags);
            context.EnableConcurrentExecution();
            PromptNodes.OnCompilationsWithPrompts(context, (start, known) =>
            {
                var once = new ReportOnce();
                var settings = AnalyzerSettings.From(start.Options.AnalyzerConfigOptionsProvider.GlobalOptions);
                start.RegisterSyntaxNodeAction(nodeContext =>
                {
                    if (PromptNodes.PromptMethod(nodeContext, known) is not { } method)
                        return;
                    var syntax = (MethodDeclarationSyntax)nodeContext.Node;
                    CSharpPromptParser.Parse(method, syntax, known,
                        new DiagnosticSink(nodeContext.ReportDiagnostic, once, skip: ProblemKind.TypeNotPartial), nodeContext.CancellationToken);
                    ReportMissingTranslations(method, syntax, known, settings, nodeContext.ReportDiagnostic);
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

        /// <summary>
        /// VP0031: a culture that other prompts of the class are translated into, but this one is not (the class's
        /// translations are the union of its prompts'; a listed partial culture is exempt).
        /// </summary>
        private static void ReportMissingTranslations(IMethodSymbol method, MethodDeclarationSyntax syntax, KnownTypes known, AnalyzerSettings settings,
            System.Action<Diagnostic> report)
        {
            static System.Collections.Generic.IEnumerable<string> Cultures(IMethodSymbol m, KnownTypes k) =>
                KnownTypes.FindAll(m.GetAttributes(), k.PromptAttribute).Select(KnownTypes.CultureOf)
                    .Select(c => c is null ? null : CultureNames.Normalize(c)).Where(c => c is not null).Select(c => c!);
            var own = new System.Collections.Generic.HashSet<string>(Cultures(method, known), System.StringComparer.OrdinalIgnoreCase);
            var classCultures = known.PromptMethods(method.ContainingType).SelectMany(m => Cultures(m, known))
                .Distinct(System.StringComparer.OrdinalIgnoreCase).OrderBy(c => c, System.StringComparer.Ordinal);
            foreach (var culture in classCultures)
            {
                if (own.Contains(culture) || settings.IsPartialCulture(culture))
                    continue;
                report(Diagnostic.Create(DiagnosticDescriptors.TranslationMissingPrompt, syntax.Identifier.GetLocation(), culture, method.ContainingType.Name,
                    Shared.PromptNaming.PromptNameFromMethod(method.Name), "with [Prompt(\"…\", Culture = \"" + culture + "\")] on method '" + method.Name + "'"));
            }
        }

        private static bool DeclaresPrompts(INamedTypeSymbol type, KnownTypes known) =>
            known.PromptMethods(type).Any() || type.GetTypeMembers().Any(nested => DeclaresPrompts(nested, known));
    }
}
