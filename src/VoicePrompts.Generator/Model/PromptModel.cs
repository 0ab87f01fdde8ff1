namespace VoicePrompts.Generator.Model
{
    /// <summary>
    /// One prompt ready to emit, from C# or YAML. Immutable and value-equal all the way down: strings, numbers and
    /// <see cref="EquatableArray{T}"/> only — no symbols, syntax nodes or locations — so the pipeline can cache it.
    /// </summary>
    internal sealed record PromptModel(
        string Name,
        TargetTypeModel Type,
        VoiceSettings Settings,
        TemplateModel Template,
        EquatableArray<ParameterModel> Parameters,
        UserMethodModel? UserMethod,
        string ClientExpression,
        bool IsStatic,
        string Accessibility,
        MemberSelection Members,
        string HelperSuffix,
        SourcePosition Source,
        string? Failure = null,
        EquatableArray<PromptVariant> Variants = default)
    {
        /// <summary><c>{class full name}.{Name}</c>, the catalog id.</summary>
        public string Id => Type.FullName + "." + Name;

        /// <summary>
        /// False for a broken prompt (<see cref="Failure"/> says why, as the analyzer's message does): its members are
        /// still generated, with bodies that throw, so the user's build shows the VP error and no compiler error.
        /// </summary>
        public bool IsValid => Failure is null;

        /// <summary>
        /// The model as the emitter reads it: without source lines, which only the catalog lists, so a line inserted
        /// above a prompt leaves the prompt's own source output cached.
        /// </summary>
        public PromptModel WithoutLines() =>
            Source.Line == 0 && System.Linq.Enumerable.All(Variants, v => v.Source.Line == 0) ? this : this with
            {
                Source = Source with { Line = 0 },
                Variants = System.Linq.Enumerable.Select(Variants, v => v with { Source = v.Source with { Line = 0 } }).ToEquatableArray(),
            };
    }

    /// <summary>
    /// A translation of a prompt (<c>Menu.fr.voice.yaml</c>, <c>[Prompt("…", Culture = "fr")]</c>): its own template,
    /// pronunciations and settings (already merged over the neutral prompt's), chosen at run time by culture.
    /// </summary>
    /// <param name="Culture">The culture name as .NET writes it (<c>fr</c>, <c>de-CH</c>).</param>
    internal sealed record PromptVariant(string Culture, VoiceSettings Settings, TemplateModel Template, SourcePosition Source);

    /// <summary>The user's own partial method that declared a C# prompt, which the generator implements.</summary>
    /// <param name="Modifiers">The declaration's modifiers as written, without <c>partial</c>: the implementation repeats them.</param>
    /// <param name="ReturnType">The fully qualified return type.</param>
    /// <param name="ReturnKind">Null for a return type VoicePrompts does not support (the prompt is then broken).</param>
    /// <param name="TypeParameters">e.g. <c>&lt;T&gt;</c> for a (broken) generic prompt method; else empty.</param>
    /// <param name="Constraints">The type parameters' <c>where</c> clauses, fully qualified, which an implementation repeats.</param>
    /// <param name="DefinitionOnly">
    /// The user wrote the method with a body and no declaration part (VP0009): only the declaration is generated, so
    /// their code compiles and the VP error is what they read.
    /// </param>
    /// <param name="HasDocumentation">The user documented the declaration: theirs is kept, and the prompt's full
    /// comment goes on the first generated member instead of the implementation part.</param>
    internal sealed record UserMethodModel(
        string MethodName,
        string Modifiers,
        string ReturnType,
        ReturnKind? ReturnKind,
        string? CancellationTokenParameter,
        string TypeParameters = "",
        EquatableArray<string> Constraints = default,
        bool DefinitionOnly = false,
        bool HasDocumentation = false);

    internal enum ReturnKind
    {
        Task,
        ValueTask,
        /// <summary><c>IAsyncEnumerable&lt;SpeechAudioUpdate&gt;</c>: audio with usage and transcript at the end.</summary>
        UpdateStream,
        /// <summary><c>IAsyncEnumerable&lt;ReadOnlyMemory&lt;byte&gt;&gt;</c>: the audio bytes only.</summary>
        ByteStream,
    }

    /// <summary>Which of the four generated members to write; a member is left out when its name is taken.</summary>
    internal sealed record MemberSelection(bool Speak, bool Stream, bool Text, bool Request);

    internal enum ParameterRole
    {
        /// <summary>A template input.</summary>
        Input,
        CancellationToken,
        Client,
        /// <summary>A <c>CultureInfo</c> that chooses among the prompt's translations (else the current UI culture).</summary>
        Culture,
    }

    /// <summary>A method parameter; <paramref name="Type"/> is a fully qualified C# type.</summary>
    /// <param name="Name">A valid C# identifier (without <c>@</c>; the emitter escapes keywords).</param>
    /// <param name="Variable">The template variable a YAML parameter was declared for; binding prefers it to the name.</param>
    /// <param name="Prefix">A modifier written before the type: <c>ref </c>, <c>out </c>, <c>in </c>, <c>this </c>, or empty.</param>
    /// <param name="CrefType">The type as a doc-comment <c>cref</c> writes it (<c>global::System.Nullable{int}</c>), to point at the prompt's documented member.</param>
    internal sealed record ParameterModel(
        string Name,
        string Type,
        ParameterRole Role,
        string? DefaultValue,
        int? MaxLength,
        string? Example,
        bool IsParams = false,
        string? Variable = null,
        string Prefix = "",
        string CrefType = "");

    /// <summary>A template variable and the parameter it binds to.</summary>
    internal sealed record TemplateBinding(string Variable, string Parameter);

    /// <summary>Where a prompt was declared: the file as the compiler knows it, and a 1-based line.</summary>
    internal sealed record SourcePosition(string FilePath, int Line);

    /// <summary>
    /// Voice settings as declared; nulls fall back to the enclosing declaration, then to the defaults
    /// (<see cref="WithDefaults"/>).
    /// </summary>
    internal sealed record VoiceSettings(string? Voice, string? Instructions, string? Model, string? Format, double? Speed)
    {
        public static readonly VoiceSettings None = new(null, null, null, null, null);

        /// <summary>This declaration's values where set, else <paramref name="outer"/>'s.</summary>
        public VoiceSettings Over(VoiceSettings outer) => new(
            Voice ?? outer.Voice,
            Instructions ?? outer.Instructions,
            Model ?? outer.Model,
            Format ?? outer.Format,
            Speed ?? outer.Speed);

        /// <summary>The model and format filled in; an unset speed stays null, which a request sends as the model's default.</summary>
        public VoiceSettings WithDefaults(string defaultModel) => new(
            Voice,
            Instructions,
            Model ?? defaultModel,
            Format ?? Shared.SpeechModelCatalog.DefaultFormat,
            Speed);
    }
}
