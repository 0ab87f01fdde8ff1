using System.Globalization;
using System.Reflection;
using VoicePrompts.Caching;

namespace VoicePrompts.Prerender;

/// <summary>Loads the app's catalog, prints the plan and its cost, renders what is missing with progress.</summary>
internal static class PrerenderCommand
{
    public const int Ok = 0, SomeFailed = 1, UsageError = 2, OverBudget = 3, NotApproved = 4;

    public static async Task<int> RunAsync(PrerenderArguments arguments, TextWriter output, TextWriter errors, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<PromptInfo> prompts;
        try
        {
            prompts = LoadCatalog(arguments.AppAssembly);
        }
        catch (Exception ex) when (ex is InvalidOperationException or BadImageFormatException or FileLoadException or FileNotFoundException or ReflectionTypeLoadException)
        {
            errors.WriteLine("error: " + ex.Message);
            return UsageError;
        }

        var options = OpenAISpeechClientOptions.FromEnvironment();
        if (arguments.BaseUrl is not null) options.BaseUrl = arguments.BaseUrl;
        using var client = new OpenAISpeechClient(options);
        if (arguments.PackDirectory is not null)
            return await RunPackAsync(arguments, prompts, client, options, output, errors, cancellationToken);

        var store = new DiskSpeechAudioStore(arguments.CacheDirectory!, arguments.MaxBytes);
        if (arguments.ApprovalCheck != ApprovalCheck.None)
            return await CheckApprovalsAsync(arguments, prompts, store, client.Metadata, output, errors, cancellationToken);
        var prerenderer = new PromptPrerenderer(client, store);
        var plan = await prerenderer.PlanAsync(prompts, cancellationToken);

        var toRender = plan.ToRender.ToList();
        output.WriteLine($"VoicePrompts pre-render: {Path.GetFileName(arguments.AppAssembly)} -> {store.Directory}");
        // A translated prompt is listed once per culture; each is its own clip.
        int distinctPrompts = prompts.Select(p => p.Id).Distinct(StringComparer.Ordinal).Count();
        string counted = distinctPrompts == prompts.Count ? $"{prompts.Count} prompts"
            : $"{distinctPrompts} prompts ({prompts.Count} with their translations: {string.Join(", ", prompts.Select(p => p.Language ?? "neutral").Distinct(StringComparer.Ordinal))})";
        output.WriteLine($"  {counted}: {plan.Items.Count} distinct static clips ({plan.Items.Count - toRender.Count} already cached, {toRender.Count} to render); {plan.Templated} templated (rendered at run time)");
        if (toRender.Count > 0)
        {
            output.WriteLine($"  input to render: {plan.InputTokens.ToString("N0", CultureInfo.InvariantCulture)} tokens (+ {plan.InstructionTokens.ToString("N0", CultureInfo.InvariantCulture)} tokens of instructions)"
                             + $" = about {Usd(plan.EstimatedInputCostUsd)} at OpenAI's listed {string.Join(" / ", plan.InputPrices.Select(Price))} per 1M input tokens");
            if (plan.AudioOutputPrices.Count > 0)
                output.WriteLine($"  this estimate covers input only: audio output is billed separately ({string.Join(" / ", plan.AudioOutputPrices.Select(Price))} per 1M audio tokens) and is known only after synthesis");
            if (plan.UnpricedClips > 0)
                output.WriteLine($"  {plan.UnpricedClips} clip(s) use a model without a listed token price here and are not in the estimate");
        }

        if (arguments.MaxCostUsd is decimal budget && plan.EstimatedInputCostUsd > budget)
        {
            errors.WriteLine($"error: the input estimate {Usd(plan.EstimatedInputCostUsd)} is over --max-cost {Usd(budget)}; nothing was rendered.");
            return OverBudget;
        }
        if (arguments.DryRun || toRender.Count == 0)
        {
            output.WriteLine(toRender.Count == 0 ? "nothing to render: every static clip is cached" : "dry run: nothing rendered");
            return Ok;
        }
        try
        {
            options.EnsureCredentials(); // once, not once per clip
        }
        catch (InvalidOperationException ex)
        {
            errors.WriteLine("error: " + ex.Message);
            return UsageError;
        }

        int width = toRender.Count.ToString(CultureInfo.InvariantCulture).Length;
        var progress = new SynchronousProgress<PrerenderProgress>(p =>
        {
            string counter = $"[{p.Completed.ToString(CultureInfo.InvariantCulture).PadLeft(width)}/{p.Total}]";
            string outcome = p.Error is not null ? "FAILED: " + p.Error.Message
                : p.FoundStored ? "already cached"
                : $"{p.Bytes.ToString("N0", CultureInfo.InvariantCulture)} bytes in {p.Elapsed.TotalMilliseconds.ToString("N0", CultureInfo.InvariantCulture)} ms";
            lock (output) output.WriteLine($"{counter} {p.Prompt}  {outcome}");
        });
        var result = await prerenderer.RunAsync(plan, arguments.Parallelism, progress, cancellationToken);

        output.WriteLine($"done: {result.Rendered} rendered, {result.AlreadyStored} already cached, {result.Failures.Count} failed, {result.Bytes.ToString("N0", CultureInfo.InvariantCulture)} bytes written");
        foreach (var failure in result.Failures)
            errors.WriteLine($"error: {failure.Prompt} ({failure.Prompt.SourceFile}:{failure.Prompt.Line}): {failure.Error.Message}");
        return result.Failures.Count == 0 ? Ok : SomeFailed;
    }

