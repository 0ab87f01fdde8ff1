using Microsoft.CodeAnalysis.Testing;
using VoicePrompts.Generator.Analyzers;
using VoicePrompts.Generator.Diagnostics;

namespace VoicePrompts.Generator.Tests.Analyzers;

/// <summary>The analyzers read every model fact from the one catalog, through the project's aliases; one shutdown notice per compilation.</summary>
public class ModelCatalogAnalyzerTests
{
    private const string Usings = "using System.Threading.Tasks;\nusing VoicePrompts;\n\n";

    private static object[] ShutdownArgs(int count, string models) => new object[]
    {
        count, count == 1 ? "prompt uses" : "prompts use", models, "2027-01-06", "gpt-realtime-2.1-mini", "2027-06-15",
    };

    [Fact]
    public async Task One_notice_per_compilation_at_the_first_declaration_naming_every_model_scheduled_to_shut_down()
    {
        string source = Usings + """
            [Voice("coral")]
            public partial class A
            {
                [Prompt("Hi")] public partial Task<SpeechAudio> {|#0:SpeakHiAsync|}();
                [Prompt("Bye")] public partial Task<SpeechAudio> SpeakByeAsync();
            }

            [Voice("alloy", Model = "tts-1")]
            public partial class B
            {
                [Prompt("Old")] public partial Task<SpeechAudio> SpeakOldAsync();
            }

            [Voice("marin", Model = "my-server-model")]
            public partial class C
            {
                [Prompt("Unaffected")] public partial Task<SpeechAudio> SpeakFineAsync();
            }
            """;
        await new VoicePromptsAnalyzerTest<ModelShutdownAnalyzer>(source,
                Verify.Diagnostic(DiagnosticDescriptors.ModelShutdown).WithLocation(0).WithArguments(ShutdownArgs(3, "gpt-4o-mini-tts and tts-1")))
            .WithYaml("/src/Prompts/later.voice.yaml", "class: D\nvoice: marin\nmodel: my-server-model\nprompts:\n  x: Not counted.\n")
            .RunAsync();
    }

    [Fact]
    public async Task YAML_prompts_count_and_a_deployment_alias_is_not_OpenAIs_model()
    {
        // Every C# prompt runs on an Azure deployment of gpt-4o-mini-tts, whose retirement date is Azure's: no notice for them.
        string source = Usings + """
            [Voice("coral", Model = "contoso-tts")]
            public partial class A
            {
                [Prompt("Hi")] public partial Task<SpeechAudio> SpeakHiAsync();
            }
            """;
        await new VoicePromptsAnalyzerTest<ModelShutdownAnalyzer>(source,
                Verify.Diagnostic(DiagnosticDescriptors.ModelShutdown).WithSpan("/src/Prompts/menu.voice.yaml", 4, 3, 4, 8).WithArguments(ShutdownArgs(2, "gpt-4o-mini-tts")))
            .WithYaml("/src/Prompts/menu.voice.yaml", "class: Menu\nvoice: marin\nprompts:\n  hello: Hello.\n  bye: Goodbye.\n")
            .WithProperties(("VoicePromptsModelAliases", "contoso-tts=gpt-4o-mini-tts"))
            .RunAsync();
        // An Azure deployment may carry the model's own name; declared as an alias, it is Azure's, not OpenAI's.
        await new VoicePromptsAnalyzerTest<ModelShutdownAnalyzer>(source)
            .WithYaml("/src/Prompts/menu.voice.yaml", "class: Menu\nvoice: marin\nprompts:\n  hello: Hello.\n  bye: Goodbye.\n")
            .WithProperties(("VoicePromptsModelAliases", "contoso-tts=gpt-4o-mini-tts, gpt-4o-mini-tts=gpt-4o-mini-tts"))
            .RunAsync();
    }

    [Fact]
    public async Task An_alias_is_checked_as_the_model_it_runs()
    {
        // 'fable' is a gpt-4o-mini-tts voice; 'nobody' is not — the alias makes the deployment name checkable at all.
        string source = Usings + """
            [Voice({|#0:"nobody"|}, Model = "contoso-tts")]
            public partial class A
            {
                [Prompt("Hi")] public partial Task<SpeechAudio> SpeakHiAsync();
            }
            """;
        await new VoicePromptsAnalyzerTest<VoiceSettingsAnalyzer>(source,
                Verify.Diagnostic(DiagnosticDescriptors.UnknownVoice).WithLocation(0).WithArguments("Class 'A'", "nobody", 13, "contoso-tts", ""))
            .WithProperties(("VoicePromptsModelAliases", "contoso-tts=gpt-4o-mini-tts"))
            .RunAsync();
        // Without the alias the name is a compatible server's own model, whose voices are not known: silent.
        await Verify.AnalyzerAsync<VoiceSettingsAnalyzer>(source.Replace("{|#0:", "").Replace("|}", ""));
    }

    [Fact]
    public async Task The_realtime_model_has_its_own_voices_speed_range_and_formats()
    {
        string source = Usings + """
            [Voice({|#0:"fable"|}, Model = "gpt-realtime-2.1-mini", Speed = {|#1:2.0|}, Format = {|#2:"mp3"|})]
            public partial class A
            {
                [Prompt("Hi")] public partial Task<SpeechAudio> SpeakHiAsync();
            }
            """;
        await Verify.AnalyzerAsync<VoiceSettingsAnalyzer>(source,
            Verify.Diagnostic(DiagnosticDescriptors.UnknownVoice).WithLocation(0).WithArguments("Class 'A'", "fable", 10, "gpt-realtime-2.1-mini", ""),
            Verify.Diagnostic(DiagnosticDescriptors.SpeedOutOfRange).WithLocation(1).WithArguments("Class 'A'", "2", "0.25", "1.5", "gpt-realtime-2.1-mini"),
            Verify.Diagnostic(DiagnosticDescriptors.UnknownFormat).WithLocation(2).WithArguments("Class 'A'", "mp3", "gpt-realtime-2.1-mini", "pcm, wav, pcmu, pcma, wav_pcmu, wav_pcma (its own) or pcm_8000, pcm_16000, wav_8000, wav_16000 (made by VoicePrompts from its 24 kHz PCM)"));
    }
}
