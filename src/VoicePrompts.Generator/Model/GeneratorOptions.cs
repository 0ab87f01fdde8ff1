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
            string? projectDir = global.TryGetValue(KnownNames.ProjectDirProperty, out var dir) && !string.IsNullOrWhiteSpace(dir)
                ? dir
                : null;
            return new GeneratorOptions(ReadDefaultModel(global), projectDir);
        }

        /// <summary><c>VoicePromptsDefaultModel</c>, else gpt-4o-mini-tts — read the same way by the generator and the analyzers.</summary>
        public static string ReadDefaultModel(AnalyzerConfigOptions global) =>
            global.TryGetValue(KnownNames.DefaultModelProperty, out var model) && !string.IsNullOrWhiteSpace(model)
                ? model.Trim()
                : SpeechModelCatalog.DefaultModel;
    }
}
