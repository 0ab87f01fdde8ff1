using Microsoft.CodeAnalysis.Testing;
using VoicePrompts.Generator.Analyzers;
using VoicePrompts.Generator.Diagnostics;
using VoicePrompts.Generator.Parsing;

namespace VoicePrompts.Generator.Tests.Analyzers;

public class YamlAnalyzerTests
{
    private const string NoCode = "namespace Empty { }";

    private static Task Verify(string yaml, params DiagnosticResult[] expected) => Verify(NoCode, ("/0/Prompts/Menu.voice.yaml", yaml), expected);

    private static Task Verify(string source, (string Path, string Yaml) file, params DiagnosticResult[] expected) =>
        new VoicePromptsAnalyzerTest<VoiceYamlAnalyzer>(source, expected).WithYaml(file.Path, file.Yaml).RunAsync();

    private static DiagnosticResult Expect(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, int location, params object[] arguments) =>
        Analyzers.Verify.Diagnostic(descriptor).WithLocation(location).WithArguments(arguments);

    [Fact]
    public Task Valid_file_is_silent() => Verify("""
        class: Shop.Voice.Menu
        voice: coral
        instructions: Warm.
        prompts:
          Welcome: Welcome to the shop!
          OrderShipped:
            text: "Thanks, {{ name }}! Order {{ order_id }} ships {{ eta }}."
            parameters:
              name: { type: string, example: Alexandra, max_length: 40 }
              order_id: { type: string, example: A-1042, max_length: 12 }
              eta: string
        """);

    [Fact]
    public Task A_telephony_format_on_gpt_4o_mini_tts_is_silent_and_one_no_model_makes_is_VP0021() => Verify("""
        class: Shop.Voice.Menu
        voice: coral
        format: pcmu
        prompts:
          Welcome: Welcome to the shop!
          Goodbye:
            text: Goodbye!
            format: {|#0:ulaw|}
        """,
        Expect(DiagnosticDescriptors.UnknownFormat, 0, "Prompt 'Goodbye'", "ulaw", "gpt-4o-mini-tts",
            "mp3, opus, aac, flac, wav, pcm (its own) or pcmu, pcma, pcm_8000, pcm_16000, wav_pcmu, wav_pcma, wav_8000, wav_16000 (made by VoicePrompts from its 24 kHz PCM)"));

    [Fact]
    public Task Pronounce_of_the_wrong_shape_VP0023_and_its_unknown_keys_VP0024() => Verify("""
        class: Shop.Voice.Menu
        voice: coral
        pronounce: {|#0:[SQL, sequel|}]
        prompts:
          Welcome:
            text: Hi
            pronounce:
              {|#1:SQL|}: { {|#2:sai|}: sequel }
              NASA: { say: nasa, ignore_case: {|#3:maybe|} }
        """,
        Expect(DiagnosticDescriptors.YamlSchemaError, 0, "Menu.voice.yaml", "'pronounce' at file level must be a mapping of words to how they are said, e.g. 'SQL: sequel'"),
        Expect(DiagnosticDescriptors.YamlUnknownKey, 2, "Menu.voice.yaml", "unknown key 'sai' in the pronunciation of 'SQL'; expected one of: say, ignore_case"),
        Expect(DiagnosticDescriptors.YamlSchemaError, 1, "Menu.voice.yaml", "the pronunciation of 'SQL' has no 'say'"),
        Expect(DiagnosticDescriptors.YamlSchemaError, 3, "Menu.voice.yaml", "ignore_case must be true or false, not 'maybe'"));

    [Fact]
    public Task Syntax_error_VP0022_at_line_and_column() => Verify("""
        class: Shop.Voice.Menu
        voice: coral
        prompts:
          Welcome: {|#0:"unterminated
        |}
        """,
        Expect(DiagnosticDescriptors.YamlSyntaxError, 0, "Menu.voice.yaml", "The quoted value that starts here is never closed; add its closing quote"));

    [Fact]
    public Task Schema_error_VP0023_missing_class() => Verify("""
        {|#0:|}voice: coral
        prompts:
          Welcome: Hi
        """,
        Expect(DiagnosticDescriptors.YamlSchemaError, 0, "Menu.voice.yaml", "'class' is required: the full name of the class to generate, e.g. MyApp.Voice.CheckoutPrompts"));

    [Fact]
    public Task Unknown_key_VP0024() => Verify("""
        class: Shop.Voice.Menu
        voice: coral
        {|#0:speaker|}: coral
        prompts:
          Welcome: Hi
        """,
        Expect(DiagnosticDescriptors.YamlUnknownKey, 0, "Menu.voice.yaml", "unknown key 'speaker' at file level; expected one of: " + string.Join(", ", VoiceYamlParser.FileKeys)));

    [Fact]
    public Task Duplicate_key_VP0025() => Verify("""
        class: Shop.Voice.Menu
        voice: coral
        prompts:
          Welcome: Hi
          {|#0:Welcome|}: Hello
        """,
        Expect(DiagnosticDescriptors.YamlDuplicate, 0, "Menu.voice.yaml", "key 'Welcome' appears more than once"));

    [Fact]
    public async Task Prompt_declared_in_two_files_VP0025_in_the_later_file()
    {
        var test = new VoicePromptsAnalyzerTest<VoiceYamlAnalyzer>(NoCode,
            Expect(DiagnosticDescriptors.YamlDuplicate, 0, "b.voice.yaml", "prompt 'Welcome' of 'Shop.Voice.Menu' is also declared in a.voice.yaml, which comes first and wins"));
        test.WithYaml("/0/a.voice.yaml", "class: Shop.Voice.Menu\nvoice: coral\nprompts:\n  Welcome: Hi\n");
        test.WithYaml("/0/b.voice.yaml", "class: Shop.Voice.Menu\nvoice: coral\nprompts:\n  {|#0:Welcome|}: Hello\n");
        await test.RunAsync();
    }

