using Microsoft.CodeAnalysis;

namespace VoicePrompts.Generator.Tests;

/// <summary>
/// What an IDE shows on hover: the documentation Roslyn resolves for the member a user calls. For a C# prompt that is
/// the user's own declaration, whose comment comes from the generated implementation part unless they wrote one.
/// </summary>
public class HoverDocsTests
{
    private const string Source = """
        using System.Threading;
        using System.Threading.Tasks;
        using VoicePrompts;

        [Voice("coral", Instructions = "Warm.")]
        public partial class Greetings
        {
            [Prompt("Hello there, friend.")]
            public partial Task<SpeechAudio> SpeakHelloAsync(CancellationToken cancellationToken = default);

            /// <summary>Our own words about goodbye.</summary>
            [Prompt("Goodbye, {{ name }}.")]
            public partial Task<SpeechAudio> SpeakGoodbyeAsync(string name);
        }
        """;

    private static string Docs(Compilation compilation, string type, string member) =>
        compilation.GetTypeByMetadataName(type)!.GetMembers(member).Single().GetDocumentationCommentXml() ?? "";

    [Fact]
    public void Hover_lists_the_translations_with_their_tokens_and_the_pronunciations()
    {
        const string source = """
            using System.Threading.Tasks;
            using VoicePrompts;

            [Voice("coral")]
            public partial class Alerts
            {
                [Prompt("The SQL job failed.")]
                [Prompt("La tâche SQL a échoué.", Culture = "fr")]
                [Prompt("SQLジョブが失敗しました。", Culture = "ja")]
                [Pronounce("SQL", "sequel")]
                public partial Task<SpeechAudio> SpeakFailedAsync();
            }
            """;
        var result = GeneratorHarness.Run([source]);
        result.AssertClean();
        string docs = Docs(result.Output, "Alerts", "SpeakFailedAsync");
        Assert.Contains("Translations: <c>fr</c> (" + Shared.Tokens.O200kTokenCounter.Count("La tâche SQL a échoué.") + " tokens), <c>ja</c> ("
            + Shared.Tokens.O200kTokenCounter.Count("SQLジョブが失敗しました。") + " tokens)", docs);
        Assert.Contains("Pronounced: <c>SQL</c> as <c>sequel</c>.", docs);
        // The neutral text's count is of what is sent.
        Assert.Contains("Input: " + Shared.Tokens.O200kTokenCounter.Count("The sequel job failed.") + " tokens (o200k_base)", docs);
    }

    [Fact]
    public void Hover_says_which_format_the_model_makes_and_which_VoicePrompts_makes_from_it()
    {
        const string source = """
            using System.Threading.Tasks;
            using VoicePrompts;

            [Voice("coral", Format = "pcmu")]
            public partial class Menu
            {
                [Prompt("Press one.")]
                public partial Task<SpeechAudio> SpeakOneAsync();

                [Prompt("Press two.")]
                [Voice("coral", Format = "wav")]
                public partial Task<SpeechAudio> SpeakTwoAsync();
            }
            """;
        var result = GeneratorHarness.Run([source]);
        result.AssertClean();
        Assert.Contains("format <c>pcmu</c> (made by VoicePrompts from the backend's PCM),", Docs(result.Output, "Menu", "SpeakOneAsync"));
        Assert.Contains("format <c>wav</c>,", Docs(result.Output, "Menu", "SpeakTwoAsync"));
    }

    [Fact]
    public void A_CSharp_prompts_declaration_shows_template_voice_and_exact_tokens()
    {
        var result = GeneratorHarness.Run([Source]);
        result.AssertClean(); // crefs in the generated comments resolve (CS1574 would be a warning in generated code)
        string hello = Docs(result.Output, "Greetings", "SpeakHelloAsync");
        Assert.Contains("Prompt <c>Hello</c>: <c>Hello there, friend.</c>", hello);
        Assert.Contains("Voice <c>coral</c>, model <c>gpt-4o-mini-tts</c>", hello);
        Assert.Contains("Instructions: Warm.", hello);
        Assert.Contains("Input: " + Shared.Tokens.O200kTokenCounter.Count("Hello there, friend.") + " tokens (o200k_base), $", hello);
    }

    [Fact]
    public void A_users_own_comment_is_kept_and_the_full_comment_moves_to_the_first_generated_member()
    {
        var result = GeneratorHarness.Run([Source]);
        string goodbye = Docs(result.Output, "Greetings", "SpeakGoodbyeAsync");
        Assert.Contains("Our own words about goodbye.", goodbye);
        Assert.DoesNotContain("Prompt <c>Goodbye</c>", goodbye);
        string stream = Docs(result.Output, "Greetings", "StreamGoodbyeAsync");
        Assert.Contains("Prompt <c>Goodbye</c>: <c>Goodbye, {{ name }}.</c>", stream);
        // The other members point to it rather than repeating it.
        string text = Docs(result.Output, "Greetings", "GoodbyeText");
        Assert.Contains("<inheritdoc cref=\"M:Greetings.StreamGoodbyeAsync(System.String,System.Threading.CancellationToken)\" path=\"/summary\"", text);
    }

    [Fact]
    public void A_yaml_prompts_speak_member_shows_the_full_comment_and_the_others_point_to_it()
    {
        var result = GeneratorHarness.Run([], ("/src/menu.voice.yaml", "class: Shop.Menu\nvoice: sage\nprompts:\n  welcome: Welcome to Contoso.\n"));
        result.AssertClean();
        Assert.Contains("Input: " + Shared.Tokens.O200kTokenCounter.Count("Welcome to Contoso.") + " tokens", Docs(result.Output, "Shop.Menu", "SpeakWelcomeAsync"));
        Assert.Contains("<inheritdoc cref=\"M:Shop.Menu.SpeakWelcomeAsync(System.Threading.CancellationToken)\"", Docs(result.Output, "Shop.Menu", "WelcomeText"));
    }
}
