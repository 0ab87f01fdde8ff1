using VoicePrompts;

namespace HelloVoice;

/// <summary>
/// Prompts declared in C#: the class sets the voice, a method may override it. WAV is a format every model makes,
/// gpt-4o-mini-tts and gpt-realtime-2.1-mini alike, so switching models is one MSBuild property.
/// </summary>
[Voice("coral", Instructions = "Warm, upbeat, unhurried.", Format = "wav")]
public partial class CheckoutPrompts
{
    [Prompt("Thanks, {{ name }}! Your order {{ order_id }} ships {{ eta }}.")]
    public partial Task<SpeechAudio> SpeakOrderShippedAsync(
        string name, string orderId, string eta, CancellationToken cancellationToken = default);

    [Prompt("You have {{ count }} {{ if count == 1 }}item{{ else }}items{{ end }} in your basket.")]
    public partial IAsyncEnumerable<ReadOnlyMemory<byte>> StreamBasketSummaryAsync(int count, CancellationToken cancellationToken = default);

    [Prompt("Thanks for shopping with us. Goodbye!")]
    [Voice("marin", Instructions = "A little slower.", Format = "wav")]
    public partial Task<SpeechAudio> SpeakGoodbyeAsync(CancellationToken cancellationToken = default);
}
