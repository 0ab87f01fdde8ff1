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
        Assert.Equal(1.0, request.Speed);
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
        Assert.Equal(typeof(IAsyncEnumerable<ReadOnlyMemory<byte>>), stream.ReturnType);
        var last = stream.GetParameters().Last();
        Assert.Equal(typeof(CancellationToken), last.ParameterType);
        Assert.True(last.HasDefaultValue);
        byte[] streamed = await Invoke.ReadAllAsync((IAsyncEnumerable<ReadOnlyMemory<byte>>)prompts.Call("StreamOrderShippedAsync", "Bo", "B-7", "today")!);
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
    public void Static_template_becomes_a_constant_and_templated_one_is_parsed_once()
    {
        var result = GeneratorHarness.Run([Checkout]);
        string goodbye = result.Source("SpeakGoodbyeAsync");
        Assert.Contains("=> \"Thanks for shopping with us. Goodbye!\";", goodbye);
        Assert.DoesNotContain("PromptTemplate.Parse", goodbye);

        string shipped = result.Source("SpeakOrderShippedAsync");
        Assert.Contains("private static global::VoicePrompts.PromptTemplate? __vpTemplate_SpeakOrderShippedAsync;", shipped);
        Assert.Contains("__vpTemplate_SpeakOrderShippedAsync ??= global::VoicePrompts.PromptTemplate.Parse(", shipped);
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
            // Scriban renames HTTPStatus to "httpstatus", not "http_status": unbound, so nothing is generated and
            // the user's partial method stays unimplemented (the analyzer explains why).
            Assert.DoesNotContain(result.HintNames, h => h.StartsWith("P.", StringComparison.Ordinal));
            Assert.Contains(result.Diagnostics, d => d.Id == "CS8795");
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
        string generated = result.Source("SpeakHelloAsync");
        Assert.DoesNotContain("public string HelloText", generated);
        Assert.Contains("StreamHelloAsync", generated);
        Assert.Contains("HelloRequest", generated);
    }

    [Theory]
    [InlineData("public class NotPartial { [Prompt(\"x\")] public partial Task<SpeechAudio> SpeakAsync(); }")]
    [InlineData("public partial class HasBody { [Prompt(\"x\")] public partial Task<SpeechAudio> SpeakAsync(); public partial Task<SpeechAudio> SpeakAsync() => null!; }")]
    [InlineData("public partial class BadReturn { [Prompt(\"x\")] public partial Task<string> SpeakAsync(); }")]
    [InlineData("public partial class BadTemplate { [Prompt(\"{{ 1 + }}\")] public partial Task<SpeechAudio> SpeakAsync(); }")]
    [InlineData("public partial class Unbound { [Prompt(\"{{ who }}\")] public partial Task<SpeechAudio> SpeakAsync(); }")]
    [InlineData("public partial class TwoClients(ISpeechClient a) { ISpeechClient B { get; } = a; [Prompt(\"x\")] public partial Task<SpeechAudio> SpeakAsync(); }")]
    [InlineData("public partial struct NotAClass { [Prompt(\"x\")] public partial Task<SpeechAudio> SpeakAsync(); }")]
    [InlineData("public partial class Generic { [Prompt(\"x\")] public partial Task<SpeechAudio> SpeakAsync<T>(); }")]
    [InlineData("public partial class RefParam { [Prompt(\"{{ x }}\")] public partial Task<SpeechAudio> SpeakAsync(ref int x); }")]
    public void Invalid_declarations_generate_nothing_for_the_prompt_and_never_throw(string declaration)
    {
        string source = "using System.Threading.Tasks; using VoicePrompts; [Voice(\"ash\")] " + declaration.Replace("public class", "[Voice(\"ash\")] public class");
        var result = GeneratorHarness.Run([source]); // asserts no generator exception
        Assert.Equal(new[] { "VoicePrompts.Generated.VoicePromptCatalog.g.cs" }, result.HintNames);
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
    public void Prompt_without_any_voice_generates_nothing()
    {
        string source = """
            using System.Threading.Tasks;
            using VoicePrompts;
            public partial class NoVoice { [Prompt("x")] public partial Task<SpeechAudio> SpeakAsync(); }
            """;
        Assert.Equal(new[] { "VoicePrompts.Generated.VoicePromptCatalog.g.cs" }, GeneratorHarness.Run([source]).HintNames);
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
