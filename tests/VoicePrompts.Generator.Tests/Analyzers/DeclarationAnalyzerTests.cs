using Microsoft.CodeAnalysis.Testing;
using VoicePrompts.Generator.Analyzers;
using VoicePrompts.Generator.Diagnostics;

namespace VoicePrompts.Generator.Tests.Analyzers;

public class DeclarationAnalyzerTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.ComponentModel.DataAnnotations;
        using System.Threading;
        using System.Threading.Tasks;
        using VoicePrompts;

        """;

    private static Task Verify(string source, params DiagnosticResult[] expected) =>
        Analyzers.Verify.AnalyzerAsync<PromptDeclarationAnalyzer>(Usings + source, expected);

    private static DiagnosticResult Expect(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, int location, params object[] arguments) =>
        Analyzers.Verify.Diagnostic(descriptor).WithLocation(location).WithArguments(arguments);

    [Fact]
    public Task Valid_prompts_are_silent() => Verify("""
        [Voice("coral")]
        public partial class Checkout
        {
            [Prompt("Thanks, {{ name }}! Order {{ order_id }}.")]
            public partial Task<SpeechAudio> SpeakThanksAsync(string name, string orderId, CancellationToken cancellationToken = default);

            [Prompt("Bye")]
            public partial IAsyncEnumerable<ReadOnlyMemory<byte>> StreamByeAsync(CancellationToken cancellationToken = default);
        }
        """);

    [Fact]
    public Task Class_not_partial_VP0007_once_per_type_including_containing_types() => Verify("""
        public class {|#0:Outer|}
        {
            [Voice("coral")]
            public class {|#1:Inner|}
            {
                [Prompt("One")]
                public partial Task<SpeechAudio> SpeakOneAsync();

                [Prompt("Two")]
                public partial Task<SpeechAudio> SpeakTwoAsync();
            }
        }
        """,
        Expect(DiagnosticDescriptors.TypeNotPartial, 0, "Outer"),
        Expect(DiagnosticDescriptors.TypeNotPartial, 1, "Inner"));

    [Fact]
    public Task Method_not_partial_VP0008() => Verify("""
        [Voice("coral")]
        public partial class P
        {
            [Prompt("Hello")]
            public Task<SpeechAudio> {|#0:SpeakHelloAsync|}() => throw null!;
        }
        """,
        Expect(DiagnosticDescriptors.MethodNotPartial, 0, "SpeakHelloAsync"),
        Expect(DiagnosticDescriptors.MethodHasBody, 0, "SpeakHelloAsync"));

    [Fact]
    public Task Partial_method_with_a_body_VP0009() => Verify("""
        [Voice("coral")]
        public partial class P
        {
            [Prompt("Hello")]
            public partial Task<SpeechAudio> {|#0:SpeakHelloAsync|}();
            public partial Task<SpeechAudio> SpeakHelloAsync() => throw null!;
        }
        """,
        Expect(DiagnosticDescriptors.MethodHasBody, 0, "SpeakHelloAsync"));

    [Fact]
    public Task A_body_with_no_declaration_part_VP0009_at_the_users_method() => Verify("""
        [Voice("coral")]
        public partial class P
        {
            [Prompt("Hello")]
            public partial Task<SpeechAudio> {|#0:SpeakHelloAsync|}() => throw null!;
        }
        """,
        Expect(DiagnosticDescriptors.MethodHasBody, 0, "SpeakHelloAsync"));

    [Fact]
    public Task Unsupported_return_type_VP0010() => Verify("""
        [Voice("coral")]
        public partial class P
        {
            [Prompt("Hello")]
            public partial {|#0:Task<string>|} SpeakHelloAsync();
        }
        """,
        Expect(DiagnosticDescriptors.UnsupportedReturnType, 0, "SpeakHelloAsync", "System.Threading.Tasks.Task<string>"));

    [Fact]
    public Task Unsupported_declarations_VP0011() => Verify("""
        [Voice("coral")]
        public partial class P
        {
            [Prompt("Hello {{ x }}")]
            public partial Task<SpeechAudio> {|#0:SpeakGenericAsync|}<T>(T x);

            [Prompt("Hello {{ x }}")]
            public partial Task<SpeechAudio> SpeakRefAsync(ref string {|#1:x|});

            [Prompt(null!)]
            public partial Task<SpeechAudio> {|#2:SpeakNullAsync|}();
        }
        """,
        Expect(DiagnosticDescriptors.UnsupportedDeclaration, 0, "Prompt method 'SpeakGenericAsync' is generic; prompt methods cannot have type parameters"),
        Expect(DiagnosticDescriptors.UnsupportedDeclaration, 1, "Parameter 'x' of prompt method 'SpeakRefAsync' is passed by ref; prompt parameters are passed by value"),
        Expect(DiagnosticDescriptors.UnsupportedDeclaration, 2, "The template of prompt method 'SpeakNullAsync' must be a constant string, not null"));

    [Fact]
    public Task Two_clients_VP0012() => Verify("""
        [Voice("coral")]
        public partial class P
        {
            private readonly ISpeechClient _a = null!;
            private readonly ISpeechClient _b = null!;

            [Prompt("Hello")]
            public partial Task<SpeechAudio> {|#0:SpeakHelloAsync|}();
        }
        """,
        Expect(DiagnosticDescriptors.MultipleClients, 0, "P", "_a, _b"));

    [Fact]
    public Task Generated_member_clash_VP0013() => Verify("""
        [Voice("coral")]
        public partial class P
        {
            public string HelloText() => "mine";

            [Prompt("Hello")]
            public partial Task<SpeechAudio> {|#0:SpeakHelloAsync|}();
        }
        """,
        Expect(DiagnosticDescriptors.MemberNameClash, 0, "P", "HelloText", "Hello"));

    [Fact]
    public Task Template_syntax_error_VP0014_points_inside_the_template() => Verify("""
        [Voice("coral")]
        public partial class P
        {
            [Prompt("Hello {{ name + {|#0:}|}} x")]
            public partial Task<SpeechAudio> SpeakHelloAsync(string name);
        }
        """,
        Expect(DiagnosticDescriptors.TemplateSyntaxError, 0, "Hello", 1, 17,
            "Error while parsing binary expression: Expecting an <expression> to the right of the operator instead of `}}` in: <expression> operator <expression>"));

    [Fact]
    public Task Variable_without_parameter_VP0015_at_the_variable() => Verify("""
        [Voice("coral")]
        public partial class P
        {
            [Prompt("Hi {{ name }}, order {{ {|#0:order_id|} }}")]
            public partial Task<SpeechAudio> SpeakHiAsync(string name);
        }
        """,
        Expect(DiagnosticDescriptors.TemplateVariableWithoutParameter, 0, "order_id", "Hi", "orderId"));

    [Fact]
    public Task Parameter_not_in_template_VP0016() => Verify("""
        [Voice("coral")]
        public partial class P
        {
            [Prompt("Hi {{ name }}")]
            public partial Task<SpeechAudio> SpeakHiAsync(string name, int {|#0:count|}, CancellationToken cancellationToken = default);
        }
        """,
        Expect(DiagnosticDescriptors.ParameterNotInTemplate, 0, "count", "Hi"));

    [Fact]
    public Task Missing_voice_VP0017() => Verify("""
        public partial class P
        {
            [Prompt("Hi")]
            public partial Task<SpeechAudio> {|#0:SpeakHiAsync|}();

            [Prompt("Bye")]
            [Voice("marin")]
            public partial Task<SpeechAudio> SpeakByeAsync();
        }
        """,
        Expect(DiagnosticDescriptors.MissingVoice, 0, "Hi"));
}
