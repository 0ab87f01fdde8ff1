using Microsoft.CodeAnalysis;

namespace VoicePrompts.Generator.Parsing
{
    /// <summary>
    /// Why a parser did not (fully) accept a declaration. The generator ignores these and simply emits nothing for
    /// the prompt; the analyzers pass a sink and turn each into a VP diagnostic
    /// (Diagnostics/ProblemDescriptors.cs; the arguments are that descriptor's message arguments).
    /// </summary>
    internal enum ProblemKind
    {
        TypeNotPartial,
        TypeNotClass,
        MethodNotPartial,
        MethodHasBody,
        UnsupportedReturnType,
        UnsupportedParameter,
        GenericMethod,
        TemplateNotConstant,
        TemplateSyntaxError,
        TemplateVariableWithoutParameter,
        ParameterNotInTemplate,
        MissingVoice,
        InvalidSpeed,
        MultipleClients,
        MemberNameClash,
        YamlDuplicatePrompt,
        YamlUnknownType,
        UnknownCulture,
        TranslationWithoutNeutral,
        TranslationMissingPrompt,
        TranslationParameterMismatch,
        DuplicateTranslation,
    }

    /// <summary>Receives the parser's problems with their locations.</summary>
    internal interface IProblemSink
    {
        void Report(ProblemKind kind, Location? location, params object?[] args);
    }
}

namespace VoicePrompts.Generator.Parsing
{
    /// <summary>
    /// Passes problems on to an optional sink and remembers the first one that breaks the prompt, as the sentence its
    /// diagnostic prints: the generator writes it into the throwing body of a broken prompt.
    /// </summary>
    internal sealed class ProblemLog : IProblemSink
    {
        private readonly IProblemSink? _inner;

        public ProblemLog(IProblemSink? inner) => _inner = inner;

        /// <summary>Null while nothing has broken the prompt.</summary>
        public string? Failure { get; private set; }

        /// <summary>A problem that does not stop generation (a warning, or a member left out).</summary>
        public void Report(ProblemKind kind, Location? location, params object?[] args) => _inner?.Report(kind, location, args);

        /// <summary>A problem that breaks the prompt.</summary>
        public void Fail(ProblemKind kind, Location? location, params object?[] args)
        {
            _inner?.Report(kind, location, args);
            Failure ??= Diagnostics.ProblemDescriptors.FailureText(kind, args);
        }
    }
}
