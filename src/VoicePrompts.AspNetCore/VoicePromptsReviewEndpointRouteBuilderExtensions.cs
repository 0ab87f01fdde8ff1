using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VoicePrompts;
using VoicePrompts.AspNetCore;
using VoicePrompts.Caching;

namespace Microsoft.AspNetCore.Builder
{
    /// <summary>Maps the VoicePrompts review page.</summary>
    public static class VoicePromptsReviewEndpointRouteBuilderExtensions
    {
        private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

        /// <summary>
        /// Maps the review page at <paramref name="pattern"/> (<c>/voiceprompts</c>): every prompt × culture of the
        /// app's generated catalogs with its text, voice, model, tokens and estimated cost; cached clips to play, with
        /// their waveform; synthesis of missing clips into the app's cache (POST, antiforgery-checked); approvals tied
        /// to each clip's content. Needs <c>services.AddVoicePromptsReview()</c> and <c>services.AddVoicePrompts(…)</c>.
        /// Only in the Development environment unless <see cref="VoicePromptsReviewOptions.EnableOutsideDevelopment"/>
        /// is set; elsewhere nothing is mapped (every path answers 404). The returned group takes endpoint conventions
        /// such as <c>RequireAuthorization()</c>.
        /// </summary>
        /// <exception cref="InvalidOperationException">AddVoicePromptsReview or AddVoicePrompts was not called.</exception>
        public static RouteGroupBuilder MapVoicePromptsReview(this IEndpointRouteBuilder endpoints, string pattern = "/voiceprompts")
        {
            if (endpoints is null) throw new ArgumentNullException(nameof(endpoints));
            if (pattern is null) throw new ArgumentNullException(nameof(pattern));
            var services = endpoints.ServiceProvider;
            var options = services.GetService<IOptions<VoicePromptsReviewOptions>>()?.Value;
            if (options is null || services.GetService<IAntiforgery>() is null)
                throw new InvalidOperationException("MapVoicePromptsReview needs its services: call builder.Services.AddVoicePromptsReview() before building the app.");
            var client = services.GetService<ISpeechClient>()
                ?? throw new InvalidOperationException("MapVoicePromptsReview needs the app's speech client: call builder.Services.AddVoicePrompts(…) before building the app.");
            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("VoicePrompts.AspNetCore.Review");

            var group = endpoints.MapGroup(pattern);
            var environment = services.GetService<IHostEnvironment>();
            if (environment?.IsDevelopment() != true && !options.EnableOutsideDevelopment)
            {
                logger.LogInformation("The VoicePrompts review page is not mapped outside Development; set VoicePromptsReviewOptions.EnableOutsideDevelopment (and protect it) to map it");
                return group;
            }

            var voiceOptions = services.GetService<IOptions<VoicePromptsOptions>>()?.Value;
            string? reviewDirectory = options.ReviewDirectory
                ?? (voiceOptions?.CacheDirectory is { } cache ? Path.Combine(cache, PromptReviews.DefaultFolderName) : null);
            var review = new ReviewService(options.Prompts ?? ReviewCatalogs.Load(options.Assemblies), client, reviewDirectory, options, logger);

            // One endpoint for "/voiceprompts" and "/voiceprompts/" (routing matches both); the page redirects to the second.
            group.MapGet("/", PageAsync).ExcludeFromDescription();
            group.MapGet("/review.js", (HttpContext context) => Asset(context, "review.js", "text/javascript; charset=utf-8")).ExcludeFromDescription();
            group.MapGet("/review.css", (HttpContext context) => Asset(context, "review.css", "text/css; charset=utf-8")).ExcludeFromDescription();
            group.MapGet("/api/prompts", (Delegate)(async (HttpContext context) =>
                Results.Json(await review.ListAsync(context.RequestAborted), Json))).ExcludeFromDescription();
            group.MapGet("/api/clip", (Delegate)((HttpContext context) => ClipAsync(context, review, playable: true))).ExcludeFromDescription();
            group.MapGet("/api/clip/raw", (Delegate)((HttpContext context) => ClipAsync(context, review, playable: false))).ExcludeFromDescription();
            group.MapPost("/api/synthesize", (Delegate)((HttpContext context) => SynthesizeAsync(context, review))).ExcludeFromDescription();
            group.MapPost("/api/review", (Delegate)((HttpContext context) => DecideAsync(context, review))).ExcludeFromDescription();
            return group;
        }

        /// <summary>The page, with this response's antiforgery request token in a meta element (the cookie goes with it).</summary>
        private static async Task PageAsync(HttpContext context)
        {
            // A link to "/voiceprompts" must resolve "review.js" inside the group.
            if (!context.Request.Path.Value!.EndsWith('/'))
            {
                context.Response.Redirect(context.Request.PathBase + context.Request.Path + "/" + context.Request.QueryString);
                return;
            }
            var tokens = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
            string html = ReadAsset("index.html")
                .Replace("{{antiforgery-header}}", WebUtility.HtmlEncode(tokens.HeaderName ?? "RequestVerificationToken"), StringComparison.Ordinal)
                .Replace("{{antiforgery-token}}", WebUtility.HtmlEncode(tokens.RequestToken ?? ""), StringComparison.Ordinal);
            Secure(context.Response);
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync(html, context.RequestAborted);
        }

        private static IResult Asset(HttpContext context, string name, string contentType)
        {
            Secure(context.Response);
            return Results.Text(ReadAsset(name), contentType);
        }

        /// <summary>Same-origin scripts, styles and media only; never cached, never framed.</summary>
        private static void Secure(HttpResponse response)
        {
            response.Headers.CacheControl = "no-store";
            response.Headers.XContentTypeOptions = "nosniff";
            response.Headers.XFrameOptions = "DENY";
            response.Headers.ContentSecurityPolicy =
                "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; media-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
        }

