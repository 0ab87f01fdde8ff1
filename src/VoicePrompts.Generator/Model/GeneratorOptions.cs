using Microsoft.CodeAnalysis.Diagnostics;
using VoicePrompts.Shared;

namespace VoicePrompts.Generator.Model
{
    /// <summary>The project settings the generator uses, reduced to a small value so the pipeline can cache it.</summary>
    /// <param name="ModelAliases">The project's <c>VoicePromptsModelAliases</c> as written, or null.</param>
    /// <param name="TokenLimits">The project's <c>VoicePromptsTokenLimits</c> as written, or null.</param>
    internal sealed record GeneratorOptions(string DefaultModel, string? ProjectDirectory, string? ModelAliases = null, string? TokenLimits = null)
    {
        /// <summary>The facts of a model as the project names it (a deployment alias resolved).</summary>
        public ModelFacts FactsOf(string? model) =>
            SpeechModelCatalog.Get(SpeechModelCatalog.Resolve(model ?? DefaultModel, SpeechModelCatalog.ParseAliases(ModelAliases)));

        public static GeneratorOptions From(AnalyzerConfigOptionsProvider provider)
        {
            var global = provider.GlobalOptions;
            string? projectDir = global.TryGetValue(KnownNames.ProjectDirProperty, out var dir) && !string.IsNullOrWhiteSpace(dir)
                ? dir
                : null;
            return new GeneratorOptions(ReadDefaultModel(global), projectDir, Setting(global, KnownNames.ModelAliasesProperty), Setting(global, KnownNames.TokenLimitsProperty));
        }

        private static string? Setting(AnalyzerConfigOptions global, string name) =>
            global.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

        /// <summary><c>VoicePromptsDefaultModel</c>, else gpt-4o-mini-tts — read the same way by the generator and the analyzers.</summary>
        public static string ReadDefaultModel(AnalyzerConfigOptions global) =>
            global.TryGetValue(KnownNames.DefaultModelProperty, out var model) && !string.IsNullOrWhiteSpace(model)
                ? model.Trim()
                : SpeechModelCatalog.DefaultModel;
    }
}
