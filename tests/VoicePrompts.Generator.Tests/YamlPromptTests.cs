namespace VoicePrompts.Generator.Tests;

/// <summary>.voice.yaml prompts: YAML-only classes, joining C# classes, types, names, bad input.</summary>
[Collection(DefaultClientCollection.Name)]
public class YamlPromptTests
{
    private const string Menu = """
        class: Contoso.Voice.MenuPrompts
        voice: sage
        instructions: Calm and clear.
        model: gpt-4o-mini-tts-2025-12-15
        format: opus
        speed: 1.25
        prompts:
          welcome:
            text: Welcome to Contoso.
          queue_position:
            text: "You are caller {{ position }}, about {{ minutes }} minutes, {{ caller_name }}."
            voice: marin
            speed: 0.9
            parameters:
              position: { type: int, example: 3 }
              minutes: int
              caller_name: { example: Alexandra, max_length: 40 }
          Goodbye: Thanks for calling.
        """;

    [Fact]
    public async Task A_yaml_only_class_is_a_public_non_static_partial_class_that_speaks()
    {
        var assembly = GeneratorHarness.Run([], ("/src/Prompts/Menu.voice.yaml", Menu)).Load();
        var type = assembly.GetType("Contoso.Voice.MenuPrompts")!;
        Assert.True(type.IsPublic);
        Assert.False(type.IsAbstract && type.IsSealed); // not static
        object menu = Activator.CreateInstance(type)!;

        var client = await DefaultClient.RecordAsync(() => menu.SpeakAsync("SpeakWelcomeAsync"));
        Assert.Equal(
            new SpeechRequest("gpt-4o-mini-tts-2025-12-15", SpeechVoice.Sage, "Welcome to Contoso.")
            {
                Instructions = "Calm and clear.",
                Format = AudioFormat.Opus,
                Speed = 1.25,
            },
            client.Single());
    }

    [Fact]
    public async Task Parameters_are_typed_camelCased_and_default_to_string_with_a_cancellation_token_last()
    {
        var assembly = GeneratorHarness.Run([], ("/src/Prompts/Menu.voice.yaml", Menu)).Load();
        var type = assembly.GetType("Contoso.Voice.MenuPrompts")!;
        var speak = Invoke.Method(type, "SpeakQueuePositionAsync");
        Assert.Equal(
            new[] { (typeof(int), "position"), (typeof(int), "minutes"), (typeof(string), "callerName"), (typeof(CancellationToken), "cancellationToken") },
            speak.GetParameters().Select(p => (p.ParameterType, p.Name!)));
        Assert.True(speak.GetParameters().Last().HasDefaultValue);

        object menu = Activator.CreateInstance(type)!;
        var client = await DefaultClient.RecordAsync(() => menu.SpeakAsync("SpeakQueuePositionAsync", 3, 4, "Alexandra"));
        var request = client.Single();
        Assert.Equal("You are caller 3, about 4 minutes, Alexandra.", request.Input);
        Assert.Equal(SpeechVoice.Marin, request.Voice); // prompt overrides file
        Assert.Equal(0.9, request.Speed);
        Assert.Equal(AudioFormat.Opus, request.Format);   // file-level default kept
        Assert.Equal("Thanks for calling.", menu.Call("GoodbyeText")); // scalar shorthand, PascalCase key kept
    }

    [Fact]
    public void The_token_is_cancellationToken_with_translations_and_only_a_template_variable_of_that_name_moves_it()
    {
        var assembly = GeneratorHarness.Run([],
            ("/src/Menu.voice.yaml", "class: M\nvoice: ash\nprompts:\n  hello: 'Hi {{ name }}'\n  claims: 'Token {{ cancellation_token }}'\n"),
            ("/src/Menu.fr.voice.yaml", "class: M\nprompts:\n  hello: 'Salut {{ name }}'\n  claims: 'Jeton {{ cancellation_token }}'\n")).Load();
        var type = assembly.GetType("M")!;
        foreach (var method in new[] { "SpeakHelloAsync", "StreamHelloAsync" })
            Assert.Equal(new[] { "name", "cancellationToken" }, Invoke.Method(type, method).GetParameters().Select(p => p.Name));
        Assert.Equal(new[] { (typeof(string), "cancellationToken"), (typeof(CancellationToken), "cancellationToken2") },
            Invoke.Method(type, "SpeakClaimsAsync").GetParameters().Select(p => (p.ParameterType, p.Name!)));
    }

    [Fact]
    public async Task A_template_variable_the_file_does_not_list_becomes_a_string_parameter()
    {
        const string yaml = """
            class: Alerts
            voice: echo
            prompts:
              door_open:
                text: "The {{ door_name }} door is open."
            """;
        var assembly = GeneratorHarness.Run([], ("/src/alerts.voice.yaml", yaml)).Load();
        object alerts = Activator.CreateInstance(assembly.GetType("Alerts")!)!;
        Assert.Equal("The garage door is open.", alerts.Call("DoorOpenText", "garage"));
        Assert.Equal("doorName", Invoke.Method(alerts.GetType(), "DoorOpenText").GetParameters().Single().Name);
        var client = await DefaultClient.RecordAsync(() => alerts.SpeakAsync("SpeakDoorOpenAsync", "front"));
        Assert.Equal("The front door is open.", client.Single().Input);
    }

