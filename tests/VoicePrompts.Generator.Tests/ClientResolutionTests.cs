namespace VoicePrompts.Generator.Tests;

/// <summary>Where generated code gets its ISpeechClient (SPEC §3), each case compiled and run.</summary>
[Collection(DefaultClientCollection.Name)]
public class ClientResolutionTests
{
    private static string Source(string members, string typeSuffix = "", string parameters = "") => $$$"""
        using System.Threading;
        using System.Threading.Tasks;
        using VoicePrompts;
        [Voice("nova")]
        public partial class P{{{typeSuffix}}}
        {
            {{{members}}}
            [Prompt("Hi {{ name }}")]
            public partial Task<SpeechAudio> SpeakHiAsync({{{parameters}}}string name, CancellationToken cancellationToken = default);
        }
        """;

    [Fact]
    public async Task A_method_parameter_wins_over_a_field()
    {
        var field = new RecordingSpeechClient();
        var parameter = new RecordingSpeechClient();
        var assembly = GeneratorHarness.Run([Source("public ISpeechClient Field = null!;", parameters: "ISpeechClient client, ")]).Load();
        object p = Activator.CreateInstance(assembly.GetType("P")!)!;
        p.GetType().GetField("Field")!.SetValue(p, field);

        await p.SpeakAsync("SpeakHiAsync", parameter, "Ann");
        Assert.Equal("Hi Ann", parameter.Single().Input);
        Assert.Empty(field.Requests);

        // The generated Stream member takes the same client parameter; Text and Request do not.
        await Invoke.ReadAllAsync((IAsyncEnumerable<SpeechAudioUpdate>)p.Call("StreamHiAsync", parameter, "Bo")!);
        Assert.Equal(2, parameter.Requests.Count);
        Assert.Equal(new[] { "name" }, Invoke.Method(p.GetType(), "HiText").GetParameters().Select(x => x.Name));
    }

    [Theory]
    [InlineData("private readonly ISpeechClient _speech = null!;", "_speech")]
    [InlineData("protected ISpeechClient Speech { get; } = null!;", "<Speech>k__BackingField")]
    public async Task The_one_field_or_property_of_the_class(string member, string storage)
    {
        var result = GeneratorHarness.Run([Source(member)]);
        object p = Activator.CreateInstance(result.Load().GetType("P")!)!;
        var client = new RecordingSpeechClient();
        p.GetType().GetField(storage, System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)!.SetValue(p, client);

        await p.SpeakAsync("SpeakHiAsync", "Cy");
        Assert.Equal("Hi Cy", client.Single().Input);
    }

    [Fact]
    public async Task A_primary_constructor_parameter()
    {
        var assembly = GeneratorHarness.Run([Source("", typeSuffix: "(ISpeechClient speech)")]).Load();
        var client = new RecordingSpeechClient();
        object p = Activator.CreateInstance(assembly.GetType("P")!, client)!;
        await p.SpeakAsync("SpeakHiAsync", "Di");
        Assert.Equal("Hi Di", client.Single().Input);
    }

    [Theory]
    [InlineData("private readonly ISpeechClient _speech = speech;")]
    [InlineData("private ISpeechClient Speech { get; } = speech ?? throw new System.ArgumentNullException(nameof(speech));")]
    public async Task A_primary_constructor_parameter_that_only_initializes_a_member_is_not_a_second_client(string member)
    {
        var result = GeneratorHarness.Run([Source(member, typeSuffix: "(ISpeechClient speech)")]);
        Assert.DoesNotContain(result.Diagnostics, d => d.Id.StartsWith("CS", StringComparison.Ordinal) && d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
        var client = new RecordingSpeechClient();
        object p = Activator.CreateInstance(result.Load().GetType("P")!, client)!;
        await p.SpeakAsync("SpeakHiAsync", "Ed");
        Assert.Equal("Hi Ed", client.Single().Input); // through the member, not SpeechClient.Default or a throwing body
        Assert.Contains("this.", result.Source("P.Hi.g.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_inherited_protected_member()
    {
        string source = """
            using System.Threading.Tasks;
            using VoicePrompts;
            public abstract class PromptsBase { protected ISpeechClient Client = null!; public void Use(ISpeechClient c) => Client = c; }
            [Voice("nova")]
            public partial class P : PromptsBase
            {
                [Prompt("Inherited")]
                public partial Task<SpeechAudio> SpeakAsync();
            }
            """;
        var assembly = GeneratorHarness.Run([source]).Load();
        object p = Activator.CreateInstance(assembly.GetType("P")!)!;
        var client = new RecordingSpeechClient();
        p.Call("Use", client);
        await p.SpeakAsync("SpeakAsync");
        Assert.Equal("Inherited", client.Single().Input);
    }

    [Fact]
    public async Task A_nullable_member_falls_back_to_the_default_client()
    {
        var assembly = GeneratorHarness.Run([Source("public ISpeechClient? Speech { get; set; }")]).Load();
        object p = Activator.CreateInstance(assembly.GetType("P")!)!;
        var fallback = await DefaultClient.RecordAsync(() => p.SpeakAsync("SpeakHiAsync", "Ed"));
        Assert.Equal("Hi Ed", fallback.Single().Input);
    }

    [Fact]
    public async Task No_client_member_uses_SpeechClient_Default()
    {
        var assembly = GeneratorHarness.Run([Source("")]).Load();
        object p = Activator.CreateInstance(assembly.GetType("P")!)!;
        var fallback = await DefaultClient.RecordAsync(() => p.SpeakAsync("SpeakHiAsync", "Flo"));
        Assert.Equal("Hi Flo", fallback.Single().Input);
    }

    [Fact]
    public void Two_client_members_make_the_class_prompts_throw_VP0012()
    {
        var result = GeneratorHarness.Run([Source("ISpeechClient A = null!; ISpeechClient B = null!;")]);
        // Implemented anyway, so the build shows the analyzer's VP0012 and no CS8795.
        result.AssertClean();
        Assert.Contains("=> new global::System.InvalidOperationException(\"VP0012: 'P' has more than one ISpeechClient (A, B)", result.Source("P."));
    }

    [Fact]
    public async Task A_static_prompt_method_uses_a_static_member_only()
    {
        string source = """
            using System.Threading.Tasks;
            using VoicePrompts;
            [Voice("nova")]
            public static partial class Announcements
            {
                public static ISpeechClient Speech = null!;

                [Prompt("Platform {{ n }}")]
                public static partial Task<SpeechAudio> SpeakPlatformAsync(int n);
            }
            """;
        var assembly = GeneratorHarness.Run([source]).Load();
        var type = assembly.GetType("Announcements")!;
        var client = new RecordingSpeechClient();
        type.GetField("Speech")!.SetValue(null, client);
        await (Task<SpeechAudio>)type.CallStatic("SpeakPlatformAsync", 9)!;
        Assert.Equal("Platform 9", client.Single().Input);
        Assert.Equal("Platform 4", type.CallStatic("PlatformText", 4));
    }
}
