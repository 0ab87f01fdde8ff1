using System.Globalization;

namespace VoicePrompts.Prerender;

/// <summary>The command line, parsed without any VoicePrompts type.</summary>
internal sealed record PrerenderArguments(string AppAssembly, string? CacheDirectory)
{
    /// <summary>Where a prompt pack goes (<c>--pack</c>); null to fill the cache only.</summary>
    public string? PackDirectory { get; init; }
    public string PackFormat { get; init; } = "wav_pcmu";
    public string? NeutralCulture { get; init; }
    public int Parallelism { get; init; } = 4;
    public decimal? MaxCostUsd { get; init; }
    public bool DryRun { get; init; }
    public Uri? BaseUrl { get; init; }
    public long? MaxBytes { get; init; }
    /// <summary>Report (<c>--check-approved</c>) or require (<c>--require-approved</c>) approval of every static clip, instead of rendering.</summary>
    public ApprovalCheck ApprovalCheck { get; init; }
    /// <summary>Where the review page keeps approvals (<c>--reviews</c>); default: <c>reviews</c> in the cache folder.</summary>
    public string? ReviewDirectory { get; init; }

    public const string Usage = """
        usage: voiceprompts-prerender <app.dll> --cache <folder> [options]
               voiceprompts-prerender <app.dll> --pack <folder> [--format wav_pcmu] [--cache <folder>] [options]

        Renders every static prompt of the app (VoicePromptCatalog) into the disk cache folder that
        AddVoicePrompts(o => o.UseDiskCache(folder)) reads. Clips already there are skipped.
        With --pack, exports them instead as a prompt pack: one audio file per prompt and culture
        (<folder>/<culture>/<prompt id>.wav) and manifest.json (id, culture, text, file, duration, SHA-256),
        ready for a contact-center prompt library. Exporting again renders only what changed.

          --cache <folder>      the cache folder (created if missing); with --pack, optional: clips come from it
          --pack <folder>       export a prompt pack into this folder
          --format <name>       the pack's format: wav_pcmu (8 kHz mu-law WAV, the default), wav_pcma,
                                wav_8000, wav_16000, or any format the prompts' model takes
          --neutral-culture <c> the culture of prompts without a translation (default: none, folder "neutral")
          --parallel <n>        requests at a time, 1-64 (default 4)
          --max-cost <usd>      refuse to start when the input estimate is above this
          --max-bytes <n>       the folder's size cap, as in UseDiskCache(folder, maxBytes)
          --base-url <url>      an OpenAI-compatible server (default: OPENAI_BASE_URL, else OpenAI)
          --dry-run             print the plan and the estimate, render nothing
          --check-approved      render nothing; list each static prompt's clip in the cache and whether the review
                                page's approval holds for it (same text, voice, instructions, model, format, audio)
          --require-approved    as --check-approved, and exit with 4 unless every one is approved (a release gate)
          --reviews <folder>    where the approvals are (default: <cache>/reviews, where the review page keeps them)

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
        string? app = null, cache = null, pack = null, neutral = null;
        string format = "wav_pcmu";
        int parallel = 4;
        decimal? maxCost = null;
        long? maxBytes = null;
        Uri? baseUrl = null;
        bool dryRun = false;
        var approvalCheck = ApprovalCheck.None;
        string? reviews = null;
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
                case "--pack":
                    pack = Value();
                    break;
                case "--format":
                    if (Value() is { } f)
                    {
                        if (f.Length > 0 && f.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '_')) format = f.ToLowerInvariant();
                        else error = $"error: --format must be a format name such as wav_pcmu, wav_pcma or wav_8000, not '{f}'.";
                    }
                    break;
                case "--neutral-culture":
                    if (Value() is { } n)
                    {
                        try
                        {
                            neutral = CultureInfo.GetCultureInfo(n, predefinedOnly: true).Name;
                        }
                        catch (CultureNotFoundException)
                        {
                            error = $"error: --neutral-culture must be a culture name such as en-US, not '{n}'.";
                        }
                    }
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
                case "--check-approved":
                    if (approvalCheck == ApprovalCheck.None) approvalCheck = ApprovalCheck.Report;
                    break;
                case "--require-approved":
                    approvalCheck = ApprovalCheck.Require;
                    break;
                case "--reviews":
                    reviews = Value();
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
        else if (string.IsNullOrWhiteSpace(cache) && string.IsNullOrWhiteSpace(pack)) error = "error: --cache <folder> (or --pack <folder>) is required.";
        else if (approvalCheck != ApprovalCheck.None && (string.IsNullOrWhiteSpace(cache) || !string.IsNullOrWhiteSpace(pack)))
            error = "error: --check-approved and --require-approved read the clips in --cache <folder>, without --pack.";
        if (error is not null) return error;
        arguments = new PrerenderArguments(app!, string.IsNullOrWhiteSpace(cache) ? null : cache)
        {
            Parallelism = parallel, MaxCostUsd = maxCost, DryRun = dryRun, BaseUrl = baseUrl, MaxBytes = maxBytes,
            PackDirectory = string.IsNullOrWhiteSpace(pack) ? null : pack, PackFormat = format, NeutralCulture = neutral,
            ApprovalCheck = approvalCheck, ReviewDirectory = string.IsNullOrWhiteSpace(reviews) ? null : reviews,
        };
        return null;
    }
}

/// <summary>What the command does with the review page's approvals.</summary>
internal enum ApprovalCheck
{
    None,
    Report,
    Require,
}
