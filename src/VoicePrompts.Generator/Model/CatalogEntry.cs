namespace VoicePrompts.Generator.Model
{
    /// <summary>One row of the generated <c>VoicePromptCatalog</c>.</summary>
    internal sealed record CatalogEntry(
        string Id, string Model, string Voice, string? Instructions, string Format, double? Speed,
        string Template, string? ConstantText, int? StaticInputTokens, string SourceFile, int Line)
    {
        public static CatalogEntry From(PromptModel prompt, GeneratorOptions options)
        {
            var settings = prompt.Settings.WithDefaults(options.DefaultModel);
            return new CatalogEntry(prompt.Id, settings.Model!, settings.Voice!, settings.Instructions, settings.Format!,
                settings.Speed, prompt.Template.Text, prompt.Template.ConstantText, prompt.Template.StaticInputTokens,
                RelativePath(prompt.Source.FilePath, options.ProjectDirectory), prompt.Source.Line);
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
}
