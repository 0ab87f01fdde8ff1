namespace VoicePrompts.Tests;

/// <summary>The rewrite generated prompts apply to what they send (and the analyzers to what they count).</summary>
public class PronunciationMapTests
{
    private static readonly PronunciationMap Map = new(
        new PronunciationEntry("SQL", "sequel"),
        new PronunciationEntry("Nguyen", "win"),
        new PronunciationEntry("New York", "Noo York"),
        new PronunciationEntry("York", "Yorkshire"),
        new PronunciationEntry("C#", "C sharp"),
        new PronunciationEntry("nasa", "NASA", IgnoreCase: true));

    [Theory]
    [InlineData("SQL", "sequel")]
    [InlineData("Run SQL, then SQL.", "Run sequel, then sequel.")]
    [InlineData("SQLite and MySQL stay", "SQLite and MySQL stay")]           // inside a word: not a whole word
    [InlineData("sql stays", "sql stays")]                                    // case-sensitive by default
    [InlineData("NASA, Nasa and nasa", "NASA, NASA and NASA")]                // unless the entry ignores case
    [InlineData("Ms. Nguyen's desk", "Ms. win's desk")]                        // an apostrophe ends a word
    [InlineData("New York and York", "Noo York and Yorkshire")]               // the longest entry wins, once
    [InlineData("I write C# daily", "I write C sharp daily")]
    [InlineData("XC# and C#9", "XC# and C sharp9")]                          // a letter before carries the word on; a symbol ends it
    [InlineData("SQL_TABLE", "SQL_TABLE")]                                    // underscore joins words
    [InlineData("SQLのレポート", "sequelのレポート")]                           // Japanese: no spaces between words
    [InlineData("報告SQL", "報告sequel")]
    [InlineData("Größe SQL", "Größe sequel")]
    [InlineData("", "")]
    public void Replaces_whole_words_only(string text, string expected) => Assert.Equal(expected, Map.Apply(text));

    [Fact]
    public void Replaced_text_is_not_searched_again() =>
        Assert.Equal("win win", new PronunciationMap(new PronunciationEntry("A", "win"), new PronunciationEntry("win", "LOOP")).Apply("A A"));

    [Fact]
    public void Text_without_matches_is_returned_as_is()
    {
        string text = "nothing to say";
        Assert.Same(text, Map.Apply(text));
    }

    [Fact]
    public void Bad_entries_are_refused_with_the_word_named()
    {
        Assert.Contains("empty word", Assert.Throws<ArgumentException>(() => new PronunciationMap(new PronunciationEntry("", "x"))).Message);
        Assert.Contains("'SQL'", Assert.Throws<ArgumentException>(() => new PronunciationMap(new PronunciationEntry("SQL", null!))).Message);
        Assert.Throws<ArgumentNullException>(() => Map.Apply(null!));
    }
}
