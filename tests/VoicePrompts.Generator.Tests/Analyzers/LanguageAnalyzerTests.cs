using Microsoft.CodeAnalysis.Testing;
using VoicePrompts.Generator.Analyzers;
using VoicePrompts.Generator.Diagnostics;

namespace VoicePrompts.Generator.Tests.Analyzers;

/// <summary>The translation rules (VP0029–VP0033), at exact spans in the translation's own file or C# literal.</summary>
public class LanguageAnalyzerTests
{
    private const string NoCode = "namespace Empty { }";

    private const string Neutral = """
        class: Shop.Menu
        voice: coral
        prompts:
          welcome: Welcome!
          queue:
            text: "You are caller {{ position }}."
            parameters:
              position: int
        """;

    private static DiagnosticResult Expect(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, int location, params object[] arguments) =>
        Verify.Diagnostic(descriptor).WithLocation(location).WithArguments(arguments);

    private static Task VerifyYaml(string frenchPath, string french, params DiagnosticResult[] expected) =>
        new VoicePromptsAnalyzerTest<VoiceYamlAnalyzer>(NoCode, expected)
            .WithYaml("/0/Voice/Menu.voice.yaml", Neutral)
            .WithYaml(frenchPath, french)
            .RunAsync();

    [Fact]
    public Task A_complete_translation_is_silent() => VerifyYaml("/0/Voice/Menu.fr.voice.yaml", """
        class: Shop.Menu
        prompts:
          welcome: Bienvenue !
          queue: "Vous êtes l'appelant {{ position }}."
        """);

    [Fact]
    public Task VP0029_a_file_named_for_a_culture_dotnet_does_not_know() => VerifyYaml("/0/Voice/Menu.xq.voice.yaml", """
        class: {|#0:Shop.Menu|}
        prompts:
          welcome: Bienvenue !
        """,
        Expect(DiagnosticDescriptors.UnknownCulture, 0, "File 'Menu.xq.voice.yaml'", "xq"));

    [Fact]
    public Task VP0030_a_translation_of_a_prompt_the_neutral_file_lacks() => VerifyYaml("/0/Voice/Menu.fr.voice.yaml", """
        class: Shop.Menu
        prompts:
          welcome: Bienvenue !
          queue: "Vous êtes l'appelant {{ position }}."
          {|#0:goodbye|}: Au revoir !
        """,
        Expect(DiagnosticDescriptors.TranslationWithoutNeutral, 0, "fr", "Goodbye", "Shop.Menu", "in a file without a culture in its name, such as 'Menu.voice.yaml', or correct the prompt's name"));

    [Fact]
    public Task VP0031_a_neutral_prompt_the_translation_lacks() => VerifyYaml("/0/Voice/Menu.de-CH.voice.yaml", """
        class: {|#0:Shop.Menu|}
        prompts:
          welcome: Grüezi!
        """,
        Expect(DiagnosticDescriptors.TranslationMissingPrompt, 0, "de-CH", "Shop.Menu", "Queue", "in Menu.de-CH.voice.yaml"));

    [Fact]
    public Task VP0031_is_not_reported_for_a_culture_listed_as_partial()
    {
        var test = new VoicePromptsAnalyzerTest<VoiceYamlAnalyzer>(NoCode)
            .WithYaml("/0/Voice/Menu.voice.yaml", Neutral)
            .WithYaml("/0/Voice/Menu.de-CH.voice.yaml", "class: Shop.Menu\nprompts:\n  welcome: Grüezi!\n")
            .WithProperties(("VoicePromptsPartialCultures", "ja,de"));
        return test.RunAsync();
    }

    [Fact]
    public Task VP0032_a_variable_that_is_not_a_neutral_parameter_at_its_span() => VerifyYaml("/0/Voice/Menu.fr.voice.yaml", """
        class: Shop.Menu
        prompts:
          welcome: Bienvenue !
          queue: "Vous êtes l'appelant {{ {|#0:rang|} }}."
        """,
        Expect(DiagnosticDescriptors.TranslationParameterMismatch, 0, "fr", "Queue", "reads variable 'rang', which is not a parameter of the neutral prompt", "position"));

    [Fact]
    public Task VP0032_a_parameter_restated_with_another_type() => VerifyYaml("/0/Voice/Menu.fr.voice.yaml", """
        class: Shop.Menu
        prompts:
          welcome: Bienvenue !
          queue:
            text: "Vous êtes l'appelant {{ position }}."
            parameters:
              position: { type: {|#0:string|}, max_length: 3 }
        """,
        Expect(DiagnosticDescriptors.TranslationParameterMismatch, 0, "fr", "Queue", "declares parameter 'position' as 'string', where the neutral prompt's is 'int'", "position"));

    [Fact]
    public Task VP0032_a_parameter_the_neutral_prompt_does_not_have() => VerifyYaml("/0/Voice/Menu.fr.voice.yaml", """
        class: Shop.Menu
        prompts:
          welcome: Bienvenue !
          queue:
            text: "Vous êtes l'appelant {{ position }}."
            parameters:
              {|#0:rang|}: int
        """,
        Expect(DiagnosticDescriptors.TranslationParameterMismatch, 0, "fr", "Queue", "declares parameter 'rang', which the neutral prompt does not have", "position"));

