using Microsoft.CodeAnalysis;

namespace VoicePrompts.Generator.Diagnostics
{
    /// <summary>
    /// Every VoicePrompts diagnostic, in one table. Ids are stable once shipped; each has a page at
    /// docs/diagnostics/{id}.md and a line in AnalyzerReleases.*.md. Messages state the numbers.
    /// </summary>
    internal static class DiagnosticDescriptors
    {
        public const string HelpLinkBase = "https://github.com/voiceprompts/voiceprompts/blob/main/docs/diagnostics/";

        private const string Limits = "VoicePrompts.Limits";
        private const string Declaration = "VoicePrompts.Declaration";
        private const string Template = "VoicePrompts.Template";
        private const string Voice = "VoicePrompts.Voice";
        private const string Yaml = "VoicePrompts.Yaml";
        private const string Models = "VoicePrompts.Models";
        private const string Languages = "VoicePrompts.Languages";

        // ---- Limits: what the speech endpoint refuses by size ----

        public static readonly DiagnosticDescriptor InputOverTokenLimit = Create(DiagnosticIds.InputOverTokenLimit,
            "Prompt is over the model's input token limit",
            "Prompt '{0}' is {1:N0} tokens; {2} accepts at most {3:N0}",
            Limits, DiagnosticSeverity.Warning);

        public static readonly DiagnosticDescriptor InputOverCharacterLimit = Create(DiagnosticIds.InputOverCharacterLimit,
            "Prompt is over 4,096 characters",
            "Prompt '{0}' is {1:N0} characters{2}; the speech endpoint accepts at most {3:N0}",
            Limits, DiagnosticSeverity.Warning);

        public static readonly DiagnosticDescriptor InstructionsOverCharacterLimit = Create(DiagnosticIds.InstructionsOverCharacterLimit,
            "Instructions are over 4,096 characters",
            "{0} has instructions of {1:N0} characters; the speech endpoint accepts at most {2:N0}",
            Limits, DiagnosticSeverity.Warning);

        public static readonly DiagnosticDescriptor ExampleOverTokenLimit = Create(DiagnosticIds.ExampleOverTokenLimit,
            "Templated prompt rendered with its examples is over the token limit",
            "Prompt '{0}' rendered with its example values is {1:N0} tokens; {2} accepts at most {3:N0}",
            Limits, DiagnosticSeverity.Warning);

        public static readonly DiagnosticDescriptor MaxLengthBoundOverTokenLimit = Create(DiagnosticIds.MaxLengthBoundOverTokenLimit,
            "Templated prompt can exceed the token limit at its parameters' maximum lengths",
            "Prompt '{0}' can reach {1:N0} tokens with {2}; {3} accepts at most {4:N0}",
            Limits, DiagnosticSeverity.Warning);

        public static readonly DiagnosticDescriptor InstructionsPlusInputOverTokenLimit = Create(DiagnosticIds.InstructionsPlusInputOverTokenLimit,
            "Instructions plus input are over the token limit",
            "Prompt '{0}' is {1:N0} tokens with its instructions ({2:N0} input + {3:N0} instructions); {4} accepts at most {5:N0} input tokens",
            Limits, DiagnosticSeverity.Warning);

        // ---- Declarations in C# ----

        public static readonly DiagnosticDescriptor TypeNotPartial = Create(DiagnosticIds.TypeNotPartial,
            "Type declaring prompts must be partial",
            "Type '{0}' declares voice prompts and must be partial (and so must every type containing it)",
            Declaration, DiagnosticSeverity.Error);

        public static readonly DiagnosticDescriptor MethodNotPartial = Create(DiagnosticIds.MethodNotPartial,
            "Prompt method must be partial",
            "Prompt method '{0}' must be partial so VoicePrompts can implement it",
            Declaration, DiagnosticSeverity.Error);

        public static readonly DiagnosticDescriptor MethodHasBody = Create(DiagnosticIds.MethodHasBody,
            "Prompt method must not have a body",
            "Prompt method '{0}' has a body; VoicePrompts writes it — declare it without one",
            Declaration, DiagnosticSeverity.Error);

