namespace VoicePrompts.Tests;

public class InputTokensTests
{
    [Fact]
    public void Counts_like_gpt_4o_mini_tts_and_checks_the_limit()
    {
        // Golden values from OpenAI's tiktoken (o200k_base, encode_ordinary).
        Assert.Equal(0, InputTokens.Count(""));
        Assert.Equal(7, InputTokens.Count("<|endoftext|>"));
        var chinese2000 = string.Concat(Enumerable.Repeat("的", 2000));
        Assert.Equal(2000, InputTokens.Count(chinese2000));
        Assert.True(InputTokens.IsWithinLimit(chinese2000, 2000));
        Assert.False(InputTokens.IsWithinLimit(chinese2000 + "的", 2000));
    }
}
