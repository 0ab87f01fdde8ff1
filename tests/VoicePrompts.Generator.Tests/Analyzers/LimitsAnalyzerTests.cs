using Microsoft.CodeAnalysis.Testing;
using VoicePrompts.Generator.Analyzers;
using VoicePrompts.Generator.Diagnostics;
using VoicePrompts.Shared.Tokens;

namespace VoicePrompts.Generator.Tests.Analyzers;

public class LimitsAnalyzerTests
{
    private static string Prompts(string template, string voice = "[Voice(\"coral\")]", string parameters = "") => $$"""
        using System.ComponentModel.DataAnnotations;
        using System.Threading;
        using System.Threading.Tasks;
        using VoicePrompts;

        {{voice}}
        public partial class Prompts
        {
            [Prompt({{template}})]
            public partial Task<SpeechAudio> SpeakLongAsync({{parameters}}CancellationToken cancellationToken = default);
        }
        """;

    /// <summary>Text of exactly <paramref name="tokens"/> tokens: this Chinese character is one token each.</summary>
    internal static string ChineseOfTokens(int tokens)
    {
        var text = string.Concat(Enumerable.Repeat("的", tokens));
        Assert.Equal(tokens, O200kTokenCounter.Count(text)); // the premise, checked
        return text;
    }

    private static string Quote(string text) => "\"" + text + "\"";

    [Fact]
    public async Task Chinese_prompt_of_exactly_2000_tokens_is_accepted()
    {
        string text = ChineseOfTokens(2000);
        Assert.True(text.Length < 4096);
        await Verify.AnalyzerAsync<PromptLimitsAnalyzer>(Prompts(Quote(text)));
    }

    [Fact]
    public async Task Chinese_prompt_of_2001_tokens_is_over_the_limit_at_the_literal()
    {
        string text = ChineseOfTokens(2001);
        Assert.True(text.Length < 4096);
        await Verify.AnalyzerAsync<PromptLimitsAnalyzer>(Prompts("\"{|#0:" + text + "|}\""),
            Verify.Diagnostic(DiagnosticDescriptors.InputOverTokenLimit).WithLocation(0).WithArguments("Long", 2001, "gpt-4o-mini-tts", 2000));
    }

    [Fact]
    public async Task Token_limit_applies_to_the_model_and_follows_the_setting()
    {
        string text = ChineseOfTokens(30);
        // tts-1 has no token limit: silent.
        await Verify.AnalyzerAsync<PromptLimitsAnalyzer>(Prompts(Quote(text), "[Voice(\"coral\", Model = \"tts-1\")]"));
        // A compatible server's model with a configured limit, chosen as the project's default model.
        await new VoicePromptsAnalyzerTest<PromptLimitsAnalyzer>(Prompts("\"{|#0:" + text + "|}\""),
                Verify.Diagnostic(DiagnosticDescriptors.InputOverTokenLimit).WithLocation(0).WithArguments("Long", 30, "local-tts", 20))
            .WithProperties(("VoicePromptsDefaultModel", "local-tts"), ("VoicePromptsTokenLimits", "local-tts=20"))
            .RunAsync();
        // The built-in limit can be switched off.
        await new VoicePromptsAnalyzerTest<PromptLimitsAnalyzer>(Prompts(Quote(ChineseOfTokens(2001))))
            .WithProperties(("VoicePromptsTokenLimits", "gpt-4o-mini-tts=none"))
            .RunAsync();
    }

    [Fact]
    public async Task Escaped_literal_points_inside_the_quotes()
    {
        // \" and \u0041 are two and six source characters for one template character each.
        string text = "\\\"A\\u0041 " + ChineseOfTokens(2001);
        await Verify.AnalyzerAsync<PromptLimitsAnalyzer>(Prompts("\"{|#0:" + text + "|}\""),
            Verify.Diagnostic(DiagnosticDescriptors.InputOverTokenLimit).WithLocation(0)
                .WithArguments("Long", O200kTokenCounter.Count("\"AA " + ChineseOfTokens(2001)), "gpt-4o-mini-tts", 2000));
    }

