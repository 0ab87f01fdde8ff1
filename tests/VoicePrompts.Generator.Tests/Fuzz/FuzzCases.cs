using System.Text;

namespace VoicePrompts.Generator.Tests.Fuzz;

/// <summary>One generated input: C# sources and .voice.yaml files, and whether it is malformed by design.</summary>
/// <param name="Malformed">True when the input is wrong by construction, so at least one VP diagnostic must say so.</param>
public sealed record FuzzCase(int Seed, string Kind, IReadOnlyList<(string Path, string Text)> CSharp, IReadOnlyList<(string Path, string Text)> Yaml, bool Malformed);

/// <summary>
/// A seeded generator of malformed and hostile inputs: broken YAML (tabs, indentation, aliases, huge scalars, deep
/// nesting, duplicate keys, wrong types, bytes that are not UTF-8), broken Scriban templates, odd C# (missing parts,
/// generics, nested types, partial declarations across files, non-constant attribute arguments), and random
/// mutations of valid files. The same seed always gives the same case.
/// </summary>
public static class FuzzCases
{
    private const string ValidYaml = """
        class: Fuzz.Menu
        voice: coral
        instructions: Calm.
        prompts:
          welcome: Welcome to Contoso.
          queue:
            text: "You are caller {{ position }}."
            parameters:
              position: { type: int, example: 3, max_length: 4 }
        """;

    private const string ValidCSharp = """
        using System.Threading;
        using System.Threading.Tasks;
        using VoicePrompts;

        namespace Fuzz;

        [Voice("coral")]
        public partial class Checkout
        {
            [Prompt("Thanks, {{ name }}!")]
            public partial Task<SpeechAudio> SpeakThanksAsync(string name, CancellationToken cancellationToken = default);
        }
        """;

    private static readonly Func<Random, (string Kind, string[] CSharp, string[] Yaml, bool Malformed)>[] Makers =
    {
        // ---- YAML ----
        r => ("yaml-tabs", Array.Empty<string>(), new[] { ValidYaml.Replace("  welcome", "\twelcome", StringComparison.Ordinal) }, true),
        r => ("yaml-bad-indentation", Array.Empty<string>(), new[] { ValidYaml.Replace("    text:", "   text:", StringComparison.Ordinal) }, true),
        r => ("yaml-alias", Array.Empty<string>(), new[] { "class: Fuzz.A\nvoice: &v coral\nprompts:\n  a: *v\n" }, true),
        r => ("yaml-billion-laughs", Array.Empty<string>(), new[] { BillionLaughs(r) }, true),
        r => ("yaml-huge-scalar", Array.Empty<string>(), new[] { "class: Fuzz.Huge\nvoice: coral\nprompts:\n  big: \"" + new string('a', 1024 * 1024 + r.Next(1000)) + "\"\n" }, true),
        r => ("yaml-deep-nesting", Array.Empty<string>(), new[] { DeepNesting(33 + r.Next(200)) }, true),
        r => ("yaml-duplicate-key", Array.Empty<string>(), new[] { ValidYaml + "  welcome: Again.\n" }, true),
        r => ("yaml-wrong-types", Array.Empty<string>(), new[] { WrongTypes(r) }, true),
        r => ("yaml-not-utf8", Array.Empty<string>(), new[] { NotUtf8(r) }, true),
        r => ("yaml-unknown-key", Array.Empty<string>(), new[] { ValidYaml.Replace("voice: coral", "voice: coral\nspeakr: fast", StringComparison.Ordinal) }, true),
        r => ("yaml-missing-class", Array.Empty<string>(), new[] { ValidYaml.Replace("class: Fuzz.Menu\n", "", StringComparison.Ordinal) }, true),
        r => ("yaml-bad-template", Array.Empty<string>(), new[] { ValidYaml.Replace("{{ position }}", BrokenTemplate(r), StringComparison.Ordinal) }, true),
        r => ("yaml-empty-or-junk", Array.Empty<string>(), new[] { Junk(r) }, false),
        r => ("yaml-truncated", Array.Empty<string>(), new[] { ValidYaml.Substring(0, r.Next(ValidYaml.Length)) }, false),
        r => ("yaml-mutated", Array.Empty<string>(), new[] { Mutate(r, ValidYaml) }, false),

        // ---- Templates in C# ----
        r => ("csharp-bad-template", new[] { ValidCSharp.Replace("{{ name }}", BrokenTemplate(r), StringComparison.Ordinal) }, Array.Empty<string>(), true),

        // ---- Odd C# ----
        r => ("csharp-truncated", new[] { ValidCSharp.Substring(0, r.Next(ValidCSharp.Length)) }, Array.Empty<string>(), false),
        r => ("csharp-mutated", new[] { Mutate(r, ValidCSharp) }, Array.Empty<string>(), false),
        r => ("csharp-not-partial", new[] { ValidCSharp.Replace("public partial class", "public class", StringComparison.Ordinal) }, Array.Empty<string>(), true),
        r => ("csharp-generic-method", new[] { ValidCSharp.Replace("SpeakThanksAsync(string name", "SpeakThanksAsync<T>(T name", StringComparison.Ordinal) }, Array.Empty<string>(), true),
        r => ("csharp-generic-class", new[] { ValidCSharp.Replace("partial class Checkout", "partial class Checkout<T> where T : class", StringComparison.Ordinal) }, Array.Empty<string>(), false),
        r => ("csharp-nested", new[] { NestedTypes(r) }, Array.Empty<string>(), false),
        r => ("csharp-partial-across-files", PartialAcrossFiles(r), Array.Empty<string>(), false),
        r => ("csharp-non-constant-argument", new[] { ValidCSharp.Replace("[Prompt(\"Thanks, {{ name }}!\")]", "[Prompt(Texts.Thanks)]", StringComparison.Ordinal) + "\nnamespace Fuzz { public static class Texts { public static string Thanks = \"Hi\"; } }\n" }, Array.Empty<string>(), true),
        r => ("csharp-null-voice", new[] { ValidCSharp.Replace("[Voice(\"coral\")]", "[Voice(null!)]", StringComparison.Ordinal) }, Array.Empty<string>(), true),
        r => ("csharp-wrong-targets", new[] { WrongTargets() }, Array.Empty<string>(), false),
        r => ("csharp-and-yaml-clash", new[] { ValidCSharp.Replace("class Checkout", "class Menu", StringComparison.Ordinal), "namespace Fuzz { public partial class Menu { public void SpeakWelcomeAsync() { } } }\n" }, new[] { ValidYaml }, true),
    };

