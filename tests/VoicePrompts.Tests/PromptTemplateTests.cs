using System.Globalization;

namespace VoicePrompts.Tests;

public class PromptTemplateTests
{
    [Fact]
    public void Renders_variables_conditions_and_members_culture_invariantly()
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            var template = PromptTemplate.Parse("{{ user.first_name }} owes {{ amount }}; {{ if n == 1 }}one item{{ else }}{{ n }} items{{ end }}.");
            string text = template.Render(new Dictionary<string, object?> { ["user"] = new { FirstName = "Ann" }, ["amount"] = 12.5m, ["n"] = 2 });
            Assert.Equal("Ann owes 12.5; 2 items.", text);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void A_syntax_error_names_line_and_column()
    {
        var ex = Assert.Throws<FormatException>(() => PromptTemplate.Parse("Hello\n{{ 1 + }}"));
        Assert.Contains("(2,", ex.Message);
    }

    [Fact]
    public void A_missing_variable_is_an_error_not_an_empty_string()
    {
        var template = PromptTemplate.Parse("Hi {{ name }}");
        var ex = Assert.Throws<InvalidOperationException>(() => template.Render(new Dictionary<string, object?>()));
        Assert.Contains("name", ex.Message);
    }
}
