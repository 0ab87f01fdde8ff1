using Microsoft.CodeAnalysis;
using VoicePrompts.Generator.Model;
using VoicePrompts.Generator.Parsing;

namespace VoicePrompts.Generator.Diagnostics
{
    /// <summary>Which diagnostic each parser problem becomes.</summary>
    internal static class ProblemDescriptors
    {
        public static DiagnosticDescriptor For(ProblemKind kind) => kind switch
        {
            ProblemKind.TypeNotPartial => DiagnosticDescriptors.TypeNotPartial,
            ProblemKind.MethodNotPartial => DiagnosticDescriptors.MethodNotPartial,
            ProblemKind.MethodHasBody => DiagnosticDescriptors.MethodHasBody,
            ProblemKind.UnsupportedReturnType => DiagnosticDescriptors.UnsupportedReturnType,
            ProblemKind.TypeNotClass or ProblemKind.UnsupportedParameter or ProblemKind.GenericMethod or ProblemKind.TemplateNotConstant
                => DiagnosticDescriptors.UnsupportedDeclaration,
            ProblemKind.TemplateSyntaxError => DiagnosticDescriptors.TemplateSyntaxError,
            ProblemKind.TemplateVariableWithoutParameter => DiagnosticDescriptors.TemplateVariableWithoutParameter,
            ProblemKind.ParameterNotInTemplate => DiagnosticDescriptors.ParameterNotInTemplate,
            ProblemKind.MissingVoice => DiagnosticDescriptors.MissingVoice,
            ProblemKind.InvalidSpeed => DiagnosticDescriptors.SpeedOutOfRange,
            ProblemKind.MultipleClients => DiagnosticDescriptors.MultipleClients,
            ProblemKind.MemberNameClash => DiagnosticDescriptors.MemberNameClash,
            ProblemKind.YamlDuplicatePrompt => DiagnosticDescriptors.YamlDuplicate,
            ProblemKind.YamlUnknownType => DiagnosticDescriptors.YamlUnknownType,
            _ => DiagnosticDescriptors.UnsupportedDeclaration,
        };

        public static DiagnosticDescriptor For(YamlProblemKind kind) => kind switch
        {
            YamlProblemKind.Syntax => DiagnosticDescriptors.YamlSyntaxError,
            YamlProblemKind.Schema => DiagnosticDescriptors.YamlSchemaError,
            YamlProblemKind.UnknownKey => DiagnosticDescriptors.YamlUnknownKey,
            YamlProblemKind.DuplicateKey => DiagnosticDescriptors.YamlDuplicate,
            _ => DiagnosticDescriptors.YamlFileTooLarge,
        };
    }
}