    [Fact]
    public async Task English_over_4096_characters_is_a_character_error_not_a_token_error()
    {
        string text = string.Concat(Enumerable.Repeat("Press one. ", 373)); // 4,103 characters, ~1,100 tokens
        Assert.Equal(4103, text.Length);
        await Verify.AnalyzerAsync<PromptLimitsAnalyzer>(Prompts("\"{|#0:" + text + "|}\""),
            Verify.Diagnostic(DiagnosticDescriptors.InputOverCharacterLimit).WithLocation(0).WithArguments("Long", 4103, "", 4096));
        await Verify.AnalyzerAsync<PromptLimitsAnalyzer>(Prompts(Quote(text.Substring(0, 4096))));
    }

    [Fact]
    public async Task Instructions_over_4096_characters()
    {
        string instructions = new('x', 4097);
        await Verify.AnalyzerAsync<PromptLimitsAnalyzer>(Prompts(Quote("Hello"), "[Voice(\"coral\", Instructions = {|#0:\"" + instructions + "\"|})]"),
            Verify.Diagnostic(DiagnosticDescriptors.InstructionsOverCharacterLimit).WithLocation(0).WithArguments("Class 'Prompts'", 4097, 4096));
    }

    [Fact]
    public async Task Instructions_plus_input_over_the_limit_warns_unless_turned_off()
    {
        string input = ChineseOfTokens(1500);
        string instructions = ChineseOfTokens(600);
        string source = Prompts("\"{|#0:" + input + "|}\"", "[Voice(\"coral\", Instructions = \"" + instructions + "\")]");
        await Verify.AnalyzerAsync<PromptLimitsAnalyzer>(source,
            Verify.Diagnostic(DiagnosticDescriptors.InstructionsPlusInputOverTokenLimit).WithLocation(0)
                .WithArguments("Long", 2100, 1500, 600, "gpt-4o-mini-tts", 2000));
        await new VoicePromptsAnalyzerTest<PromptLimitsAnalyzer>(source.Replace("{|#0:", "").Replace("|}", ""))
            .WithProperties(("VoicePromptsCheckInstructionsPlusInput", "false"))
            .RunAsync();
    }

    [Fact]
    public async Task MaxLength_bound_over_the_limit_warns_with_the_bound()
    {
        // 1,900 static tokens plus a name of up to 50 characters (at most 150 bytes): the bound passes 2,000.
        string prefix = ChineseOfTokens(1900);
        string template = "\"{|#0:" + prefix + " {{ name }}|}\"";
        long bound = VoicePrompts.Generator.Tokens.TemplateTokenBound.Compute(new[] { prefix + " ", "" }, new long[] { 150 });
        Assert.True(bound > 2000);
        await Verify.AnalyzerAsync<PromptLimitsAnalyzer>(Prompts(template, parameters: "[MaxLength(50)] string name, "),
            Verify.Diagnostic(DiagnosticDescriptors.MaxLengthBoundOverTokenLimit).WithLocation(0)
                .WithArguments("Long", bound, "name at 50 characters", "gpt-4o-mini-tts", 2000));
    }

    [Fact]
    public async Task MaxLength_bound_under_the_limit_and_unbounded_parameters_are_silent()
    {
        string template = Quote("Thanks, {{ name }}! Your order ships {{ eta }}.");
        await Verify.AnalyzerAsync<PromptLimitsAnalyzer>(Prompts(template, parameters: "[MaxLength(40)] string name, [MaxLength(20)] string eta, "));
        // Without [MaxLength] nothing bounds the rendering, so nothing is claimed.
        await Verify.AnalyzerAsync<PromptLimitsAnalyzer>(Prompts(Quote(ChineseOfTokens(1990) + "{{ name }}"), parameters: "string name, "));
    }

    [Fact]
    public async Task Numbers_are_bounded_by_their_longest_text()
    {
        // An int renders to at most 11 characters: 1,990 + 11 stays under 2,000 only if the bound is tight enough.
        await Verify.AnalyzerAsync<PromptLimitsAnalyzer>(Prompts(Quote(ChineseOfTokens(1980) + " {{ count }}"), parameters: "int count, "));
    }
}
