using System.Reflection;

namespace VoicePrompts.Generator.Tests;

/// <summary>C# prompts: generated members compiled, loaded and called against a recording client.</summary>
public class CSharpPromptTests
{
    private const string Checkout = """
        using System.Threading;
        using System.Threading.Tasks;
        using VoicePrompts;

        namespace MyShop;

        [Voice("coral", Instructions = "Warm, upbeat, unhurried.")]
        public partial class CheckoutPrompts(ISpeechClient speech)
        {
            [Prompt("Thanks, {{ name }}! Your order {{ order_id }} ships {{ eta }}.")]
            public partial Task<SpeechAudio> SpeakOrderShippedAsync(string name, string orderId, string eta, CancellationToken cancellationToken = default);

            [Prompt("Thanks for shopping with us. Goodbye!")]
            [Voice("marin", Instructions = "A little slower.", Format = "wav", Speed = 0.8, Model = "gpt-4o-mini-tts-2025-12-15")]
            public partial Task<SpeechAudio> SpeakGoodbyeAsync(CancellationToken cancellationToken = default);
        }
        """;

    [Fact]
    public void Framework_types_are_recognised_by_namespace_and_name_not_by_name_alone()
    {
        // The parser recognises CancellationToken and CultureInfo by name (no compilation-wide look-up): a type of
        // the same name elsewhere is an ordinary template input.
        var result = GeneratorHarness.Run(["""
            using System.Threading.Tasks;
            using VoicePrompts;
            namespace Mine { public struct CancellationToken { public override string ToString() => "mine"; } public sealed class CultureInfo { public override string ToString() => "culture"; } }
            [Voice("ash")]
            public partial class P
            {
                [Prompt("Token {{ token }} in {{ culture }}.")]
                public partial Task<SpeechAudio> SpeakAsync(Mine.CancellationToken token, Mine.CultureInfo culture, System.Threading.CancellationToken cancellationToken);
            }
            """]);
        var type = result.Load().GetType("P")!;
        Assert.Equal("Token mine in culture.", Activator.CreateInstance(type)!.Call("SpeakText", Activator.CreateInstance(type.Assembly.GetType("Mine.CancellationToken")!),
            Activator.CreateInstance(type.Assembly.GetType("Mine.CultureInfo")!)));
        Assert.Equal(new[] { "token", "culture", "cancellationToken" }, Invoke.Method(type, "SpeakSpeakAsync").GetParameters().Select(p => p.Name));
    }

    [Fact]
    public async Task Templated_prompt_sends_the_exact_request()
    {
        var assembly = GeneratorHarness.Run([Checkout]).Load();
        var client = new RecordingSpeechClient();
        object prompts = Activator.CreateInstance(assembly.GetType("MyShop.CheckoutPrompts")!, client)!;

        var audio = await prompts.SpeakAsync("SpeakOrderShippedAsync", "Alexandra", "A-1042", "tomorrow", CancellationToken.None);

        var request = client.Single();
        Assert.Equal("gpt-4o-mini-tts", request.Model);
        Assert.Equal(SpeechVoice.FromName("coral"), request.Voice);
        Assert.Equal("Warm, upbeat, unhurried.", request.Instructions);
        Assert.Equal(AudioFormat.Mp3, request.Format);
        Assert.Null(request.Speed); // none declared: the model's default, not a number guessed here
        Assert.Equal("Thanks, Alexandra! Your order A-1042 ships tomorrow.", request.Input);
        Assert.Equal(request.Input, System.Text.Encoding.UTF8.GetString(audio.Data.Span));
    }

    [Fact]
    public async Task Method_voice_overrides_every_class_setting()
    {
        var assembly = GeneratorHarness.Run([Checkout]).Load();
        var client = new RecordingSpeechClient();
        object prompts = Activator.CreateInstance(assembly.GetType("MyShop.CheckoutPrompts")!, client)!;

        await prompts.SpeakAsync("SpeakGoodbyeAsync", CancellationToken.None);

        Assert.Equal(
            new SpeechRequest("gpt-4o-mini-tts-2025-12-15", SpeechVoice.Marin, "Thanks for shopping with us. Goodbye!")
            {
                Instructions = "A little slower.",
                Format = AudioFormat.Wav,
                Speed = 0.8,
            },
            client.Single());
    }

