using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using VoicePrompts.Generator.Diagnostics;

namespace VoicePrompts.CodeFixes
{
    /// <summary>VP0018: replaces an unknown voice with the nearest valid one the analyzer found (e.g. "corall" → "coral").</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(NearestVoiceCodeFixProvider)), Shared]
    public sealed class NearestVoiceCodeFixProvider : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.UnknownVoice);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null)
                return;
            foreach (var diagnostic in context.Diagnostics)
            {
                if (!diagnostic.Properties.TryGetValue(DiagnosticIds.NearestVoiceProperty, out var voice) || voice is null)
                    continue; // nothing close enough to suggest
                if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not LiteralExpressionSyntax literal
                    || !literal.IsKind(SyntaxKind.StringLiteralExpression)
                    || !diagnostic.Properties.TryGetValue(DiagnosticIds.VoiceProperty, out var written) || literal.Token.ValueText != written)
                    continue; // a constant from elsewhere, or not the voice literal: not ours to rewrite
                context.RegisterCodeFix(CodeAction.Create(
                    $"Use voice '{voice}'",
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(literal,
                        SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(voice)).WithTriviaFrom(literal)))),
                    equivalenceKey: DiagnosticIds.UnknownVoice), diagnostic); // fix-all: each to its own nearest voice
            }
        }
    }
}
