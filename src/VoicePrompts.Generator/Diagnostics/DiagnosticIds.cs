namespace VoicePrompts.Generator.Diagnostics
{
    /// <summary>The diagnostic ids (linked into the code-fix assembly, which must not depend on the analyzers' internals).</summary>
    internal static class DiagnosticIds
    {
        public const string InputOverTokenLimit = "VP0001";
        public const string InputOverCharacterLimit = "VP0002";
        public const string InstructionsOverCharacterLimit = "VP0003";
        public const string ExampleOverTokenLimit = "VP0004";
        public const string MaxLengthBoundOverTokenLimit = "VP0005";
        public const string InstructionsPlusInputOverTokenLimit = "VP0006";
        public const string TypeNotPartial = "VP0007";
        public const string MethodNotPartial = "VP0008";
        public const string MethodHasBody = "VP0009";
        public const string UnsupportedReturnType = "VP0010";
        public const string UnsupportedDeclaration = "VP0011";
        public const string MultipleClients = "VP0012";
        public const string MemberNameClash = "VP0013";
        public const string TemplateSyntaxError = "VP0014";
        public const string TemplateVariableWithoutParameter = "VP0015";
        public const string ParameterNotInTemplate = "VP0016";
        public const string MissingVoice = "VP0017";
        public const string UnknownVoice = "VP0018";
        public const string InstructionsNotSupported = "VP0019";
        public const string SpeedOutOfRange = "VP0020";
        public const string UnknownFormat = "VP0021";
        public const string YamlSyntaxError = "VP0022";
        public const string YamlSchemaError = "VP0023";
        public const string YamlUnknownKey = "VP0024";
        public const string YamlDuplicate = "VP0025";
        public const string YamlFileTooLarge = "VP0026";
        public const string YamlUnknownType = "VP0027";
        public const string ModelShutdown = "VP0028";
        public const string UnknownCulture = "VP0029";
        public const string TranslationWithoutNeutral = "VP0030";
        public const string TranslationMissingPrompt = "VP0031";
        public const string TranslationParameterMismatch = "VP0032";
        public const string DuplicateTranslation = "VP0033";

        /// <summary>Property of a VP0018 diagnostic: the nearest valid voice, for the code fix.</summary>
        public const string NearestVoiceProperty = "NearestVoice";

        /// <summary>Property of a VP0018 diagnostic: the voice as written, so the fix only rewrites that literal.</summary>
        public const string VoiceProperty = "Voice";
    }
}
