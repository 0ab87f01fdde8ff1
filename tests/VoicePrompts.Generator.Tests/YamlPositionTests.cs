using VoicePrompts.Generator.Model;
using VoicePrompts.Generator.Parsing;

namespace VoicePrompts.Generator.Tests;

/// <summary>Every YAML problem at its real line and column, in words a person reads (item 5 of "compile-time truth").</summary>
public class YamlPositionTests
{
    [Theory]
    // tab used to indent a key: at the tab itself
    [InlineData("class: X\nvoice: ash\n\tprompts: {}\n", 3, 1, "tab")]
    // tab inside a nested mapping
    [InlineData("class: X\nvoice: ash\nprompts:\n  a:\n\ttext: hi\n", 5, 1, "tab")]
    // unclosed double quote: where the quote opens
    [InlineData("class: X\nvoice: ash\nprompts:\n  a: \"unclosed\n", 4, 6, "quote")]
    // unclosed single quote
    [InlineData("class: 'X\nvoice: ash\n", 1, 8, "quote")]
    // a key indented more than its siblings
    [InlineData("class: X\n  voice: ash\nprompts: {}\n", 2, 8, "indent")]
    // the same with a BOM and CRLF line ends
    [InlineData("\uFEFFclass: X\r\nvoice: ash\r\n\tprompts: {}\r\n", 3, 1, "tab")]
    [InlineData("class: X\r\nvoice: ash\r\nprompts:\r\n  a: \"unclosed\r\n", 4, 6, "quote")]
    // an unclosed flow mapping
    [InlineData("class: X\nvoice: ash\nprompts: { a: hi\n", 3, 10, "")]
    public void Syntax_problems_point_at_their_line_and_column_with_a_readable_message(string yaml, int line, int column, string word)
    {
        var file = VoiceYamlParser.Parse("/src/x.voice.yaml", yaml);
        var problem = Assert.Single(file.Problems, p => p.Kind == YamlProblemKind.Syntax);
        Assert.Equal((line, column), (problem.Span.StartLine + 1, problem.Span.StartColumn + 1));
        Assert.Contains(word, problem.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("current state of the object", problem.Message);
        Assert.True(char.IsUpper(problem.Message[0]) || problem.Message[0] == '\'', problem.Message);
    }

    [Fact]
    public void A_bom_and_crlf_do_not_move_schema_positions()
    {
        var file = VoiceYamlParser.Parse("/src/x.voice.yaml", "\uFEFFclass: X\r\nvoice: ash\r\nprompts:\r\n  a:\r\n    txt: hi\r\n");
        var unknown = Assert.Single(file.Problems, p => p.Kind == YamlProblemKind.UnknownKey);
        Assert.Equal((5, 5), (unknown.Span.StartLine + 1, unknown.Span.StartColumn + 1));
    }
}
