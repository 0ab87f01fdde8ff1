using System.Collections;

namespace VoicePrompts.Generator.Tests;

public class CatalogAndSettingsTests
{
    private const string CSharp = """
        using System.Threading.Tasks;
        using VoicePrompts;
        namespace Shop
        {
            [Voice("coral", Instructions = "Warm.")]
            public partial class Checkout(ISpeechClient client)
            {
                [Prompt("Goodbye!")]
                public partial Task<SpeechAudio> SpeakGoodbyeAsync();

                [Prompt("Hi {{ name }}")]
                public partial Task<SpeechAudio> SpeakHiAsync(string name);

                [Prompt("Now: {{ date.now }}")]
                public partial Task<SpeechAudio> SpeakTimeAsync();

                [Prompt("Press {{ 1 + 2 }}")]
                public partial Task<SpeechAudio> SpeakComputedAsync();

                [Prompt("{{ 'shout' | string.upcase }}")]
                public partial Task<SpeechAudio> SpeakBuiltinAsync();
            }
        }
        """;

    private const string Yaml = "class: Shop.Menu\nvoice: sage\nformat: wav\nspeed: 0.75\nprompts:\n  welcome: Welcome!\n";

    private static List<PromptInfo> Catalog(System.Reflection.Assembly assembly) =>
        ((IEnumerable)assembly.GetType("VoicePrompts.Generated.VoicePromptCatalog")!.GetProperty("All")!.GetValue(null)!)
            .Cast<PromptInfo>().ToList();

    [Fact]
    public void The_catalog_lists_every_prompt_with_its_settings_and_source()
    {
        var assembly = GeneratorHarness.Run([CSharp], ("/src/Prompts/Menu.voice.yaml", Yaml)).Load();
        var all = Catalog(assembly);
        Assert.Equal(
            new[] { "Shop.Checkout.Builtin", "Shop.Checkout.Computed", "Shop.Checkout.Goodbye", "Shop.Checkout.Hi", "Shop.Checkout.Time", "Shop.Menu.Welcome" },
            all.Select(p => p.Id));

        var goodbye = all.Single(p => p.Id == "Shop.Checkout.Goodbye");
        Assert.True(goodbye.IsStatic);
        Assert.Equal(VoicePrompts.Shared.Tokens.O200kTokenCounter.Count(goodbye.Template), goodbye.StaticInputTokens);
        Assert.True(goodbye.StaticInputTokens > 0);
        Assert.Null(all.Single(p => p.Id == "Shop.Checkout.Hi").StaticInputTokens);
        Assert.Equal(("gpt-4o-mini-tts", "coral", "Warm.", AudioFormat.Mp3, (double?)null), (goodbye.Model, goodbye.Voice, goodbye.Instructions, goodbye.Format, goodbye.Speed));
        Assert.Equal(("File0.cs", 9), (goodbye.SourceFile, goodbye.Line));

        Assert.False(all.Single(p => p.Id == "Shop.Checkout.Hi").IsStatic);
        Assert.False(all.Single(p => p.Id == "Shop.Checkout.Time").IsStatic); // date.now differs per call

        var welcome = all.Single(p => p.Id == "Shop.Menu.Welcome");
        Assert.Equal(("Prompts/Menu.voice.yaml", 6, AudioFormat.Wav, 0.75, "Welcome!"), (welcome.SourceFile, welcome.Line, welcome.Format, welcome.Speed, welcome.Template));
    }

    [Fact]
    public void A_static_prompts_catalog_request_is_the_one_its_generated_method_sends()
    {
        var assembly = GeneratorHarness.Run([CSharp], ("/src/Prompts/Menu.voice.yaml", Yaml)).Load();
        var all = Catalog(assembly);
        var checkout = Activator.CreateInstance(assembly.GetType("Shop.Checkout")!, new object?[] { null })!;
        foreach (var (id, method) in new[] { ("Shop.Checkout.Goodbye", "GoodbyeRequest"), ("Shop.Checkout.Computed", "ComputedRequest") })
        {
            var generated = (SpeechRequest)checkout.GetType().GetMethod(method)!.Invoke(checkout, null)!;
            var fromCatalog = all.Single(p => p.Id == id).CreateRequest();
            Assert.Equal(generated, fromCatalog);
            Assert.Equal(Caching.SpeechCacheKey.For(generated, (SpeechClientMetadata?)null), Caching.SpeechCacheKey.For(fromCatalog, (SpeechClientMetadata?)null));
        }
        Assert.Equal("Press 3", all.Single(p => p.Id == "Shop.Checkout.Computed").StaticInput); // the rendering, not the template
        var welcome = all.Single(p => p.Id == "Shop.Menu.Welcome").CreateRequest();
        Assert.Equal(("sage", AudioFormat.Wav, 0.75, "Welcome!"), (welcome.Voice.Value, welcome.Format, welcome.Speed, welcome.Input));
        Assert.Throws<InvalidOperationException>(() => all.Single(p => p.Id == "Shop.Checkout.Hi").CreateRequest());
    }