        private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Assets = new(StringComparer.Ordinal);

        /// <summary>An embedded asset's text, read from the assembly once.</summary>
        private static string ReadAsset(string name) => Assets.GetOrAdd(name, static name =>
        {
            using var stream = typeof(ReviewService).Assembly.GetManifestResourceStream("VoicePrompts.AspNetCore.Assets." + name)
                ?? throw new InvalidOperationException("The review page's " + name + " is missing from VoicePrompts.AspNetCore.");
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        });

        /// <summary>The cached clip of <c>?id=&amp;culture=</c>: playable (WAV for PCM and G.711) or as stored, with its format in headers.</summary>
        private static async Task<IResult> ClipAsync(HttpContext context, ReviewService review, bool playable)
        {
            if (review.Find(context.Request.Query["id"], context.Request.Query["culture"]) is not { } row)
                return Results.NotFound();
            if (await review.ClipAsync(row, context.RequestAborted) is not { } clip)
                return Results.NotFound();
            context.Response.Headers.CacheControl = "no-store";
            if (playable)
            {
                var (data, contentType) = PlayableAudio.Of(clip);
                return Results.Bytes(data, contentType, enableRangeProcessing: true);
            }
            context.Response.Headers["X-VoicePrompts-Format"] = clip.Format.Value;
            if (clip.SampleRate is int rate)
                context.Response.Headers["X-VoicePrompts-Sample-Rate"] = rate.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Results.Bytes(clip.Data.ToArray(), "application/octet-stream");
        }

        private static async Task<IResult> SynthesizeAsync(HttpContext context, ReviewService review)
        {
            if (await RefusedAsync(context) is { } refused)
                return refused;
            if (review.Find(context.Request.Query["id"], context.Request.Query["culture"]) is not { } row)
                return Results.NotFound();
            if (row.Request is null)
                return Results.Problem(row.Unavailable, statusCode: StatusCodes.Status409Conflict, title: "This prompt cannot be synthesized here");
            try
            {
                await review.SynthesizeAsync(row, context.RequestAborted);
            }
            catch (Exception ex) when (ex is SpeechApiException or SpeechStreamException or SpeechFidelityException or HttpRequestException
                                           or ArgumentException or InvalidOperationException)
            {
                // The message names the prompt's problem (a refused request, a failed connection); never a key.
                return Results.Problem(ex.Message, statusCode: StatusCodes.Status502BadGateway, title: "Synthesis failed");
            }
            return Results.Json(await review.ViewAsync(row, context.RequestAborted), Json);
        }

        private static async Task<IResult> DecideAsync(HttpContext context, ReviewService review)
        {
            if (await RefusedAsync(context) is { } refused)
                return refused;
            if (review.Find(context.Request.Query["id"], context.Request.Query["culture"]) is not { } row)
                return Results.NotFound();
            ReviewPost? post;
            try
            {
                post = await context.Request.ReadFromJsonAsync<ReviewPost>(Json, context.RequestAborted);
            }
            catch (JsonException)
            {
                post = null;
            }
            if (post?.Decision is not (ReviewDecision.Approved or ReviewDecision.Rejected))
                return Results.Problem("Send {\"decision\": \"approved\" | \"rejected\", \"comment\": \"…\"}.", statusCode: StatusCodes.Status400BadRequest, title: "Bad decision");
            if (post.Comment is { Length: > 2000 })
                return Results.Problem("A comment is at most 2,000 characters.", statusCode: StatusCodes.Status400BadRequest, title: "Comment too long");
            if (!review.ReviewsEnabled)
                return Results.Problem("Approvals need a cache and a review folder (VoicePromptsReviewOptions.ReviewDirectory).", statusCode: StatusCodes.Status409Conflict, title: "Approvals are off");
            try
            {
                string? reviewer = context.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? name : null;
                if (!await review.DecideAsync(row, post.Decision, post.Comment, reviewer, context.RequestAborted))
                    return Results.Problem("There is no cached clip to judge: synthesize it first.", statusCode: StatusCodes.Status409Conflict, title: "No clip");
            }
            catch (InvalidDataException ex)
            {
                return Results.Problem(ex.Message, statusCode: StatusCodes.Status409Conflict, title: "Review file unreadable");
            }
            return Results.Json(await review.ViewAsync(row, context.RequestAborted), Json);
        }

        /// <summary>400 unless the request carries the page's antiforgery token (header) and cookie.</summary>
        private static async Task<IResult?> RefusedAsync(HttpContext context)
        {
            try
            {
                await context.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(context);
                return null;
            }
            catch (AntiforgeryValidationException)
            {
                return Results.Problem("The request has no valid antiforgery token: reload the review page and try again.",
                    statusCode: StatusCodes.Status400BadRequest, title: "Antiforgery check failed");
            }
        }
    }
}

namespace Microsoft.Extensions.DependencyInjection
{
    /// <summary>Registers the review page's services.</summary>
    public static class VoicePromptsReviewServiceCollectionExtensions
    {
        /// <summary>
        /// Adds what <c>app.MapVoicePromptsReview()</c> needs (its options and antiforgery), with <paramref name="configure"/>
        /// applied to the options.
        /// </summary>
        public static IServiceCollection AddVoicePromptsReview(this IServiceCollection services, Action<VoicePromptsReviewOptions>? configure = null)
        {
            if (services is null) throw new ArgumentNullException(nameof(services));
            var options = services.AddOptions<VoicePromptsReviewOptions>();
            if (configure is not null)
                options.Configure(configure);
            services.AddAntiforgery();
            return services;
        }
    }
}
