using System.Globalization;

namespace VoicePrompts.Prerender;

/// <summary>The command line, parsed without any VoicePrompts type.</summary>
internal sealed record PrerenderArguments(string AppAssembly, string CacheDirectory)
{
    public int Parallelism { get; init; } = 4;
    public decimal? MaxCostUsd { get; init; }
    public bool DryRun { get; init; }
    public Uri? BaseUrl { get; init; }
    public long? MaxBytes { get; init; }

    public const string Usage = """
        usage: voiceprompts-prerender <app.dll> --cache <folder> [options]

        Renders every static prompt of the app (VoicePromptCatalog) into the disk cache folder that
        AddVoicePrompts(o => o.UseDiskCache(folder)) reads. Clips already there are skipped.

          --cache <folder>      the cache folder (created if missing)
          --parallel <n>        requests at a time, 1-64 (default 4)
          --max-cost <usd>      refuse to start when the input estimate is above this
          --max-bytes <n>       the folder's size cap, as in UseDiskCache(folder, maxBytes)
          --base-url <url>      an OpenAI-compatible server (default: OPENAI_BASE_URL, else OpenAI)
          --dry-run             print the plan and the estimate, render nothing

        The key is read from OPENAI_API_KEY, never from the command line.
        """;

    /// <summary>False with an error (or null error for --help).</summary>
    public static bool TryParse(string[] args, out PrerenderArguments? arguments, out string? error)
    {
        arguments = null;
        error = Parse(args, ref arguments);
        return arguments is not null;
    }

    private static string? Parse(string[] args, ref PrerenderArguments? arguments)
    {
        string? error = null;
        string? app = null, cache = null;
        int parallel = 4;
        decimal? maxCost = null;
        long? maxBytes = null;
        Uri? baseUrl = null;
        bool dryRun = false;
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            string? Value()
            {
                if (i + 1 < args.Length) return args[++i];
                error = $"error: {arg} needs a value.";
                return null;
            }
            switch (arg)
            {
                case "-h" or "--help":
                    return null;
                case "--cache":
                    cache = Value();
                    break;
                case "--parallel":
                    if (Value() is { } p && (!int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out parallel) || parallel is < 1 or > 64))
                        error = $"error: --parallel must be a whole number from 1 to 64, not '{p}'.";
                    break;
                case "--max-cost":
                    if (Value() is { } c)
                    {
                        if (decimal.TryParse(c, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var cost)) maxCost = cost;
                        else error = $"error: --max-cost must be an amount in US dollars such as 0.50, not '{c}'.";
                    }
                    break;
                case "--max-bytes":
                    if (Value() is { } b)
                    {
                        if (long.TryParse(b, NumberStyles.None, CultureInfo.InvariantCulture, out long bytes) && bytes > 0) maxBytes = bytes;
                        else error = $"error: --max-bytes must be a positive number of bytes, not '{b}'.";
                    }
                    break;
                case "--base-url":
                    if (Value() is { } u)
                    {
                        if (Uri.TryCreate(u, UriKind.Absolute, out var uri)) baseUrl = uri;
                        else error = $"error: --base-url must be an absolute URL, not '{u}'.";
                    }
                    break;
                case "--dry-run":
                    dryRun = true;
                    break;
                default:
                    if (arg.StartsWith('-')) error = $"error: unknown option '{arg}'.";
                    else if (app is null) app = arg;
                    else error = $"error: one app assembly only ('{app}', then '{arg}').";
                    break;
            }
            if (error is not null) return error;
        }
        if (app is null) error = "error: name the app's built assembly (e.g. bin/Release/net10.0/MyApp.dll).";
        else if (string.IsNullOrWhiteSpace(cache)) error = "error: --cache <folder> is required.";
        if (error is not null) return error;
        arguments = new PrerenderArguments(app!, cache!) { Parallelism = parallel, MaxCostUsd = maxCost, DryRun = dryRun, BaseUrl = baseUrl, MaxBytes = maxBytes };
        return null;
    }
}
