namespace VoicePrompts.Generator.Tests;

/// <summary>Tests that replace the process-wide <see cref="SpeechClient.Default"/> run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DefaultClientCollection
{
    public const string Name = "SpeechClient.Default";
}
