using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using VoicePrompts.Generator.Diagnostics;
using VoicePrompts.Generator.Model;
using VoicePrompts.Generator.Parsing;
using VoicePrompts.Shared;

namespace VoicePrompts.Generator.Analyzers
{
    /// <summary>
    /// Everything about <c>.voice.yaml</c> files, reported at their line and column: syntax, schema, unknown and
    /// duplicate keys, size, parameter types, clashes with C# members and other files, and the same template, limit
    /// and voice checks as C# prompts. Uses the generator's YAML parser and resolver.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class VoiceYamlAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            DiagnosticDescriptors.YamlSyntaxError,
            DiagnosticDescriptors.YamlSchemaError,
            DiagnosticDescriptors.YamlUnknownKey,
            DiagnosticDescriptors.YamlDuplicate,
            DiagnosticDescriptors.YamlFileTooLarge,
            DiagnosticDescriptors.YamlUnknownType,
            DiagnosticDescriptors.TypeNotPartial,
            DiagnosticDescriptors.UnsupportedDeclaration,
            DiagnosticDescriptors.MultipleClients,
            DiagnosticDescriptors.MemberNameClash,
            DiagnosticDescriptors.TemplateSyntaxError,
            DiagnosticDescriptors.TemplateVariableWithoutParameter,
            DiagnosticDescriptors.ParameterNotInTemplate,
            DiagnosticDescriptors.MissingVoice,
            DiagnosticDescriptors.InputOverTokenLimit,
            DiagnosticDescriptors.InputOverCharacterLimit,
            DiagnosticDescriptors.InstructionsOverCharacterLimit,
            DiagnosticDescriptors.ExampleOverTokenLimit,
            DiagnosticDescriptors.MaxLengthBoundOverTokenLimit,
            DiagnosticDescriptors.InstructionsPlusInputOverTokenLimit,
            DiagnosticDescriptors.UnknownVoice,
            DiagnosticDescriptors.InstructionsNotSupported,
            DiagnosticDescriptors.SpeedOutOfRange,
            DiagnosticDescriptors.UnknownFormat);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                var yamlFiles = start.Options.AdditionalFiles.Where(IsVoiceYaml).ToList();
                if (yamlFiles.Count == 0)
                    return;
                var settings = AnalyzerSettings.From(start.Options.AnalyzerConfigOptionsProvider.GlobalOptions);

                // Every file is parsed once per compilation: each file's checks need the index of all of them.
                var parsed = new Lazy<Dictionary<string, (VoiceYamlFile File, SourceText? Text)>>(() =>
                    yamlFiles.ToDictionary(f => f.Path, f =>
                    {
                        var text = f.GetText(start.CancellationToken);
                        return (VoiceYamlParser.Parse(f.Path, text?.ToString()), text);
                    }, StringComparer.Ordinal), LazyThreadSafetyMode.ExecutionAndPublication);
                var index = new Lazy<EquatableArray<YamlIndexEntry>>(() => parsed.Value.Values
                    .Select(p => YamlIndexEntry.For(p.File))
                    .OrderBy(e => e.Path, StringComparer.Ordinal)
                    .ToEquatableArray(), LazyThreadSafetyMode.ExecutionAndPublication);

                start.RegisterAdditionalFileAction(fileContext =>
                {
                    if (!IsVoiceYaml(fileContext.AdditionalFile)
                        || !parsed.Value.TryGetValue(fileContext.AdditionalFile.Path, out var entry))
                        return;
                    Analyze(entry.File, entry.Text, index.Value, fileContext.Compilation, settings, fileContext.ReportDiagnostic, fileContext.CancellationToken);
                });
            });
        }

        private static bool IsVoiceYaml(AdditionalText text) => text.Path.EndsWith(KnownNames.VoiceYamlSuffix, StringComparison.OrdinalIgnoreCase);

        private static void Analyze(VoiceYamlFile file, SourceText? text, EquatableArray<YamlIndexEntry> index, Compilation compilation,
            AnalyzerSettings settings, Action<Diagnostic> report, CancellationToken cancellationToken)
        {
            var once = new ReportOnce();
            void ReportOnce(Diagnostic d)
            {
                if (once.IsFirst(d)) report(d);
            }

            string fileName = System.IO.Path.GetFileName(file.Path);
            foreach (var problem in file.Problems)
                ReportOnce(Diagnostic.Create(ProblemDescriptors.For(problem.Kind), TemplateLocations.Yaml(file.Path, problem.Span), fileName, problem.Message));

            YamlResolver.Resolve(file, index, compilation, cancellationToken, new DiagnosticSink(report, once), text);

            bool wellFormed = !file.Problems.Any(p => p.Kind is YamlProblemKind.Syntax or YamlProblemKind.TooLarge);
            if (!wellFormed)
                return;
            foreach (var prompt in file.Prompts)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (prompt.Text is null)
                    continue;
                var own = Declared(file.Path, prompt.Settings);
                var inherited = Declared(file.Path, file.Settings);
                var facts = CreateFacts(file, text, prompt, own.Over(inherited));
                PromptChecks.CheckLimits(facts, settings, ReportOnce);
                // Each value is reported as the declaration that wrote it: the prompt, or the file for all its prompts.
                string promptSubject = Subjects.Prompt(facts.Name), fileSubject = Subjects.File(file.Path);
                PromptChecks.CheckInstructionsLength(own.Instructions ?? inherited.Instructions, own.Instructions is null ? fileSubject : promptSubject, ReportOnce);
                string model = facts.Settings.Model?.Value ?? settings.DefaultModel;
                PromptChecks.CheckVoice(new VoiceDeclaration { Voice = own.Voice, Instructions = own.Instructions, Format = own.Format, Speed = own.Speed, Model = facts.Settings.Model },
                    promptSubject, ReportOnce, model, settings.Aliases);
                PromptChecks.CheckVoice(new VoiceDeclaration
                {
                    Voice = own.Voice is null ? inherited.Voice : null,
                    Instructions = own.Instructions is null ? inherited.Instructions : null,
                    Format = own.Format is null ? inherited.Format : null,
                    Speed = own.Speed is null ? inherited.Speed : null,
                }, fileSubject, ReportOnce, model, settings.Aliases);
            }
        }

        private static PromptFacts CreateFacts(VoiceYamlFile file, SourceText? text, YamlPromptModel prompt, VoiceDeclaration settings)
        {
            var template = prompt.Text!;
            var inputs = new List<InputFact>();
            foreach (var parameter in prompt.Parameters)
            {
                string type = parameter.Type?.Value ?? "string";
                inputs.Add(new InputFact(PromptNaming.ToCamelCase(parameter.Key.Value), type, parameter.MaxLength,
                    PromptChecks.MaxRenderedBytes(type, parameter.MaxLength), parameter.Example?.Value));
            }
            // Variables the file does not declare are strings without a bound or an example.
            foreach (var variable in TemplateParser.Analyze(template.Value).Variables)
            {
                string name = PromptNaming.ToCamelCase(variable);
                if (!inputs.Any(i => i.Name == name || Scriban.Runtime.StandardMemberRenamer.Rename(i.Name) == variable))
                    inputs.Add(new InputFact(name, "string", null, null, null));
            }

            return new PromptFacts(PromptNaming.ToPascalCase(prompt.Key.Value), template.Value,
                (offset, length) => TemplateLocations.InYaml(file.Path, text, template, offset, length), inputs, settings);
        }

        /// <summary>The voice settings a YAML file or prompt writes, each with its line and column.</summary>
        private static VoiceDeclaration Declared(string path, YamlVoiceSettings settings)
        {
            DeclaredValue<string>? Value(YamlScalar? scalar) =>
                scalar is null ? null : new DeclaredValue<string>(scalar.Value, TemplateLocations.Yaml(path, scalar.Span));
            return new VoiceDeclaration
            {
                Voice = Value(settings.Voice),
                Instructions = Value(settings.Instructions),
                Model = Value(settings.Model),
                Format = Value(settings.Format),
                Speed = settings.SpeedValue is double speed ? new DeclaredValue<double>(speed, TemplateLocations.Yaml(path, settings.Speed!.Span)) : null,
            };
        }
    }
}
