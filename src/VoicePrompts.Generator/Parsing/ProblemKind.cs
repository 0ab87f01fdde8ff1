using Microsoft.CodeAnalysis;

namespace VoicePrompts.Generator.Parsing
{
    /// <summary>
    /// Why the parser did not (fully) accept a declaration. The generator ignores these and simply emits nothing for
    /// the prompt; the analyzers pass a sink and turn each into a VP diagnostic.
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
    }

    /// <summary>Receives the parser's problems with their locations.</summary>
    internal interface IProblemSink
    {
        void Report(ProblemKind kind, Location? location, params object?[] args);
    }
}
