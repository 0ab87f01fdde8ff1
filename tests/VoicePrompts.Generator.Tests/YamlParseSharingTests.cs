using Microsoft.CodeAnalysis.Text;
using VoicePrompts.Generator.Parsing;

namespace VoicePrompts.Generator.Tests;

/// <summary>
/// The generator and the two YAML-reading analyzers are handed the same text of an additional file; it is parsed once
/// for all three, and never handed to a file at another path.
/// </summary>
public class YamlParseSharingTests
{
    private const string Yaml = "class: Contoso.Menu\nvoice: ash\nprompts:\n  welcome: Welcome to Contoso.\n";

    [Fact]
    public void The_same_text_is_parsed_once()
    {
        var text = SourceText.From(Yaml);
        var first = VoiceYamlParser.Parse("/src/Menu.voice.yaml", text);
        Assert.Same(first, VoiceYamlParser.Parse("/src/Menu.voice.yaml", text));
        Assert.Equal("welcome", Assert.Single(first.Prompts).Key.Value);
        // What is kept is what a fresh parse of the string gives.
        Assert.Equal(VoiceYamlParser.Parse("/src/Menu.voice.yaml", Yaml), first);
    }

    [Fact]
    public void The_same_text_under_another_path_gets_that_path_and_its_culture()
    {
        var text = SourceText.From(Yaml);
        var neutral = VoiceYamlParser.Parse("/src/Menu.voice.yaml", text);
        var french = VoiceYamlParser.Parse("/src/Menu.fr.voice.yaml", text);
        Assert.Equal(("/src/Menu.voice.yaml", null), (neutral.Path, neutral.Culture));
        Assert.Equal(("/src/Menu.fr.voice.yaml", "fr"), (french.Path, french.Culture));
    }

    [Fact]
    public void An_edited_text_is_parsed_again()
    {
        var before = VoiceYamlParser.Parse("/src/Menu.voice.yaml", SourceText.From(Yaml));
        var after = VoiceYamlParser.Parse("/src/Menu.voice.yaml", SourceText.From(Yaml.Replace("Welcome to Contoso.", "Hello.", StringComparison.Ordinal)));
        Assert.Equal("Welcome to Contoso.", Assert.Single(before.Prompts).Text?.Value);
        Assert.Equal("Hello.", Assert.Single(after.Prompts).Text?.Value);
    }
}