    [Fact]
    public Task Each_translation_is_checked_on_its_own_text_and_pronunciations()
    {
        // 601 words fit as written, in either file; the German translation as sent (each Zebra said as four words) does not.
        string words = string.Concat(Enumerable.Repeat("zebra ", 600));
        return new VoicePromptsAnalyzerTest<VoiceYamlAnalyzer>(NoCode,
                Expect(DiagnosticDescriptors.InputOverTokenLimit, 0, "Long [de]", 2_404, "gpt-4o-mini-tts", 2_000),
                Expect(DiagnosticDescriptors.InputOverCharacterLimit, 0, "Long [de]", 13_221, "", 4_096))
            .WithYaml("/0/Voice/Menu.voice.yaml", "class: Shop.Menu\nvoice: coral\nprompts:\n  long: \"" + words + "\"\n")
            .WithYaml("/0/Voice/Menu.de.voice.yaml", "class: Shop.Menu\npronounce:\n  Zebra: das Zebra Zebra Zebra\nprompts:\n  long: \"{|#0:" + words.Replace("zebra", "Zebra") + "Zebra|}\"\n")
            .RunAsync();
    }

    [Fact]
    public Task A_translations_own_settings_are_checked_where_it_writes_them() => VerifyYaml("/0/Voice/Menu.fr.voice.yaml", """
        class: Shop.Menu
        voice: {|#0:corail|}
        prompts:
          welcome: Bienvenue !
          queue:
            text: "Vous êtes l'appelant {{ position }}."
            speed: {|#1:9|}
        """,
        Verify.Diagnostic(DiagnosticDescriptors.UnknownVoice).WithLocation(0)
            .WithArguments("'Menu.fr.voice.yaml'", "corail", 13, "gpt-4o-mini-tts", "; did you mean 'coral'?"),
        Verify.Diagnostic(DiagnosticDescriptors.SpeedOutOfRange).WithLocation(1)
            .WithArguments("Prompt 'Queue [fr]'", "9", "0.25", "4.0", "gpt-4o-mini-tts"));

    [Fact]
    public Task A_neutral_pronunciation_counts_against_the_limit() =>
        new VoicePromptsAnalyzerTest<VoiceYamlAnalyzer>(NoCode,
                Expect(DiagnosticDescriptors.InputOverTokenLimit, 0, "Long", 2_401, "gpt-4o-mini-tts", 2_000),
                Expect(DiagnosticDescriptors.InputOverCharacterLimit, 0, "Long", 14_399, "", 4_096))
            .WithYaml("/0/Voice/Menu.voice.yaml", "class: Shop.Menu\nvoice: coral\npronounce:\n  SQL: zebra zebra\nprompts:\n  long: \"{|#0:" + string.Concat(Enumerable.Repeat("SQL ", 1200)).TrimEnd() + "|}\"\n")
            .RunAsync();

    private const string Usings = "using System.Globalization; using System.Threading.Tasks; using VoicePrompts;\n";

    [Fact]
    public Task VP0029_VP0033_in_CSharp() => Verify.AnalyzerAsync<PromptDeclarationAnalyzer>(Usings + """
        [Voice("coral")]
        public partial class Alerts
        {
            [Prompt("Hello.")]
            [Prompt("Bonjour.", Culture = "fr")]
            [{|#1:Prompt("Salut.", Culture = "FR")|}]
            [Prompt("Hallo.", Culture = {|#0:"xq-QQQ"|})]
            public partial Task<SpeechAudio> SpeakHelloAsync();
        }
        """,
        Expect(DiagnosticDescriptors.UnknownCulture, 0, "Prompt 'Hello'", "xq-QQQ"),
        Expect(DiagnosticDescriptors.DuplicateTranslation, 1, "SpeakHelloAsync", "culture 'fr'"));

    [Fact]
    public Task VP0030_VP0031_VP0032_in_CSharp() => Verify.AnalyzerAsync<PromptDeclarationAnalyzer>(Usings + """
        [Voice("coral")]
        public partial class Alerts
        {
            [Prompt("Bonjour.", Culture = "fr")]
            public partial Task<SpeechAudio> {|#0:SpeakHelloAsync|}();

            [Prompt("Job {{ job }} failed.")]
            [Prompt("La tâche {{ {|#1:tache|} }} a échoué.", Culture = "fr")]
            public partial Task<SpeechAudio> SpeakFailedAsync(string job);

            [Prompt("Bye.")]
            public partial Task<SpeechAudio> {|#2:SpeakByeAsync|}(CultureInfo culture);
        }
        """,
        Expect(DiagnosticDescriptors.TranslationWithoutNeutral, 0, "fr", "Hello", "Alerts", "(a [Prompt] without Culture on method 'SpeakHelloAsync')"),
        Expect(DiagnosticDescriptors.TranslationParameterMismatch, 1, "fr", "Failed", "reads variable 'tache', which is not a parameter of method 'SpeakFailedAsync'", "job"),
        Expect(DiagnosticDescriptors.TranslationMissingPrompt, 2, "fr", "Alerts", "Bye", "with [Prompt(\"…\", Culture = \"fr\")] on method 'SpeakByeAsync'"));

    [Fact]
    public Task A_CSharp_translation_over_the_limit_is_reported_in_its_own_literal() => Verify.AnalyzerAsync<PromptLimitsAnalyzer>(Usings + """
        [Voice("coral")]
        public partial class Alerts
        {
            [Prompt("Short.")]
            [Prompt("
        """ + string.Concat(Enumerable.Repeat("zebra ", 2001)) + """
        ", Culture = "de")]
            public partial Task<SpeechAudio> SpeakLongAsync();
        }
        """,
        // Line 6 holds the translation's literal: the span is its 12,006 characters, after the opening quote.
        Verify.Diagnostic(DiagnosticDescriptors.InputOverTokenLimit).WithSpan(6, 14, 6, 14 + 12_006).WithArguments("Long [de]", 2_003, "gpt-4o-mini-tts", 2_000),
        Verify.Diagnostic(DiagnosticDescriptors.InputOverCharacterLimit).WithSpan(6, 14, 6, 14 + 12_006).WithArguments("Long [de]", 12_006, "", 4_096));
}
