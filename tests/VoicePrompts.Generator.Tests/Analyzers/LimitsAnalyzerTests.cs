using Microsoft.CodeAnalysis.Testing;
using VoicePrompts.Generator.Analyzers;
using VoicePrompts.Generator.Diagnostics;
using VoicePrompts.Shared.Tokens;

namespace VoicePrompts.Generator.Tests.Analyzers;

public class LimitsAnalyzerTests
{
    private static string Prompts(string template, string voice = "[Voice(\"coral\")]", string parameters = "") => $$"""
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

    /// <summary>Text of exactly <paramref name="tokens"/> tokens: one Chinese character is one token here.</summary>
    internal static string ChineseOfTokens(int tokens)
    {
        var text = string.Concat(Enumerable.Repeat("的", tokens));
        Assert.Equal(tokens, O200kTokenCounter.Count(text)); // the premise, checked
        return text;
    }

    [Fact]
    public async Task Chinese_prompt_of_exactly_2000_tokens_is_accepted()
    {
        string text = ChineseOfTokens(2000);
        Assert.True(text.Length < 4096);
        await Verify.AnalyzerAsync<PromptLimitsAnalyzer>(Prompts("\"" + text + "\""));
    }

    [Fact]
    public async Task Chinese_prompt_of_2001_tokens_is_over_the_limit_at_the_literal()
    {
        string text = ChineseOfTokens(2001);
        Assert.True(text.Length < 4096);
        await Verify.AnalyzerAsync<PromptLimitsAnalyzer>(Prompts("\"{|#0:" + text + "|}\""),
            Verify.Diagnostic(DiagnosticDescriptors.InputOverTokenLimit).WithLocation(0).WithArguments("Long", 2001, "gpt-4o-mini-tts", 2000));
    }
}
