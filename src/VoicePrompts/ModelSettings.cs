using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Threading;
using VoicePrompts.Shared;

namespace VoicePrompts
{
    /// <summary>
    /// The project's model settings at run time — <c>VoicePromptsModelAliases</c> and <c>VoicePromptsTokenLimits</c> —
    /// so a request is refused by the same numbers the build reported. Each assembly's generated
    /// <c>VoicePromptCatalog</c> registers its project's values when the assembly loads; an application may register
    /// its own at start-up (a deployment name only known from configuration).
    /// </summary>
    public static class ModelSettings
    {
        private static Snapshot s_current = new(new Dictionary<string, string>(StringComparer.Ordinal), new Dictionary<string, int>(StringComparer.Ordinal));

        /// <summary>
        /// Adds aliases (<c>my-deployment=gpt-4o-mini-tts;…</c>: a deployment name checked as the model it runs) and
        /// token limits (<c>model=limit;…</c>, 0 or <c>none</c> for no token check), in the MSBuild properties' syntax.
        /// Later registrations win for the same name.
        /// </summary>
        [EditorBrowsable(EditorBrowsableState.Advanced)]
        public static void Register(string? modelAliases, string? tokenLimits)
        {
            var aliases = SpeechModelCatalog.ParseAliases(modelAliases);
            var limits = SpeechModelCatalog.ParseTokenLimits(tokenLimits);
            if (aliases.Count == 0 && limits.Count == 0) return;
            while (true)
            {
                var current = Volatile.Read(ref s_current);
                var nextAliases = new Dictionary<string, string>(current.Aliases, StringComparer.Ordinal);
                foreach (var pair in aliases) nextAliases[pair.Key] = pair.Value;
                var nextLimits = new Dictionary<string, int>(current.TokenLimits, StringComparer.Ordinal);
                foreach (var pair in limits) nextLimits[pair.Key] = pair.Value;
                if (Interlocked.CompareExchange(ref s_current, new Snapshot(nextAliases, nextLimits), current) == current)
                    return;
            }
        }

        /// <summary>The model <paramref name="model"/> stands for after the registered aliases.</summary>
        public static string ResolveModel(string model)
        {
            if (model is null) throw new ArgumentNullException(nameof(model));
            return SpeechModelCatalog.Resolve(model, Aliases);
        }

        internal static IReadOnlyDictionary<string, string> Aliases => Volatile.Read(ref s_current).Aliases;

        internal static IReadOnlyDictionary<string, int> TokenLimits => Volatile.Read(ref s_current).TokenLimits;

        /// <summary>Forgets every registration (tests).</summary>
        internal static void Reset() =>
            Volatile.Write(ref s_current, new Snapshot(new Dictionary<string, string>(StringComparer.Ordinal), new Dictionary<string, int>(StringComparer.Ordinal)));

        private sealed class Snapshot
        {
            public Snapshot(Dictionary<string, string> aliases, Dictionary<string, int> tokenLimits)
            {
                Aliases = aliases;
                TokenLimits = tokenLimits;
            }

            public Dictionary<string, string> Aliases { get; }

            public Dictionary<string, int> TokenLimits { get; }
        }
    }
}
