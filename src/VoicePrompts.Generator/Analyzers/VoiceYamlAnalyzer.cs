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
                    .Select(p => new YamlIndexEntry(p.File.Path, p.File.Class?.Value ?? "",
                        p.File.Prompts.Select(x => PromptNaming.ToPascalCase(x.Key.Value)).ToEquatableArray()))
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

            foreach (var problem in file.Problems)
                ReportOnce(Diagnostic.Create(ProblemDescriptors.For(problem.Kind), TemplateLocations.Yaml(file.Path, problem.Span), problem.Message));

            YamlResolver.Resolve(file, index, compilation, cancellationToken, new DiagnosticSink(report, once), text);

            bool wellFormed = !file.Problems.Any(p => p.Kind is YamlProblemKind.Syntax or YamlProblemKind.TooLarge);
            if (!wellFormed)
                return;
            foreach (var prompt in file.Prompts)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (prompt.Text is null)
                    continue;
                var facts = CreateFacts(file, text, prompt);
                PromptChecks.CheckLimits(facts, settings, ReportOnce);
                PromptChecks.CheckInstructionsLength(facts.Instructions, ReportOnce);
                PromptChecks.CheckVoice(facts, ReportOnce, settings.DefaultModel);
            }
        }

        private static PromptFacts CreateFacts(VoiceYamlFile file, SourceText? text, YamlPromptModel prompt)
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

            var facts = new PromptFacts(PromptNaming.ToPascalCase(prompt.Key.Value), template.Value,
                (offset, length) => TemplateLocations.InYaml(file.Path, text, template, offset, length), inputs);
            DeclaredValue<string>? Value(YamlScalar? own, YamlScalar? inherited)
            {
                var scalar = own ?? inherited;
                return scalar is null ? null : new DeclaredValue<string>(scalar.Value, TemplateLocations.Yaml(file.Path, scalar.Span));
            }
            facts.Voice = Value(prompt.Settings.Voice, file.Settings.Voice);
            facts.Instructions = Value(prompt.Settings.Instructions, file.Settings.Instructions);
            facts.Model = Value(prompt.Settings.Model, file.Settings.Model);
            facts.Format = Value(prompt.Settings.Format, file.Settings.Format);
            var speedSettings = prompt.Settings.SpeedValue is not null ? prompt.Settings : file.Settings;
            if (speedSettings.SpeedValue is double speed)
                facts.Speed = new DeclaredValue<double>(speed, TemplateLocations.Yaml(file.Path, speedSettings.Speed!.Span));
            return facts;
        }
    }
}
