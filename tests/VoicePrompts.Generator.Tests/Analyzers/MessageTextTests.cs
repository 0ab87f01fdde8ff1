using System.Collections.Immutable;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using VoicePrompts.Generator.Analyzers;
using VoicePrompts.Generator.Diagnostics;

namespace VoicePrompts.Generator.Tests.Analyzers;

/// <summary>
/// Every descriptor's message as users read it: triggered by a real case, formatted with the arguments its analyzer
/// really passes, compared as text. A format with more placeholders than arguments would print "{2}" and fail here.
/// </summary>
public class MessageTextTests
{
    private const string Usings = "using System.ComponentModel.DataAnnotations; using System.Threading.Tasks; using VoicePrompts;\n";

    /// <summary>
    /// Id → (C# source, YAML file or null, the exact message expected). Token counts are o200k_base's (the counter is
    /// checked against OpenAI's tiktoken elsewhere): " zebra" is one token, so n words are about n tokens.
    /// </summary>
    public static readonly TheoryData<string, string, string?, string> Cases = new()
    {
        { "VP0001", Usings + "[Voice(\"coral\")] public partial class P { [Prompt(\"" + string.Concat(Enumerable.Repeat("zebra ", 2001)) + "\")] public partial Task<SpeechAudio> SpeakLongAsync(); }", null,
            "Prompt 'Long' is 2,003 tokens; gpt-4o-mini-tts accepts at most 2,000" },
        { "VP0002", Usings + "[Voice(\"coral\", Model = \"tts-1\")] public partial class P { [Prompt(\"" + new string('a', 4097) + "\")] public partial Task<SpeechAudio> SpeakLongAsync(); }", null,
            "Prompt 'Long' is 4,097 characters; the speech endpoint accepts at most 4,096" },
        { "VP0003", Usings + "[Voice(\"coral\", Instructions = \"" + new string('x', 4097) + "\")] public partial class P { [Prompt(\"Hi\")] public partial Task<SpeechAudio> SpeakHiAsync(); }", null,
            "Class 'P' has instructions of 4,097 characters; the speech endpoint accepts at most 4,096" },
        { "VP0004", "", "class: Y\nvoice: coral\nprompts:\n  long:\n    text: \"{{ body }}\"\n    parameters:\n      body: { example: \"" + string.Concat(Enumerable.Repeat("zebra ", 2001)) + "\" }\n",
            "Prompt 'Long' rendered with its example values is 2,003 tokens; gpt-4o-mini-tts accepts at most 2,000" },
        { "VP0005", Usings + "[Voice(\"coral\")] public partial class P { [Prompt(\"Dear {{ name }}\")] public partial Task<SpeechAudio> SpeakDearAsync([MaxLength(3000)] string name); }", null,
            "Prompt 'Dear' can reach 9,002 tokens with name at 3,000 characters; gpt-4o-mini-tts accepts at most 2,000" },
        { "VP0006", Usings + "[Voice(\"coral\", Instructions = \"" + string.Concat(Enumerable.Repeat("calm ", 1500)) + "\")] public partial class P { [Prompt(\"" + string.Concat(Enumerable.Repeat("zebra ", 1000)) + "\")] public partial Task<SpeechAudio> SpeakLongAsync(); }", null,
            "Prompt 'Long' is 2,504 tokens with its instructions (1,002 input + 1,502 instructions); gpt-4o-mini-tts accepts at most 2,000 input tokens" },
        { "VP0007", Usings + "[Voice(\"coral\")] public class P { [Prompt(\"Hi\")] public partial Task<SpeechAudio> SpeakHiAsync(); }", null,
            "Type 'P' declares voice prompts and must be partial (and so must every type containing it)" },
        { "VP0008", Usings + "[Voice(\"coral\")] public partial class P { [Prompt(\"Hi\")] public Task<SpeechAudio> SpeakHiAsync() => null!; }", null,
            "Prompt method 'SpeakHiAsync' must be partial so VoicePrompts can implement it" },
        { "VP0009", Usings + "[Voice(\"coral\")] public partial class P { [Prompt(\"Hi\")] public partial Task<SpeechAudio> SpeakHiAsync() => null!; }", null,
            "Prompt method 'SpeakHiAsync' has a body; VoicePrompts writes it — declare it without one" },
        { "VP0010", Usings + "[Voice(\"coral\")] public partial class P { [Prompt(\"Hi\")] public partial Task<string> SpeakHiAsync(); }", null,
            "Prompt method 'SpeakHiAsync' returns 'System.Threading.Tasks.Task<string>'; use Task<SpeechAudio>, ValueTask<SpeechAudio>, IAsyncEnumerable<SpeechAudioUpdate> or IAsyncEnumerable<ReadOnlyMemory<byte>>" },
        { "VP0011", Usings + "[Voice(\"coral\")] public partial class P { [Prompt(\"Hi\")] public partial Task<SpeechAudio> SpeakHiAsync<T>(); }", null,
            "Prompt method 'SpeakHiAsync' is generic; prompt methods cannot have type parameters" },
        { "VP0012", Usings + "[Voice(\"coral\")] public partial class P(ISpeechClient a) { ISpeechClient B => a; [Prompt(\"Hi\")] public partial Task<SpeechAudio> SpeakHiAsync(); }", null,
            "'P' has more than one ISpeechClient (a, B); keep one, or pass the client as a parameter of the prompt method" },
        { "VP0013", Usings + "[Voice(\"coral\")] public partial class P { [Prompt(\"Hi\")] public partial Task<SpeechAudio> SpeakHiAsync(); public string HiText() => \"\"; }", null,
            "'P' already has a member named 'HiText'; VoicePrompts does not generate it for prompt 'Hi'" },
        { "VP0014", Usings + "[Voice(\"coral\")] public partial class P { [Prompt(\"At {{ end }}\")] public partial Task<SpeechAudio> SpeakAtAsync(string end); }", null,
            "Template of prompt 'At' has an error at line 1, column 7: 'end' is a Scriban keyword, so it cannot name a variable; rename the variable (and its parameter), e.g. 'end_value' (Error while parsing ScriptPage: Found <end> statement without a corresponding beginning of a block in: ...)" },
        { "VP0015", Usings + "[Voice(\"coral\")] public partial class P { [Prompt(\"Hi {{ order_id }}\")] public partial Task<SpeechAudio> SpeakHiAsync(); }", null,
            "Template variable 'order_id' of prompt 'Hi' has no parameter; add a parameter named 'orderId'" },
        { "VP0016", Usings + "[Voice(\"coral\")] public partial class P { [Prompt(\"Hi\")] public partial Task<SpeechAudio> SpeakHiAsync(string name); }", null,
            "Parameter 'name' of prompt 'Hi' is not used by its template" },
        { "VP0017", Usings + "public partial class P { [Prompt(\"Hi\")] public partial Task<SpeechAudio> SpeakHiAsync(); }", null,
            "Prompt 'Hi' has no voice; add [Voice(\"…\")] to the method or its class, or 'voice:' in YAML" },
        { "VP0018", Usings + "[Voice(\"corall\")] public partial class P { [Prompt(\"Hi\")] public partial Task<SpeechAudio> SpeakHiAsync(); }", null,
            "Class 'P' uses voice 'corall', which is not one of the 13 voices of gpt-4o-mini-tts; did you mean 'coral'?" },
        { "VP0019", Usings + "[Voice(\"alloy\", Model = \"tts-1\", Instructions = \"Warm.\")] public partial class P { [Prompt(\"Hi\")] public partial Task<SpeechAudio> SpeakHiAsync(); }", null,
            "Class 'P' sets instructions, but tts-1 does not accept them; remove them or use a model that does, such as gpt-4o-mini-tts" },
        { "VP0020", Usings + "[Voice(\"coral\")] public partial class P { [Prompt(\"Hi\"), Voice(\"coral\", Speed = 4.5)] public partial Task<SpeechAudio> SpeakHiAsync(); }", null,
            "Prompt 'Hi' sets speed 4.5, outside the range 0.25–4.0 that gpt-4o-mini-tts accepts" },
        { "VP0021", Usings + "[Voice(\"coral\", Format = \"ogg\")] public partial class P { [Prompt(\"Hi\")] public partial Task<SpeechAudio> SpeakHiAsync(); }", null,
            "Class 'P' sets format 'ogg', which gpt-4o-mini-tts does not produce; use one of mp3, opus, aac, flac, wav, pcm (its own) or pcmu, pcma, pcm_8000, pcm_16000, wav_pcmu, wav_pcma, wav_8000, wav_16000 (made by VoicePrompts from its 24 kHz PCM)" },
        { "VP0022", "", "class: Y\nvoice: coral\nprompts:\n\tx: Hi\n",
            "menu.voice.yaml is not well-formed YAML: A tab is used for indentation here; YAML indents with spaces only" },
        { "VP0023", "", "voice: coral\nprompts:\n  x: Hi\n",
            "In menu.voice.yaml, 'class' is required: the full name of the class to generate, e.g. MyApp.Voice.CheckoutPrompts" },
        { "VP0024", "", "class: Y\nvoice: coral\nspeaker: Ann\nprompts:\n  x: Hi\n",
            "In menu.voice.yaml, unknown key 'speaker' at file level; expected one of: class, voice, instructions, model, format, speed, pronounce, prompts" },
        { "VP0025", "", "class: Y\nvoice: coral\nprompts:\n  x: Hi\n  x: Again\n",
            "In menu.voice.yaml, key 'x' appears more than once" },
        { "VP0026", "", "class: Y\n" + new string('#', VoicePrompts.Generator.Parsing.VoiceYamlParser.MaxFileCharacters),
            "In menu.voice.yaml, the file is 1,048,585 characters; a .voice.yaml file may have at most 1,048,576" },
        { "VP0027", "", "class: Y\nvoice: coral\nprompts:\n  x:\n    text: \"{{ n }}\"\n    parameters:\n      n: Money\n",
            "Type 'Money' of parameter 'n' (prompt 'X') was not found; use a C# keyword such as string or int, or a full type name" },
        { "VP0028", Usings + "[Voice(\"coral\")] public partial class P { [Prompt(\"Hi\")] public partial Task<SpeechAudio> SpeakHiAsync(); [Prompt(\"Bye\")] public partial Task<SpeechAudio> SpeakByeAsync(); }", null,
            "2 prompts use gpt-4o-mini-tts, which OpenAI stops serving on 2027-01-06; move by configuration, with the generated code unchanged: to gpt-realtime-2.1-mini (VoicePromptsDefaultModel), to Azure OpenAI (gpt-4o-mini-tts until 2027-06-15) or to an OpenAI-compatible server — VP0028.md shows each, and how to silence this warning" },
        { "VP0029", Usings + "[Voice(\"coral\")] public partial class P { [Prompt(\"Hi\"), Prompt(\"Salut\", Culture = \"xq\")] public partial Task<SpeechAudio> SpeakHiAsync(); }", null,
            "Prompt 'Hi' names culture 'xq', which .NET does not know; use a culture name such as 'fr', 'de-CH' or 'ja-JP'" },
        { "VP0030", Usings + "[Voice(\"coral\")] public partial class P { [Prompt(\"Salut\", Culture = \"fr\")] public partial Task<SpeechAudio> SpeakHiAsync(); }", null,
            "The 'fr' translation of prompt 'Hi' has no neutral prompt in class 'P' to translate; declare the prompt without a culture (a [Prompt] without Culture on method 'SpeakHiAsync')" },
        { "VP0031", Usings + "[Voice(\"coral\")] public partial class P { [Prompt(\"Hi\"), Prompt(\"Salut\", Culture = \"fr\")] public partial Task<SpeechAudio> SpeakHiAsync(); [Prompt(\"Bye\")] public partial Task<SpeechAudio> SpeakByeAsync(); }", null,
            "The 'fr' translation of class 'P' has no prompt 'Bye', which is then spoken in the neutral language; translate it with [Prompt(\"…\", Culture = \"fr\")] on method 'SpeakByeAsync', or list 'fr' in VoicePromptsPartialCultures if that is intended" },
        { "VP0032", Usings + "[Voice(\"coral\")] public partial class P { [Prompt(\"Hi {{ name }}\"), Prompt(\"Salut {{ nom }}\", Culture = \"fr\")] public partial Task<SpeechAudio> SpeakHiAsync(string name); }", null,
            "The 'fr' translation of prompt 'Hi' reads variable 'nom', which is not a parameter of method 'SpeakHiAsync'; a translation takes the neutral prompt's parameters (name)" },
        { "VP0033", Usings + "[Voice(\"coral\")] public partial class P { [Prompt(\"Hi\"), Prompt(\"Hello\")] public partial Task<SpeechAudio> SpeakHiAsync(); }", null,
            "Method 'SpeakHiAsync' has more than one [Prompt] for the neutral culture (no Culture); keep one" },
    };

