using System.Globalization;

namespace VoicePrompts.Generator.Tests;

/// <summary>Translations of prompts (Menu.fr.voice.yaml, [Prompt(…, Culture = "fr")]) and pronunciations: SPEC §10.</summary>
[Collection(DefaultClientCollection.Name)]
public class LanguageTests
{
    private const string Neutral = """
        class: Contoso.Voice.Menu
        voice: coral
        instructions: Calm and clear.
        format: wav
        prompts:
          welcome: Welcome to Contoso. Your SQL report is ready.
          queue:
            text: "You are caller {{ position }}, {{ name }}."
            parameters:
              position: int
              name: { type: string, max_length: 40 }
          goodbye: Goodbye!
        pronounce:
          SQL: sequel
        """;

    private const string French = """
        class: Contoso.Voice.Menu
        instructions: Calme et posé, en français.
        prompts:
          welcome: Bienvenue chez Contoso. Votre rapport SQL est prêt.
          queue:
            text: "{{ name }}, vous êtes l'appelant numéro {{ position }}."
            voice: marin
          goodbye: Au revoir !
        pronounce:
          SQL: esse-cu-elle
        """;

    private const string German = """
        class: Contoso.Voice.Menu
        prompts:
          welcome: Willkommen bei Contoso.
          queue: "Sie sind Anrufer {{ position }}, {{ name }}."
          goodbye: Auf Wiedersehen!
        """;

    // Swiss German translates one prompt; the others fall back to German, not to the neutral text.
    private const string SwissGerman = """
        class: Contoso.Voice.Menu
        speed: 0.9
        prompts:
          welcome: Grüezi bei Contoso.
        """;

    private const string Japanese = """
        class: Contoso.Voice.Menu
        voice: sage
        prompts:
          welcome: Contosoへようこそ。SQLのレポートができました。
          queue: "{{ name }}様、{{ position }}番目のお客様です。"
          goodbye: さようなら。
        pronounce:
          SQL: エスキューエル
        """;

    private static readonly (string, string)[] MenuFiles =
    [
        ("/src/Voice/Menu.voice.yaml", Neutral),
        ("/src/Voice/Menu.fr.voice.yaml", French),
        ("/src/Voice/Menu.de.voice.yaml", German),
        ("/src/Voice/Menu.de-CH.voice.yaml", SwissGerman),
        ("/src/Voice/Menu.ja.voice.yaml", Japanese),
    ];

    private static T WithUICulture<T>(string culture, Func<T> call)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            return call();
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    private static object NewMenu() =>
        Activator.CreateInstance(GeneratorHarness.Run([], MenuFiles).Load().GetType("Contoso.Voice.Menu")!)!;

    [Theory]
    [InlineData("en-US", "Welcome to Contoso. Your SQL report is ready.", "Welcome to Contoso. Your sequel report is ready.", null, "coral", "Calm and clear.", null)]
    [InlineData("fr-CA", "Bienvenue chez Contoso. Votre rapport SQL est prêt.", "Bienvenue chez Contoso. Votre rapport esse-cu-elle est prêt.", "fr", "coral", "Calme et posé, en français.", null)]
    [InlineData("de-CH", "Grüezi bei Contoso.", "Grüezi bei Contoso.", "de-CH", "coral", "Calm and clear.", 0.9)]
    [InlineData("ja-JP", "Contosoへようこそ。SQLのレポートができました。", "Contosoへようこそ。エスキューエルのレポートができました。", "ja", "sage", "Calm and clear.", null)]
    public void The_current_UI_culture_chooses_the_translation_and_the_request_carries_its_language(
        string uiCulture, string text, string input, string? language, string voice, string instructions, double? speed)
    {
        object menu = NewMenu();
        Assert.Equal(text, WithUICulture(uiCulture, () => menu.Call("WelcomeText")));
        var request = (SpeechRequest)WithUICulture(uiCulture, () => menu.Call("WelcomeRequest"))!;
        Assert.Equal(
            new SpeechRequest("gpt-4o-mini-tts", SpeechVoice.Parse(voice), input)
            {
                Instructions = instructions,
                Format = AudioFormat.Wav, // inherited from the neutral file
                Speed = speed,
                Language = language,
            },
            request);
    }

