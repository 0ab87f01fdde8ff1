using System.Reflection;

namespace VoicePrompts.AspNetCore;

/// <summary>Settings of the review page (<c>app.MapVoicePromptsReview(…)</c>).</summary>
public sealed class VoicePromptsReviewOptions
{
    /// <summary>
    /// Maps the page outside the Development environment too. Off by default: the page spends money (it synthesizes)
    /// and shows every prompt. When you turn it on, protect it: <c>app.MapVoicePromptsReview().RequireAuthorization(…)</c>.
    /// </summary>
    public bool EnableOutsideDevelopment { get; set; }

    /// <summary>
    /// The folder where approvals are kept, one JSON file per prompt and culture. Default: <c>reviews</c> inside the
    /// app's disk cache folder (<c>VoicePromptsOptions.CacheDirectory</c>), beside the clips they judge; the pre-render
    /// tool's release check looks there too. With no disk cache and no folder set, the page plays and synthesizes but
    /// cannot record approvals.
    /// </summary>
    public string? ReviewDirectory { get; set; }

    /// <summary>
    /// The most "Render all missing" may spend in one run, in US dollars of estimated cost (input at the listed price,
    /// audio output estimated from the text's length). The run stops before the clip that would pass it. Default 1.00.
    /// </summary>
    public decimal RenderAllCostCapUsd { get; set; } = 1.00m;

    /// <summary>
    /// The assemblies whose generated <c>VoicePromptCatalog</c> the page lists. Empty (the default): the entry
    /// assembly, the assemblies it references, and every other loaded assembly that has one.
    /// </summary>
    public IList<Assembly> Assemblies { get; } = new List<Assembly>();

    /// <summary>Tests only: these prompts instead of the assemblies' catalogs (a catalog as a rebuilt app would have it).</summary>
    internal IReadOnlyList<PromptInfo>? Prompts { get; set; }
}
