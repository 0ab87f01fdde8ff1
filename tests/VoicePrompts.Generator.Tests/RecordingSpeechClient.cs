using System.Runtime.CompilerServices;

namespace VoicePrompts.Generator.Tests;

/// <summary>An ISpeechClient that records every request and answers with the input's bytes.</summary>
public sealed class RecordingSpeechClient : ISpeechClient
{
    public List<SpeechRequest> Requests { get; } = new();

    public Task<SpeechAudio> SynthesizeAsync(SpeechRequest request, CancellationToken cancellationToken = default)
    {
        lock (Requests) Requests.Add(request);
        return Task.FromResult(new SpeechAudio(System.Text.Encoding.UTF8.GetBytes(request.Input), request.Format));
    }

    public async IAsyncEnumerable<SpeechAudioUpdate> StreamAsync(SpeechRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        lock (Requests) Requests.Add(request);
        byte[] bytes = System.Text.Encoding.UTF8.GetBytes(request.Input);
        for (int i = 0; i < bytes.Length; i += 4)
        {
            await Task.Yield();
            yield return new SpeechAudioUpdate(bytes.AsMemory(i, Math.Min(4, bytes.Length - i)), request.Format);
        }
        yield return new SpeechAudioUpdate(ReadOnlyMemory<byte>.Empty, request.Format) { IsFinal = true, Transcript = request.Input };
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }

    public SpeechRequest Single() => Assert.Single(Requests);
}