    [Fact]
    public async Task Every_generated_member_exists_with_its_shape_and_works()
    {
        var assembly = GeneratorHarness.Run([Checkout]).Load();
        var type = assembly.GetType("MyShop.CheckoutPrompts")!;
        var client = new RecordingSpeechClient();
        object prompts = Activator.CreateInstance(type, client)!;

        // Stream{Name}Async: same inputs, cancellation token last and optional.
        var stream = Invoke.Method(type, "StreamOrderShippedAsync");
        Assert.Equal(typeof(IAsyncEnumerable<SpeechAudioUpdate>), stream.ReturnType);
        var last = stream.GetParameters().Last();
        Assert.Equal(typeof(CancellationToken), last.ParameterType);
        Assert.True(last.HasDefaultValue);
        byte[] streamed = await Invoke.ReadAllAsync((IAsyncEnumerable<SpeechAudioUpdate>)prompts.Call("StreamOrderShippedAsync", "Bo", "B-7", "today")!);
        Assert.Equal("Thanks, Bo! Your order B-7 ships today.", System.Text.Encoding.UTF8.GetString(streamed));

        // {Name}Text and {Name}Request: inputs only, no client call.
        Assert.Equal(typeof(string), Invoke.Method(type, "OrderShippedText").ReturnType);
        Assert.Equal("Thanks, Bo! Your order B-7 ships today.", prompts.Call("OrderShippedText", "Bo", "B-7", "today"));
        var request = (SpeechRequest)prompts.Call("OrderShippedRequest", "Bo", "B-7", "today")!;
        Assert.Equal("Thanks, Bo! Your order B-7 ships today.", request.Input);
        Assert.Equal(new[] { "name", "orderId", "eta" }, Invoke.Method(type, "OrderShippedRequest").GetParameters().Select(p => p.Name));

        // The static prompt has all four too; Speak is the user's own method.
        Assert.Equal("Thanks for shopping with us. Goodbye!", prompts.Call("GoodbyeText"));
        Assert.NotNull(Invoke.Method(type, "StreamGoodbyeAsync"));
        Assert.NotNull(Invoke.Method(type, "GoodbyeRequest"));
        Assert.Single(client.Requests); // only the stream call reached the client
    }

    [Fact]
    public void Static_template_becomes_a_constant_a_simple_one_is_compiled_and_one_with_logic_is_parsed_once()
    {
        string source = Checkout.Replace("""
                public partial Task<SpeechAudio> SpeakGoodbyeAsync(CancellationToken cancellationToken = default);
            """, """
                public partial Task<SpeechAudio> SpeakGoodbyeAsync(CancellationToken cancellationToken = default);

                [Prompt("{{ if count == 1 }}One item{{ else }}{{ count }} items{{ end }}.")]
                public partial Task<SpeechAudio> SpeakItemsAsync(int count);
            """);
        var result = GeneratorHarness.Run([source]);
        string goodbye = result.Source(".Goodbye.g.cs");
        Assert.Contains("=> \"Thanks for shopping with us. Goodbye!\";", goodbye);
        Assert.DoesNotContain("PromptTemplate", goodbye);

        string shipped = result.Source(".OrderShipped.g.cs");
        Assert.DoesNotContain("PromptTemplate", shipped);
        Assert.Contains("new global::VoicePrompts.PromptTextBuilder(", shipped);
        Assert.Contains("__vpText.AppendFormatted(orderId);", shipped);

        string items = result.Source(".Items.g.cs");
        Assert.DoesNotContain("PromptTextBuilder", items);
        Assert.Contains("private static global::VoicePrompts.PromptTemplate? __vpTemplate_Items;", items);
        Assert.Contains("__vpTemplate_Items ??= global::VoicePrompts.PromptTemplate.Parse(", items);
    }

