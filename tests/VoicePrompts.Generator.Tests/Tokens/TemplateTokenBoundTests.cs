using System.Text;
using VoicePrompts.Generator.Parsing;
using VoicePrompts.Generator.Tokens;
using VoicePrompts.Shared.Tokens;

namespace VoicePrompts.Generator.Tests.Tokens;

public class TemplateTokenBoundTests
{
    [Fact]
    public void Splits_plain_templates_into_static_parts_and_variables()
    {
        var split = TemplateParser.TrySplit("Thanks, {{ name }}! Order {{order_id}} ships {{ name }}.");
        Assert.NotNull(split);
        Assert.Equal(new[] { "Thanks, ", "! Order ", " ships ", "." }, split!.Value.Statics);
        Assert.Equal(new[] { "name", "order_id", "name" }, split.Value.Variables);
        // Whitespace control is applied as Scriban renders it.
        Assert.Equal(new[] { "a", "b" }, TemplateParser.TrySplit("a   {{~ x ~}}   b")!.Value.Statics);
    }

    [Theory]
    [InlineData("{{ if n == 1 }}one{{ end }}")]
    [InlineData("{{ name | string.upcase }}")]
    [InlineData("{{ for i in items }}{{ i }}{{ end }}")]
    [InlineData("{{ date.now }}")]
    public void Refuses_templates_whose_length_the_parameters_do_not_bound(string template) =>
        Assert.Null(TemplateParser.TrySplit(template));

    /// <summary>
    /// The property: for random templates and random values within their maximum lengths, the bound is never below
    /// the exact count of the rendering. Values and static text are drawn from pools that stress piece boundaries
    /// (letters meeting letters, spaces before words, contractions, digits, CJK, emoji, newlines).
    /// </summary>
    [Fact]
    public void Bound_is_never_below_the_true_count()
    {
        var rng = new Random(2026);
        string[] pools =
        {
            "abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "0123456789", " ", "  \n\r\t", "'s'll've'd",
            ".,!?-/()\"", "的一是不了人我在有他", "🎉👍🏽𝐇𝐞𠮷", "àéîõüçñ", "\u0301\u0308",
        };
        string Random(int maxLength)
        {
            var builder = new StringBuilder();
            int length = rng.Next(maxLength + 1);
            while (builder.Length < length)
            {
                var pool = pools[rng.Next(pools.Length)];
                var elements = System.Globalization.StringInfo.GetTextElementEnumerator(pool);
                var items = new List<string>();
                while (elements.MoveNext()) items.Add((string)elements.Current);
                var next = items[rng.Next(items.Count)];
                if (builder.Length + next.Length > maxLength) break;
                builder.Append(next);
            }
            return builder.ToString();
        }

        int checkedCases = 0, tight = 0;
        for (int template = 0; template < 300; template++)
        {
            int variables = 1 + rng.Next(4);
            var statics = Enumerable.Range(0, variables + 1).Select(_ => Random(40)).ToList();
            var maxLengths = Enumerable.Range(0, variables).Select(_ => rng.Next(1, 30)).ToList();
            long bound = TemplateTokenBound.Compute(statics, maxLengths.Select(n => (long)n * TemplateTokenBound.MaxBytesPerUtf16Unit).ToList());
            for (int sample = 0; sample < 20; sample++)
            {
                var rendered = new StringBuilder(statics[0]);
                for (int v = 0; v < variables; v++)
                    rendered.Append(Random(maxLengths[v])).Append(statics[v + 1]);
                int actual = O200kTokenCounter.Count(rendered.ToString());
                Assert.True(bound >= actual, $"bound {bound} < {actual} for statics {string.Join("|", statics)} rendered '{rendered}'");
                checkedCases++;
                if (bound - actual <= 3 * maxLengths.Sum()) tight++;
            }
        }
        Assert.Equal(6000, checkedCases);
        Assert.True(tight > 0);
    }

    [Fact]
    public void Bound_of_static_text_alone_is_its_exact_count()
    {
        const string text = "Thanks for calling. Press one for billing, two for support.";
        Assert.Equal(O200kTokenCounter.Count(text), TemplateTokenBound.Compute(new[] { text }, Array.Empty<long>()));
    }

    [Fact]
    public void Bound_stays_close_for_mostly_static_templates()
    {
        // 1,800 static tokens and a 40-character name: the bound must not balloon into a false alarm.
        string prefix = string.Concat(Enumerable.Repeat("Your call is important to us. ", 300));
        int exact = O200kTokenCounter.Count(prefix);
        long bound = TemplateTokenBound.Compute(new[] { prefix, "." }, new long[] { 120 });
        Assert.InRange(bound, exact, exact + 120 + 10);
    }
}
