using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using VoicePrompts.CodeFixes;
using VoicePrompts.Generator.Analyzers;
using VoicePrompts.Generator.Diagnostics;

namespace VoicePrompts.Generator.Tests.Analyzers;

public class CodeFixTests
{
    private sealed class Test<TAnalyzer, TFix> : CSharpCodeFixTest<TAnalyzer, TFix, DefaultVerifier>
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TFix : CodeFixProvider, new()
    {
        public Test(string source, string fixedSource, params DiagnosticResult[] expected)
        {
            TestReferences.Configure(this);
            TestCode = source;
            FixedCode = fixedSource;
            ExpectedDiagnostics.AddRange(expected);
        }

        protected override IEnumerable<Type> GetSourceGenerators() => new[] { typeof(VoicePromptsGenerator) };

        protected override ParseOptions CreateParseOptions() => new CSharpParseOptions(LanguageVersion.Latest);
    }

    [Fact]
    public Task Makes_the_class_and_every_containing_class_partial() =>
        new Test<PromptDeclarationAnalyzer, MakePartialCodeFixProvider>("""
            using System.Threading.Tasks;
            using VoicePrompts;

            public static class {|#0:Outer|}
            {
                [Voice("coral")]
                internal sealed class {|#1:Checkout|}
                {
                    [Prompt("Thanks!")]
                    public partial Task<SpeechAudio> SpeakThanksAsync();
                }
            }
            """, """
            using System.Threading.Tasks;
            using VoicePrompts;

            public static partial class Outer
            {
                [Voice("coral")]
                internal sealed partial class Checkout
                {
                    [Prompt("Thanks!")]
                    public partial Task<SpeechAudio> SpeakThanksAsync();
                }
            }
            """,
            Verify.Diagnostic(DiagnosticDescriptors.TypeNotPartial).WithLocation(0).WithArguments("Outer"),
            Verify.Diagnostic(DiagnosticDescriptors.TypeNotPartial).WithLocation(1).WithArguments("Checkout")).RunAsync();

    [Fact]
    public Task Makes_the_methods_partial_with_fix_all() =>
        new Test<PromptDeclarationAnalyzer, MakePartialCodeFixProvider>("""
            using System.Threading.Tasks;
            using VoicePrompts;

            [Voice("coral")]
            public partial class Checkout
            {
                [Prompt("Thanks!")]
                public Task<SpeechAudio> {|#0:SpeakThanksAsync|}();

                [Prompt("Bye!")]
                internal Task<SpeechAudio> {|#1:SpeakByeAsync|}();
            }
            """, """
            using System.Threading.Tasks;
            using VoicePrompts;

            [Voice("coral")]
            public partial class Checkout
            {
                [Prompt("Thanks!")]
                public partial Task<SpeechAudio> SpeakThanksAsync();

                [Prompt("Bye!")]
                internal partial Task<SpeechAudio> SpeakByeAsync();
            }
            """,
            Verify.Diagnostic(DiagnosticDescriptors.MethodNotPartial).WithLocation(0).WithArguments("SpeakThanksAsync"),
            Verify.Diagnostic(DiagnosticDescriptors.MethodNotPartial).WithLocation(1).WithArguments("SpeakByeAsync"))
        {
            CodeActionEquivalenceKey = DiagnosticIds.MethodNotPartial,
            NumberOfFixAllIterations = 1,
        }.RunAsync();

    [Fact]
    public Task Replaces_an_unknown_voice_with_the_nearest_everywhere() =>
        new Test<VoiceSettingsAnalyzer, NearestVoiceCodeFixProvider>("""
            using System.Threading.Tasks;
            using VoicePrompts;

            [Voice({|#0:"Coral"|})]
            public partial class Checkout
            {
                [Prompt("Thanks!")]
                [Voice({|#1:"marine"|}, Instructions = "Slower.")]
                public partial Task<SpeechAudio> SpeakThanksAsync();

                [Prompt("Bye!")]
                public partial Task<SpeechAudio> SpeakByeAsync();
            }
            """, """
            using System.Threading.Tasks;
            using VoicePrompts;

            [Voice("coral")]
            public partial class Checkout
            {
                [Prompt("Thanks!")]
                [Voice("marin", Instructions = "Slower.")]
                public partial Task<SpeechAudio> SpeakThanksAsync();

                [Prompt("Bye!")]
                public partial Task<SpeechAudio> SpeakByeAsync();
            }
            """,
            Verify.Diagnostic(DiagnosticDescriptors.UnknownVoice).WithLocation(0).WithArguments("Class 'Checkout'", "Coral", 13, "gpt-4o-mini-tts", "; did you mean 'coral'?"),
            Verify.Diagnostic(DiagnosticDescriptors.UnknownVoice).WithLocation(1).WithArguments("Prompt 'Thanks'", "marine", 13, "gpt-4o-mini-tts", "; did you mean 'marin'?")).RunAsync();

    [Fact]
    public Task Offers_no_voice_fix_when_nothing_is_close()
    {
        const string source = """
            using System.Threading.Tasks;
            using VoicePrompts;

            [Voice({|#0:"zzzzzzzzzz"|})]
            public partial class Checkout
            {
                [Prompt("Thanks!")]
                public partial Task<SpeechAudio> SpeakThanksAsync();
            }
            """;
        var expected = Verify.Diagnostic(DiagnosticDescriptors.UnknownVoice).WithLocation(0).WithArguments("Class 'Checkout'", "zzzzzzzzzz", 13, "gpt-4o-mini-tts", "");
        var test = new Test<VoiceSettingsAnalyzer, NearestVoiceCodeFixProvider>(source, source, expected);
        test.FixedState.ExpectedDiagnostics.Add(expected); // still there: nothing was offered
        return test.RunAsync();
    }
}