    /// <summary>
    /// The release check: each static prompt × culture's clip as the app would play it from this cache, and whether
    /// the review page's last decision on it holds (made on this very clip). Renders nothing.
    /// </summary>
    private static async Task<int> CheckApprovalsAsync(PrerenderArguments arguments, IReadOnlyList<PromptInfo> prompts, DiskSpeechAudioStore store,
        SpeechClientMetadata backend, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        var reviews = new AspNetCore.PromptReviews(arguments.ReviewDirectory ?? Path.Combine(store.Directory, AspNetCore.PromptReviews.DefaultFolderName));
        output.WriteLine($"VoicePrompts release check: {Path.GetFileName(arguments.AppAssembly)}, clips in {store.Directory}, approvals in {reviews.Directory}");
        var statics = prompts.Where(p => p.IsStatic).ToList();
        int approved = 0;
        foreach (var prompt in statics)
        {
            var request = prompt.CreateRequest();
            string key = SpeechCacheKey.For(request, backend);
            string verdict;
            IReadOnlyList<AspNetCore.ReviewDecision> history;
            try
            {
                history = reviews.Read(prompt.Id, prompt.Language);
            }
            catch (InvalidDataException ex)
            {
                errors.WriteLine("error: " + ex.Message);
                return UsageError;
            }
            if (await store.GetAsync(key, cancellationToken) is not { } clip)
            {
                verdict = "NOT APPROVED: no clip in the cache (render it, then review it)";
            }
            else
            {
                string sha = AspNetCore.PromptReviews.HashOf(clip.Data);
                var status = AspNetCore.PromptReviews.StatusOf(history, key, sha);
                verdict = status.State switch
                {
                    AspNetCore.ReviewState.Approved => "approved" + (status.Last!.Reviewer is { } by ? " by " + by : "")
                        + (status.Last.Comment is { } c ? " (\"" + c + "\")" : ""),
                    AspNetCore.ReviewState.Rejected => "NOT APPROVED: rejected" + (status.Last!.Comment is { } c ? " (\"" + c + "\")" : ""),
                    AspNetCore.ReviewState.NeedsReview => "NOT APPROVED: needs review, changed since it was "
                        + status.Last!.Decision + ": " + string.Join(", ", AspNetCore.PromptReviews.Changes(status.Last, request, sha)),
                    _ => "NOT APPROVED: never reviewed",
                };
                if (status.State == AspNetCore.ReviewState.Approved) approved++;
            }
            output.WriteLine($"  {prompt}  {verdict}");
        }
        output.WriteLine($"{approved} of {statics.Count} static clips approved");
        if (approved == statics.Count || arguments.ApprovalCheck != ApprovalCheck.Require)
            return Ok;
        errors.WriteLine($"error: {statics.Count - approved} static clip(s) are not approved; review them on the review page (MapVoicePromptsReview).");
        return NotApproved;
    }

