using System.Net;
using System.Text.Json;

namespace VoicePrompts.Package.Tests;

/// <summary>
/// VoicePrompts.AspNetCore as users meet it: the packed package in a fresh web project that maps the review page over
/// its own YAML prompts; the page, its script and its list come from the package's embedded assets.
/// </summary>
public class AspNetCorePackageTests : IClassFixture<PackageFixture>
{
    private readonly PackageFixture _package;

    public AspNetCorePackageTests(PackageFixture package) => _package = package;

    [Fact]
    public void The_package_carries_its_assembly_for_net10_and_depends_on_VoicePrompts_and_ASP_NET_Core_only()
    {
        var (files, dependencies, text) = _package.SatelliteContents("VoicePrompts.AspNetCore");
        Assert.Equal(new[] { "README.md", "lib/net10.0/VoicePrompts.AspNetCore.dll", "lib/net10.0/VoicePrompts.AspNetCore.xml" }, files);
        Assert.Equal(new[] { "VoicePrompts " + _package.Version }, dependencies);
        Assert.Contains("<frameworkReference name=\"Microsoft.AspNetCore.App\" />", text);
    }

    [Fact]
    public async Task A_fresh_web_project_maps_the_review_page_over_its_own_prompts()
    {
        string directory = _package.NewProject("ReviewConsumerWeb", """
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <WarningsNotAsErrors>$(WarningsNotAsErrors);VP0028</WarningsNotAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="VoicePrompts" Version="$(VoicePromptsUnderTest)" />
                <PackageReference Include="VoicePrompts.AspNetCore" Version="$(VoicePromptsUnderTest)" />
              </ItemGroup>
            </Project>
            """,
            ("Prompts/shop.voice.yaml", """
                class: ReviewConsumerWeb.Shop
                voice: coral
                pronounce:
                  SKU: skew
                prompts:
                  welcome: Welcome to Contoso.
                  shipped:
                    text: "Your SKU {{ sku }} ships in {{ days }} days."
                    parameters:
                      sku: { type: string, example: A-1042 }
                      days: { type: int, example: "3" }
                """),
            ("Program.cs", """
                var builder = WebApplication.CreateBuilder(args);
                builder.Services.AddVoicePrompts(o => o.UseDiskCache(Path.Combine(AppContext.BaseDirectory, "voice-cache")));
                builder.Services.AddVoicePromptsReview();
                var app = builder.Build();
                app.MapVoicePromptsReview("/voiceprompts");
                app.Run();
                """));

        var build = Dotnet.Run(directory, "build");
        Assert.True(build.ExitCode == 0, "the consumer failed to build:\n" + build.Output);
        Assert.Contains(" 1 Warning(s)", build.Output); // VP0028 only

        int port = ConsumerServer.FreePort();
        // Not "--environment": dotnet run 10 takes that option itself (environment variables).
        using var app = ConsumerServer.Start(directory, port, out var output,
            new Dictionary<string, string> { ["OPENAI_API_KEY"] = "sk-consumer-key", ["ASPNETCORE_ENVIRONMENT"] = "Development" });
        try
        {
            await ConsumerServer.WaitForPortAsync(port, app, output);
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/voiceprompts/") };
            string page = await client.GetStringAsync("");
            Assert.Contains("<title>Voice prompts · review</title>", page);
            Assert.Contains("vp-antiforgery-token", page);
            Assert.Contains("drawWaveforms", await client.GetStringAsync("review.js"));
            var rows = JsonDocument.Parse(await client.GetStringAsync("api/prompts")).RootElement.GetProperty("rows").EnumerateArray().ToList();
            Assert.Equal(new[] { "ReviewConsumerWeb.Shop.Shipped", "ReviewConsumerWeb.Shop.Welcome" }, rows.Select(r => r.GetProperty("id").GetString()));
            Assert.Equal("Your SKU A-1042 ships in 3 days.", rows[0].GetProperty("text").GetString());
            Assert.Equal("Your skew A-1042 ships in 3 days.", rows[0].GetProperty("spoken").GetString());
            Assert.Contains("missing", rows[1].GetProperty("states").EnumerateArray().Select(s => s.GetString()));
            Assert.DoesNotContain("sk-consumer-key", page + await client.GetStringAsync("api/prompts"));
            // Redirected to the trailing slash, where the page's relative links resolve.
            using var noRedirect = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
            var bare = await noRedirect.GetAsync($"http://127.0.0.1:{port}/voiceprompts");
            Assert.Equal(HttpStatusCode.Redirect, bare.StatusCode);
            Assert.Equal("/voiceprompts/", bare.Headers.Location!.OriginalString);
        }
        finally
        {
            app.Kill(entireProcessTree: true);
            await app.WaitForExitAsync();
        }
    }
}
