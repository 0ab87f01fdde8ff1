namespace VoicePrompts.Generator
{
    /// <summary>Names of the pipeline steps, so tests can assert what each edit re-runs.</summary>
    internal static class TrackingNames
    {
        public const string Options = nameof(Options);
        public const string CSharpPrompts = nameof(CSharpPrompts);
        public const string CSharpEmits = nameof(CSharpEmits);
        public const string YamlFiles = nameof(YamlFiles);
        public const string YamlIndex = nameof(YamlIndex);
        public const string YamlSymbols = nameof(YamlSymbols);
        public const string YamlFamilies = nameof(YamlFamilies);
        public const string YamlPrompts = nameof(YamlPrompts);
        public const string YamlEmits = nameof(YamlEmits);
        public const string Catalog = nameof(Catalog);
    }
}