    [Fact]
    public async Task Yaml_joins_a_csharp_partial_class_and_uses_its_client_and_accessibility()
    {
        const string csharp = """
            using System.Threading.Tasks;
            using VoicePrompts;
            namespace Contoso.Voice
            {
                internal partial class MenuPrompts(ISpeechClient speech)
                {
                    public string Hand() => "written by hand";
                }
            }
            """;
        var result = GeneratorHarness.Run([csharp], ("/src/Prompts/Menu.voice.yaml", Menu));
        string generated = result.Source("Menu.voice");
        Assert.Contains("    partial class MenuPrompts", generated);
        Assert.DoesNotContain("public partial class MenuPrompts", generated);

        var type = result.Load().GetType("Contoso.Voice.MenuPrompts")!;
        Assert.False(type.IsPublic);
        var client = new RecordingSpeechClient();
        object menu = Activator.CreateInstance(type, client)!;
        await menu.SpeakAsync("SpeakWelcomeAsync");
        Assert.Equal("Welcome to Contoso.", client.Single().Input);
        Assert.Equal("written by hand", menu.Call("Hand"));
    }

    [Fact]
    public void Csharp_members_win_over_yaml_prompts_of_the_same_name()
    {
        const string csharp = """
            using System.Threading.Tasks;
            using VoicePrompts;
            namespace Contoso.Voice
            {
                [Voice("ash")]
                public partial class MenuPrompts
                {
                    [Prompt("C# welcome")]
                    public partial Task<SpeechAudio> SpeakWelcomeAsync();

                    public string GoodbyeText() => "mine";
                }
            }
            """;
        var result = GeneratorHarness.Run([csharp], ("/src/Prompts/Menu.voice.yaml", Menu));
        result.AssertClean();
        string yaml = result.Source("Menu.voice");
        Assert.DoesNotContain("SpeakWelcomeAsync", yaml);
        Assert.DoesNotContain("Goodbye", yaml);
        Assert.Contains("SpeakQueuePositionAsync", yaml);
    }

    [Fact]
    public void A_prompt_declared_in_two_files_is_generated_once_from_the_first_path()
    {
        const string a = "class: Dup\nvoice: ash\nprompts:\n  hello: From A\n  only_a: A\n";
        const string b = "class: Dup\nvoice: ash\nprompts:\n  hello: From B\n  only_b: B\n";
        var result = GeneratorHarness.Run([], ("/src/b.voice.yaml", b), ("/src/a.voice.yaml", a));
        result.AssertClean();
        Assert.Contains("\"From A\"", result.Source(".a."));
        Assert.DoesNotContain("Hello", result.Source(".b."));
        Assert.Contains("OnlyBText", result.Source(".b."));
    }

    [Theory]
    [InlineData("class: X\nvoice: ash\nprompts:\n  a:\n    text: [unclosed\n")]              // syntax error
    [InlineData("class: X\nvoice: ash\n\tprompts: {}\n")]                                   // tab indentation
    [InlineData("class: X\nvoice: &v ash\nprompts:\n  a:\n    text: hi\n    voice: *v\n")]   // alias
    [InlineData("class: X\nclass: Y\nvoice: ash\nprompts:\n  a: hi\n")]                     // duplicate key
    [InlineData("- just\n- a list\n")]                                                       // wrong root
    [InlineData("voice: ash\nprompts:\n  a: hi\n")]                                          // no class
    [InlineData("class: 1abc\nvoice: ash\nprompts:\n  a: hi\n")]                             // invalid class name
    [InlineData("class: X\nprompts:\n  a: hi\n")]                                            // no voice anywhere
    [InlineData("class: X\nvoice: ash\nprompts:\n  a:\n    text: '{{ 1 + }}'\n")]             // template error
    [InlineData("class: X\nvoice: ash\nprompts:\n  a:\n    text: hi\n    speed: fast\n")]    // bad number
    [InlineData("class: X\nvoice: ash\nprompts:\n  a-b: hi\n")]                              // invalid prompt name
    [InlineData("class: X\nvoice: ash\nprompts:\n  a:\n    text: '{{ n }}'\n    parameters:\n      n: NoSuchType\n")]
    [InlineData("")]                                                                         // empty file
    [InlineData("class: X\nvoice: ash\nprompts:\n  a:\n    text: hi\n---\nclass: Y\n")]        // two documents
    public void Malformed_yaml_never_throws_and_a_bad_prompt_is_never_generated_as_working(string yaml)
    {
        var result = GeneratorHarness.Run([], ("/src/bad.voice.yaml", yaml)); // asserts no generator exception
        result.AssertClean();
        // Either nothing is generated for the file, or (voice, template, type problems) members that throw with the rule.
        foreach (var tree in result.Run.GeneratedTrees.Where(t => !t.FilePath.Contains("Catalog")))
        {
            string text = tree.ToString();
            Assert.Contains("=> new global::System.InvalidOperationException(\"VP00", text); // the one helper every member throws through
            Assert.DoesNotContain("SynthesizeAsync", text);
        }
        Assert.DoesNotContain("new global::VoicePrompts.PromptInfo(", result.Source("VoicePromptCatalog"));
    }

    [Fact]
    public void Only_voice_yaml_files_are_read()
    {
        var result = GeneratorHarness.Run([], ("/src/prompts.yaml", "class: X\nvoice: ash\nprompts:\n  a: hi\n"));
        Assert.Equal(new[] { "VoicePrompts.Generated.VoicePromptCatalog.g.cs" }, result.HintNames);
    }
}
