using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using VoicePrompts.Generator.Diagnostics;

namespace VoicePrompts.CodeFixes
{
    /// <summary>
    /// VP0007 and VP0008: adds <c>partial</c> to the prompt class and every class containing it, or to the prompt
    /// method. Fix-all applies it across the document, project or solution.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakePartialCodeFixProvider)), Shared]
    public sealed class MakePartialCodeFixProvider : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds { get; } =
            ImmutableArray.Create(DiagnosticIds.TypeNotPartial, DiagnosticIds.MethodNotPartial);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null)
                return;
            foreach (var diagnostic in context.Diagnostics)
            {
                var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
                if (diagnostic.Id == DiagnosticIds.TypeNotPartial && node.FirstAncestorOrSelf<TypeDeclarationSyntax>() is { } type)
                {
                    context.RegisterCodeFix(CodeAction.Create(
                        $"Make '{type.Identifier.ValueText}' partial",
                        ct => MakePartialAsync(context.Document, type.AncestorsAndSelf().OfType<TypeDeclarationSyntax>().ToList(), ct),
                        equivalenceKey: DiagnosticIds.TypeNotPartial), diagnostic);
                }
                else if (diagnostic.Id == DiagnosticIds.MethodNotPartial && node.FirstAncestorOrSelf<MethodDeclarationSyntax>() is { } method)
                {
                    context.RegisterCodeFix(CodeAction.Create(
                        $"Make '{method.Identifier.ValueText}' partial",
                        ct => MakePartialAsync(context.Document, new SyntaxNode[] { method }, ct),
                        equivalenceKey: DiagnosticIds.MethodNotPartial), diagnostic);
                }
            }
        }

        private static async Task<Document> MakePartialAsync(Document document, System.Collections.Generic.IReadOnlyList<SyntaxNode> declarations, CancellationToken cancellationToken)
        {
            var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
            foreach (var declaration in declarations)
            {
                if (declaration is MemberDeclarationSyntax member && member.Modifiers.Any(SyntaxKind.PartialKeyword))
                    continue;
                editor.SetModifiers(declaration, editor.Generator.GetModifiers(declaration).WithPartial(true));
            }
            return editor.GetChangedDocument();
        }
    }
}
