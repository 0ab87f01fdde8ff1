using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using VoicePrompts;

namespace PhoneMenu;

/// <summary>
/// One simulated call: each step streams its prompt to a file as the audio arrives — what a telephony bridge does
/// with the bytes, minus the phone line — and reports the time to the first audio byte. The call's language is
/// <c>PhoneMenu:Culture</c> (<c>--culture fr-CA</c> on the command line): the generated methods speak the translation
/// for the current UI culture, set around each call of them.
/// </summary>
public sealed class CallFlow(IvrPrompts prompts, IConfiguration configuration)
{
    private readonly string _company = configuration["PhoneMenu:CompanyName"] ?? "our company";
    private readonly string _output = configuration["PhoneMenu:OutputDirectory"] ?? "calls";

    /// <summary>The caller's language; the invariant culture (the English text) when none is configured.</summary>
    public CultureInfo Culture { get; } = CultureInfo.GetCultureInfo(configuration["PhoneMenu:Culture"] ?? "");

    /// <summary>The steps of a call, as (name, request, stream) — the request for a dry run, the stream to play.</summary>
    public IEnumerable<(string Step, SpeechRequest Request, Func<CancellationToken, IAsyncEnumerable<SpeechAudioUpdate>> Play)> Steps(bool open)
    {
        yield return ("greeting", InCallLanguage(() => prompts.GreetingRequest(_company, open)), ct => InCallLanguage(() => prompts.StreamGreetingAsync(_company, open, ct)));
        yield return ("main-menu", InCallLanguage(prompts.MainMenuRequest), ct => InCallLanguage(() => prompts.StreamMainMenuAsync(ct)));
        yield return ("queue", InCallLanguage(() => prompts.QueuePositionRequest(3, 4)), ct => InCallLanguage(() => prompts.StreamQueuePositionAsync(3, 4, ct)));
        // A value passed into a prompt is the app's to translate; the template around it is the prompt's.
        string department = PhoneMenuCall.Department("2", Culture)!;
        yield return ("transfer", InCallLanguage(() => prompts.TransferRequest(department)), ct => InCallLanguage(() => prompts.StreamTransferAsync(department, ct)));
        yield return ("goodbye", InCallLanguage(prompts.GoodbyeRequest), ct => InCallLanguage(() => prompts.StreamGoodbyeAsync(ct)));
    }

    private T InCallLanguage<T>(Func<T> speak) => CallLanguage.Apply(Culture, speak);

    public void DryRun(bool open)
    {
        foreach (var (step, request, _) in Steps(open))
        {
            Console.WriteLine($"{step,-10} {request.Voice} / {request.Model}, {request.Language ?? "neutral"}, {InputTokens.Count(request.Input)} input tokens");
            Console.WriteLine($"           \"{request.Input}\"");
        }
    }

    public async Task PlayAsync(bool open, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_output);
        foreach (var (step, request, play) in Steps(open))
        {
            string path = Path.Combine(_output, step + request.Format.FileExtension);
            var watch = Stopwatch.StartNew();
            double? firstByte = null;
            long bytes = 0;
            await using (var file = File.Create(path))
            {
                await foreach (var update in play(cancellationToken))
                {
                    if (update.Data.IsEmpty) continue; // the final update reports, it carries no audio
                    firstByte ??= watch.Elapsed.TotalMilliseconds;
                    await file.WriteAsync(update.Data, cancellationToken); // written as it arrives, not after
                    bytes += update.Data.Length;
                }
            }
            Console.WriteLine($"{step,-10} first audio after {firstByte:F0} ms, {bytes:N0} bytes in {watch.Elapsed.TotalMilliseconds:F0} ms -> {path}");
        }
    }
}

/// <summary>
/// Calls a generated method with a call's language as the UI culture: it picks the translation (and the request's
/// Language) from it. Restored at once, so other calls on the same thread keep theirs.
/// </summary>
public static class CallLanguage
{
    public static T Apply<T>(CultureInfo culture, Func<T> speak)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = culture;
        try
        {
            return speak();
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
