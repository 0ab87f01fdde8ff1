using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using VoicePrompts;

namespace PhoneMenu;

/// <summary>
/// One simulated call: each step streams its prompt to a file as the audio arrives — what a telephony bridge does
/// with the bytes, minus the phone line — and reports the time to the first audio byte.
/// </summary>
public sealed class CallFlow(IvrPrompts prompts, IConfiguration configuration)
{
    private readonly string _company = configuration["PhoneMenu:CompanyName"] ?? "our company";
    private readonly string _output = configuration["PhoneMenu:OutputDirectory"] ?? "calls";

    /// <summary>The steps of a call, as (name, request, stream) — the request for a dry run, the stream to play.</summary>
    public IEnumerable<(string Step, SpeechRequest Request, Func<CancellationToken, IAsyncEnumerable<SpeechAudioUpdate>> Play)> Steps(bool open)
    {
        yield return ("greeting", prompts.GreetingRequest(_company, open), ct => prompts.StreamGreetingAsync(_company, open, ct));
        yield return ("main-menu", prompts.MainMenuRequest(), prompts.StreamMainMenuAsync);
        yield return ("queue", prompts.QueuePositionRequest(3, 4), ct => prompts.StreamQueuePositionAsync(3, 4, ct));
        yield return ("transfer", prompts.TransferRequest("card services"), ct => prompts.StreamTransferAsync("card services", ct));
        yield return ("goodbye", prompts.GoodbyeRequest(), prompts.StreamGoodbyeAsync);
    }

    public void DryRun(bool open)
    {
        foreach (var (step, request, _) in Steps(open))
        {
            Console.WriteLine($"{step,-10} {request.Voice} / {request.Model}, {InputTokens.Count(request.Input)} input tokens");
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