    [Theory]
    [InlineData("{{ order_id }}", "orderId")]     // snake_case form of the parameter
    [InlineData("{{ orderId }}", "orderId")]      // the parameter's own name
    [InlineData("{{ http_status }}", "HTTPStatus")] // Scriban's renamer: HTTPStatus -> httpstatus, so no match...
    public async Task Variables_bind_by_name_or_snake_case(string template, string parameter)
    {
        string source = $$"""
            using System.Threading.Tasks;
            using VoicePrompts;
            [Voice("ash")]
            public partial class P(ISpeechClient client)
            {
                [Prompt("Order {{template}}.")]
                public partial Task<SpeechAudio> SpeakAsync(string {{parameter}});
            }
            """;
        var result = GeneratorHarness.Run([source]);
        if (parameter == "HTTPStatus")
        {
            // Scriban renames HTTPStatus to "httpstatus", not "http_status": unbound. The method is still implemented
            // (no CS8795 to hide the analyzer's VP0015), with a body that says why it cannot speak.
            var broken = Activator.CreateInstance(result.Load().GetType("P")!, new RecordingSpeechClient())!;
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => broken.SpeakAsync("SpeakAsync", "A-1042"));
            Assert.StartsWith("VP0015: Template variable 'http_status' of prompt 'Speak' has no parameter", error.Message);
            return;
        }
        var client = new RecordingSpeechClient();
        object prompts = Activator.CreateInstance(result.Load().GetType("P")!, client)!;
        await prompts.SpeakAsync("SpeakAsync", "A-1042");
        Assert.Equal("Order A-1042.", client.Single().Input);
    }

    [Fact]
    public async Task ValueTask_and_stream_shapes_are_implemented()
    {
        string source = """
            using System;
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;
            using VoicePrompts;
            [Voice("verse")]
            public partial class Shapes(ISpeechClient client)
            {
                [Prompt("{{ n }} items")]
                public partial ValueTask<SpeechAudio> SpeakCountAsync(int n, CancellationToken cancellationToken = default);

                [Prompt("Streaming {{ what }}")]
                public partial IAsyncEnumerable<ReadOnlyMemory<byte>> StreamNewsAsync(string what, CancellationToken cancellationToken = default);

                [Prompt("No token here")]
                internal partial Task<SpeechAudio> NoTokenAsync();
            }
            """;
        var assembly = GeneratorHarness.Run([source]).Load();
        var client = new RecordingSpeechClient();
        object shapes = Activator.CreateInstance(assembly.GetType("Shapes")!, client)!;

        var audio = await (ValueTask<SpeechAudio>)shapes.Call("SpeakCountAsync", 3, CancellationToken.None)!;
        Assert.Equal("3 items", System.Text.Encoding.UTF8.GetString(audio.Data.Span));
        byte[] streamed = await Invoke.ReadAllAsync((IAsyncEnumerable<ReadOnlyMemory<byte>>)shapes.Call("StreamNewsAsync", "news", CancellationToken.None)!);
        Assert.Equal("Streaming news", System.Text.Encoding.UTF8.GetString(streamed));
        // The stream method is the user's; its Speak counterpart is generated.
        await shapes.SpeakAsync("SpeakNewsAsync", "more news");
        // A method without a prefix or token: name "NoToken", members keep the user's accessibility.
        await shapes.SpeakAsync("NoTokenAsync");
        Assert.True(Invoke.Method(assembly.GetType("Shapes")!, "NoTokenText").IsAssembly);
        Assert.Equal(new[] { "3 items", "Streaming news", "Streaming more news", "No token here" }, client.Requests.Select(r => r.Input));
    }

    [Fact]
    public async Task Nested_and_generic_containing_types()
    {
        string source = """
            using System.Threading.Tasks;
            using VoicePrompts;
            namespace Game.Dialogue
            {
                public static partial class Outer<TState>
                {
                    public partial class Middle
                    {
                        [Voice("fable", Instructions = "Gravelly.")]
                        public partial class Npc<TItem>(ISpeechClient voice)
                        {
                            [Prompt("Bring me {{ count }} {{ item }}.")]
                            public partial Task<SpeechAudio> SpeakQuestAsync(int count, TItem item);
                        }
                    }
                }
            }
            """;
        var assembly = GeneratorHarness.Run([source]).Load();
        var open = assembly.GetType("Game.Dialogue.Outer`1+Middle+Npc`1")!;
        var closed = open.MakeGenericType(typeof(int), typeof(string));
        var client = new RecordingSpeechClient();
        object npc = Activator.CreateInstance(closed, client)!;
        await npc.SpeakAsync("SpeakQuestAsync", 3, "wolf pelts");
        Assert.Equal("Bring me 3 wolf pelts.", client.Single().Input);
        Assert.Equal("Gravelly.", client.Single().Instructions);
    }

    [Fact]
    public void A_member_the_user_wrote_is_left_out_not_duplicated()
    {
        string source = """
            using System.Threading.Tasks;
            using VoicePrompts;
            [Voice("ash")]
            public partial class P
            {
                [Prompt("Hello {{ name }}")]
                public partial Task<SpeechAudio> SpeakHelloAsync(string name);

                public string HelloText(string name) => "mine";
            }
            """;
        var result = GeneratorHarness.Run([source]);
        result.AssertClean();
        string generated = result.Source(".Hello.g.cs");
        Assert.DoesNotContain("public string HelloText", generated);
        Assert.Contains("StreamHelloAsync", generated);
        Assert.Contains("HelloRequest", generated);
    }

    [Theory]
    [InlineData("public partial class BadReturn { [Prompt(\"x\")] public partial Task<string> SpeakAsync(); }", "VP0010")]
    [InlineData("public partial class BadTemplate { [Prompt(\"{{ 1 + }}\")] public partial Task<SpeechAudio> SpeakAsync(); }", "VP0014")]
    [InlineData("public partial class Unbound { [Prompt(\"{{ who }}\")] public partial Task<SpeechAudio> SpeakAsync(); }", "VP0015")]
    [InlineData("public partial class TwoClients(ISpeechClient a) { ISpeechClient B { get; set; } = null!; [Prompt(\"x\")] public partial Task<SpeechAudio> SpeakAsync(); }", "VP0012")]
    [InlineData("public partial class TwoParameters { [Prompt(\"x\")] public partial Task<SpeechAudio> SpeakAsync(ISpeechClient a, ISpeechClient b); }", "VP0012")]
    [InlineData("public partial struct NotAClass { [Prompt(\"x\"), Voice(\"ash\")] public partial Task<SpeechAudio> SpeakAsync(); }", "VP0011")]
    [InlineData("public partial class Generic { [Prompt(\"x\")] public partial Task<SpeechAudio> SpeakAsync<T>(T value) where T : class, System.IComparable<T>, new(); }", "VP0011")]
    [InlineData("public partial class RefParam { [Prompt(\"{{ x }}\")] public partial Task<SpeechAudio> SpeakAsync(ref int x, out string y); }", "VP0011")]
    [InlineData("public partial class SpanParam { [Prompt(\"{{ x }}\")] public partial Task<SpeechAudio> SpeakAsync(System.ReadOnlySpan<char> x); }", "VP0011")]
    [InlineData("public unsafe partial class PointerParam { [Prompt(\"{{ x }}\")] public partial Task<SpeechAudio> SpeakAsync(int* x); }", "VP0011")]
    [InlineData("public partial class Hidden(ISpeechClient speech) { [Prompt(\"{{ speech }}\")] public partial Task<SpeechAudio> SpeakAsync(string speech); }", "VP0011")]
    [InlineData("public partial class NullTemplate { [Prompt(null!)] public partial Task<SpeechAudio> SpeakAsync(); }", "VP0011")]
    [InlineData("[Voice(\"ash\", Speed = double.NaN)] public partial class NaNSpeed { [Prompt(\"x\")] public partial Task<SpeechAudio> SpeakAsync(); }", "VP0020")]
    public void A_broken_prompt_is_still_implemented_with_a_body_that_names_its_rule(string declaration, string rule)
    {
        string source = "using System.Threading.Tasks; using VoicePrompts; " + (declaration.Contains("Voice(") ? "" : "[Voice(\"ash\")] ") + declaration;
        var result = GeneratorHarness.Run([source]); // asserts no generator exception
        // No compiler error anywhere (no CS8795 hiding the VP error), none in generated code in particular.
        result.AssertClean();
        string generated = string.Concat(result.Run.GeneratedTrees.Where(t => !t.FilePath.Contains("Catalog")).Select(t => t.ToString()));
        // The message, naming the rule, is written once; every member throws it through the one helper.
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(generated, "new global::System.InvalidOperationException\\(\"" + rule + ": "));
        Assert.True(System.Text.RegularExpressions.Regex.Matches(generated, @"=> throw __vpBroken_\w+\(\);").Count >= 1, generated);
        // A broken prompt is not in the catalog: tools must not pre-render it.
        Assert.DoesNotContain("new global::VoicePrompts.PromptInfo(", result.Source("VoicePromptCatalog"));
    }

    [Theory]
    [InlineData("public class NotPartial { [Prompt(\"x\")] public partial Task<SpeechAudio> SpeakAsync(); }", "CS0751")]
    [InlineData("public partial class NotPartialMethod { [Prompt(\"x\")] public Task<SpeechAudio> SpeakAsync(); }", "CS0501")]
    public void Where_the_declaration_is_not_valid_CSharp_nothing_is_generated_and_the_errors_are_the_compilers_on_the_users_line(string declaration, string compilerError)
    {
        string source = "using System.Threading.Tasks; using VoicePrompts; [Voice(\"ash\")] " + declaration;
        var result = GeneratorHarness.Run([source]);
        Assert.Equal(new[] { "VoicePrompts.Generated.VoicePromptCatalog.g.cs" }, result.HintNames);
        // A part generated into a non-partial class would only add errors; the compiler's own say what is wrong.
        var errors = result.Diagnostics.Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error).ToList();
        Assert.Contains(errors, e => e.Id == compilerError);
        Assert.All(errors, e => Assert.Equal("/src/File0.cs", e.Location.SourceTree!.FilePath));
    }

    [Fact]
    public void Both_parts_written_by_the_user_generate_nothing_and_a_body_alone_gets_the_declaration_it_lacks()
    {
        string both = "using System.Threading.Tasks; using VoicePrompts; [Voice(\"ash\")] public partial class HasBody { [Prompt(\"x\")] public partial Task<SpeechAudio> SpeakAsync(); public partial Task<SpeechAudio> SpeakAsync() => null!; }";
        var result = GeneratorHarness.Run([both]);
        result.AssertClean();
        Assert.Equal(new[] { "VoicePrompts.Generated.VoicePromptCatalog.g.cs" }, result.HintNames);

        // VP0009 with only an implementation part: without a generated declaration the user would read CS0759 instead.
        string bodyOnly = "using System.Threading.Tasks; using VoicePrompts; [Voice(\"ash\")] public partial class BodyOnly { [Prompt(\"x\")] public partial Task<SpeechAudio> SpeakAsync() => Task.FromResult<SpeechAudio>(null!); }";
        result = GeneratorHarness.Run([bodyOnly]);
        result.AssertClean();
        Assert.Contains("public partial global::System.Threading.Tasks.Task<global::VoicePrompts.SpeechAudio> SpeakAsync()\n        ;", result.Source("BodyOnly.Speak.g.cs"));
    }

    [Fact]
    public void A_method_named_just_SpeakAsync_keeps_Speak_as_its_prompt_name()
    {
        // Stripping both affixes would leave an empty name (and an id ending in "."), so the prefix stays.
        Assert.Equal("Speak", Shared.PromptNaming.PromptNameFromMethod("SpeakAsync"));
        Assert.Equal("OrderShipped", Shared.PromptNaming.PromptNameFromMethod("SpeakOrderShippedAsync"));
        Assert.Equal("News", Shared.PromptNaming.PromptNameFromMethod("StreamNewsAsync"));
        Assert.Equal("Greeting", Shared.PromptNaming.PromptNameFromMethod("Greeting"));
    }

    [Fact]
    public async Task Prompt_without_any_voice_is_implemented_to_throw_VP0017()
    {
        string source = """
            using System.Threading.Tasks;
            using VoicePrompts;
            public partial class NoVoice { [Prompt("x")] public partial Task<SpeechAudio> SpeakAsync(); }
            """;
        var type = GeneratorHarness.Run([source]).Load().GetType("NoVoice")!;
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Activator.CreateInstance(type)!.SpeakAsync("SpeakAsync"));
        Assert.StartsWith("VP0017: Prompt 'Speak' has no voice", error.Message);
    }

    [Fact]
    public async Task Parameter_defaults_and_keywords_are_repeated_in_generated_overloads()
    {
        string source = """
            using System.Threading;
            using System.Threading.Tasks;
            using VoicePrompts;
            public enum Mood { Calm, Angry }
            [Voice("ash")]
            public partial class P(ISpeechClient client)
            {
                [Prompt("{{ class }} {{ mood }} {{ count }} {{ note }}")]
                public partial Task<SpeechAudio> SpeakGreetingAsync(string @class, Mood mood = Mood.Angry, int count = -2, string? note = null, CancellationToken cancellationToken = default);
            }
            """;
        var assembly = GeneratorHarness.Run([source]).Load();
        var client = new RecordingSpeechClient();
        object p = Activator.CreateInstance(assembly.GetType("P")!, client)!;
        Assert.Equal("economy Angry -2 ", p.Call("GreetingText", "economy"));
        var stream = Invoke.Method(assembly.GetType("P")!, "StreamGreetingAsync");
        Assert.Equal(-2, stream.GetParameters()[2].DefaultValue);
    }
}