    private static readonly Regex Placeholder = new(@"\{\d+(:[^}]*)?\}", RegexOptions.CultureInvariant);

    [Fact]
    public void Every_descriptor_has_a_case()
    {
        var ids = typeof(DiagnosticDescriptors).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => ((DiagnosticDescriptor)f.GetValue(null)!).Id)
            .OrderBy(i => i, StringComparer.Ordinal);
        Assert.Equal(ids, Cases.Select(c => (string)c[0]).OrderBy(i => i, StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_message_is_a_finished_sentence_with_the_values(string id, string source, string? yaml, string expected)
    {
        var compilation = GeneratorHarness.CreateCompilation(source.Length == 0 ? "class Empty { }" : source);
        var additional = yaml is null ? [] : new[] { (AdditionalText)new InMemoryAdditionalText("/src/Prompts/menu.voice.yaml", yaml) };
        GeneratorHarness.CreateDriver(additional).RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        var diagnostics = await AnalyzerHarness.DiagnosticsAsync(output, additional);

        var found = diagnostics.Where(d => d.Id == id).ToList();
        Assert.True(found.Count > 0, $"{id} was not reported; got: {string.Join("; ", diagnostics.Select(d => d.Id + " " + d.GetMessage(CultureInfo.InvariantCulture)))}");
        string message = found[0].GetMessage(CultureInfo.InvariantCulture);
        Assert.DoesNotMatch(Placeholder, message);
        Assert.True(char.IsUpper(message[0]) || char.IsDigit(message[0]) || message[0] == '\'' || message.StartsWith("menu.voice.yaml", StringComparison.Ordinal), message);
        Assert.Equal(expected, message);
    }
}
