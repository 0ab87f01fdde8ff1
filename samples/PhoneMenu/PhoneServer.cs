using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VoicePrompts;
using VoicePrompts.Telephony;

namespace PhoneMenu;

/// <summary>
/// The phone menu as a phone server (<c>dotnet run -- serve</c>): Twilio's voice webhook and media stream, the ACS
/// media WebSocket and an AudioSocket listener, all running <see cref="PhoneMenuCall"/>. Settings: <c>--urls</c> or
/// <c>ASPNETCORE_URLS</c>; <c>PhoneMenu:PublicBaseUrl</c> (the https:// origin Twilio reaches, e.g. a tunnel's);
/// <c>TWILIO_AUTH_TOKEN</c>; <c>PhoneMenu:AudioSocketPort</c>; <c>Telephony:AcsAccessToken</c>. In Development it also serves the
/// review page at <c>/voiceprompts/</c>.
/// </summary>
public static class PhoneServer
{
    public static WebApplication Build(string[] args, Action<IServiceCollection>? services = null)
    {
        // appsettings.json beside the app, wherever `dotnet run` is started from.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        var configuration = builder.Configuration;
        builder.Services.AddVoicePrompts(configuration.GetSection("VoicePrompts"));
        builder.Services.AddSingleton<IvrPrompts>();
        bool development = builder.Environment.IsDevelopment();
        builder.Services.AddVoicePromptsTelephony<PhoneMenuCall>(configuration.GetSection("Telephony"), o =>
        {
            if (o.PublicBaseUrl is null && Uri.TryCreate(configuration["PhoneMenu:PublicBaseUrl"], UriKind.Absolute, out var publicBase))
                o.PublicBaseUrl = publicBase;
            if (o.AudioSocketPort is null && int.TryParse(configuration["PhoneMenu:AudioSocketPort"], NumberStyles.None, CultureInfo.InvariantCulture, out int port))
                o.AudioSocketPort = port;
            // Unsigned calls only on a developer's machine, and said so at startup.
            if (development && (string.IsNullOrEmpty(o.TwilioAuthToken) || o.PublicBaseUrl is null))
                o.AllowUnauthenticated = true;
        });
        builder.Services.AddHostedService<PrerenderOnStart>();
        // The review page (/voiceprompts/): hear, synthesize and approve every prompt. Development only, as mapped below.
        builder.Services.AddVoicePromptsReview();
        services?.Invoke(builder.Services);

        var app = builder.Build();
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("PhoneMenu");
        var telephony = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<TelephonyOptions>>().Value;
        if (telephony.AllowUnauthenticated)
            log.LogWarning("Development: Twilio requests are not validated (set TWILIO_AUTH_TOKEN and PhoneMenu:PublicBaseUrl to validate them)");
        app.UseWebSockets();
        app.MapTwilioMediaStreams();
        if (telephony.AllowUnauthenticated || !string.IsNullOrEmpty(telephony.AcsAccessToken))
            app.MapAcsMediaStreaming("/acs/media");
        else
            log.LogInformation("ACS media endpoint off: set Telephony:AcsAccessToken and give ACS wss://{{host}}/acs/media?token=… to turn it on");
        app.MapVoicePromptsReview("/voiceprompts");
        if (development)
            log.LogWarning("Development: the prompt review page is at /voiceprompts/");
        app.MapGet("/", () => "PhoneMenu phone server: POST /twilio/voice, WebSocket /twilio/media and /acs/media, AudioSocket on PhoneMenu:AudioSocketPort"
            + (development ? "; the prompt review page at /voiceprompts/." : "."));
        return app;
    }
}

/// <summary>
/// One call, the same on Twilio, ACS and AudioSocket: greeting, the main menu (a digit interrupts it), the queue
/// position, the transfer, goodbye. In French when Twilio's stream parameter <c>culture</c> says <c>fr-CA</c>, or
/// when <c>PhoneMenu:AudioSocketCultures:{uuid}</c> does for an AudioSocket call.
/// </summary>
public sealed class PhoneMenuCall(IvrPrompts prompts, IConfiguration configuration, ILogger<PhoneMenuCall> logger) : IPhoneCallHandler
{
    private readonly string _company = configuration["PhoneMenu:CompanyName"] ?? "our company";

