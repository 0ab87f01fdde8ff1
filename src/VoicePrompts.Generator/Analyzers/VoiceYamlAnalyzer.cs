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
            DiagnosticDescriptors.UnknownFormat,
            DiagnosticDescriptors.UnknownCulture,
            DiagnosticDescriptors.TranslationWithoutNeutral,
            DiagnosticDescriptors.TranslationMissingPrompt,
            DiagnosticDescriptors.TranslationParameterMismatch);

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
                        return (VoiceYamlParser.Parse(f.Path, text), text);
                    }, StringComparer.Ordinal), LazyThreadSafetyMode.ExecutionAndPublication);
                var index = new Lazy<EquatableArray<YamlIndexEntry>>(() => parsed.Value.Values
                    .Select(p => YamlIndexEntry.For(p.File))
                    .OrderBy(e => e.Path, StringComparer.Ordinal)
                    .ToEquatableArray(), LazyThreadSafetyMode.ExecutionAndPublication);
                // A class's neutral prompts, resolved once however many translation files it has.
                var neutralPrompts = new System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<List<PromptModel>>>(StringComparer.Ordinal);
                List<PromptModel> NeutralPromptsOf(string className) => neutralPrompts.GetOrAdd(className, name => new Lazy<List<PromptModel>>(
                    () => ResolveNeutralPrompts(name, parsed.Value, index.Value, start.Compilation, start.CancellationToken),
                    LazyThreadSafetyMode.ExecutionAndPublication)).Value;

                start.RegisterAdditionalFileAction(fileContext =>
                {
                    if (!IsVoiceYaml(fileContext.AdditionalFile)
                        || !parsed.Value.TryGetValue(fileContext.AdditionalFile.Path, out var entry))
                        return;
                    var report = fileContext.ReportDiagnostic;
                    var once = new ReportOnce();
                    void ReportOnce(Diagnostic d)
                    {
                        if (once.IsFirst(d)) report(d);
                    }
                    var file = entry.File;
                    foreach (var problem in file.Problems)
                        ReportOnce(Diagnostic.Create(ProblemDescriptors.For(problem.Kind), TemplateLocations.Yaml(file.Path, problem.Span),
                            System.IO.Path.GetFileName(file.Path), problem.Message));
                    var sink = new DiagnosticSink(report, once);
                    if (file.IsVariant)
                        AnalyzeTranslation(file, entry.Text, NeutralPromptsOf, index.Value, fileContext.Compilation, settings, ReportOnce, sink, fileContext.CancellationToken);
                    else
                        Analyze(file, entry.Text, index.Value, fileContext.Compilation, settings, ReportOnce, sink, fileContext.CancellationToken);
                });
            });
        }

        private static bool IsVoiceYaml(AdditionalText text) => text.Path.EndsWith(KnownNames.VoiceYamlSuffix, StringComparison.OrdinalIgnoreCase);

        /// <param name="ReportOnce">Reports a diagnostic unless this file's analysis already did.</param>
        /// <param name="sink">The parsers' problems, through the same once-only filter.</param>
        private static void Analyze(VoiceYamlFile file, SourceText? text, EquatableArray<YamlIndexEntry> index, Compilation compilation,
            AnalyzerSettings settings, Action<Diagnostic> ReportOnce, DiagnosticSink sink, CancellationToken cancellationToken)
        {
            string fileName = System.IO.Path.GetFileName(file.Path);

            if (file.Class is { } declaredClass && YamlResolver.IsUnknownCultureVariant(file.Path, declaredClass.Value, file.CultureCandidate, index))
            {
                // Meant as a translation of the file beside it, for a culture .NET does not know: nothing else applies.
                ReportOnce(Diagnostic.Create(DiagnosticDescriptors.UnknownCulture, TemplateLocations.Yaml(file.Path, declaredClass.Span),
                    "File '" + fileName + "'", file.CultureCandidate));
                return;
            }

            YamlResolver.Resolve(file, index, compilation, cancellationToken, sink, text);

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
                var facts = CreateFacts(file, text, prompt, own.Over(inherited),
                    PronounceEntry.Merge(YamlPronounceEntry.ToModel(prompt.Pronounce), YamlPronounceEntry.ToModel(file.Pronounce)));
                PromptChecks.CheckLimits(facts, settings, ReportOnce);
                // Each value is reported as the declaration that wrote it: the prompt, or the file for all its prompts.
                string promptSubject = Subjects.Prompt(facts.Name), fileSubject = Subjects.File(file.Path);
                PromptChecks.CheckInstructionsLength(own.Instructions ?? inherited.Instructions, own.Instructions is null ? fileSubject : promptSubject, ReportOnce);
                CheckVoiceWhereWritten(own, inherited, facts.Settings.Model, promptSubject, fileSubject, settings, ReportOnce);
            }
        }

        /// <summary>
        /// The voice settings of one prompt, each reported as the declaration that wrote it: the prompt, or the file for
        /// all its prompts (values the prompt overrides are not the file's problem for it).
        /// </summary>
        private static void CheckVoiceWhereWritten(VoiceDeclaration own, VoiceDeclaration inherited, DeclaredValue<string>? promptModel,
            string promptSubject, string fileSubject, AnalyzerSettings settings, Action<Diagnostic> report)
        {
            string model = promptModel?.Value ?? settings.DefaultModel;
            PromptChecks.CheckVoice(new VoiceDeclaration { Voice = own.Voice, Instructions = own.Instructions, Format = own.Format, Speed = own.Speed, Model = promptModel },
                promptSubject, report, model, settings.Aliases);
            PromptChecks.CheckVoice(new VoiceDeclaration
            {
                Voice = own.Voice is null ? inherited.Voice : null,
                Instructions = own.Instructions is null ? inherited.Instructions : null,
                Format = own.Format is null ? inherited.Format : null,
                Speed = own.Speed is null ? inherited.Speed : null,
            }, fileSubject, report, model, settings.Aliases);
        }

        /// <summary>
        /// A translation (<c>Menu.fr.voice.yaml</c>), reported in its own file: each prompt against its neutral prompt
        /// (parameters, a neutral to translate), checked on its own text and settings; neutral prompts it lacks.
        /// </summary>
        private static void AnalyzeTranslation(VoiceYamlFile file, SourceText? text, Func<string, List<PromptModel>> neutralPromptsOf,
            EquatableArray<YamlIndexEntry> index, Compilation compilation, AnalyzerSettings settings, Action<Diagnostic> ReportOnce, DiagnosticSink sink,
            CancellationToken cancellationToken)
        {
            string fileName = System.IO.Path.GetFileName(file.Path);
            if (!VariantResolver.IsUsable(file))
                return;
            string className = file.Class!.Value;
            string culture = file.Culture!;

            var symbols = YamlResolver.SymbolsFor(compilation, file, EquatableArray<VoiceYamlFile>.Empty, cancellationToken);
            var neutrals = neutralPromptsOf(className);
            // Another file of the same culture and class that comes first wins a prompt both translate.
            var earlier = index.Where(e => e.ClassName == className && e.Culture == culture && string.CompareOrdinal(e.Path, file.Path) < 0).ToList();

            foreach (var prompt in file.Prompts)
            {
                cancellationToken.ThrowIfCancellationRequested();
                string name = PromptNaming.ToPascalCase(prompt.Key.Value);
                if (earlier.FirstOrDefault(e => e.PromptNames.Contains(name)) is { } first)
                {
                    ReportOnce(Diagnostic.Create(DiagnosticDescriptors.YamlDuplicate, TemplateLocations.Yaml(file.Path, prompt.Key.Span), fileName,
                        $"the '{culture}' translation of prompt '{name}' is also in {System.IO.Path.GetFileName(first.Path)}, which comes first and wins"));
                    continue;
                }
                var neutral = neutrals.FirstOrDefault(n => n.Name == name);
                if (neutral is null)
                {
                    string neutralName = System.IO.Path.GetFileName(VoiceYamlParser.NeutralPathOf(file.Path));
                    ReportOnce(Diagnostic.Create(DiagnosticDescriptors.TranslationWithoutNeutral, TemplateLocations.Yaml(file.Path, prompt.Key.Span),
                        culture, name, className, "in a file without a culture in its name, such as '" + neutralName + "', or correct the prompt's name"));
                    continue;
                }
                var variant = VariantResolver.Resolve(file, prompt, neutral, symbols, new ProblemLog(sink), text, locate: true);
                if (variant is null || prompt.Text is null)
                    continue;

                // Checked as it is sent: its own text, pronunciations and settings (its own, its file's, then the neutral prompt's).
                var own = Declared(file.Path, prompt.Settings);
                var inherited = Declared(file.Path, file.Settings);
                var fromNeutral = new VoiceDeclaration
                {
                    Voice = Value(neutral.Settings.Voice), Instructions = Value(neutral.Settings.Instructions), Model = Value(neutral.Settings.Model),
                    Format = Value(neutral.Settings.Format), Speed = neutral.Settings.Speed is double s ? new DeclaredValue<double>(s, null) : null,
                };
                var facts = CreateFacts(file, text, prompt, own.Over(inherited).Over(fromNeutral), variant.Template.Pronounce,
                    VariantResolver.DisplayName(name, culture), neutral.Parameters, culture);
                PromptChecks.CheckLimits(facts, settings, ReportOnce);
                string promptSubject = Subjects.Prompt(facts.Name), fileSubject = Subjects.File(file.Path);
                PromptChecks.CheckInstructionsLength(own.Instructions ?? inherited.Instructions, own.Instructions is null ? fileSubject : promptSubject, ReportOnce);
                CheckVoiceWhereWritten(own, inherited, own.Model ?? inherited.Model ?? facts.Settings.Model, promptSubject, fileSubject, settings, ReportOnce);
            }

            // Neutral prompts no file of this culture translates: spoken in the neutral language. Reported once, in the
            // first file of the culture.
            if (earlier.Count > 0 || settings.IsPartialCulture(culture) || file.Class is null)
                return;
            var translated = new HashSet<string>(index.Where(e => e.ClassName == className && e.Culture == culture).SelectMany(e => e.PromptNames), StringComparer.Ordinal);
            foreach (var neutral in neutrals.Where(n => !translated.Contains(n.Name)))
                ReportOnce(Diagnostic.Create(DiagnosticDescriptors.TranslationMissingPrompt, TemplateLocations.Yaml(file.Path, file.Class.Span),
                    culture, className, neutral.Name, "in " + fileName));
        }

        /// <summary>The prompts the neutral files of a class generate, as the generator resolves them (an earlier file wins a name).</summary>
        private static List<PromptModel> ResolveNeutralPrompts(string className, Dictionary<string, (VoiceYamlFile File, SourceText? Text)> parsed,
            EquatableArray<YamlIndexEntry> index, Compilation compilation, CancellationToken cancellationToken)
        {
            var neutrals = new List<PromptModel>();
            foreach (var entry in index.Where(e => e.ClassName == className && YamlResolver.IsNeutral(e, index)))
            {
                var neutralFile = parsed[entry.Path].File;
                neutrals.AddRange(YamlResolver.Resolve(neutralFile, index, compilation, cancellationToken).Prompts.Where(p => !neutrals.Any(n => n.Name == p.Name)));
            }
            return neutrals;
        }

        private static DeclaredValue<string>? Value(string? value) => value is null ? null : new DeclaredValue<string>(value, null);

        private static PromptFacts CreateFacts(VoiceYamlFile file, SourceText? text, YamlPromptModel prompt, VoiceDeclaration settings,
            EquatableArray<PronounceEntry> pronounce, string? displayName = null, EquatableArray<ParameterModel> neutralParameters = default, string? culture = null)
        {
            var template = prompt.Text!;
            var inputs = new List<InputFact>();
            foreach (var parameter in prompt.Parameters)
            {
                var fromNeutral = neutralParameters.FirstOrDefault(p => p.Variable == parameter.Key.Value);
                // The size checks read resolved names (global::System.Int32) as well as keywords.
                string type = parameter.Type?.Value ?? fromNeutral?.Type ?? "string";
                int? maxLength = parameter.MaxLength ?? fromNeutral?.MaxLength;
                inputs.Add(new InputFact(PromptNaming.ToCamelCase(parameter.Key.Value), type, maxLength,
                    PromptChecks.MaxRenderedBytes(type, maxLength), parameter.Example?.Value ?? fromNeutral?.Example));
            }
            // A translation takes the neutral prompt's parameters it does not restate.
            foreach (var parameter in neutralParameters.Where(p => p.Role == ParameterRole.Input && p.Variable is not null))
            {
                string name = PromptNaming.ToCamelCase(parameter.Variable!);
                if (!inputs.Any(i => i.Name == name))
                {
                    inputs.Add(new InputFact(name, parameter.Type, parameter.MaxLength, PromptChecks.MaxRenderedBytes(parameter.Type, parameter.MaxLength), parameter.Example));
                }
            }
            // Variables the file does not declare are strings without a bound or an example.
            foreach (var variable in TemplateParser.Analyze(template.Value).Variables)
            {
                string name = PromptNaming.ToCamelCase(variable);
                if (!inputs.Any(i => i.Name == name || Scriban.Runtime.StandardMemberRenamer.Rename(i.Name) == variable))
                    inputs.Add(new InputFact(name, "string", null, null, null));
            }

            return new PromptFacts(displayName ?? PromptNaming.ToPascalCase(prompt.Key.Value), template.Value,
                (offset, length) => TemplateLocations.InYaml(file.Path, text, template, offset, length), inputs, settings, pronounce, culture);
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
