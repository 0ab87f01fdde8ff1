namespace VoicePrompts.Generator
{
    /// <summary>Metadata names the generator and analyzers look for, and the MSBuild properties they read.</summary>
    internal static class KnownNames
    {
        public const string PromptAttribute = "VoicePrompts.PromptAttribute";
        public const string VoiceAttribute = "VoicePrompts.VoiceAttribute";
        public const string SpeechClientInterface = "VoicePrompts.ISpeechClient";
        public const string SpeechAudio = "VoicePrompts.SpeechAudio";
        public const string SpeechAudioUpdate = "VoicePrompts.SpeechAudioUpdate";
        public const string CancellationToken = "System.Threading.CancellationToken";
        public const string CultureInfo = "System.Globalization.CultureInfo";
        public const string PronounceAttribute = "VoicePrompts.PronounceAttribute";

        /// <summary>The runtime assembly, where the types above are looked up (and only there).</summary>
        public const string RuntimeAssembly = "VoicePrompts";

        public const string VoiceYamlSuffix = ".voice.yaml";

        /// <summary>MSBuild properties exposed with <c>CompilerVisibleProperty</c> (build/VoicePrompts.props).</summary>
        public const string DefaultModelProperty = "build_property.VoicePromptsDefaultModel";
        public const string TokenLimitsProperty = "build_property.VoicePromptsTokenLimits";
        public const string ModelAliasesProperty = "build_property.VoicePromptsModelAliases";
        public const string CheckInstructionsPlusInputProperty = "build_property.VoicePromptsCheckInstructionsPlusInput";
        public const string ProjectDirProperty = "build_property.projectdir";
        public const string PartialCulturesProperty = "build_property.VoicePromptsPartialCultures";
    }
}