    [Theory]
    [InlineData("en-US", "You are caller 3, Ada.", null)]
    [InlineData("fr-CA", "Ada, vous êtes l'appelant numéro 3.", "fr")]
    [InlineData("de-CH", "Sie sind Anrufer 3, Ada.", "de")] // de-CH lacks it: its parent German speaks
    [InlineData("ja-JP", "Ada様、3番目のお客様です。", "ja")]
    public void A_templated_prompt_falls_back_along_the_culture_chain(string uiCulture, string text, string? language)
    {
        object menu = NewMenu();
        Assert.Equal(text, WithUICulture(uiCulture, () => menu.Call("QueueText", 3, "Ada")));
        var request = (SpeechRequest)WithUICulture(uiCulture, () => menu.Call("QueueRequest", 3, "Ada"))!;
        Assert.Equal(text, request.Input);
        Assert.Equal(language, request.Language);
        Assert.Equal(language switch { "fr" => SpeechVoice.Marin, "ja" => SpeechVoice.Sage, _ => SpeechVoice.Coral }, request.Voice);
    }

    [Fact]
    public async Task Speak_and_stream_send_the_chosen_translation()
    {
        object menu = NewMenu();
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("fr-FR");
        try
        {
            var client = await DefaultClient.RecordAsync(async () =>
            {
                await menu.SpeakAsync("SpeakGoodbyeAsync");
                await Invoke.ReadAllAsync((IAsyncEnumerable<SpeechAudioUpdate>)menu.Call("StreamGoodbyeAsync")!);
            });
            Assert.Equal(2, client.Requests.Count);
            Assert.All(client.Requests, r => Assert.Equal(("Au revoir !", (string?)"fr"), (r.Input, r.Language)));
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    [Fact]
    public void A_culture_without_a_translation_speaks_the_neutral_text_without_a_language()
    {
        object menu = NewMenu();
        var request = (SpeechRequest)WithUICulture("pt-BR", () => menu.Call("GoodbyeRequest"))!;
        Assert.Equal(("Goodbye!", (string?)null), (request.Input, request.Language));
        Assert.Equal("Goodbye!", WithUICulture("", () => menu.Call("GoodbyeText"))); // the invariant culture
    }

    [Fact]
    public void A_CultureInfo_parameter_chooses_instead_of_the_UI_culture()
    {
        const string neutral = """
            class: Kiosk
            voice: echo
            prompts:
              hello:
                text: "Hello, {{ name }}."
                parameters:
                  name: string
                  culture: CultureInfo
            """;
        // The translation restates the culture parameter; a template input named "culture" would not clash with it either.
        const string french = """
            class: Kiosk
            prompts:
              hello:
                text: "Bonjour, {{ name }}."
                parameters:
                  culture: CultureInfo
            """;
        var type = GeneratorHarness.Run([], ("/k/Kiosk.voice.yaml", neutral), ("/k/Kiosk.fr.voice.yaml", french)).Load().GetType("Kiosk")!;
        Assert.Equal(new[] { "name", "culture", "cancellationToken" }, Invoke.Method(type, "SpeakHelloAsync").GetParameters().Select(p => p.Name));
        object kiosk = Activator.CreateInstance(type)!;
        Assert.Equal("Bonjour, Ada.", WithUICulture("en-US", () => kiosk.Call("HelloText", "Ada", CultureInfo.GetCultureInfo("fr-BE"))));
        Assert.Equal("Hello, Ada.", WithUICulture("fr-FR", () => kiosk.Call("HelloText", "Ada", CultureInfo.GetCultureInfo("en-GB"))));
        // null: the UI culture
        Assert.Equal("Bonjour, Ada.", WithUICulture("fr-FR", () => kiosk.Call("HelloText", "Ada", null)));
    }

    [Fact]
    public void A_translation_formats_values_as_its_language_writes_them_and_the_neutral_text_invariantly()
    {
        const string neutral = "class: Bank\nvoice: echo\nprompts:\n  balance:\n    text: \"Your balance is {{ amount }}.\"\n    parameters:\n      amount: double\n";
        const string german = "class: Bank\nprompts:\n  balance: \"Ihr Kontostand beträgt {{ amount }}.\"\n";
        object bank = Activator.CreateInstance(GeneratorHarness.Run([], ("/b/Bank.voice.yaml", neutral), ("/b/Bank.de.voice.yaml", german)).Load().GetType("Bank")!)!;
        Assert.Equal("Ihr Kontostand beträgt 1234,5.", WithUICulture("de-CH", () => bank.Call("BalanceText", 1234.5)));
        Assert.Equal("Your balance is 1234.5.", WithUICulture("fr-FR", () => bank.Call("BalanceText", 1234.5))); // no French text: the neutral one
    }

    [Fact]
    public void A_template_input_named_culture_does_not_clash_with_the_chosen_culture()
    {
        const string neutral = "class: Labels\nvoice: echo\nprompts:\n  region:\n    text: \"Region {{ culture }}\"\n";
        const string german = "class: Labels\nprompts:\n  region: \"Region {{ culture }} (deutsch)\"\n";
        object labels = Activator.CreateInstance(GeneratorHarness.Run([], ("/l/Labels.voice.yaml", neutral), ("/l/Labels.de.voice.yaml", german)).Load().GetType("Labels")!)!;
        Assert.Equal("Region Bayern (deutsch)", WithUICulture("de-DE", () => labels.Call("RegionText", "Bayern")));
    }

    [Fact]
    public void CSharp_translations_are_further_Prompt_attributes_with_a_culture()
    {
        const string source = """
            using System.Globalization;
            using System.Threading;
            using System.Threading.Tasks;
            using VoicePrompts;

            [Voice("coral")]
            [Pronounce("SQL", "sequel")]
            [Pronounce("SQL", "esse-cu-elle", Culture = "fr")]
            public partial class Alerts
            {
                [Prompt("The SQL job {{ job }} failed.")]
                [Prompt("La tâche SQL {{ job }} a échoué.", Culture = "fr")]
                [Prompt("Der SQL-Auftrag {{ job }} ist fehlgeschlagen.", Culture = "de")]
                public partial Task<SpeechAudio> SpeakJobFailedAsync(string job, CancellationToken cancellationToken = default);

                [Prompt("Shutting down.")]
                [Prompt("Arrêt en cours.", Culture = "fr")]
                public partial Task<SpeechAudio> SpeakShutdownAsync(CultureInfo culture, CancellationToken cancellationToken = default);
            }
            """;
        object alerts = Activator.CreateInstance(GeneratorHarness.Run([source]).Load().GetType("Alerts")!)!;

        var french = (SpeechRequest)WithUICulture("fr-CH", () => alerts.Call("JobFailedRequest", "nightly"))!;
        Assert.Equal(("La tâche esse-cu-elle nightly a échoué.", "fr"), (french.Input, french.Language));
        Assert.Equal("La tâche SQL nightly a échoué.", WithUICulture("fr-CH", () => alerts.Call("JobFailedText", "nightly")));
        // Pronunciations are per culture: the German text has no map of its own, and "SQL-Auftrag" keeps "SQL" whole.
        var german = (SpeechRequest)WithUICulture("de-AT", () => alerts.Call("JobFailedRequest", "nightly"))!;
        Assert.Equal(("Der SQL-Auftrag nightly ist fehlgeschlagen.", "de"), (german.Input, german.Language));
        var english = (SpeechRequest)WithUICulture("en-US", () => alerts.Call("JobFailedRequest", "nightly"))!;
        Assert.Equal(("The sequel job nightly failed.", (string?)null), (english.Input, english.Language));

        Assert.Equal("Arrêt en cours.", alerts.Call("ShutdownText", CultureInfo.GetCultureInfo("fr")));
        Assert.Equal("Shutting down.", WithUICulture("fr-FR", () => alerts.Call("ShutdownText", CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Pronunciations_replace_whole_words_in_what_is_sent_and_never_in_the_caption()
    {
        const string yaml = """
            class: Support
            voice: ash
            pronounce:
              Nguyen: win
              SQL: sequel
            prompts:
              callback:
                text: "{{ agent }} will call you about SQL and SQLite; sql stays."
                pronounce:
                  sql: { say: ess queue ell, ignore_case: true }
              note: "Ms. Nguyen's SQL notes."
            """;
        object support = Activator.CreateInstance(GeneratorHarness.Run([], ("/s/Support.voice.yaml", yaml)).Load().GetType("Support")!)!;

        Assert.Equal("Nguyen will call you about SQL and SQLite; sql stays.", support.Call("CallbackText", "Nguyen"));
        // The prompt's own entry (any case) wins over the file's for the same word; a value passed in is rewritten too.
        Assert.Equal("win will call you about ess queue ell and SQLite; ess queue ell stays.",
            ((SpeechRequest)support.Call("CallbackRequest", "Nguyen")!).Input);
        Assert.Equal("Ms. win's sequel notes.", ((SpeechRequest)support.Call("NoteRequest")!).Input);
        Assert.Equal("Ms. Nguyen's SQL notes.", support.Call("NoteText"));
    }

    [Fact]
    public void The_catalog_lists_every_translation_with_its_language_and_spoken_input()
    {
        var assembly = GeneratorHarness.Run([], MenuFiles).Load();
        var all = (IReadOnlyList<PromptInfo>)assembly.GetType("VoicePrompts.Generated.VoicePromptCatalog")!.GetProperty("All")!.GetValue(null)!;
        var welcome = all.Where(p => p.Id == "Contoso.Voice.Menu.Welcome").ToList();
        Assert.Equal(new string?[] { null, "de", "de-CH", "fr", "ja" }, welcome.Select(p => p.Language));
        var japanese = welcome.Single(p => p.Language == "ja");
        Assert.Equal("Contosoへようこそ。エスキューエルのレポートができました。", japanese.StaticInput);
        Assert.Equal(Shared.Tokens.O200kTokenCounter.Count(japanese.StaticInput!), japanese.StaticInputTokens);
        Assert.Equal("Menu.ja.voice.yaml", Path.GetFileName(japanese.SourceFile));
        Assert.Equal(4, japanese.Line);
        Assert.Equal(SpeechVoice.Sage, japanese.CreateRequest().Voice);
        Assert.Equal("ja", japanese.CreateRequest().Language);
        Assert.Equal("Contoso.Voice.Menu.Welcome [ja]", japanese.ToString());
        // The neutral row is what the neutral Request() returns.
        object menu = Activator.CreateInstance(assembly.GetType("Contoso.Voice.Menu")!)!;
        Assert.Equal(welcome[0].CreateRequest(), WithUICulture("en-US", () => menu.Call("WelcomeRequest")));
        Assert.Equal(welcome.Single(p => p.Language == "fr").CreateRequest(), WithUICulture("fr-FR", () => menu.Call("WelcomeRequest")));
        // Swiss German translates only Welcome: Queue is listed in the neutral text and its four translations' three.
        Assert.Equal(new string?[] { null, "de", "fr", "ja" }, all.Where(p => p.Id == "Contoso.Voice.Menu.Queue").Select(p => p.Language));
    }
}
