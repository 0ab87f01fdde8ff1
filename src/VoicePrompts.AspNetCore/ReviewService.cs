using Microsoft.Extensions.Logging;
using VoicePrompts.Caching;

namespace VoicePrompts.AspNetCore;

/// <summary>
/// What the page's endpoints do: list the rows with their cache and review state, hand out clips, synthesize a
/// missing one into the app's cache, record a decision. Reads the app's own <see cref="ISpeechClient"/> stack, so a
/// clip is looked up under the key the app uses and a synthesis goes where the app's would.
/// </summary>
internal sealed class ReviewService
{
    private readonly ISpeechClient _client;
    private readonly ISpeechAudioStore? _store;
    private readonly PromptReviews? _reviews;
    private readonly VoicePromptsReviewOptions _options;
    private readonly ILogger _logger;
    private readonly Dictionary<string, PromptRow> _rows;
    // Each row's cache key: its request and the app's client never change, and the list reads it for every row.
    private readonly Dictionary<PromptRow, string> _keys = new();
    private readonly List<PromptRow> _ordered;
    // A Realtime read whose transcript did not match: never cached (the caching client refuses it), kept here so the
    // designer hears what went wrong and sees it as "drifted" until a faithful read replaces it.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, SpeechAudio> _drifted = new(StringComparer.Ordinal);

    public ReviewService(IReadOnlyList<PromptInfo> prompts, ISpeechClient client, string? reviewDirectory, VoicePromptsReviewOptions options, ILogger logger)
    {
        _client = client;
        _store = client.GetService<ISpeechAudioStore>();
        _reviews = reviewDirectory is null ? null : new PromptReviews(reviewDirectory);
        _options = options;
        _logger = logger;
        _ordered = prompts.Select(PromptRow.For).ToList();
        _rows = new Dictionary<string, PromptRow>(StringComparer.Ordinal);
        foreach (var row in _ordered)
        {
            _rows.TryAdd(row.RowId, row); // two assemblies declaring one id: the first is the one the endpoints name
            if (row.Request is not null)
                _keys[row] = SpeechCacheKey.For(row.Request, client);
        }
    }

    public bool ReviewsEnabled => _reviews is not null && _store is not null;

    public PromptRow? Find(string? id, string? culture) =>
        id is not null && _rows.TryGetValue(PromptRow.RowIdOf(id, string.IsNullOrEmpty(culture) ? null : culture), out var row) ? row : null;

    public async Task<ReviewListView> ListAsync(CancellationToken cancellationToken)
    {
        var views = new List<RowView>(_ordered.Count);
        foreach (var row in _ordered)
            views.Add(await ViewAsync(row, cancellationToken));
        string? notice = _store is null
            ? "The app's speech client has no cache (AddVoicePrompts(o => o.UseDiskCache(…)) or UseHybridCache()): clips can be heard once but are not kept, and nothing can be approved."
            : _reviews is null ? "No review folder: set VoicePromptsReviewOptions.ReviewDirectory (or use a disk cache, whose folder keeps them) to record approvals."
            : null;
        return new ReviewListView(views, ReviewsEnabled, _options.RenderAllCostCapUsd, notice);
    }

    /// <summary>The row's clip in the app's cache, or null.</summary>
    public async Task<SpeechAudio?> StoredClipAsync(PromptRow row, CancellationToken cancellationToken) =>
        _store is null || row.Request is null ? null : await _store.GetAsync(KeyOf(row), cancellationToken);

    /// <summary>The clip the page shows: the cached one, else the last drifted read of this process.</summary>
    public async Task<SpeechAudio?> ClipAsync(PromptRow row, CancellationToken cancellationToken) =>
        await StoredClipAsync(row, cancellationToken) ?? DriftedOf(row);

    private SpeechAudio? DriftedOf(PromptRow row) => _drifted.TryGetValue(row.RowId, out var drifted) ? drifted : null;

