using System.Text.Json;
using VoicePrompts.Tests;

namespace VoicePrompts.Package.Tests;

/// <summary>
/// VoicePrompts.Extensions.AI as users meet it: a fresh project that adds the two packed packages (and MEAI's OpenAI
/// client from the registry) makes generated prompts speak through MEAI, and MEAI middleware speak through VoicePrompts.
/// </summary>
public class ExtensionsAIPackageTests : IClassFixture<PackageFixture>
{
    private readonly PackageFixture _package;

    public ExtensionsAIPackageTests(PackageFixture package) => _package = package;

    [Fact]
    public void The_satellite_package_depends_on_VoicePrompts_of_the_same_version_and_the_abstractions_only()
    {
        var (files, dependencies, _) = _package.SatelliteContents("VoicePrompts.Extensions.AI");
        Assert.Equal(new[]
        {
            "README.md",
            "lib/net10.0/VoicePrompts.Extensions.AI.dll",
            "lib/net10.0/VoicePrompts.Extensions.AI.xml",
            "lib/netstandard2.0/VoicePrompts.Extensions.AI.dll",
            "lib/netstandard2.0/VoicePrompts.Extensions.AI.xml",
        }, files);
        Assert.Equal(new[] { "Microsoft.Extensions.AI.Abstractions 10.11.0", "VoicePrompts " + _package.Version }, dependencies);
    }

    [Fact]
    public async Task A_fresh_project_speaks_generated_prompts_through_MEAI_and_MEAI_middleware_through_VoicePrompts()
    {
        await using var speech = await LoopbackServer.StartAsync(async (context, body) =>
        {
            using var json = JsonDocument.Parse(body);
            context.Response.ContentType = "audio/wav";
            await context.Response.Body.WriteAsync(System.Text.Encoding.UTF8.GetBytes("audio for " + json.RootElement.GetProperty("input").GetString()));
        });
        string directory = _package.NewProject("MeaiConsumer", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <WarningsNotAsErrors>$(WarningsNotAsErrors);VP0028</WarningsNotAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="VoicePrompts" Version="$(VoicePromptsUnderTest)" />
                <PackageReference Include="VoicePrompts.Extensions.AI" Version="$(VoicePromptsUnderTest)" />
                <PackageReference Include="Microsoft.Extensions.AI" Version="10.11.0" />
                <PackageReference Include="Microsoft.Extensions.AI.OpenAI" Version="10.11.0" />
                <PackageReference Include="OpenAI" Version="2.14.0" />
              </ItemGroup>
            </Project>
            """,
            ("Greetings.cs", """
                using VoicePrompts;

                namespace MeaiConsumer;

                [Voice("sage", Instructions = "Friendly and brief.", Format = "wav")]
                public partial class Greetings(ISpeechClient speech)
                {
                    [Prompt("Hello {{ name }}.")]
                    public partial Task<SpeechAudio> SpeakHelloAsync(string name, CancellationToken cancellationToken = default);
                }
                """),
            ("Program.cs", """
                #pragma warning disable MEAI001 // MEAI's text-to-speech abstraction is experimental
                using System.ClientModel;
                using System.Text;
                using Microsoft.Extensions.AI;
                using Microsoft.Extensions.Logging;
                using OpenAI;
                using OpenAI.Audio;
                using VoicePrompts;

                var baseUrl = new Uri(Environment.GetEnvironmentVariable("OPENAI_BASE_URL")!);
                var audioClient = new AudioClient("gpt-4o-mini-tts", new ApiKeyCredential("sk-consumer"), new OpenAIClientOptions { Endpoint = baseUrl });
                using var loggerFactory = LoggerFactory.Create(_ => { });

                // (a) Generated prompts through MEAI's own OpenAI client.
                var greetings = new MeaiConsumer.Greetings(audioClient.AsITextToSpeechClient().AsSpeechClient());
                var hello = await greetings.SpeakHelloAsync("Ada");
                Console.WriteLine("a " + Encoding.UTF8.GetString(hello.Data.Span) + " " + hello.Format);

                // (b) SpeechClient.Default under MEAI middleware.
                using var tts = SpeechClient.Default.AsTextToSpeechClient().AsBuilder().UseLogging(loggerFactory).UseOpenTelemetry().Build();
                var response = await tts.GetAudioAsync("Your table is ready.", new TextToSpeechOptions
                {
                    VoiceId = "coral", AudioFormat = "audio/wav",
                    AdditionalProperties = new AdditionalPropertiesDictionary { ["instructions"] = "Warm." },
                });
                var data = (DataContent)response.Contents.Single();
                Console.WriteLine("b " + Encoding.UTF8.GetString(data.Data.Span) + " " + data.MediaType);
                """));

        var build = Dotnet.Run(directory, "build");
        Assert.True(build.ExitCode == 0, "the consumer failed to build:\n" + build.Output);
        var lines = Dotnet.RunConsumer(directory, speech.BaseUrl);
        Assert.Contains("a audio for Hello Ada. wav", lines);
        Assert.Contains("b audio for Your table is ready. audio/wav", lines);

        var bodies = speech.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();
        Assert.Equal(2, bodies.Count);
        Assert.Equal(("sage", "wav", "Friendly and brief."), (bodies[0].GetProperty("voice").GetString(), bodies[0].GetProperty("response_format").GetString(), bodies[0].GetProperty("instructions").GetString()));
        Assert.Equal(("coral", "wav", "Warm."), (bodies[1].GetProperty("voice").GetString(), bodies[1].GetProperty("response_format").GetString(), bodies[1].GetProperty("instructions").GetString()));
    }
}
