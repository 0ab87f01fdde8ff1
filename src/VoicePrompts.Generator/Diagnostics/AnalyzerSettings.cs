using System;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.CodeAnalysis.Diagnostics;
using VoicePrompts.Shared;

namespace VoicePrompts.Generator.Diagnostics
{
    /// <summary>
    /// The MSBuild properties the analyzers read (exposed by build/VoicePrompts.props as CompilerVisibleProperty):
    /// <c>VoicePromptsDefaultModel</c>, <c>VoicePromptsTokenLimits</c> (<c>model=limit;…</c>, added to or replacing the
    /// built-in 2,000 of gpt-4o-mini-tts), <c>VoicePromptsCheckInstructionsPlusInput</c> (true by default) and
    /// <c>VoicePromptsPartialCultures</c>.
    /// </summary>
    internal sealed class AnalyzerSettings
    {
        private readonly Dictionary<string, int> _tokenLimits;

        private AnalyzerSettings(string defaultModel, Dictionary<string, int> tokenLimits, Dictionary<string, string> aliases, bool checkInstructionsPlusInput,
            string[] partialCultures)
        {
            _partialCultures = partialCultures;
            DefaultModel = defaultModel;
            _tokenLimits = tokenLimits;
            Aliases = aliases;
            CheckInstructionsPlusInput = checkInstructionsPlusInput;
        }

        public string DefaultModel { get; }

        private readonly string[] _partialCultures;

        /// <summary>
        /// <c>VoicePromptsPartialCultures</c> (<c>ja;de-CH</c>): cultures whose translations may leave prompts in the neutral
        /// language without VP0031. A listed culture covers its specific cultures (<c>de</c> covers <c>de-CH</c>).
        /// </summary>
        public bool IsPartialCulture(string culture)
        {
            foreach (var listed in _partialCultures)
                if (string.Equals(culture, listed, StringComparison.OrdinalIgnoreCase)
                    || culture.StartsWith(listed + "-", StringComparison.OrdinalIgnoreCase))
                    return true;
            return false;
        }

        public bool CheckInstructionsPlusInput { get; }

        /// <summary><c>VoicePromptsModelAliases</c>: deployment names checked as the models they run.</summary>
        public IReadOnlyDictionary<string, string> Aliases { get; }

        /// <summary>The input token limit of <paramref name="model"/>, or null where none is known (no token check).</summary>
        public int? TokenLimit(string model) => SpeechModelCatalog.TokenLimit(model, Aliases, _tokenLimits);

        public static AnalyzerSettings From(AnalyzerConfigOptions global)
        {
            string model = Model.GeneratorOptions.ReadDefaultModel(global);

            var limits = SpeechModelCatalog.ParseTokenLimits(global.TryGetValue(KnownNames.TokenLimitsProperty, out var text) ? text : null);

            bool check = !(global.TryGetValue(KnownNames.CheckInstructionsPlusInputProperty, out var flag)
                && string.Equals(flag?.Trim(), "false", StringComparison.OrdinalIgnoreCase));
            var aliases = SpeechModelCatalog.ParseAliases(global.TryGetValue(KnownNames.ModelAliasesProperty, out var aliasText) ? aliasText : null);
            var partial = global.TryGetValue(KnownNames.PartialCulturesProperty, out var cultures) && cultures is not null
                ? cultures.Split(new[] { ',', ';', ' ' }, StringSplitOptions.RemoveEmptyEntries)
                : Array.Empty<string>();
            return new AnalyzerSettings(model, limits, aliases, check, partial);
        }
    }
}