        public static readonly DiagnosticDescriptor UnsupportedReturnType = Create(DiagnosticIds.UnsupportedReturnType,
            "Prompt method has an unsupported return type",
            "Prompt method '{0}' returns '{1}'; use Task<SpeechAudio>, ValueTask<SpeechAudio>, IAsyncEnumerable<SpeechAudioUpdate> or IAsyncEnumerable<ReadOnlyMemory<byte>>",
            Declaration, DiagnosticSeverity.Error);

        public static readonly DiagnosticDescriptor UnsupportedDeclaration = Create(DiagnosticIds.UnsupportedDeclaration,
            "Prompt declaration is not supported",
            "{0}",
            Declaration, DiagnosticSeverity.Error);

        public static readonly DiagnosticDescriptor MultipleClients = Create(DiagnosticIds.MultipleClients,
            "More than one ISpeechClient to choose from",
            "'{0}' has more than one ISpeechClient ({1}); keep one, or pass the client as a parameter of the prompt method",
            Declaration, DiagnosticSeverity.Error);

        public static readonly DiagnosticDescriptor MemberNameClash = Create(DiagnosticIds.MemberNameClash,
            "Generated member name is already taken",
            "'{0}' already has a member named '{1}'; VoicePrompts does not generate it for prompt '{2}'",
            Declaration, DiagnosticSeverity.Error);

        // ---- Templates ----

        public static readonly DiagnosticDescriptor TemplateSyntaxError = Create(DiagnosticIds.TemplateSyntaxError,
            "Template has a syntax error",
            "Template of prompt '{0}' has an error at line {1}, column {2}: {3}",
            Template, DiagnosticSeverity.Error);

        public static readonly DiagnosticDescriptor TemplateVariableWithoutParameter = Create(DiagnosticIds.TemplateVariableWithoutParameter,
            "Template variable has no parameter",
            "Template variable '{0}' of prompt '{1}' has no parameter; add a parameter named '{2}'",
            Template, DiagnosticSeverity.Error);

        public static readonly DiagnosticDescriptor ParameterNotInTemplate = Create(DiagnosticIds.ParameterNotInTemplate,
            "Parameter is not used by the template",
            "Parameter '{0}' of prompt '{1}' is not used by its template",
            Template, DiagnosticSeverity.Warning);

        // ---- Voice, model, format, speed ----

        public static readonly DiagnosticDescriptor MissingVoice = Create(DiagnosticIds.MissingVoice,
            "Prompt has no voice",
            "Prompt '{0}' has no voice; add [Voice(\"…\")] to the method or its class, or 'voice:' in YAML",
            Voice, DiagnosticSeverity.Error);

        public static readonly DiagnosticDescriptor UnknownVoice = Create(DiagnosticIds.UnknownVoice,
            "Voice is not a voice of the model",
            "{0} uses voice '{1}', which is not one of the {2} voices of {3}{4}",
            Voice, DiagnosticSeverity.Warning);

        public static readonly DiagnosticDescriptor InstructionsNotSupported = Create(DiagnosticIds.InstructionsNotSupported,
            "Model does not accept instructions",
            "{0} sets instructions, but {1} does not accept them; remove them or use a model that does, such as gpt-4o-mini-tts",
            Voice, DiagnosticSeverity.Error);

        public static readonly DiagnosticDescriptor SpeedOutOfRange = Create(DiagnosticIds.SpeedOutOfRange,
            "Speed is out of range",
            "{0} sets speed {1}, outside the range {2}–{3} that {4} accepts",
            Voice, DiagnosticSeverity.Error);

        public static readonly DiagnosticDescriptor UnknownFormat = Create(DiagnosticIds.UnknownFormat,
            "Audio format is not supported by the model",
            "{0} sets format '{1}', which {2} does not produce; use one of {3}",
            Voice, DiagnosticSeverity.Error);

        // ---- .voice.yaml ----

        public static readonly DiagnosticDescriptor YamlSyntaxError = Create(DiagnosticIds.YamlSyntaxError,
            ".voice.yaml is not well-formed",
            "{0} is not well-formed YAML: {1}",
            Yaml, DiagnosticSeverity.Error);

