namespace VoicePrompts.Generator.Tests;

/// <summary>Tests that replace the process-wide <see cref="SpeechClient.Default"/> run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DefaultClientCollection
{
    public const string Name = "SpeechClient.Default";
}

internal static class DefaultClient
{
    /// <summary>Runs <paramref name="call"/> with a recording client as <see cref="SpeechClient.Default"/>, then restores it.</summary>
    public static async Task<RecordingSpeechClient> RecordAsync(Func<Task> call)
    {
        var client = new RecordingSpeechClient();
        var previous = SpeechClient.Default;
        SpeechClient.Default = client;
        try
        {
            await call();
            return client;
        }
        finally
        {
            SpeechClient.Default = previous;
        }
    }
}