    [Fact]
    public void A_templated_prompts_catalog_examples_render_to_the_request_its_generated_method_sends_with_those_values()
    {
        const string yaml = """
            class: Shop.Orders
            voice: sage
            pronounce:
              SKU: skew
            prompts:
              shipped:
                text: "SKU {{ sku }}: {{ if count == 1 }}one box{{ else }}{{ count }} boxes{{ end }}{{ if express }}, express{{ end }}, {{ weight }} kg."
                parameters:
                  sku: { type: string, example: A-1042 }
                  count: { type: int, example: "3" }
                  express: { type: bool, example: "true" }
                  weight: { type: double, example: "2.5" }
              partial:
                text: "{{ a }} and {{ b }}"
                parameters:
                  a: { type: int, example: "seven" }
                  b: string
            """;
        var assembly = GeneratorHarness.Run([], ("/src/Prompts/Orders.voice.yaml", yaml)).Load();
        var shipped = Catalog(assembly).Single(p => p.Id == "Shop.Orders.Shipped");
        // Typed as the parameters are, so conditions compare numbers and flags.
        Assert.Equal(new Dictionary<string, object?> { ["sku"] = "A-1042", ["count"] = 3L, ["express"] = true, ["weight"] = 2.5 }, shipped.Examples);
        Assert.Equal(new[] { new PronunciationEntry("SKU", "skew") }, shipped.Pronunciations!.Entries);

        string written = PromptTemplate.Parse(shipped.Template).Render(shipped.Examples!);
        var orders = Activator.CreateInstance(assembly.GetType("Shop.Orders")!)!;
        var generated = (SpeechRequest)orders.GetType().GetMethod("ShippedRequest")!.Invoke(orders, new object?[] { "A-1042", 3, true, 2.5 })!;
        Assert.Equal("SKU A-1042: 3 boxes, express, 2.5 kg.", written);
        Assert.Equal(generated.Input, shipped.Pronunciations.Apply(written));

        // An example that is not a number stays text; a parameter without one is left out.
        var partial = Catalog(assembly).Single(p => p.Id == "Shop.Orders.Partial");
        Assert.Equal(new Dictionary<string, object?> { ["a"] = "seven" }, partial.Examples);
    }

    [Fact]
    public async Task Expressions_without_variables_render_at_build_time_and_builtins_at_run_time()
    {
        var result = GeneratorHarness.Run([CSharp]);
        Assert.Contains("=> \"Press 3\";", result.Source(".Computed.g.cs"));
        // Builtins may depend on the moment (date.now), so any builtin means rendering at run time.
        Assert.Contains("PromptTemplate.Parse", result.Source(".Builtin.g.cs"));

        var client = new RecordingSpeechClient();
        object checkout = Activator.CreateInstance(result.Load().GetType("Shop.Checkout")!, client)!;
        await checkout.SpeakAsync("SpeakComputedAsync");
        await checkout.SpeakAsync("SpeakBuiltinAsync");
        Assert.Equal(new[] { "Press 3", "SHOUT" }, client.Requests.Select(r => r.Input));
        var catalog = Catalog(result.Load());
        Assert.True(catalog.Single(p => p.Id == "Shop.Checkout.Computed").IsStatic);
        Assert.False(catalog.Single(p => p.Id == "Shop.Checkout.Builtin").IsStatic);
    }

    [Fact]
    public async Task The_default_model_comes_from_the_msbuild_property()
    {
        var compilation = GeneratorHarness.CreateCompilation(CSharp);
        var driver = GeneratorHarness.CreateDriver(buildProperties: new Dictionary<string, string>
        {
            ["build_property.VoicePromptsDefaultModel"] = "kokoro",
        });
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        var result = new GeneratorHarness.Result(output, driver.RunGenerators(compilation).GetRunResult(), output.GetDiagnostics());
        var client = new RecordingSpeechClient();
        object checkout = Activator.CreateInstance(result.Load().GetType("Shop.Checkout")!, client)!;
        await checkout.SpeakAsync("SpeakHiAsync", "Ann");
        Assert.Equal("kokoro", client.Single().Model);
        Assert.All(Catalog(result.Load()), p => Assert.Equal("kokoro", p.Model));
    }