    public async Task HandleCallAsync(PhoneCall call, CancellationToken cancellationToken)
    {
        var culture = CultureOf(call);
        bool open = DateTime.Now.Hour is >= 8 and < 20;
        logger.LogInformation("Call {CallId} on {Channel} in {Culture}", call.CallId, call.Channel, culture.Name.Length == 0 ? "English" : culture.Name);

        await call.PlayAsync(CallLanguage.Apply(culture, () => prompts.GreetingRequest(_company, open)), cancellationToken: cancellationToken);
        string choice = "";
        for (int attempt = 0; attempt < 2 && choice.Length == 0 && !call.HasEnded; attempt++)
        {
            await call.PlayAsync(CallLanguage.Apply(culture, prompts.MainMenuRequest), cancellationToken: cancellationToken);
            choice = (await call.CollectDigitsAsync(new DigitCollection { MaxDigits = 1, Timeout = TimeSpan.FromSeconds(5) }, cancellationToken)).Digits;
        }
        if (Department(choice, culture) is { } department)
        {
            await call.PlayAsync(CallLanguage.Apply(culture, () => prompts.QueuePositionRequest(3, 4)), new PlaybackOptions { BargeIn = false }, cancellationToken);
            await call.PlayAsync(CallLanguage.Apply(culture, () => prompts.TransferRequest(department)), new PlaybackOptions { BargeIn = false }, cancellationToken);
        }
        await call.PlayAsync(CallLanguage.Apply(culture, prompts.GoodbyeRequest), new PlaybackOptions { BargeIn = false }, cancellationToken);
        logger.LogInformation("Call {CallId}: chose '{Digits}', done", call.CallId, choice);
    }

    private CultureInfo CultureOf(PhoneCall call)
    {
        string? name = call.Parameters.TryGetValue("culture", out var fromTwilio) ? fromTwilio
            : configuration[$"PhoneMenu:AudioSocketCultures:{call.CallId}"];
        try
        {
            return string.IsNullOrWhiteSpace(name) ? CultureInfo.InvariantCulture : CultureInfo.GetCultureInfo(name);
        }
        catch (CultureNotFoundException)
        {
            return CultureInfo.InvariantCulture;
        }
    }

    /// <summary>The menu's departments by digit, in the call's language (a value passed into a prompt is the app's to translate).</summary>
    public static string? Department(string digit, CultureInfo culture)
    {
        bool french = culture.TwoLetterISOLanguageName == "fr";
        return digit switch
        {
            "1" => french ? "des comptes" : "accounts",
            "2" => french ? "des cartes" : "card services",
            "3" => french ? "des nouveaux comptes" : "new accounts",
            "4" => french ? "du réseau de guichets" : "our ATM network",
            "0" => french ? "un conseiller" : "an agent",
            _ => null,
        };
    }
}

/// <summary>
/// Renders every static prompt (both languages) into the audio cache in each channel's format when the server
/// starts, in the background, so calls start speaking at once; clips already cached cost nothing.
/// </summary>
public sealed class PrerenderOnStart(ISpeechClient speech, ILogger<PrerenderOnStart> logger) : BackgroundService
{
    /// <summary>Twilio's μ-law, ACS's 16 kHz PCM, AudioSocket's 8 kHz PCM.</summary>
    public static readonly AudioFormat[] ChannelFormats = { AudioFormat.Pcmu, AudioFormat.Pcm16000, AudioFormat.Pcm8000 };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        int rendered = 0, failed = 0;
        foreach (var prompt in VoicePrompts.Generated.VoicePromptCatalog.All.Where(p => p.IsStatic))
        {
            foreach (var format in ChannelFormats)
            {
                try
                {
                    await speech.SynthesizeAsync(prompt.CreateRequest() with { Format = format }, stoppingToken);
                    rendered++;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    failed++;
                    logger.LogWarning("Pre-rendering {Prompt} as {Format} failed: {Error}", prompt, format, ex.Message);
                }
            }
        }
        logger.LogInformation("Static prompts in the cache: {Rendered} clips ready, {Failed} failed", rendered, failed);
    }
}