    [Fact]
    public Task File_too_large_VP0026()
    {
        string yaml = "class: Shop.Voice.Menu\n# " + new string('x', VoiceYamlParser.MaxFileCharacters) + "\n";
        return Verify("{|#0:|}" + yaml,
            Expect(DiagnosticDescriptors.YamlFileTooLarge, 0, "Menu.voice.yaml", $"the file is {yaml.Length:N0} characters; a .voice.yaml file may have at most {VoiceYamlParser.MaxFileCharacters:N0}"));
    }

    [Fact]
    public Task Unknown_parameter_type_VP0027() => Verify("""
        class: Shop.Voice.Menu
        voice: coral
        prompts:
          Total:
            text: "Total {{ amount }}"
            parameters:
              amount: {|#0:Money|}
        """,
        Expect(DiagnosticDescriptors.YamlUnknownType, 0, "Money", "amount", "Total"));

    [Fact]
    public Task Clash_with_a_CSharp_member_VP0013() => Verify("""
        namespace Shop.Voice
        {
            public partial class Menu
            {
                public void SpeakWelcomeAsync() { }
            }
        }
        """, ("/0/menu.voice.yaml", """
        class: Shop.Voice.Menu
        voice: coral
        prompts:
          {|#0:Welcome|}: Hi
        """),
        Expect(DiagnosticDescriptors.MemberNameClash, 0, "Menu", "SpeakWelcomeAsync", "Welcome"));

    [Fact]
    public Task CSharp_class_not_partial_VP0007_at_the_class_key() => Verify("""
        namespace Shop.Voice
        {
            public class Menu { }
        }
        """, ("/0/menu.voice.yaml", """
        class: {|#0:Shop.Voice.Menu|}
        voice: coral
        prompts:
          Welcome: Hi
        """),
        Expect(DiagnosticDescriptors.TypeNotPartial, 0, "Menu"));

    [Fact]
    public Task Template_error_VP0014_inside_the_yaml_text() => Verify("""
        class: Shop.Voice.Menu
        voice: coral
        prompts:
          Welcome: "Hi {{ name + {|#0:}|}}"
        """,
        Expect(DiagnosticDescriptors.TemplateSyntaxError, 0, "Welcome", 1, 14,
            "Error while parsing binary expression: Expecting an <expression> to the right of the operator instead of `}}` in: <expression> operator <expression>"));

    [Fact]
    public Task Missing_voice_VP0017_and_unused_parameter_VP0016() => Verify("""
        class: Shop.Voice.Menu
        prompts:
          {|#0:Welcome|}:
            text: Hi
            parameters:
              {|#1:name|}: string
        """,
        Expect(DiagnosticDescriptors.MissingVoice, 0, "Welcome"),
        Expect(DiagnosticDescriptors.ParameterNotInTemplate, 1, "name", "Welcome"));

    [Fact]
    public Task Unknown_voice_VP0018_and_bad_speed_VP0020_at_the_yaml_values() => Verify("""
        class: Shop.Voice.Menu
        voice: {|#0:corall|}
        speed: {|#1:9|}
        prompts:
          Welcome: Hi
          Goodbye: Bye
        """,
        Expect(DiagnosticDescriptors.UnknownVoice, 0, "'Menu.voice.yaml'", "corall", 13, "gpt-4o-mini-tts", "; did you mean 'coral'?"),
        Expect(DiagnosticDescriptors.SpeedOutOfRange, 1, "'Menu.voice.yaml'", "9", "0.25", "4.0", "gpt-4o-mini-tts"));

    [Fact]
    public Task Token_limit_VP0001_inside_the_yaml_text() => Verify(
        "class: Shop.Voice.Menu\nvoice: coral\nprompts:\n  Long: \"{|#0:" + LimitsAnalyzerTests.ChineseOfTokens(2001) + "|}\"\n",
        Expect(DiagnosticDescriptors.InputOverTokenLimit, 0, "Long", 2001, "gpt-4o-mini-tts", 2000));

    [Fact]
    public Task Example_rendering_over_the_limit_VP0004() => Verify(
        "class: Shop.Voice.Menu\nvoice: coral\nprompts:\n  Long:\n    text: \"{|#0:" + LimitsAnalyzerTests.ChineseOfTokens(1990) + "{{ name }}|}\"\n"
        + "    parameters:\n      name: { example: " + LimitsAnalyzerTests.ChineseOfTokens(20) + " }\n",
        Expect(DiagnosticDescriptors.ExampleOverTokenLimit, 0, "Long", 2010, "gpt-4o-mini-tts", 2000));

    [Fact]
    public Task Max_length_bound_VP0005_in_yaml() => Verify(
        "class: Shop.Voice.Menu\nvoice: coral\nprompts:\n  Long:\n    text: \"{|#0:" + LimitsAnalyzerTests.ChineseOfTokens(1990) + " {{ name }}|}\"\n"
        + "    parameters:\n      name: { max_length: 40 }\n",
        Expect(DiagnosticDescriptors.MaxLengthBoundOverTokenLimit, 0, "Long",
            VoicePrompts.Generator.Tokens.TemplateTokenBound.Compute(new[] { LimitsAnalyzerTests.ChineseOfTokens(1990) + " ", "" }, new long[] { 120 }),
            "name at 40 characters", "gpt-4o-mini-tts", 2000));
}
