using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace VoicePrompts.Generator.Tests.Analyzers;

/// <summary>
/// Microsoft.CodeAnalysis.Testing for the VoicePrompts analyzers, with the generator running too — as in a real
/// build, the analyzers see the generated code and must not mistake it for the user's. References come from
/// Basic.Reference.Assemblies, so tests need no network.
/// </summary>
public sealed class VoicePromptsAnalyzerTest<TAnalyzer> : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public VoicePromptsAnalyzerTest(string source, params DiagnosticResult[] expected)
    {
        TestReferences.Configure(this);
        TestCode = source;
        ExpectedDiagnostics.AddRange(expected);
    }

    /// <summary>Adds a <c>.voice.yaml</c> file (markup spans allowed) under the project.</summary>
    public VoicePromptsAnalyzerTest<TAnalyzer> WithYaml(string path, string yaml)
    {
        TestState.AdditionalFiles.Add((path, yaml));
        return this;
    }

    /// <summary>Sets MSBuild properties as the compiler sees them (build_property.*).</summary>
    public VoicePromptsAnalyzerTest<TAnalyzer> WithProperties(params (string Name, string Value)[] properties)
    {
        TestState.AnalyzerConfigFiles.Add(("/.globalconfig",
            "is_global = true\n" + string.Concat(properties.Select(p => $"build_property.{p.Name} = {p.Value}\n"))));
        return this;
    }

    protected override IEnumerable<Type> GetSourceGenerators() => new[] { typeof(VoicePromptsGenerator) };

    protected override ParseOptions CreateParseOptions() => new CSharpParseOptions(LanguageVersion.Latest);

    protected override CompilationOptions CreateCompilationOptions() =>
        ((CSharpCompilationOptions)base.CreateCompilationOptions()).WithNullableContextOptions(NullableContextOptions.Enable);
}

internal static class TestReferences
{
    /// <summary>No reference packages to download: the references are added directly.</summary>
    private static readonly ReferenceAssemblies None = new("net10.0");

    public static void Configure<TVerifier>(AnalyzerTest<TVerifier> test) where TVerifier : IVerifier, new()
    {
        test.ReferenceAssemblies = None;
        test.TestState.AdditionalReferences.AddRange(Basic.Reference.Assemblies.Net100.References.All);
        test.TestState.AdditionalReferences.Add(typeof(SpeechRequest).Assembly);
        // The code under test is prompts, not complete programs: compiler errors (e.g. a non-partial class's partial
        // method) are the compiler's business; only VP diagnostics are compared.
        test.CompilerDiagnostics = CompilerDiagnostics.None;
        test.TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck;
    }
}

internal static class Verify
{
    public static DiagnosticResult Diagnostic(DiagnosticDescriptor descriptor) => new(descriptor);

    public static Task AnalyzerAsync<TAnalyzer>(string source, params DiagnosticResult[] expected) where TAnalyzer : DiagnosticAnalyzer, new() =>
        new VoicePromptsAnalyzerTest<TAnalyzer>(source, expected).RunAsync();
}
