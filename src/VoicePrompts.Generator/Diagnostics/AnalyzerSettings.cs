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
    /// built-in 2,000 of gpt-4o-mini-tts) and <c>VoicePromptsCheckInstructionsPlusInput</c> (true by default).
    /// </summary>
    internal sealed class AnalyzerSettings
    {
        private readonly Dictionary<string, int> _tokenLimits;

        private AnalyzerSettings(string defaultModel, Dictionary<string, int> tokenLimits, bool checkInstructionsPlusInput)
        {
            DefaultModel = defaultModel;
            _tokenLimits = tokenLimits;
            CheckInstructionsPlusInput = checkInstructionsPlusInput;
        }

        public string DefaultModel { get; }

        public bool CheckInstructionsPlusInput { get; }

        /// <summary>The input token limit of <paramref name="model"/>, or null where none is known (no token check).</summary>
        public int? TokenLimit(string model) =>
            _tokenLimits.TryGetValue(model, out int limit) ? (limit > 0 ? limit : null) : SpeechModelCatalog.GetDefaultTokenLimit(model);

        public static AnalyzerSettings From(AnalyzerConfigOptions global)
        {
            string model = Model.GeneratorOptions.ReadDefaultModel(global);

            var limits = new Dictionary<string, int>(StringComparer.Ordinal);
            if (global.TryGetValue(KnownNames.TokenLimitsProperty, out var text) && !string.IsNullOrWhiteSpace(text))
            {
                foreach (var entry in text.Split(new[] { ';', ',' }, StringSplitOptions.RemoveEmptyEntries))
                {
                    int equals = entry.IndexOf('=');
                    if (equals <= 0) continue;
                    string name = entry.Substring(0, equals).Trim();
                    // 0 or "none" turns the token check off for that model.
                    string value = entry.Substring(equals + 1).Trim();
                    if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int limit) && limit >= 0)
                        limits[name] = limit;
                    else if (string.Equals(value, "none", StringComparison.OrdinalIgnoreCase))
                        limits[name] = 0;
                }
            }

            bool check = !(global.TryGetValue(KnownNames.CheckInstructionsPlusInputProperty, out var flag)
                && string.Equals(flag?.Trim(), "false", StringComparison.OrdinalIgnoreCase));
            return new AnalyzerSettings(model, limits, check);
        }
    }
}
