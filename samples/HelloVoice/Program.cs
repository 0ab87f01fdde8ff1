using HelloVoice;
using VoicePrompts;
using VoicePrompts.Generated;

// HelloVoice: every prompt of this app, spoken — or, without credentials, a dry run that shows what would be sent.
var checkout = new CheckoutPrompts();
var menu = new MenuPrompts();

// One request per prompt, with example values for the templated ones.
var requests = new (string Id, SpeechRequest Request)[]
{
    ("HelloVoice.CheckoutPrompts.OrderShipped", checkout.OrderShippedRequest("Alexandra", "A-1042", "tomorrow")),
    ("HelloVoice.CheckoutPrompts.BasketSummary", checkout.BasketSummaryRequest(3)),
    ("HelloVoice.CheckoutPrompts.Goodbye", checkout.GoodbyeRequest()),
    ("HelloVoice.MenuPrompts.Welcome", menu.WelcomeRequest()),
    ("HelloVoice.MenuPrompts.MainMenu", menu.MainMenuRequest()),
    ("HelloVoice.MenuPrompts.QueuePosition", menu.QueuePositionRequest(3, 4)),
};

bool live = !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("OPENAI_API_KEY"))
         || !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("OPENAI_BASE_URL"));

Console.WriteLine($"HelloVoice — {VoicePromptCatalog.All.Count} prompts in the catalog");
Console.WriteLine(live
    ? "Credentials found: synthesizing every prompt into ./out/"
    : "Dry run (set OPENAI_API_KEY, or OPENAI_BASE_URL for a compatible server, to synthesize)");
Console.WriteLine();

foreach (var (id, request) in requests)
{
    var info = VoicePromptCatalog.All.Single(p => p.Id == id);
    // Static prompts carry their exact count from the build; a templated one is counted as rendered.
    string tokens = info.StaticInputTokens is int n
        ? $"static, {n} input tokens (counted at build time)"
        : $"templated, {InputTokens.Count(request.Input)} input tokens as rendered here";
    Console.WriteLine($"{info.Id}  ({info.SourceFile}:{info.Line})");
    Console.WriteLine($"  voice {request.Voice}, model {request.Model}, format {request.Format}, speed {request.Speed?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "default"}; {tokens}");
    if (request.Instructions is not null)
        Console.WriteLine($"  instructions: {request.Instructions}");
    Console.WriteLine($"  text: {request.Input}");

    if (live)
    {
        var audio = await SpeechClient.Default.SynthesizeAsync(request);
        string path = Path.Combine("out", id + audio.Format.FileExtension);
        await audio.SaveAsync(path);
        Console.WriteLine($"  saved {path}: {audio.Data.Length:N0} bytes ({audio.ContentType})");
    }
    Console.WriteLine();
}

// The generated methods in use: the same prompts, called the way an app would.
if (live)
{
    var shipped = await checkout.SpeakOrderShippedAsync("Alexandra", "A-1042", "tomorrow");
    Console.WriteLine($"SpeakOrderShippedAsync: {shipped.Data.Length:N0} bytes");
    long streamed = 0;
    await foreach (var chunk in checkout.StreamBasketSummaryAsync(3))
        streamed += chunk.Length;
    Console.WriteLine($"StreamBasketSummaryAsync: {streamed:N0} bytes streamed");
}
return 0;
