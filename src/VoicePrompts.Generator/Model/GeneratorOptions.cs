using Microsoft.CodeAnalysis.Diagnostics;
using VoicePrompts.Shared;

namespace VoicePrompts.Generator.Model
{
    /// <summary>The project settings the generator uses, reduced to a small value so the pipeline can cache it.</summary>
    internal sealed record GeneratorOptions(string DefaultModel, string? ProjectDirectory)
    {
        public static GeneratorOptions From(AnalyzerConfigOptionsProvider provider)
        {
            var global = provider.GlobalOptions;
            string model = global.TryGetValue(KnownNames.DefaultModelProperty, out var m) && !string.IsNullOrWhiteSpace(m)
                ? m.Trim()
                : SpeechModelCatalog.DefaultModel;
            string? projectDir = global.TryGetValue(KnownNames.ProjectDirProperty, out var dir) && !string.IsNullOrWhiteSpace(dir)
                ? dir
                : null;
            return new GeneratorOptions(model, projectDir);
        }
    }
}
