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
    }

    /// <summary>Receives the parser's problems with their locations.</summary>
    internal interface IProblemSink
    {
        void Report(ProblemKind kind, Location? location, params object?[] args);
    }
}