    public async Task<RowView> ViewAsync(PromptRow row, CancellationToken cancellationToken)
    {
        var prompt = row.Prompt;
        var stored = await StoredClipAsync(row, cancellationToken);
        var clip = stored ?? DriftedOf(row);
        ClipView? clipView = null;
        string? sha = null;
        var states = new List<string>();
        if (clip is not null)
        {
            sha = PromptReviews.HashOf(clip.Data);
            clipView = new ClipView(clip.Format.Value, clip.SampleRate, clip.Data.Length, clip.Duration?.TotalSeconds,
                clip.Transcript, clip.TranscriptMatchesInput, clip.Usage?.EstimateCostUsd(prompt.Model, prompt.ModelSettings), sha);
            if (clip.TranscriptMatchesInput == false)
                states.Add(ReviewStates.Drifted);
        }
        else
        {
            states.Add(row.Request is null ? ReviewStates.NoExamples : ReviewStates.Missing);
        }

        ReviewView review = new(ReviewStates.Unreviewed, null, null, null, null, null, null);
        if (_reviews is not null && row.Request is not null)
        {
            IReadOnlyList<ReviewDecision> history;
            try
            {
                history = _reviews.Read(prompt.Id, prompt.Language);
            }
            catch (InvalidDataException ex)
            {
                // Shown on the row rather than failing the whole list; a decision on it is refused until it is fixed.
                history = Array.Empty<ReviewDecision>();
                review = review with { Problem = ex.Message };
            }
            // Without a clip there is nothing to judge, but an earlier decision says the prompt was reviewed before and
            // has changed since.
            var status = stored is not null ? PromptReviews.StatusOf(history, KeyOf(row), sha!)
                : history.Count > 0 ? new ReviewStatus(ReviewState.NeedsReview, history[^1])
                : new ReviewStatus(ReviewState.Unreviewed, null);
            review = new ReviewView(ReviewStates.Of(status.State), status.Last?.Decision, status.Last?.Comment, status.Last?.Reviewer, status.Last?.At,
                status.State == ReviewState.NeedsReview ? PromptReviews.Changes(status.Last!, row.Request, sha) : null, review.Problem);
        }
        // "Needs review" (judged before, changed since) is listed among the unreviewed, with or without a new clip.
        if (review.State == ReviewStates.NeedsReview)
            states.AddRange(new[] { ReviewStates.Unreviewed, ReviewStates.NeedsReview });
        else if (stored is not null)
            states.Add(review.State);

        int dot = prompt.Id.LastIndexOf('.');
        string? spoken = row.Request is not null && row.Request.Input != row.Written ? row.Request.Input : null;
        return new RowView(row.RowId, prompt.Id, dot > 0 ? prompt.Id[..dot] : "", dot > 0 ? prompt.Id[(dot + 1)..] : prompt.Id, prompt.Language,
            prompt.SourceFile, prompt.Line, prompt.Template, row.Written, spoken, prompt.IsStatic, row.Unavailable,
            prompt.Voice, prompt.Model, prompt.Format.Value, prompt.Instructions, prompt.Speed,
            row.InputTokens, row.EstimatedCostUsd(), clipView, review, states);
    }

    /// <summary>Synthesizes the row's clip through the app's client and keeps it in the app's cache.</summary>
    public async Task<SpeechAudio> SynthesizeAsync(PromptRow row, CancellationToken cancellationToken)
    {
        var request = row.Request ?? throw new InvalidOperationException(row.Unavailable);
        SpeechAudio audio;
        try
        {
            audio = await _client.SynthesizeAsync(request, cancellationToken);
        }
        catch (SpeechFidelityException ex) when (ex.Audio is not null)
        {
            // The model said something else, every attempt: shown as drifted, with what it said.
            audio = new SpeechAudio(ex.Audio.Data, ex.Audio.Format, ex.Audio.ContentType)
            {
                SampleRate = ex.Audio.SampleRate, Usage = ex.Audio.Usage, RequestId = ex.Audio.RequestId,
                Transcript = ex.Transcript, TranscriptMatchesInput = false,
            };
        }
        if (audio.TranscriptMatchesInput == false)
        {
            _drifted[row.RowId] = audio;
            _logger.LogWarning("Review page: {Prompt} drifted: the model said \"{Transcript}\"", row.Prompt, audio.Transcript);
            return audio;
        }
        _drifted.TryRemove(row.RowId, out _);
        // A caching client has stored it already.
        if (_store is not null && await _store.GetAsync(KeyOf(row), cancellationToken) is null)
            await _store.SetAsync(KeyOf(row), audio, cancellationToken);
        _logger.LogInformation("Review page: synthesized {Prompt} ({Bytes} bytes)", row.Prompt, audio.Data.Length);
        return audio;
    }

    /// <summary>
    /// Records a decision on the row's current clip, with who made it (the signed-in user's name, when the page is
    /// behind authentication); false when there is no clip to judge.
    /// </summary>
    public async Task<bool> DecideAsync(PromptRow row, string decision, string? comment, string? reviewer, CancellationToken cancellationToken)
    {
        if (_reviews is null || await StoredClipAsync(row, cancellationToken) is not { } clip)
            return false;
        var request = row.Request!;
        _reviews.Append(row.Prompt.Id, row.Prompt.Language, new ReviewDecision
        {
            Decision = decision,
            Comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim(),
            Reviewer = reviewer,
            At = DateTimeOffset.UtcNow,
            Key = KeyOf(row),
            AudioSha256 = PromptReviews.HashOf(clip.Data),
            Input = request.Input,
            Voice = request.Voice.ToString(),
            Instructions = request.Instructions,
            Model = request.Model,
            Format = request.Format.Value,
        });
        _logger.LogInformation("Review page: {Prompt} {Decision}", row.Prompt, decision);
        return true;
    }

    private string KeyOf(PromptRow row) => _keys[row];
}
