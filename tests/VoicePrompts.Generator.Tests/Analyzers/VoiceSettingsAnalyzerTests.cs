using Microsoft.CodeAnalysis.Testing;
using VoicePrompts.Generator.Analyzers;
using VoicePrompts.Generator.Diagnostics;

namespace VoicePrompts.Generator.Tests.Analyzers;

public class VoiceSettingsAnalyzerTests
{
    private static string Prompts(string classVoice, string methodVoice = "") => $$"""
        using System.Threading.Tasks;
        using VoicePrompts;

        {{classVoice}}
        public partial class P
        {
            [Prompt("Hello")]
            {{methodVoice}}
            public partial Task<SpeechAudio> SpeakHelloAsync();

            [Prompt("Bye")]
            public partial Task<SpeechAudio> SpeakByeAsync();
        }
        """;

    private static Task Verify(string source, params DiagnosticResult[] expected) =>
        Analyzers.Verify.AnalyzerAsync<VoiceSettingsAnalyzer>(source, expected);

    [Fact]
    public Task Known_voices_custom_voice_ids_and_compatible_models_are_silent() => Task.WhenAll(
        Verify(Prompts("[Voice(\"marin\", Instructions = \"Calm.\", Format = \"wav\", Speed = 1.5)]")),
        Verify(Prompts("[Voice(\"voice_1234abcd\")]")),
        Verify(Prompts("[Voice(\"af_heart\", Model = \"kokoro\", Format = \"ogg\")]")));

    [Fact]
    public Task Unknown_voice_VP0018_once_for_a_class_level_voice_with_the_nearest() => Verify(
        Prompts("[Voice({|#0:\"corall\"|})]"),
        Analyzers.Verify.Diagnostic(DiagnosticDescriptors.UnknownVoice).WithLocation(0)
            .WithArguments("Class 'P'", "corall", 13, "gpt-4o-mini-tts", "; did you mean 'coral'?"));

    [Fact]
    public Task Voice_of_another_model_is_unknown_for_tts_1() => Verify(
        Prompts("[Voice({|#0:\"marin\"|}, Model = \"tts-1\")]"),
        Analyzers.Verify.Diagnostic(DiagnosticDescriptors.UnknownVoice).WithLocation(0)
            .WithArguments("Class 'P'", "marin", 9, "tts-1", "")); // nothing close enough to suggest

    [Fact]
    public Task Method_switching_to_tts_1_is_told_at_its_model_about_the_class_instructions() => Verify(
        Prompts("[Voice(\"ballad\", Instructions = \"Warm.\")]", "[Voice(\"coral\", Model = {|#0:\"tts-1\"|})]"),
        Analyzers.Verify.Diagnostic(DiagnosticDescriptors.InstructionsNotSupported).WithLocation(0).WithArguments("Prompt 'Hello'", "tts-1"));

    [Fact]
    public Task Instructions_on_tts_1_VP0019() => Verify(
        Prompts("[Voice(\"coral\", Model = \"tts-1-hd\", Instructions = {|#0:\"Warm.\"|})]"),
        Analyzers.Verify.Diagnostic(DiagnosticDescriptors.InstructionsNotSupported).WithLocation(0).WithArguments("Class 'P'", "tts-1-hd"));

    [Fact]
    public Task Speed_out_of_range_VP0020_at_the_method_override() => Verify(
        Prompts("[Voice(\"coral\")]", "[Voice(\"coral\", Speed = {|#0:4.5|})]"),
        Analyzers.Verify.Diagnostic(DiagnosticDescriptors.SpeedOutOfRange).WithLocation(0).WithArguments("Prompt 'Hello'", "4.5", "0.25", "4.0", "gpt-4o-mini-tts"));

    [Fact]
    public Task Unknown_format_VP0021() => Verify(
        Prompts("[Voice(\"coral\", Format = {|#0:\"ogg\"|})]"),
        Analyzers.Verify.Diagnostic(DiagnosticDescriptors.UnknownFormat).WithLocation(0)
            .WithArguments("Class 'P'", "ogg", "gpt-4o-mini-tts", "mp3, opus, aac, flac, wav, pcm (its own) or pcmu, pcma, pcm_8000, pcm_16000, wav_pcmu, wav_pcma, wav_8000, wav_16000 (made by VoicePrompts from its 24 kHz PCM)"));

    [Theory]
    [InlineData("gpt-4o-mini-tts", "pcmu")]
    [InlineData("gpt-4o-mini-tts", "pcma")]
    [InlineData("gpt-4o-mini-tts", "wav_pcmu")]
    [InlineData("tts-1", "pcm_8000")]
    [InlineData("tts-1-hd", "wav_16000")]
    [InlineData("gpt-realtime-2.1-mini", "pcm_16000")]
    [InlineData("gpt-realtime-2.1-mini", "wav_pcma")]
    public Task Telephony_formats_the_runtime_makes_from_the_models_PCM_are_accepted(string model, string format) =>
        Verify(Prompts("[Voice(\"alloy\", Model = \"" + model + "\", Format = \"" + format + "\")]"));

    [Theory]
    [InlineData("Coral", "coral")]
    [InlineData("corral", "coral")]
    [InlineData("marine", "marin")]
    [InlineData("cedr", "cedar")]
    [InlineData("zzzzzzzzzz", null)]
    public void Nearest_voice(string voice, string? expected) =>
        Assert.Equal(expected, PromptChecks.NearestVoice(voice, Shared.SpeechModelCatalog.MiniTtsVoices));
}