    public static int KindCount => Makers.Length;

    public static FuzzCase Create(int seed)
    {
        var random = new Random(seed);
        var (kind, csharp, yaml, malformed) = Makers[random.Next(Makers.Length)](random);
        return new FuzzCase(seed, kind,
            csharp.Select((text, i) => ($"/fuzz/File{i}.cs", text)).ToList(),
            yaml.Select((text, i) => ($"/fuzz/Prompts/file{i}.voice.yaml", text)).ToList(),
            malformed);
    }

    private static string BrokenTemplate(Random random) => random.Next(8) switch
    {
        0 => "{{ name + }}",
        1 => "{{ if }}",
        2 => "{{ end }}",
        3 => "{{ for x in }}{{ x }}",
        4 => "{{ 1 + }}",
        5 => "{{ name | }}",
        6 => "{{ if name }}open",
        _ => "{{ ) }}",
    };

    private static string BillionLaughs(Random random)
    {
        var yaml = new StringBuilder("class: Fuzz.Laughs\nvoice: coral\na0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        int levels = 5 + random.Next(5);
        for (int i = 1; i <= levels; i++)
            yaml.Append($"a{i}: &a{i} [*a{i - 1},*a{i - 1},*a{i - 1},*a{i - 1},*a{i - 1},*a{i - 1},*a{i - 1},*a{i - 1},*a{i - 1}]\n");
        yaml.Append($"prompts:\n  boom: *a{levels}\n");
        return yaml.ToString();
    }

    private static string DeepNesting(int depth)
    {
        var yaml = new StringBuilder("class: Fuzz.Deep\nvoice: coral\nprompts:\n");
        for (int i = 0; i < depth; i++)
            yaml.Append(new string(' ', 2 * (i + 1))).Append("k").Append(i).Append(":\n");
        yaml.Append(new string(' ', 2 * (depth + 1))).Append("leaf\n");
        return yaml.ToString();
    }

    private static string WrongTypes(Random random) => random.Next(5) switch
    {
        0 => "class: Fuzz.W\nvoice: coral\nprompts: [a, b]\n",
        1 => "class: Fuzz.W\nvoice: [coral]\nprompts:\n  a: Hi\n",
        2 => "class: Fuzz.W\nvoice: coral\nspeed: fast\nprompts:\n  a: Hi\n",
        3 => "class: Fuzz.W\nvoice: coral\nprompts:\n  a:\n    text: Hi\n    parameters:\n      x: { max_length: -3 }\n",
        _ => "- class\n- voice\n",
    };

    private static string NotUtf8(Random random)
    {
        // Bytes that are not UTF-8 reach an analyzer already decoded: as U+FFFD, or as Latin-1 mojibake. Some land in
        // the class name (so the file is wrong by construction), the rest anywhere.
        var bytes = Encoding.UTF8.GetBytes(ValidYaml).ToList();
        int inName = ValidYaml.IndexOf("Menu", StringComparison.Ordinal) + 1;
        bytes.InsertRange(inName, new byte[] { 0xC3, 0x28, 0xFF });
        for (int i = 0; i < 3; i++)
            bytes.Insert(random.Next(bytes.Count), random.Next(3) switch { 0 => (byte)0x00, 1 => (byte)0xFE, _ => (byte)0x80 });
        return random.Next(2) == 0 ? Encoding.UTF8.GetString(bytes.ToArray()) : Encoding.Latin1.GetString(bytes.ToArray());
    }

    private static string Junk(Random random)
    {
        const string alphabet = "{}[]:,-?|>&*!%@`'\" \t\n#abcxyz0123456789\u00e9\u4e2d\ud83d\ude00";
        var text = new StringBuilder();
        int length = random.Next(200);
        for (int i = 0; i < length; i++) text.Append(alphabet[random.Next(alphabet.Length)]);
        return text.ToString();
    }

    private static string Mutate(Random random, string text)
    {
        var builder = new StringBuilder(text);
        int mutations = 1 + random.Next(8);
        const string inserts = "{}[]:\"'\n\t #&*|>-;()<>,.\\";
        for (int i = 0; i < mutations && builder.Length > 0; i++)
        {
            int at = random.Next(builder.Length);
            switch (random.Next(3))
            {
                case 0: builder.Remove(at, Math.Min(builder.Length - at, 1 + random.Next(5))); break;
                case 1: builder.Insert(at, inserts[random.Next(inserts.Length)]); break;
                default: builder[at] = inserts[random.Next(inserts.Length)]; break;
            }
        }
        return builder.ToString();
    }

    private static string NestedTypes(Random random) => $$$"""
        using System.Threading.Tasks;
        using VoicePrompts;

        namespace Fuzz.Nested{{{random.Next(100)}}};

        public static partial class Outer
        {
            internal partial class Middle<TKey>
            {
                [Voice("marin")]
                private sealed partial class Inner
                {
                    [Prompt("Nested {{ x }}")]
                    internal partial ValueTask<SpeechAudio> SpeakNestedAsync(int x);
                }
            }
        }
        """;

    private static string[] PartialAcrossFiles(Random random) => new[]
    {
        """
        using VoicePrompts;
        namespace Fuzz;
        [Voice("sage")]
        public partial class Split
        {
            private readonly ISpeechClient _speech = SpeechClient.Default;
        }
        """,
        $$"""
        using System.Threading.Tasks;
        using VoicePrompts;
        namespace Fuzz;
        public partial class Split
        {
            [Prompt("Part {{random.Next(1000)}}")]
            public partial Task<SpeechAudio> SpeakPartAsync();
        }
        """,
    };

    private static string WrongTargets() => """
        using System.Threading.Tasks;
        using VoicePrompts;
        namespace Fuzz;
        [Voice("coral")]
        public partial class Targets
        {
            [Prompt("on a property")]
            public string Property { get; set; } = "";

            public void Method()
            {
                [Prompt("on a local function")]
                static Task<SpeechAudio> Local() => null!;
            }
        }
        [Voice("coral")]
        public partial interface IPrompts
        {
            [Prompt("in an interface")]
            Task<SpeechAudio> SpeakAsync();
        }
        """;
}
