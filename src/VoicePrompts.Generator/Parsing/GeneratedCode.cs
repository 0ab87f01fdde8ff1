using System;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace VoicePrompts.Generator.Parsing
{
    /// <summary>
    /// Tells the user's declarations from this generator's output. The generator never sees its own output, but the
    /// analyzers run on the compilation after generation, where generated members would otherwise look like the
    /// user's and clash with the very prompts that produced them.
    /// </summary>
    internal static class GeneratedCode
    {
        // Roslyn names generated trees {assembly}/{generator type}/{hint name}.
        private static readonly string GeneratorFolder = typeof(VoicePromptsGenerator).FullName!;

        public static bool IsOurs(SyntaxTree? tree) =>
            tree is not null && tree.FilePath.IndexOf(GeneratorFolder, StringComparison.Ordinal) >= 0;

        /// <summary>True when the symbol is declared somewhere other than this generator's output.</summary>
        public static bool IsUserDeclared(ISymbol symbol) =>
            symbol.Locations.Any(l => l.IsInSource && !IsOurs(l.SourceTree)) || symbol.Locations.Any(l => l.IsInMetadata);
    }
}