        public static readonly DiagnosticDescriptor YamlSchemaError = Create(DiagnosticIds.YamlSchemaError,
            ".voice.yaml value is missing or has the wrong shape",
            "In {0}, {1}",
            Yaml, DiagnosticSeverity.Error);

        public static readonly DiagnosticDescriptor YamlUnknownKey = Create(DiagnosticIds.YamlUnknownKey,
            ".voice.yaml has an unknown key",
            "In {0}, {1}",
            Yaml, DiagnosticSeverity.Error);

        public static readonly DiagnosticDescriptor YamlDuplicate = Create(DiagnosticIds.YamlDuplicate,
            "Key or prompt declared more than once",
            "In {0}, {1}",
            Yaml, DiagnosticSeverity.Error);

        public static readonly DiagnosticDescriptor YamlFileTooLarge = Create(DiagnosticIds.YamlFileTooLarge,
            ".voice.yaml is too large or too deep",
            "In {0}, {1}",
            Yaml, DiagnosticSeverity.Error);

        public static readonly DiagnosticDescriptor YamlUnknownType = Create(DiagnosticIds.YamlUnknownType,
            "Parameter type not found",
            "Type '{0}' of parameter '{1}' (prompt '{2}') was not found; use a C# keyword such as string or int, or a full type name",
            Yaml, DiagnosticSeverity.Error);

        // ---- Languages: translations of prompts (SPEC §10) ----

        public static readonly DiagnosticDescriptor UnknownCulture = Create(DiagnosticIds.UnknownCulture,
            "Culture name is not known to .NET",
            "{0} names culture '{1}', which .NET does not know; use a culture name such as 'fr', 'de-CH' or 'ja-JP'",
            Languages, DiagnosticSeverity.Error);

        public static readonly DiagnosticDescriptor TranslationWithoutNeutral = Create(DiagnosticIds.TranslationWithoutNeutral,
            "Translation has no neutral prompt",
            "The '{0}' translation of prompt '{1}' has no neutral prompt in class '{2}' to translate; declare the prompt without a culture {3}",
            Languages, DiagnosticSeverity.Error);

        public static readonly DiagnosticDescriptor TranslationMissingPrompt = Create(DiagnosticIds.TranslationMissingPrompt,
            "Translation lacks a prompt of the neutral class",
            "The '{0}' translation of class '{1}' has no prompt '{2}', which is then spoken in the neutral language; translate it {3}, or list '{0}' in VoicePromptsPartialCultures if that is intended",
            Languages, DiagnosticSeverity.Warning);

        public static readonly DiagnosticDescriptor TranslationParameterMismatch = Create(DiagnosticIds.TranslationParameterMismatch,
            "Translation's parameters differ from the neutral prompt's",
            "The '{0}' translation of prompt '{1}' {2}; a translation takes the neutral prompt's parameters ({3})",
            Languages, DiagnosticSeverity.Error);

        public static readonly DiagnosticDescriptor DuplicateTranslation = Create(DiagnosticIds.DuplicateTranslation,
            "Prompt has two templates for the same culture",
            "Method '{0}' has more than one [Prompt] for {1}; keep one",
            Languages, DiagnosticSeverity.Error);

        // ---- Models: what providers announce ----

        /// <summary>Reported once per compilation, at its end (so in the IDE only with full solution analysis).</summary>
        public static readonly DiagnosticDescriptor ModelShutdown = new(DiagnosticIds.ModelShutdown,
            "Model is scheduled to shut down",
            "{0:N0} {1} {2}, which OpenAI stops serving on {3}; move by configuration, with the generated code unchanged: to {4} (VoicePromptsDefaultModel), to Azure OpenAI (gpt-4o-mini-tts until {5}) or to an OpenAI-compatible server — VP0028.md shows each, and how to silence this warning",
            Models, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + DiagnosticIds.ModelShutdown + ".md",
            customTags: WellKnownDiagnosticTags.CompilationEnd);

        private static DiagnosticDescriptor Create(string id, string title, string message, string category, DiagnosticSeverity severity) =>
            new(id, title, message, category, severity, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + id + ".md");
    }
}
