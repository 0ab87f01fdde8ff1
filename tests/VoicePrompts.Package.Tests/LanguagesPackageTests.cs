using System.Text.RegularExpressions;
using VoicePrompts.Tests;

namespace VoicePrompts.Package.Tests;

/// <summary>Translations and pronunciations as a consumer of the packed package meets them (SPEC §10).</summary>
public class LanguagesPackageTests : IClassFixture<PackageFixture>
{
    private readonly PackageFixture _package;

    public LanguagesPackageTests(PackageFixture package) => _package = package;

    [Fact]
    public void A_consumer_with_three_translations_speaks_each_culture_and_builds_warning_free()
    {
        // The MSBuild list form, with ';': Swiss German only overrides a few sentences of German.
        string directory = _package.NewProject("Polyglot", ConsumerProjects.ExeWith("""
            <InvariantGlobalization>false</InvariantGlobalization>
            <VoicePromptsPartialCultures>de-CH;ja</VoicePromptsPartialCultures>
            """),
            ("Voice/Menu.voice.yaml", """
                class: Polyglot.Menu
                voice: coral
                format: wav
                pronounce:
                  SQL: sequel
                prompts:
                  welcome: Welcome. Your SQL report is ready.
                  queue:
                    text: "You are caller {{ position }}."
                    parameters:
                      position: { type: int, example: 3 }
                """),
            ("Voice/Menu.fr.voice.yaml", """
                class: Polyglot.Menu
                instructions: En français, calmement.
                pronounce:
                  SQL: esse-cu-elle
                prompts:
                  welcome: Bienvenue. Votre rapport SQL est prêt.
                  queue: "Vous êtes l'appelant numéro {{ position }}."
                """),
            ("Voice/Menu.de.voice.yaml", """
                class: Polyglot.Menu
                prompts:
                  welcome: Willkommen. Ihr SQL-Bericht ist fertig.
                  queue: "Sie sind Anrufer Nummer {{ position }}."
                """),
            ("Voice/Menu.de-CH.voice.yaml", """
                class: Polyglot.Menu
                prompts:
                  welcome: Grüezi. Ihr SQL-Bericht ist parat.
                """),
            ("Program.cs", """
                using System.Globalization;
                using VoicePrompts;
                using VoicePrompts.Generated;

                var menu = new Polyglot.Menu();
                foreach (var name in new[] { "en-US", "fr-CA", "de-CH", "de-AT", "ja-JP" })
                {
                    CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(name);
                    var welcome = menu.WelcomeRequest();
                    var queue = menu.QueueRequest(7);
                    Console.WriteLine($"{name} | {menu.WelcomeText()} | {welcome.Input} | {welcome.Language ?? "-"} | {queue.Input} | {queue.Language ?? "-"} | {welcome.Instructions ?? "-"}");
                }
                foreach (var info in VoicePromptCatalog.All)
                    Console.WriteLine($"catalog {info} | {info.StaticInput ?? "(templated)"}");
                """));

        var run = Dotnet.Run(directory, "run");
        Assert.True(run.ExitCode == 0, "the consumer failed to build or run:\n" + run.Output);
        // Warning-free but for the default model's shutdown (VP0028), which every gpt-4o-mini-tts project is shown.
        Assert.DoesNotMatch(new Regex(@": (warning (?!VP0028)|error )"), run.Output);
        var lines = run.Output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.Contains("en-US | Welcome. Your SQL report is ready. | Welcome. Your sequel report is ready. | - | You are caller 7. | - | -", lines);
        Assert.Contains("fr-CA | Bienvenue. Votre rapport SQL est prêt. | Bienvenue. Votre rapport esse-cu-elle est prêt. | fr | Vous êtes l'appelant numéro 7. | fr | En français, calmement.", lines);
        // Swiss German has its own welcome; its queue prompt falls back to German. "SQL-Bericht" keeps SQL whole only
        // where a map says so: the German files have none.
        Assert.Contains("de-CH | Grüezi. Ihr SQL-Bericht ist parat. | Grüezi. Ihr SQL-Bericht ist parat. | de-CH | Sie sind Anrufer Nummer 7. | de | -", lines);
        Assert.Contains("de-AT | Willkommen. Ihr SQL-Bericht ist fertig. | Willkommen. Ihr SQL-Bericht ist fertig. | de | Sie sind Anrufer Nummer 7. | de | -", lines);
        Assert.Contains("ja-JP | Welcome. Your SQL report is ready. | Welcome. Your sequel report is ready. | - | You are caller 7. | - | -", lines);
        // Every variant is in the catalog, static ones with what they send.
        Assert.Contains("catalog Polyglot.Menu.Welcome | Welcome. Your sequel report is ready.", lines);
        Assert.Contains("catalog Polyglot.Menu.Welcome [de-CH] | Grüezi. Ihr SQL-Bericht ist parat.", lines);
        Assert.Contains("catalog Polyglot.Menu.Welcome [fr] | Bienvenue. Votre rapport esse-cu-elle est prêt.", lines);
        Assert.Contains("catalog Polyglot.Menu.Queue [de] | (templated)", lines);
        Assert.Equal(7, lines.Count(l => l.StartsWith("catalog ", StringComparison.Ordinal)));
    }

    [Fact]
    public void An_untranslated_prompt_warns_in_the_translation_file_and_a_bad_translation_fails_the_build_there()
    {
        string directory = _package.NewProject("Untranslated", ConsumerProjects.Library,
            ("Menu.voice.yaml", "class: U.Menu\nvoice: coral\nprompts:\n  welcome: Welcome.\n  queue: \"Caller {{ position }}.\"\n"),
            ("Menu.fr.voice.yaml", "class: U.Menu\nprompts:\n  welcome: Bienvenue.\n"),
            ("Menu.es.voice.yaml", "class: U.Menu\nprompts:\n  welcome: Bienvenido.\n  queue: \"Llamante {{ puesto }}.\"\n"));

        var build = Dotnet.Run(directory, "build", "-nologo");
        Assert.NotEqual(0, build.ExitCode);
        var lines = build.Output.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Contains(": error ") || l.Contains(": warning ")).Distinct().ToList();
        string report = string.Join("\n", lines);
        Assert.True(lines.Count > 0, build.Output);
        Assert.True(lines.Any(l => l.Contains("Menu.fr.voice.yaml(1,8)") && l.Contains("warning VP0031") && l.Contains("has no prompt 'Queue'")), report);
        Assert.True(lines.Any(l => l.Contains("Menu.es.voice.yaml(4,23)") && l.Contains("error VP0032") && l.Contains("reads variable 'puesto'")), report);
        Assert.DoesNotContain(lines, l => Regex.IsMatch(l, @": error CS\d{4}"));
        Assert.True(lines.Count(l => l.Contains("VP003")) == 2, report);
    }
}
