using System.Globalization;
using System.Text;

namespace VoicePrompts.Generator.Tests;

/// <summary>
/// Templates without logic are rendered by generated code (SPEC §3). What it builds must be exactly what Scriban
/// renders — for every kind of parameter, in the invariant culture of the neutral text and in each translation's own.
/// </summary>
public class CompiledTemplateTests
{
    private static readonly string[] Cultures = { "fr-FR", "de-DE", "ar-SA", "ja-JP", "tr-TR", "hi-IN" };

    /// <summary>Text between outputs, with what might trip a writer up: quotes, escapes, newlines, braces alone.</summary>
    private static readonly string[] Literals =
    {
        "Hello ", ", ", ". ", "\n", "\r\n", "  ", "\"quoted\" ", "back\\slash ", "100% ", "{ ", " }", "é à ü ", "注文 ", "🙂 ", "\t", "", "\n  ", "\n\t ", "\u00a0", " \u3000", "\r  ", "x\n ",
    };

    /// <summary>A parameter type and a source of values for it (null where the type allows it).</summary>
    private sealed record Kind(string Type, Func<Random, object?> Next);

    private static readonly Kind[] Kinds =
    {
        new("string", r => RandomString(r)),
        new("string?", r => r.Next(4) == 0 ? null : RandomString(r)),
        new("int", r => r.Next(6) switch { 0 => int.MinValue, 1 => 0, 2 => -r.Next(), _ => r.Next() }),
        new("long", r => r.Next(3) == 0 ? long.MaxValue : r.NextInt64(long.MinValue, long.MaxValue)),
        new("double", r => RandomDouble(r)),
        new("float", r => (float)RandomDouble(r)),
        new("decimal", r => r.Next(3) == 0 ? 1234567.891m : new decimal(r.Next(), r.Next(), r.Next(3), r.Next(2) == 0, (byte)r.Next(0, 29))),
        new("bool", r => r.Next(2) == 0),
        new("bool?", r => r.Next(3) switch { 0 => null, 1 => true, _ => false }),
        new("int?", r => r.Next(3) == 0 ? null : r.Next(-100_000, 100_000)),
        new("byte", r => (byte)r.Next(256)),
        new("short", r => (short)r.Next(short.MinValue, short.MaxValue)),
        new("uint", r => (uint)r.NextInt64(0, uint.MaxValue)),
        new("ulong", r => r.Next(2) == 0 ? ulong.MaxValue : (ulong)r.NextInt64()),
        new("char", r => (char)r.Next(32, 0x3000)),
        new("global::System.DateTime", r => new DateTime(2000, 1, 1).AddMinutes(r.Next(0, 20_000_000))),
        new("global::System.DateTimeOffset", r => new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.FromHours(r.Next(-12, 14))).AddSeconds(r.Next())),
        new("global::System.TimeSpan", r => TimeSpan.FromTicks(r.NextInt64(-TimeSpan.TicksPerDay * 400, TimeSpan.TicksPerDay * 400))),
        new("global::System.Guid", r => new Guid(Enumerable.Range(0, 16).Select(_ => (byte)r.Next(256)).ToArray())),
        new("global::System.DayOfWeek", r => (DayOfWeek)r.Next(0, 9)),
        new("global::System.IO.FileAccess", r => (FileAccess)r.Next(0, 5)),
        new("object?", r => r.Next(6) switch { 0 => null, 1 => RandomDouble(r), 2 => r.Next(2) == 0, 3 => new DateTime(2026, 12, 2), 4 => RandomString(r), _ => new[] { 1, 2 } }),
        new("int[]", r => Enumerable.Range(0, r.Next(4)).Select(_ => r.Next(-5, 100)).ToArray()),
        new("global::System.Collections.Generic.List<string>", r => Enumerable.Range(0, r.Next(3)).Select(_ => RandomString(r)).ToList()),
        new("global::System.Uri", r => new Uri("https://example.com/" + r.Next(1000) + "?q=a%20b")),
        new("global::System.Version", r => new Version(r.Next(10), r.Next(10), r.Next(10))),
    };

    private static string RandomString(Random r) => r.Next(5) switch
    {
        0 => "",
        1 => "O'Brien & \"Sons\" <b>",
        2 => "{{ not a template }}",
        3 => "line\nbreak é 注文 🙂",
        _ => "order-" + r.Next(100_000),
    };

    private static double RandomDouble(Random r) => r.Next(10) switch
    {
        0 => double.NaN,
        1 => r.Next(2) == 0 ? double.PositiveInfinity : double.NegativeInfinity,
        2 => -0.0,
        3 => 1e20 * r.NextDouble(),
        4 => 1e-7 * r.NextDouble(),
        5 => Math.Round(r.NextDouble() * 1000, 2),
        _ => (r.NextDouble() - 0.5) * 1e6,
    };

    /// <param name="runtime">
    /// Which build of the runtime the generated code runs on: <c>net10.0</c> (pooled span formatting) or
    /// <c>netstandard2.0</c> (what .NET Framework apps get: a cached <c>StringBuilder</c> and <c>IFormattable</c>).
    /// </param>
    [Theory]
    [InlineData("net10.0")]
    [InlineData("netstandard2.0")]
    public void Generated_text_equals_Scriban_over_thousands_of_templates_values_and_cultures(string runtime)
    {
        var random = new Random(20261202);
        const int PromptCount = 120;
        var prompts = new List<(string Name, Kind[] Parameters, string Neutral, string[] Translations)>();
        var source = new StringBuilder("""
            using System.Globalization;
            using System.Threading.Tasks;
            using VoicePrompts;

            [Voice("coral")]
            public partial class Rendering
            {
            """);
        for (int n = 0; n < PromptCount; n++)
        {
            var parameters = Enumerable.Range(0, random.Next(1, 4)).Select(_ => Kinds[random.Next(Kinds.Length)]).ToArray();
            string neutral = Template(random, parameters.Length);
            string[] translations = Cultures.Select(_ => Template(random, parameters.Length)).ToArray();
            string name = "P" + n;
            prompts.Add((name, parameters, neutral, translations));

            source.Append("    [Prompt(").Append(CSharp(neutral)).Append(")]\n");
            for (int c = 0; c < Cultures.Length; c++)
                source.Append("    [Prompt(").Append(CSharp(translations[c])).Append(", Culture = \"").Append(Cultures[c]).Append("\")]\n");
            source.Append("    public partial Task<SpeechAudio> Speak").Append(name).Append("Async(")
                .Append(string.Join(", ", parameters.Select((p, i) => p.Type + " p" + i))).Append(", CultureInfo culture);\n\n");
        }
        source.Append("}\n");

        var result = GeneratorHarness.Run([source.ToString()]);
        string generated = string.Concat(result.Run.GeneratedTrees.Select(t => t.ToString()));
        Assert.DoesNotContain("PromptTemplate.Parse", generated); // all of them compiled, so the comparison below means something
        var type = (runtime == "net10.0" ? result.Load() : NetStandardRuntime.Load(result)).GetType("Rendering")!;
        Assert.Equal(runtime == "net10.0" ? ".NETCoreApp,Version=v10.0" : ".NETStandard,Version=v2.0", TargetFrameworkOfRuntime(type));
        object instance = Activator.CreateInstance(type)!;

        int compared = 0;
        foreach (var (name, parameters, neutral, translations) in prompts)
        {
            for (int set = 0; set < 8; set++)
            {
                object?[] values = parameters.Select(p => p.Next(random)).ToArray();
                var variables = values.Select((v, i) => new KeyValuePair<string, object?>("p" + i, v)).ToArray();
                for (int c = -1; c < Cultures.Length; c++)
                {
                    // A culture with no translation (it-IT) speaks the neutral text, formatted invariantly.
                    var culture = CultureInfo.GetCultureInfo(c < 0 ? "it-IT" : Cultures[c]);
                    string expected = c < 0
                        ? PromptTemplate.Parse(neutral).Render(variables)
                        : PromptTemplate.Parse(translations[c]).Render(variables, culture);
                    string actual = (string)instance.Call(name + "Text", values.Append(culture).ToArray())!;
                    Assert.True(expected == actual,
                        $"{name} ({string.Join(", ", parameters.Select(p => p.Type))}) in {culture.Name} with [{string.Join(" | ", values)}]:\n"
                        + $"Scriban:   {expected}\ngenerated: {actual}\nfirst difference at {FirstDifference(expected, actual)}");
                    compared++;
                }
            }
        }
        Assert.Equal(PromptCount * 8 * (Cultures.Length + 1), compared);
    }

    /// <summary>The target framework of the VoicePrompts assembly the generated type runs against.</summary>
    private static string? TargetFrameworkOfRuntime(Type generated) =>
        generated.Assembly.GetReferencedAssemblies().Where(a => a.Name == "VoicePrompts")
            .Select(a => System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(generated.Assembly)!.LoadFromAssemblyName(a))
            .Select(a => a.GetCustomAttributes(typeof(System.Runtime.Versioning.TargetFrameworkAttribute), false).Cast<System.Runtime.Versioning.TargetFrameworkAttribute>().Single().FrameworkName)
            .Single();

    [Fact]
    public void A_text_of_a_megabyte_or_more_is_cut_where_Scriban_cuts_it()
    {
        var result = GeneratorHarness.Run(["""
            using System.Threading.Tasks;
            using VoicePrompts;
            [Voice("coral")]
            public partial class Long(ISpeechClient speech)
            {
                [Prompt("<{{ v }}>")]
                public partial Task<SpeechAudio> SpeakOneAsync(string v, object w);
                [Prompt("  {{ w }}|{{ v }}")]
                public partial Task<SpeechAudio> SpeakTwoAsync(string v, object w);
            }
            """]);
        Assert.DoesNotContain("PromptTemplate.Parse", string.Concat(result.Run.GeneratedTrees.Select(t => t.ToString())));
        object instance = Activator.CreateInstance(result.Load().GetType("Long")!, new RecordingSpeechClient())!;
        string letters = string.Concat(Enumerable.Range(0, 2_100_000).Select(i => (char)('a' + i % 26)));
        foreach (int length in new[] { 1_048_573, 1_048_574, 1_048_575, 1_048_576, 2_000_000 })
        {
            string v = letters.Substring(0, length);
            object w = new List<string> { "x" };
            Assert.Equal(PromptTemplate.Parse("<{{ v }}>").Render([new("v", v)]), (string)instance.Call("OneText", v, w)!);
            Assert.Equal(PromptTemplate.Parse("  {{ w }}|{{ v }}").Render([new("v", v), new("w", w)]), (string)instance.Call("TwoText", v, w)!);
        }
    }

    [Fact]
    public void The_analyzers_render_examples_of_simple_templates_as_Scriban_does_without_it()
    {
        var random = new Random(20261203);
        var kinds = new (string Type, Func<string> Example)[]
        {
            ("string", () => random.Next(4) switch { 0 => "", 1 => "Ann\nand Bo", 2 => "O'Brien & \"Sons\"", _ => "order-" + random.Next(1000) }),
            ("int", () => random.Next(-100_000, 100_000).ToString(CultureInfo.InvariantCulture)),
            ("long", () => "not a number"),
            ("double", () => (random.NextDouble() * 10_000 - 5_000).ToString("R", CultureInfo.InvariantCulture)),
            ("decimal", () => "1234.5"),
            ("bool", () => random.Next(2) == 0 ? "true" : "False"),
            ("global::System.DateTime", () => "2026-12-02"),
        };
        int compared = 0;
        for (int n = 0; n < 2000; n++)
        {
            int count = random.Next(1, 4);
            var inputs = new Dictionary<string, VoicePrompts.Generator.Analyzers.InputFact>();
            for (int i = 0; i < count; i++)
            {
                var (type, example) = kinds[random.Next(kinds.Length)];
                inputs["p" + i] = new VoicePrompts.Generator.Analyzers.InputFact("p" + i, type, null, null, example());
            }
            string template = Template(random, count);
            string? culture = random.Next(3) == 0 ? null : Cultures[random.Next(Cultures.Length)];
            string? simple = VoicePrompts.Generator.Analyzers.PromptChecks.RenderWithExamples(template, inputs, culture);
            string? scriban = VoicePrompts.Generator.Analyzers.PromptChecks.RenderWithScriban(template, inputs,
                culture is null ? CultureInfo.InvariantCulture : CultureInfo.GetCultureInfo(culture));
            Assert.True(simple == scriban, $"{template} in {culture ?? "invariant"}:\nScriban: {scriban}\nsimple:  {simple}");
            compared++;
        }
        Assert.Equal(2000, compared);
    }

    /// <summary>Text and every parameter's output at least once, in a random order, sometimes twice.</summary>
    private static string Template(Random random, int parameterCount)
    {
        var outputs = Enumerable.Range(0, parameterCount).Concat(Enumerable.Range(0, random.Next(2)).Select(_ => random.Next(parameterCount)))
            .OrderBy(_ => random.Next()).ToList();
        var text = new StringBuilder();
        foreach (int output in outputs)
        {
            text.Append(Literals[random.Next(Literals.Length)]);
            text.Append(random.Next(2) == 0 ? "{{ p" + output + " }}" : "{{p" + output + "}}");
        }
        text.Append(Literals[random.Next(Literals.Length)]);
        return text.ToString();
    }

    private static string FirstDifference(string a, string b)
    {
        int i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i]) i++;
        return $"{i}: U+{(i < a.Length ? (int)a[i] : -1):X4} vs U+{(i < b.Length ? (int)b[i] : -1):X4}";
    }

    private static string CSharp(string text) => SymbolDisplay(text);

    private static string SymbolDisplay(string text) => Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(text, quote: true);
}