    /// <summary>The same prompt, compiled as a project with its own VoicePromptsModelAliases and VoicePromptsTokenLimits.</summary>
    private static System.Reflection.Assembly ProjectWithLimit(int limit)
    {
        const string source = """
            using System.Threading.Tasks;
            using VoicePrompts;
            namespace Shop
            {
                [Voice("coral", Model = "shop-deployment")]
                public partial class Announcer(ISpeechClient client)
                {
                    [Prompt("Now serving {{ words }}.")]
                    public partial Task<SpeechAudio> SpeakServingAsync(string words);
                }
            }
            """;
        var compilation = GeneratorHarness.CreateCompilation(source);
        var driver = GeneratorHarness.CreateDriver(buildProperties: new Dictionary<string, string>
        {
            ["build_property.projectdir"] = "/src/",
            ["build_property.VoicePromptsModelAliases"] = "shop-deployment=gpt-4o-mini-tts",
            ["build_property.VoicePromptsTokenLimits"] = "shop-deployment=" + limit,
        });
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        return new GeneratorHarness.Result(output, driver.RunGenerators(compilation).GetRunResult(), output.GetDiagnostics()).Load();
    }

    [Fact]
    public async Task Two_assemblies_in_one_process_are_each_validated_by_their_own_token_limits()
    {
        var strict = ProjectWithLimit(8);
        var lenient = ProjectWithLimit(80);
        // A transport that validates before the network, pointed where nothing listens: a refusal before the network is
        // an InvalidSpeechRequestException, a request that passed validation fails to connect.
        using var transport = new OpenAISpeechClient(new OpenAISpeechClientOptions
        {
            BaseUrl = new Uri("http://127.0.0.1:9/v1"), ApiKey = "k", Retry = new SpeechRetryOptions { MaxRetries = 0 },
        });
        const string words = "ticket one hundred and twenty three at counter four";

        foreach (var order in new[] { new[] { strict, lenient }, new[] { lenient, strict } }) // load order changes nothing
        {
            foreach (var assembly in order)
            {
                object announcer = Activator.CreateInstance(assembly.GetType("Shop.Announcer")!, transport)!;
                var request = (SpeechRequest)announcer.GetType().GetMethod("ServingRequest")!.Invoke(announcer, new object[] { words })!;
                Assert.Equal(ReferenceEquals(assembly, strict) ? 8 : 80, request.ModelSettings!.TokenLimits["shop-deployment"]);
                Assert.Equal("gpt-4o-mini-tts", request.ModelSettings.ResolveModel(request.Model));
                Assert.Same(request.ModelSettings, Catalog(assembly).Single().ModelSettings);

                var call = (Task<SpeechAudio>)announcer.GetType().GetMethod("SpeakServingAsync")!.Invoke(announcer, new object[] { words })!;
                if (ReferenceEquals(assembly, strict))
                {
                    var refused = await Assert.ThrowsAsync<InvalidSpeechRequestException>(() => call);
                    Assert.Contains("accepts at most 8", refused.Message, StringComparison.Ordinal);
                }
                else
                {
                    await Assert.ThrowsAsync<System.Net.Http.HttpRequestException>(() => call); // validated, then sent
                }
            }
        }
    }

    [Fact]
    public void The_builtin_list_matches_Scriban()
    {
        var builtins = new Scriban.Functions.BuiltinFunctions().GetMembers().ToHashSet();
        Assert.Equal(builtins.OrderBy(x => x), Parsing.TemplateParser.Builtins.OrderBy(x => x));
    }

    [Fact]
    public void Generated_code_compiles_clean_with_nullable_docs_and_every_warning()
    {
        // Warnings in generated code (nullable, CS1591 missing docs, …) are failures, as under TreatWarningsAsErrors.
        var result = GeneratorHarness.Run([CSharp], ("/src/Prompts/Menu.voice.yaml", Yaml));
        result.AssertClean();
        Assert.All(result.Run.GeneratedTrees, t =>
        {
            string text = t.ToString();
            Assert.StartsWith("// <auto-generated/>\n#nullable enable", text);
        });
        Assert.All(result.Run.GeneratedTrees.Where(t => !t.FilePath.Contains("Catalog")),
            t => Assert.Contains("[global::System.CodeDom.Compiler.GeneratedCode(\"VoicePrompts\", \"", t.ToString()));
    }
}
