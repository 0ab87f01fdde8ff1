namespace VoicePrompts.Generator.Model
{
    /// <summary>A span in a YAML file: character offsets and 0-based line/column, as Roslyn's LinePosition uses.</summary>
    internal sealed record YamlSpan(int Start, int End, int StartLine, int StartColumn, int EndLine, int EndColumn);

    /// <summary>A scalar value with where it was written.</summary>
    internal sealed record YamlScalar(string Value, YamlSpan Span);

    /// <summary>The five voice keys of a file or prompt, as written.</summary>
    internal sealed record YamlVoiceSettings(YamlScalar? Voice, YamlScalar? Instructions, YamlScalar? Model, YamlScalar? Format, YamlScalar? Speed, double? SpeedValue)
    {
        public static readonly YamlVoiceSettings None = new(null, null, null, null, null, null);

        public VoiceSettings ToVoiceSettings() => new(Voice?.Value, Instructions?.Value, Model?.Value, Format?.Value, SpeedValue);
    }

    internal sealed record YamlParameterModel(YamlScalar Key, YamlScalar? Type, YamlScalar? Example, int? MaxLength, YamlSpan? MaxLengthSpan);

    /// <summary>One prompt of a file; <paramref name="IsValid"/> is false when a problem inside it prevents generation.</summary>
    internal sealed record YamlPromptModel(YamlScalar Key, YamlScalar? Text, YamlVoiceSettings Settings, EquatableArray<YamlParameterModel> Parameters, bool IsValid,
        EquatableArray<YamlPronounceEntry> Pronounce = default);

    /// <summary>One <c>pronounce:</c> entry: <c>SQL: sequel</c>, or <c>SQL: { say: sequel, ignore_case: true }</c>.</summary>
    internal sealed record YamlPronounceEntry(YamlScalar Word, YamlScalar Spoken, bool IgnoreCase)
    {
        public static EquatableArray<PronounceEntry> ToModel(EquatableArray<YamlPronounceEntry> entries) =>
            System.Linq.Enumerable.Select(entries, e => new PronounceEntry(e.Word.Value, e.Spoken.Value, e.IgnoreCase)).ToEquatableArray();
    }

    internal enum YamlProblemKind
    {
        /// <summary>Not well-formed YAML, or a construct the file format does not allow (aliases, several documents).</summary>
        Syntax,
        /// <summary>A value of the wrong shape or kind, a missing required key, an invalid name or number.</summary>
        Schema,
        UnknownKey,
        DuplicateKey,
        /// <summary>The file is larger or deeper than the generator accepts.</summary>
        TooLarge,
    }

    internal sealed record YamlProblem(YamlProblemKind Kind, string Message, YamlSpan Span);

    /// <summary>A parsed <c>.voice.yaml</c> file, with every problem found and where.</summary>
    /// <param name="Culture">
    /// For a translation (<c>Menu.fr.voice.yaml</c>): the culture in its name as .NET writes it. Null for a neutral file.
    /// </param>
    /// <param name="CultureCandidate">
    /// The last dotted part of the name when it is shaped like a culture .NET does not know (<c>Menu.xx.voice.yaml</c>):
    /// beside a neutral file of the same name it is reported as an unknown culture.
    /// </param>
    internal sealed record VoiceYamlFile(
        string Path,
        YamlScalar? Class,
        YamlVoiceSettings Settings,
        EquatableArray<YamlPromptModel> Prompts,
        EquatableArray<YamlProblem> Problems,
        EquatableArray<YamlPronounceEntry> Pronounce = default,
        string? Culture = null,
        string? CultureCandidate = null)
    {
        public bool IsVariant => Culture is not null;
    }

    /// <summary>What one YAML file declares, for detecting prompts declared twice across files and for pairing translations.</summary>
    /// <param name="Culture">The file's culture, or null for a neutral file.</param>
    /// <param name="CultureCandidate">See <see cref="VoiceYamlFile.CultureCandidate"/>.</param>
    internal sealed record YamlIndexEntry(string Path, string ClassName, EquatableArray<string> PromptNames, string? Culture = null, string? CultureCandidate = null)
    {
        /// <summary>The one way the generator and the YAML analyzer index a file.</summary>
        public static YamlIndexEntry For(VoiceYamlFile file) => new(file.Path, file.Class?.Value ?? "",
            System.Linq.Enumerable.Select(file.Prompts, p => Shared.PromptNaming.ToPascalCase(p.Key.Value)).ToEquatableArray(), file.Culture, file.CultureCandidate);
    }

    /// <summary>
    /// A file that can generate members, with the translations of its class (<c>*.{culture}.voice.yaml</c> naming the
    /// same class, ordered by path): all it needs of the other files to resolve its prompts.
    /// </summary>
    internal sealed record YamlFamily(VoiceYamlFile File, EquatableArray<VoiceYamlFile> Variants)
    {
        /// <summary>One family per file that is not a translation, ordered by path.</summary>
        public static System.Collections.Generic.IEnumerable<YamlFamily> Of(System.Collections.Immutable.ImmutableArray<VoiceYamlFile> files)
        {
            var ordered = System.Linq.Enumerable.ToList(System.Linq.Enumerable.OrderBy(files, f => f.Path, System.StringComparer.Ordinal));
            var translations = System.Linq.Enumerable.ToLookup(System.Linq.Enumerable.Where(ordered, f => f.IsVariant && f.Class is not null),
                f => f.Class!.Value, System.StringComparer.Ordinal);
            foreach (var file in ordered)
            {
                if (!file.IsVariant)
                    yield return new YamlFamily(file, file.Class is null ? EquatableArray<VoiceYamlFile>.Empty : translations[file.Class.Value].ToEquatableArray());
            }
        }
    }

    /// <summary>Every YAML file's <see cref="YamlIndexEntry"/>, ordered by path.</summary>
    /// <remarks>A class, as every value in the generator's pipeline is (see <see cref="VoicePromptsGenerator"/>).</remarks>
    internal sealed record YamlIndex(EquatableArray<YamlIndexEntry> Entries);

    /// <summary>Every YAML file's request for symbols (see <see cref="Parsing.YamlSymbols"/>).</summary>
    internal sealed record YamlSymbolRequests(EquatableArray<Parsing.YamlSymbolRequest> Requests);

    /// <summary>What resolving one YAML file needs besides the file: the index of all files and the symbols they name.</summary>
    internal sealed record YamlContext(YamlIndex Index, Parsing.YamlSymbols Symbols);

    /// <summary>The members one YAML file generates for its class.</summary>
    internal sealed record YamlFileOutput(string Path, TargetTypeModel? Type, EquatableArray<PromptModel> Prompts)
    {
        /// <summary>See <see cref="PromptModel.WithoutLines"/>.</summary>
        public YamlFileOutput WithoutLines() => this with { Prompts = System.Linq.Enumerable.Select(Prompts, p => p.WithoutLines()).ToEquatableArray() };
    }
}