    /// <summary>
    /// Exports a prompt pack: plans against the existing manifest, prints what changes and the input estimate, then
    /// renders (through the cache when <c>--cache</c> is given) and writes the files and the manifest.
    /// </summary>
    private static async Task<int> RunPackAsync(PrerenderArguments arguments, IReadOnlyList<PromptInfo> prompts, OpenAISpeechClient transport,
        OpenAISpeechClientOptions options, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        var packOptions = new PackOptions(arguments.PackDirectory!, new AudioFormat(arguments.PackFormat), arguments.NeutralCulture);
        // Not disposed here: the transport is the caller's, the cache decorator holds nothing to release.
        ISpeechClient client = arguments.CacheDirectory is null ? transport
            : transport.AsBuilder().UseCache(new DiskSpeechAudioStore(arguments.CacheDirectory, arguments.MaxBytes)).Build();
        var plan = PromptPack.Plan(prompts, packOptions, transport.Metadata);
        var toRender = plan.ToRender.ToList();
        output.WriteLine($"VoicePrompts prompt pack: {Path.GetFileName(arguments.AppAssembly)} -> {Path.GetFullPath(packOptions.Directory)} ({packOptions.Format})");
        output.WriteLine($"  {plan.Clips.Count} files (static prompts x cultures): {plan.Clips.Count - toRender.Count} unchanged, {toRender.Count} to export"
                         + (plan.Stale.Count > 0 ? $", {plan.Stale.Count} to remove" : "")
                         + $"; {prompts.Count(p => !p.IsStatic)} templated prompts are not in a pack");
        // The pre-renderer's own estimate over the clips to export, as if none were stored.
        decimal estimate = (await new PromptPrerenderer(transport, NothingStored.Instance).PlanAsync(toRender.Select(c => c.Prompt), cancellationToken)).EstimatedInputCostUsd;
        if (toRender.Count > 0)
            output.WriteLine($"  input to render (before any cache hit): about {Usd(estimate)} at OpenAI's listed input prices; audio output is billed separately");
        if (arguments.MaxCostUsd is decimal budget && estimate > budget)
        {
            errors.WriteLine($"error: the input estimate {Usd(estimate)} is over --max-cost {Usd(budget)}; nothing was exported.");
            return OverBudget;
        }
        if (arguments.DryRun)
        {
            output.WriteLine("dry run: nothing exported");
            return Ok;
        }
        if (toRender.Count > 0)
        {
            try
            {
                options.EnsureCredentials();
            }
            catch (InvalidOperationException ex)
            {
                errors.WriteLine("error: " + ex.Message);
                return UsageError;
            }
        }
        int done = 0;
        var result = await PromptPack.ExportAsync(plan, client, packOptions, arguments.Parallelism, (clip, audio, error) =>
        {
            lock (output)
                output.WriteLine($"[{++done}/{toRender.Count}] {clip.File}  "
                    + (error is not null ? "FAILED: " + error.Message
                       : $"{audio!.Data.Length.ToString("N0", CultureInfo.InvariantCulture)} bytes, {audio.Duration?.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) ?? "?"} s"
                         + (audio.IsCacheHit ? " (from the cache)" : "")));
        }, cancellationToken);
        output.WriteLine($"done: {result.Exported} exported, {result.Unchanged} unchanged, {result.Removed} removed, {result.Failures.Count} failed -> {PromptPack.ManifestName}");
        foreach (var (clip, error) in result.Failures)
            errors.WriteLine($"error: {clip.Prompt} ({clip.Prompt.SourceFile}:{clip.Prompt.Line}): {error.Message}");
        return result.Failures.Count == 0 ? Ok : SomeFailed;
    }

    /// <summary>The generated catalog of <paramref name="path"/>: runs its static initializer, nothing else of the app.</summary>
    public static IReadOnlyList<PromptInfo> LoadCatalog(string path)
    {
        var assembly = System.Runtime.Loader.AssemblyLoadContext.Default.LoadFromAssemblyPath(Path.GetFullPath(path));
        return AspNetCore.GeneratedCatalog.Of(assembly) ?? throw new InvalidOperationException(
            $"{Path.GetFileName(path)} has no {AspNetCore.GeneratedCatalog.TypeName}: does the project reference VoicePrompts and declare prompts?");
    }

    /// <summary>A listed price as OpenAI writes it: $0.60, $12.</summary>
    private static string Price(decimal perMillion) =>
        "$" + perMillion.ToString(perMillion == decimal.Truncate(perMillion) ? "0" : "0.00", CultureInfo.InvariantCulture);

    private static string Usd(decimal amount) =>
        "$" + (amount == 0 ? "0" : amount >= 0.01m ? amount.ToString("0.00##", CultureInfo.InvariantCulture) : amount.ToString("0.##########", CultureInfo.InvariantCulture));

    /// <summary>A store with nothing in it: plans as if every clip were to be rendered.</summary>
    private sealed class NothingStored : ISpeechAudioStore
    {
        public static readonly NothingStored Instance = new();

        public Task<SpeechAudio?> GetAsync(string key, CancellationToken cancellationToken = default) => Task.FromResult<SpeechAudio?>(null);

        public Task SetAsync(string key, SpeechAudio audio, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }

    /// <summary>Reports on the caller's thread (Progress&lt;T&gt; would post to the thread pool and reorder lines).</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
