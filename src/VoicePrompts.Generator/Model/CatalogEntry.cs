using System.Collections.Generic;
namespace VoicePrompts.Generator.Model
{
    /// <summary>One row of the generated <c>VoicePromptCatalog</c>.</summary>
    internal sealed record CatalogEntry(
        string Id, string Model, string Voice, string? Instructions, string Format, double? Speed,
        string Template, string? ConstantText, int? StaticInputTokens, string SourceFile, int Line, string? Language = null,
        EquatableArray<CatalogExample> Examples = default, EquatableArray<PronounceEntry> Pronounce = default)
    {
        /// <summary>The neutral prompt's row, then one per translation (same id, its own culture and file).</summary>
        public static IEnumerable<CatalogEntry> From(PromptModel prompt, GeneratorOptions options)
        {
            yield return Row(prompt, null, prompt.Settings, prompt.Template, prompt.Source, options);
            foreach (var variant in prompt.Variants)
                yield return Row(prompt, variant.Culture, variant.Settings, variant.Template, variant.Source, options);
        }

        private static CatalogEntry Row(PromptModel prompt, string? language, VoiceSettings declared, TemplateModel template, SourcePosition source, GeneratorOptions options)
        {
            var settings = declared.WithDefaults(options.DefaultModel);
            // The static input is what is sent (pronunciations applied), so a clip pre-rendered from it is the one the app asks for.
            return new CatalogEntry(prompt.Id, settings.Model!, settings.Voice!, settings.Instructions, settings.Format!,
                settings.Speed, template.Text, template.SpokenConstantText, template.StaticInputTokens,
                RelativePath(source.FilePath, options.ProjectDirectory), source.Line, language,
                template.IsStatic ? default : ExamplesOf(prompt, template),
                template.IsStatic ? default : template.Pronounce);
        }

        /// <summary>The declared example of each variable the template reads (YAML <c>example:</c>), as C# expressions.</summary>
        private static EquatableArray<CatalogExample> ExamplesOf(PromptModel prompt, TemplateModel template)
        {
            var examples = new List<CatalogExample>();
            foreach (var binding in template.Bindings)
            {
                foreach (var parameter in prompt.Parameters)
                {
                    if (parameter.Name == binding.Parameter && parameter.Example is { } example)
                    {
                        examples.Add(new CatalogExample(binding.Variable, ExampleValue.Literal(parameter.Type, example)));
                        break;
                    }
                }
            }
            return examples.ToEquatableArray();
        }

        /// <summary>Project-relative with forward slashes, so the built assembly does not carry the build machine's paths.</summary>
        private static string RelativePath(string path, string? projectDirectory)
        {
            string normalized = path.Replace('\\', '/');
            if (projectDirectory is not null)
            {
                string root = projectDirectory.Replace('\\', '/');
                if (!root.EndsWith("/", System.StringComparison.Ordinal)) root += "/";
                if (normalized.StartsWith(root, System.StringComparison.OrdinalIgnoreCase))
                    return normalized.Substring(root.Length);
            }
            int slash = normalized.LastIndexOf('/');
            return slash >= 0 ? normalized.Substring(slash + 1) : normalized;
        }
    }

    /// <summary>A template variable and its example value as a C# expression of type <c>object</c>.</summary>
    internal sealed record CatalogExample(string Variable, string Expression);

    // Pipeline values of the catalog step: classes, as every value in the generator's pipeline is (see VoicePromptsGenerator).

    /// <summary>The catalog's rows.</summary>
    internal sealed record CatalogModel(EquatableArray<CatalogEntry> Entries);

    /// <summary>Every prompt of the assembly, C# and YAML.</summary>
    internal sealed record PromptList(EquatableArray<PromptModel> Prompts);
}
