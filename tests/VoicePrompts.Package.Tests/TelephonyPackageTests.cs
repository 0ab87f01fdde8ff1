using System.Diagnostics;
using VoicePrompts.Telephony.Tests;
using VoicePrompts.Tests;

namespace VoicePrompts.Package.Tests;

/// <summary>
/// VoicePrompts.Telephony as users meet it: the packed package in a fresh web project whose prompt flow a Twilio
/// peer calls, with the project's own μ-law prompt spoken from a loopback speech server's PCM.
/// </summary>
public class TelephonyPackageTests : IClassFixture<PackageFixture>
{
    private readonly PackageFixture _package;

    public TelephonyPackageTests(PackageFixture package) => _package = package;

    [Fact]
    public void The_package_carries_its_assembly_for_net10_and_depends_on_VoicePrompts_Twilio_and_ASP_NET_Core()
    {
        var (files, dependencies, text) = _package.SatelliteContents("VoicePrompts.Telephony");
        Assert.Equal(new[] { "README.md", "lib/net10.0/VoicePrompts.Telephony.dll", "lib/net10.0/VoicePrompts.Telephony.xml" }, files);
        Assert.Equal(new[] { "Twilio 8.2.0", "VoicePrompts " + _package.Version }, dependencies);
        Assert.Contains("<frameworkReference name=\"Microsoft.AspNetCore.App\" />", text);
    }

    [Fact]
    public async Task A_fresh_web_project_answers_a_Twilio_call_with_its_own_prompt()
    {
        await using var speech = await LoopbackServer.StartAsync(async (context, body) =>
        {
            WireRules.Check(body);
            context.Response.ContentType = "audio/pcm";
            await context.Response.Body.WriteAsync(new byte[9600]); // 200 ms of silence at 24 kHz
        });
        string directory = _package.NewProject("PhoneConsumerWeb", """
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <WarningsNotAsErrors>$(WarningsNotAsErrors);VP0028</WarningsNotAsErrors>
                <!-- This machine's registry serves newer versions of Twilio's token libraries than it names (PITFALLS). -->
                <NoWarn>$(NoWarn);NU1603</NoWarn>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="VoicePrompts" Version="$(VoicePromptsUnderTest)" />
                <PackageReference Include="VoicePrompts.Telephony" Version="$(VoicePromptsUnderTest)" />
              </ItemGroup>
            </Project>
            """,
            ("Prompts/ivr.voice.yaml", """
                class: PhoneConsumerWeb.Ivr
                voice: marin
                format: pcmu
                prompts:
                  welcome: Welcome to Contoso.
                """),
            ("Program.cs", """
                using VoicePrompts;
                using VoicePrompts.Telephony;

                var builder = WebApplication.CreateBuilder(args);
                builder.Services.AddVoicePrompts(o => o.BaseUrl = new Uri(builder.Configuration["SpeechUrl"]!));
                builder.Services.AddSingleton<PhoneConsumerWeb.Ivr>();
                builder.Services.AddVoicePromptsTelephony<Welcome>(configure: o =>
                {
                    o.TwilioAuthToken = "consumer-token";
                    o.PublicBaseUrl = new Uri("https://consumer.example.test");
                });
                var app = builder.Build();
                app.UseWebSockets();
                app.MapTwilioMediaStreams();
                app.Run();

                sealed class Welcome(PhoneConsumerWeb.Ivr ivr) : IPhoneCallHandler
                {
                    public async Task HandleCallAsync(PhoneCall call, CancellationToken cancellationToken)
                    {
                        var result = await call.PlayAsync(ivr.WelcomeRequest(), cancellationToken: cancellationToken);
                        Console.WriteLine("played " + result.Outcome);
                    }
                }

                namespace PhoneConsumerWeb
                {
                    public partial class Ivr(ISpeechClient speech);
                }
                """));

        var build = Dotnet.Run(directory, "build");
        Assert.True(build.ExitCode == 0, "the consumer failed to build:\n" + build.Output);
        Assert.Contains(" 1 Warning(s)", build.Output); // VP0028 only

        int port = ConsumerServer.FreePort();
        using var app = ConsumerServer.Start(directory, port, out var output, new Dictionary<string, string> { ["OPENAI_API_KEY"] = "sk-consumer" },
            "--SpeechUrl", speech.BaseUrl.ToString());
        try
        {
            await ConsumerServer.WaitForPortAsync(port, app, output);
            await using var peer = await TwilioPeer.ConnectAsync(new Uri($"ws://127.0.0.1:{port}/twilio/media"), new Uri("https://consumer.example.test"), "consumer-token", playbackRate: 20);
            await peer.Closed.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Empty(peer.Violations);
            var audio = peer.AudioBefore("prompt-1");
            Assert.Equal(1600, audio.Length); // 200 ms of μ-law
            Assert.All(audio, b => Assert.Equal(0xFF, b)); // silence
            for (int i = 0; i < 100 && !output.ToString().Contains("played Completed", StringComparison.Ordinal); i++) await Task.Delay(50);
            Assert.Contains("played Completed", output.ToString());
        }
        finally
        {
            app.Kill(entireProcessTree: true);
            await app.WaitForExitAsync();
        }
    }
}
