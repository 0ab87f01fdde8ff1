using System.Collections;
using System.Globalization;
using System.Reflection;
using VoicePrompts.Caching;

namespace VoicePrompts.Prerender;

/// <summary>Loads the app's catalog, prints the plan and its cost, renders what is missing with progress.</summary>
internal static class PrerenderCommand
{
    public const int Ok = 0, SomeFailed = 1, UsageError = 2, OverBudget = 3;

    private const string CatalogType = "VoicePrompts.Generated.VoicePromptCatalog";

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

        var store = new DiskSpeechAudioStore(arguments.CacheDirectory, arguments.MaxBytes);
        var options = OpenAISpeechClientOptions.FromEnvironment();
        if (arguments.BaseUrl is not null) options.BaseUrl = arguments.BaseUrl;
        using var client = new OpenAISpeechClient(options);
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

    /// <summary>The generated catalog of <paramref name="path"/>: runs its static initializer, nothing else of the app.</summary>
    public static IReadOnlyList<PromptInfo> LoadCatalog(string path)
    {
        var assembly = System.Runtime.Loader.AssemblyLoadContext.Default.LoadFromAssemblyPath(Path.GetFullPath(path));
        var catalog = assembly.GetType(CatalogType)
            ?? throw new InvalidOperationException($"{Path.GetFileName(path)} has no {CatalogType}: does the project reference VoicePrompts and declare prompts?");
        var all = catalog.GetProperty("All", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as IEnumerable
            ?? throw new InvalidOperationException($"{CatalogType}.All was not found in {Path.GetFileName(path)}.");
        return all.Cast<PromptInfo>().ToList();
    }

    /// <summary>A listed price as OpenAI writes it: $0.60, $12.</summary>
    private static string Price(decimal perMillion) =>
        "$" + perMillion.ToString(perMillion == decimal.Truncate(perMillion) ? "0" : "0.00", CultureInfo.InvariantCulture);

    private static string Usd(decimal amount) =>
        "$" + (amount == 0 ? "0" : amount >= 0.01m ? amount.ToString("0.00##", CultureInfo.InvariantCulture) : amount.ToString("0.##########", CultureInfo.InvariantCulture));

    /// <summary>Reports on the caller's thread (Progress&lt;T&gt; would post to the thread pool and reorder lines).</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
