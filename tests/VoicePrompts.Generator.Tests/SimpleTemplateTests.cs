using VoicePrompts.Generator.Parsing;
using Xunit;

namespace VoicePrompts.Generator.Tests;

/// <summary>
/// The Scriban-free reading of simple templates must say exactly what Scriban says, on every template it accepts;
/// anything it is unsure of it must decline.
/// </summary>
public class SimpleTemplateTests
{
    private static readonly string[] Fragments =
    {
        "Hello ", "your order ", ", ", ".", "\n", "\r\n", "  ", "{", "}", "}}", "{{", "{{{", "}}}", "{%{ raw }%}", "{% x %}",
        "{{ name }}", "{{name}}", "{{  order_id  }}", "{{ orderId }}", "{{ _x }}", "{{ x1 }}", "{{ A }}", "{{ name }}",
        "{{ if }}", "{{ end }}", "{{ else }}", "{{ for }}", "{{ in }}", "{{ when }}", "{{ ret }}", "{{ func }}", "{{ with }}",
        "{{ true }}", "{{ false }}", "{{ null }}", "{{ this }}", "{{ empty }}", "{{ blank }}", "{{ string }}", "{{ date }}",
        "{{ and }}", "{{ or }}", "{{ not }}", "{{ elseif }}", "{{ do }}", "{{ import }}", "{{ break }}", "{{ capture }}",
        "{{ 3 }}", "{{ \"s\" }}", "{{ a.b }}", "{{ a | string.upcase }}", "{{~ a }}", "{{ a ~}}", "{{- a }}", "{{ a -}}",
        "{{ a\n}}", "{{\ta }}", "{{ a b }}", "{{ é }}", "{{ $x }}", "{{ @f }}", "{{ x = 1 }}", "{{ if a }}yes{{ end }}",
        "{{ for i in items }}{{ i }}{{ end }}", "{{}}", "{{ }}",
    };

    /// <summary>What the fast path should take: most generated templates are made of these.</summary>
    private static readonly string[] Plain =
    {
        "Hello ", "your order ", ", ", ".", "\n", "\r\n", "  ", "{", "}", "{{ name }}", "{{name}}", "{{  order_id  }}",
        "{{ orderId }}", "{{ _x }}", "{{ x1 }}", "{{ A }}",
    };

    [Fact]
    public void Agrees_with_Scriban_on_every_template_it_accepts()
    {
        var random = new Random(20261201);
        var templates = new List<string>(Fragments);
        for (int n = 0; n < 4000; n++)
        {
            int parts = random.Next(1, 7);
            templates.Add(string.Concat(Enumerable.Range(0, parts).Select(_ =>
                random.Next(5) == 0 ? Fragments[random.Next(Fragments.Length)] : Plain[random.Next(Plain.Length)])));
        }

        int accepted = 0;
        foreach (var text in templates.Distinct())
        {
            if (!SimpleTemplate.TryParse(text, out _, out _))
                continue;
            accepted++;
            var scriban = TemplateParser.AnalyzeWithScriban(text);
            var fast = TemplateParser.Analyze(text);
            Assert.True(scriban.Errors.Count == 0, $"Accepted a template Scriban rejects: {text}");
            Assert.Equal(scriban.Variables, fast.Variables);
            Assert.Equal(scriban.VariableOffsets, fast.VariableOffsets);
            Assert.Equal(scriban.ConstantText, fast.ConstantText);
            Assert.Empty(fast.Errors);

            var scribanSplit = TemplateParser.TrySplitWithScriban(text);
            var fastSplit = TemplateParser.TrySplit(text);
            Assert.NotNull(scribanSplit);
            Assert.NotNull(fastSplit);
            Assert.Equal(scribanSplit!.Value.Statics, fastSplit!.Value.Statics);
            Assert.Equal(scribanSplit.Value.Variables, fastSplit.Value.Variables);
        }
        // Not vacuous: a good share of the corpus takes the fast path.
        Assert.True(accepted > 1000, $"only {accepted} templates took the fast path");
    }

    [Theory]
    [InlineData("Hello {{ if }}")]
    [InlineData("Hello {{ this }}")]
    [InlineData("{{ name | string.upcase }}")]
    [InlineData("{{~ name }}")]
    [InlineData("a }} b")]
    [InlineData("{%{ {{ name }} }%}")]
    [InlineData("{{ string }}")]
    public void Declines_what_only_Scriban_can_read(string text) =>
        Assert.False(SimpleTemplate.TryParse(text, out _, out _));

    [Fact]
    public void Reads_text_and_outputs_with_the_offsets_of_their_names()
    {
        Assert.True(SimpleTemplate.TryParse("Hi {{ name }}, order {{order_id}}.", out var statics, out var outputs));
        Assert.Equal(new[] { "Hi ", ", order ", "." }, statics);
        Assert.Equal(new[] { ("name", 6), ("order_id", 23) }, outputs);
    }
}
