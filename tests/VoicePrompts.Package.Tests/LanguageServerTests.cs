using System.Text.Json.Nodes;

namespace VoicePrompts.Package.Tests;

/// <summary>
/// VoicePrompts as an IDE shows it: a real language server (csharp-ls, which hosts Roslyn as an editor does) over a
/// fresh consumer of the packed package — VP diagnostics in a .cs file and in a .voice.yaml, hover text on generated
/// calls, completion of generated members, and a fixed template clearing its diagnostic.
/// </summary>
public class LanguageServerTests : IClassFixture<PackageFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);
    private readonly PackageFixture _package;

    public LanguageServerTests(PackageFixture package) => _package = package;

    private const string Greetings = """
        using VoicePrompts;

        namespace IdeConsumer;

        [Voice("coral", Instructions = "Warm.")]
        public partial class Greetings
        {
            [Prompt("Hello there, friend.")]
            public partial Task<SpeechAudio> SpeakHelloAsync(CancellationToken cancellationToken = default);

            [Prompt("Goodbye, {{ nmae }}.")]
            public partial Task<SpeechAudio> SpeakGoodbyeAsync(string name);
        }
        """;

    private const string Program = """
        using IdeConsumer;

        var greetings = new Greetings();
        var menu = new Menu();
        _ = greetings.SpeakHelloAsync();
        _ = menu.SpeakWelcomeAsync();
        _ = greetings.HelloText();
        """;

    private const string MenuYaml = """
        class: IdeConsumer.Menu
        voice: sage
        speaker: nobody
        prompts:
          welcome: Welcome to Contoso.
        """;

    /// <summary>The csharp-ls pinned in the repository's tool manifest, restored from the package registry.</summary>
    private string ServerDll()
    {
        var restore = Dotnet.Run(_package.RepositoryRoot, "tool", "restore");
        Assert.True(restore.ExitCode == 0, "dotnet tool restore failed:\n" + restore.Output);
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(_package.RepositoryRoot, ".config", "dotnet-tools.json")))!;
        string version = manifest["tools"]!["csharp-ls"]!["version"]!.GetValue<string>();
        string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string tools = Path.Combine(packages, "csharp-ls", version, "tools");
        var dll = Directory.Exists(tools) ? Directory.GetFiles(tools, "CSharpLanguageServer.dll", SearchOption.AllDirectories).FirstOrDefault() : null;
        Assert.True(dll is not null, $"csharp-ls {version} was restored but CSharpLanguageServer.dll is not under {tools}");
        return dll!;
    }

    private static object Position(string text, string marker, int offsetInMarker = 0)
    {
        int index = text.IndexOf(marker, StringComparison.Ordinal) + offsetInMarker;
        Assert.True(index >= offsetInMarker, marker + " not found");
        int line = text.Take(index).Count(c => c == '\n');
        int character = index - (text.LastIndexOf('\n', Math.Max(0, index - 1)) + 1);
        return new { line, character };
    }

    private static string Uri(string path) => new Uri(path).AbsoluteUri;

    [Fact]
    public async Task Csharp_ls_shows_VP_diagnostics_hover_and_completion_and_clears_a_fixed_template()
    {
        string directory = _package.NewProject("IdeConsumer", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="VoicePrompts" Version="$(VoicePromptsUnderTest)" />
              </ItemGroup>
            </Project>
            """, ("Greetings.cs", Greetings), ("Program.cs", Program), ("Prompts/menu.voice.yaml", MenuYaml));
        var restore = Dotnet.Run(directory, "restore");
        Assert.True(restore.ExitCode == 0, restore.Output);

        string greetingsUri = Uri(Path.Combine(directory, "Greetings.cs"));
        string programUri = Uri(Path.Combine(directory, "Program.cs"));
        string yamlUri = Uri(Path.Combine(directory, "Prompts", "menu.voice.yaml"));

        await using var server = LanguageServerClient.Start(ServerDll(), directory);
        await server.RequestAsync("initialize", new
        {
            processId = Environment.ProcessId,
            rootUri = Uri(directory),
            workspaceFolders = new[] { new { uri = Uri(directory), name = "IdeConsumer" } },
            capabilities = new
            {
                workspace = new { configuration = true, diagnostics = new { refreshSupport = false } },
                textDocument = new
                {
                    hover = new { contentFormat = new[] { "markdown", "plaintext" } },
                    completion = new { completionItem = new { snippetSupport = false } },
                    diagnostic = new { dynamicRegistration = false },
                },
            },
        }, Patience);
        await server.NotifyAsync("initialized", new { });
        // Only .cs files are ever opened: csharp-ls is told about C# documents, never about .voice.yaml.
        await server.NotifyAsync("textDocument/didOpen", new { textDocument = new { uri = greetingsUri, languageId = "csharp", version = 1, text = Greetings } });
        await server.NotifyAsync("textDocument/didOpen", new { textDocument = new { uri = programUri, languageId = "csharp", version = 1, text = Program } });

        // VP0015 in the C# file, at the template variable.
        var items = (await server.RequestAsync("textDocument/diagnostic", new { textDocument = new { uri = greetingsUri } }, Patience))!["items"]!.AsArray();
        var vp0015 = items.FirstOrDefault(d => d?["code"]?.ToString() == "VP0015");
        Assert.True(vp0015 is not null, "no VP0015 in Greetings.cs; got: " + items.ToJsonString() + "\n" + server.Log);
        Assert.Contains("Template variable 'nmae' of prompt 'Goodbye' has no parameter", vp0015!["message"]!.GetValue<string>());
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(Position(Greetings, "nmae")),
            new JsonObject { ["line"] = vp0015["range"]!["start"]!["line"]!.GetValue<int>(), ["character"] = vp0015["range"]!["start"]!["character"]!.GetValue<int>() }.ToJsonString());
        Assert.DoesNotContain(items, d => d?["code"]?.ToString() == "CS8795");

        // VP0024 in the YAML file, through workspace diagnostics (how csharp-ls reports additional files).
        var reports = (await server.RequestAsync("workspace/diagnostic", new { previousResultIds = Array.Empty<object>() }, Patience))!["items"]!.AsArray();
        var yamlReport = reports.FirstOrDefault(r => r?["uri"]?.GetValue<string>() == yamlUri);
        Assert.True(yamlReport is not null, "no workspace report for menu.voice.yaml; reports for: " + string.Join(", ", reports.Select(r => r?["uri"])));
        var vp0024 = yamlReport!["items"]!.AsArray().FirstOrDefault(d => d?["code"]?.ToString() == "VP0024");
        Assert.True(vp0024 is not null, yamlReport.ToJsonString());
        Assert.Equal((2, 0), (vp0024!["range"]!["start"]!["line"]!.GetValue<int>(), vp0024["range"]!["start"]!["character"]!.GetValue<int>()));

        // Hover on calls of a C#-declared and a YAML-declared static prompt: template and exact tokens.
        string HoverText(JsonNode? hover) => hover?["contents"] switch
        {
            JsonObject content => content["value"]?.GetValue<string>() ?? "",
            JsonArray parts => string.Join("\n", parts.Select(p => p is JsonObject o ? o["value"]?.GetValue<string>() : p?.GetValue<string>())),
            JsonValue value => value.GetValue<string>(),
            _ => "",
        };
        string helloHover = HoverText(await server.RequestAsync("textDocument/hover",
            new { textDocument = new { uri = programUri }, position = Position(Program, "SpeakHelloAsync", 3) }, Patience));
        Assert.Contains("Hello there, friend.", helloHover);
        Assert.Contains("tokens", helloHover);
        string welcomeHover = HoverText(await server.RequestAsync("textDocument/hover",
            new { textDocument = new { uri = programUri }, position = Position(Program, "SpeakWelcomeAsync", 3) }, Patience));
        Assert.Contains("Welcome to Contoso.", welcomeHover);
        Assert.Contains("tokens", welcomeHover);

        // Completion after "greetings." offers the generated members.
        var completion = await server.RequestAsync("textDocument/completion",
            new { textDocument = new { uri = programUri }, position = Position(Program, "greetings.HelloText", "greetings.".Length) }, Patience);
        var labels = (completion is JsonObject list ? list["items"]!.AsArray() : completion!.AsArray()).Select(i => i?["label"]?.GetValue<string>()).ToList();
        Assert.Contains("StreamHelloAsync", labels);
        Assert.Contains("HelloRequest", labels);
        Assert.Contains("GoodbyeText", labels);

        // Fixing the template clears its diagnostic.
        string fixedGreetings = Greetings.Replace("{{ nmae }}", "{{ name }}", StringComparison.Ordinal);
        await server.NotifyAsync("textDocument/didChange", new
        {
            textDocument = new { uri = greetingsUri, version = 2 },
            contentChanges = new[] { new { text = fixedGreetings } },
        });
        var after = (await server.RequestAsync("textDocument/diagnostic", new { textDocument = new { uri = greetingsUri } }, Patience))!["items"]!.AsArray();
        // Only the model-shutdown warning (VP0028, LSP severity 2) may remain.
        Assert.DoesNotContain(after, d => d?["code"]?.ToString()?.StartsWith("VP", StringComparison.Ordinal) == true
                                          && (d["code"]!.ToString() != "VP0028" || (int)d["severity"]! != 2));
    }
}
