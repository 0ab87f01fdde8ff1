using System;
using System.Collections.Generic;
using VoicePrompts.Shared;

namespace VoicePrompts
{
    /// <summary>
    /// A project's model settings — <c>VoicePromptsModelAliases</c> and <c>VoicePromptsTokenLimits</c> — as the runtime
    /// validates with them, so a request is refused by the same numbers the build reported. Immutable, and never
    /// process-wide: each assembly's generated <c>VoicePromptCatalog</c> holds its project's settings and its requests
    /// carry them (<see cref="SpeechRequest.ModelSettings"/>), so two assemblies in one process are each validated by
    /// their own. Settings known only at run time (a deployment name from configuration) go to the builder:
    /// <c>UseModelSettings(…)</c>.
    /// </summary>
    public sealed class ModelSettings
    {
        private readonly Dictionary<string, string> _aliases;
        private readonly Dictionary<string, int> _tokenLimits;

        private ModelSettings(Dictionary<string, string> aliases, Dictionary<string, int> tokenLimits)
        {
            _aliases = aliases;
            _tokenLimits = tokenLimits;
        }

        /// <summary>No aliases and the catalog's own limits.</summary>
        public static ModelSettings Default { get; } = new(new Dictionary<string, string>(StringComparer.Ordinal), new Dictionary<string, int>(StringComparer.Ordinal));

        /// <summary>
        /// Settings in the MSBuild properties' syntax: aliases <c>my-deployment=gpt-4o-mini-tts;…</c> (a deployment name
        /// checked as the model it runs) and token limits <c>model=limit;…</c> (0 or <c>none</c> for no token check).
        /// Entries that do not parse are skipped: the analyzers report them at build time.
        /// </summary>
        public static ModelSettings Parse(string? modelAliases, string? tokenLimits)
        {
            var aliases = SpeechModelCatalog.ParseAliases(modelAliases);
            var limits = SpeechModelCatalog.ParseTokenLimits(tokenLimits);
            return aliases.Count == 0 && limits.Count == 0 ? Default : new ModelSettings(aliases, limits);
        }

        /// <summary>Deployment names and the models they run.</summary>
        public IReadOnlyDictionary<string, string> ModelAliases => _aliases;

        /// <summary>Token limits by model name; 0 means no token check.</summary>
        public IReadOnlyDictionary<string, int> TokenLimits => _tokenLimits;

        /// <summary>The model <paramref name="model"/> stands for after these aliases.</summary>
        public string ResolveModel(string model)
        {
            if (model is null) throw new ArgumentNullException(nameof(model));
            return SpeechModelCatalog.Resolve(model, _aliases);
        }

        /// <summary>The input token limit of <paramref name="model"/>: this project's, else the catalog's; null for none.</summary>
        public int? TokenLimitOf(string model)
        {
            if (model is null) throw new ArgumentNullException(nameof(model));
            return SpeechModelCatalog.TokenLimit(model, _aliases, _tokenLimits);
        }
    }
}
