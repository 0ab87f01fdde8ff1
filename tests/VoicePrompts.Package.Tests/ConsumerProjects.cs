namespace VoicePrompts.Package.Tests;

/// <summary>The project files of the fresh consumers the package tests build: they reference only <c>VoicePrompts</c>.</summary>
internal static class ConsumerProjects
{
    /// <summary>A console app that treats warnings as errors, as the generated code must pass.</summary>
    public const string Exe = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFramework>net10.0</TargetFramework>
            <ImplicitUsings>enable</ImplicitUsings>
            <Nullable>enable</Nullable>
            <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
            <!-- The default model's shutdown (VP0028) is meant to be seen, not to stop these builds. -->
            <WarningsNotAsErrors>$(WarningsNotAsErrors);VP0028</WarningsNotAsErrors>
            <GenerateDocumentationFile>true</GenerateDocumentationFile>
            <NoWarn>$(NoWarn);CS1591</NoWarn>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="VoicePrompts" Version="$(VoicePromptsUnderTest)" />
          </ItemGroup>
        </Project>
        """;

    /// <summary>A library with default warning settings, so a build shows warnings as warnings.</summary>
    public const string Library = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <ImplicitUsings>enable</ImplicitUsings>
            <Nullable>enable</Nullable>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="VoicePrompts" Version="$(VoicePromptsUnderTest)" />
          </ItemGroup>
        </Project>
        """;

    /// <summary><see cref="Exe"/> with more MSBuild properties.</summary>
    public static string ExeWith(string properties) =>
        Exe.Replace("</PropertyGroup>", properties + "\n  </PropertyGroup>", StringComparison.Ordinal);
}
