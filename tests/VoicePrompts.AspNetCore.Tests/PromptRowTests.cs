namespace VoicePrompts.AspNetCore.Tests;

/// <summary>Why a templated prompt's row cannot be heard, in words that say what to add.</summary>
public sealed class PromptRowTests
{
    [Fact]
    public void A_variable_without_an_example_is_named()
    {
        var prompt = new PromptInfo("Shop.Checkout.OrderShipped", "gpt-4o-mini-tts", "coral", "Thanks, {{ name }}! Your order ships {{ eta }}.")
        {
            Examples = new Dictionary<string, object?> { ["name"] = "Alexandra" },
            SourceFile = "Prompts/shop.voice.yaml",
        };
        var row = PromptRow.For(prompt);
        Assert.Null(row.Request);
        Assert.Contains("its examples do not render", row.Unavailable);
        Assert.Contains("eta", row.Unavailable);
    }

    [Fact]
    public void A_csharp_prompt_says_csharp_has_no_examples()
    {
        var row = PromptRow.For(new PromptInfo("Shop.Checkout.Hi", "gpt-4o-mini-tts", "coral", "Hi {{ name }}") { SourceFile = "Checkout.cs" });
        Assert.Contains("declared in C# has none", row.Unavailable);
    }
}
