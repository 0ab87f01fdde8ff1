using System.Globalization;

namespace VoicePrompts.AspNetCore;

/// <summary>
/// One prompt × culture as the page lists it: the request the app would send (a static prompt's, or a templated
/// prompt's rendered with its examples) and what the build knows of it. Made once per catalog entry; what the cache
/// and the reviews say is read per request (<see cref="ReviewService"/>).
/// </summary>
internal sealed class PromptRow
{
    // An estimate, shown with "≈": speech runs near 15 characters a second, and OpenAI's speech models bill about 20
    // audio output tokens a second (gpt-4o-mini-tts: $0.015 a minute at $12 per 1M audio tokens).
    private const double CharactersPerSecond = 15, AudioTokensPerSecond = 20;

    private PromptRow(PromptInfo prompt, string? written, SpeechRequest? request, string? unavailable)
    {
        Prompt = prompt;
        Written = written;
        Request = request;
        Unavailable = unavailable;
    }

    public PromptInfo Prompt { get; }

    /// <summary><c>{id}|{culture}</c>: how the page and the endpoints name the row.</summary>
    public string RowId => RowIdOf(Prompt.Id, Prompt.Language);

    /// <summary>The text as written (templated prompts rendered with their examples); null when it cannot be rendered.</summary>
    public string? Written { get; }

    /// <summary>What would be sent; null when a templated prompt lacks examples.</summary>
    public SpeechRequest? Request { get; }

    /// <summary>Why there is no request (no examples, or they do not render).</summary>
    public string? Unavailable { get; }

    public int? InputTokens => Request is null ? null : Prompt.StaticInputTokens ?? VoicePrompts.InputTokens.Count(Request.Input);

    public static string RowIdOf(string id, string? culture) => id + "|" + (culture ?? "");

    public static PromptRow For(PromptInfo prompt)
    {
        var culture = prompt.Language is null ? CultureInfo.InvariantCulture : CultureInfo.GetCultureInfo(prompt.Language);
        if (prompt.IsStatic)
            return new PromptRow(prompt, Render(prompt, culture, null, out _) ?? prompt.StaticInput, prompt.CreateRequest(), null);

        if (prompt.Examples is not { Count: > 0 } examples)
            return new PromptRow(prompt, null, null, prompt.SourceFile.EndsWith(".voice.yaml", StringComparison.OrdinalIgnoreCase)
                ? "no example values: give its parameters an example (example: in the .voice.yaml) to hear it here"
                : "no example values: a prompt declared in C# has none (a .voice.yaml parameter's example: gives one)");
        if (Render(prompt, culture, examples, out string? error) is not { } written)
            return new PromptRow(prompt, null, null, "its examples do not render (" + error + "); give every parameter an example");
        string spoken = prompt.Pronunciations?.Apply(written) ?? written;
        var request = new SpeechRequest(prompt.Model, SpeechVoice.Parse(prompt.Voice), spoken)
        {
            Instructions = prompt.Instructions, Format = prompt.Format, Speed = prompt.Speed, Language = prompt.Language,
            ModelSettings = prompt.ModelSettings,
        };
        return new PromptRow(prompt, written, request, null);
    }

    /// <summary>The template rendered as the generated code renders it; null (and why) when it does not render, e.g. a variable has no value.</summary>
    private static string? Render(PromptInfo prompt, CultureInfo culture, IReadOnlyDictionary<string, object?>? values, out string? error)
    {
        error = null;
        try
        {
            return PromptTemplate.Parse(prompt.Template).Render(values ?? new Dictionary<string, object?>(), culture);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException)
        {
            error = ex.Message;
            return null;
        }
    }

    /// <summary>
    /// The cost of synthesizing it: input at the listed price (exact tokens, instructions included), audio output
    /// estimated from the text's length. Null when the model has no listed price.
    /// </summary>
    public decimal? EstimatedCostUsd()
    {
        if (Request is null || InputTokens is not int input)
            return null;
        int instructions = Request.Instructions is { } text ? VoicePrompts.InputTokens.Count(text) : 0;
        double seconds = Request.Input.Length / CharactersPerSecond / (Request.Speed ?? 1.0);
        int audio = (int)Math.Ceiling(seconds * AudioTokensPerSecond);
        var usage = new SpeechUsage(input + instructions, audio, input + instructions + audio)
        {
            InputTextTokens = input + instructions, OutputAudioTokens = audio,
        };
        return usage.EstimateCostUsd(Prompt.Model, Prompt.ModelSettings);
    }
}

/// <summary>A row as the page receives it (JSON).</summary>
internal sealed record RowView(
    string RowId, string Id, string ClassName, string Name, string? Culture, string SourceFile, int Line,
    string Template, string? Text, string? Spoken, bool IsStatic, string? Unavailable,
    string Voice, string Model, string Format, string? Instructions, double? Speed,
    int? InputTokens, decimal? EstimatedCostUsd, ClipView? Clip, ReviewView Review, IReadOnlyList<string> States);

/// <summary>A cached clip: how long, how big, what a Realtime read said, and what it cost.</summary>
internal sealed record ClipView(
    string Format, int? SampleRate, int Bytes, double? DurationSeconds, string? Transcript, bool? TranscriptMatches,
    decimal? CostUsd, string AudioSha256);

/// <summary>
/// Where the review stands; <c>Changed</c> says what differs from the clip last judged, <c>Problem</c> why the
/// prompt's review file could not be read.
/// </summary>
internal sealed record ReviewView(string State, string? Decision, string? Comment, string? Reviewer, DateTimeOffset? At, IReadOnlyList<string>? Changed, string? Problem);

/// <summary>Answered by the prompts endpoint.</summary>
internal sealed record ReviewListView(
    IReadOnlyList<RowView> Rows, bool ReviewsEnabled, decimal RenderAllCostCapUsd, string? Notice);

/// <summary>A decision posted by the page.</summary>
internal sealed record ReviewPost(string? Decision, string? Comment);

internal static class ReviewStates
{
    public const string Missing = "missing", Unreviewed = "unreviewed", NeedsReview = "needs-review",
        Approved = "approved", Rejected = "rejected", Drifted = "drifted", NoExamples = "no-examples";

    public static string Of(ReviewState state) => state switch
    {
        ReviewState.Approved => Approved,
        ReviewState.Rejected => Rejected,
        ReviewState.NeedsReview => NeedsReview,
        _ => Unreviewed,
    };
}
