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
            ProblemKind.UnknownCulture => DiagnosticDescriptors.UnknownCulture,
            ProblemKind.TranslationWithoutNeutral => DiagnosticDescriptors.TranslationWithoutNeutral,
            ProblemKind.TranslationMissingPrompt => DiagnosticDescriptors.TranslationMissingPrompt,
            ProblemKind.TranslationParameterMismatch => DiagnosticDescriptors.TranslationParameterMismatch,
            ProblemKind.DuplicateTranslation => DiagnosticDescriptors.DuplicateTranslation,
            _ => DiagnosticDescriptors.UnsupportedDeclaration,
        };

        /// <summary>
        /// The exception message of a broken prompt's generated body: the rule and the sentence the build reports, so
        /// a caller who runs the code anyway reads the same explanation.
        /// </summary>
        public static string FailureText(ProblemKind kind, object?[] args)
        {
            var descriptor = For(kind);
            string message;
            try
            {
                message = string.Format(System.Globalization.CultureInfo.InvariantCulture, descriptor.MessageFormat.ToString(System.Globalization.CultureInfo.InvariantCulture), args);
            }
            catch (System.FormatException)
            {
                message = descriptor.Title.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            return descriptor.Id + ": " + message + ". VoicePrompts generated this member without a working body; fix the " + descriptor.Id + " error the build reports.";
        }

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
