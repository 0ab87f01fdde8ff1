using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Twilio.Security;
using Twilio.TwiML;
using Twilio.TwiML.Voice;
using VoicePrompts;
using VoicePrompts.Telephony;
using VoicePrompts.Telephony.Channels.Acs;
using VoicePrompts.Telephony.Channels.Twilio;
using Task = System.Threading.Tasks.Task;

namespace Microsoft.AspNetCore.Builder
{
    /// <summary>Maps the WebSocket telephony channels. Call <c>app.UseWebSockets()</c> first.</summary>
    public static class TelephonyEndpointRouteBuilderExtensions
    {
        private const string SignatureHeader = "X-Twilio-Signature";

        /// <summary>
        /// Maps Twilio's voice webhook (POST <see cref="TelephonyOptions.TwilioVoicePath"/>, answered with TwiML that
        /// connects the call to a bidirectional media stream, passing the webhook's query values as stream parameters)
        /// and the media stream's WebSocket (<see cref="TelephonyOptions.TwilioStreamPath"/>). Both are validated with
        /// <c>X-Twilio-Signature</c> against <see cref="TelephonyOptions.PublicBaseUrl"/>: unsigned or forged requests get
        /// 403 and nothing is spoken.
        /// </summary>
        /// <exception cref="InvalidOperationException">No auth token or public origin is configured, and unauthenticated use was not allowed.</exception>
        public static IEndpointConventionBuilder MapTwilioMediaStreams(this IEndpointRouteBuilder endpoints)
        {
            if (endpoints is null) throw new ArgumentNullException(nameof(endpoints));
            var options = endpoints.ServiceProvider.GetRequiredService<IOptions<TelephonyOptions>>().Value;
            if (!options.AllowUnauthenticated && (string.IsNullOrEmpty(options.TwilioAuthToken) || options.PublicBaseUrl is null))
                throw new InvalidOperationException(
                    "Twilio requests cannot be validated: set Telephony:TwilioAuthToken (or TWILIO_AUTH_TOKEN) and Telephony:PublicBaseUrl "
                    + "(the https:// origin Twilio calls), or set TelephonyOptions.AllowUnauthenticated for development.");
            var group = endpoints.MapGroup("");
            group.MapPost(options.TwilioVoicePath, VoiceWebhookAsync);
            group.Map(options.TwilioStreamPath, TwilioStreamAsync);
            return group;
        }

        /// <summary>
        /// Maps the WebSocket Azure Communication Services connects to for bidirectional media streaming (give Call
        /// Automation <c>wss://{public host}{path}?token={AcsAccessToken}</c> as the transport URL).
        /// </summary>
        /// <exception cref="InvalidOperationException">No access token is configured and unauthenticated use was not allowed.</exception>
        public static IEndpointConventionBuilder MapAcsMediaStreaming(this IEndpointRouteBuilder endpoints, string path = "/acs/media")
        {
            if (endpoints is null) throw new ArgumentNullException(nameof(endpoints));
            var options = endpoints.ServiceProvider.GetRequiredService<IOptions<TelephonyOptions>>().Value;
            if (!options.AllowUnauthenticated && string.IsNullOrEmpty(options.AcsAccessToken))
                throw new InvalidOperationException(
                    "The ACS media endpoint would accept anyone: set Telephony:AcsAccessToken and put it in the transport URL as ?token=, "
                    + "or set TelephonyOptions.AllowUnauthenticated for development.");
            var group = endpoints.MapGroup("");
            group.Map(path, AcsStreamAsync);
            return group;
        }

        private static async Task VoiceWebhookAsync(HttpContext context, IOptions<TelephonyOptions> options, ILoggerFactory loggers)
        {
            var settings = options.Value;
            var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
            var fields = form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
            if (!IsSignedByTwilio(context, settings, "https", fields, loggers))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return;
            }
            var origin = PublicOrigin(context, settings, "wss");
            var stream = new Twilio.TwiML.Voice.Stream(url: origin + settings.TwilioStreamPath);
            // The stream URL may carry no query string (Twilio drops it): values travel as <Parameter>s.
            foreach (var (name, value) in context.Request.Query)
                stream.Parameter(name, value.ToString());
            var response = new VoiceResponse().Append(new Connect().Append(stream)).Hangup();
            context.Response.ContentType = "application/xml";
            await context.Response.WriteAsync(response.ToString(), context.RequestAborted).ConfigureAwait(false);
        }

        private static async Task TwilioStreamAsync(HttpContext context, IOptions<TelephonyOptions> options, ILoggerFactory loggers, ISpeechClient speech, IPhoneCallHandler handler)
        {
            var settings = options.Value;
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }
            if (!IsSignedByTwilio(context, settings, "wss", new Dictionary<string, string>(), loggers))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return;
            }
            var logger = loggers.CreateLogger("VoicePrompts.Telephony.Twilio");
            using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
            var channel = new TwilioMediaStreamChannel(socket, settings.MediaBatch, logger);
            if (!await channel.ReadStartAsync(context.RequestAborted).ConfigureAwait(false))
                return;
            var call = new PhoneCall(channel, speech, logger);
            await RunCallAsync(call, channel.ReceiveAsync(call, context.RequestAborted), handler).ConfigureAwait(false);
        }

        private static async Task AcsStreamAsync(HttpContext context, IOptions<TelephonyOptions> options, ILoggerFactory loggers, ISpeechClient speech, IPhoneCallHandler handler)
        {
            var settings = options.Value;
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }
            var logger = loggers.CreateLogger("VoicePrompts.Telephony.Acs");
            if (!settings.AllowUnauthenticated && !TokenMatches(context.Request.Query["token"].ToString(), settings.AcsAccessToken))
            {
                logger.LogWarning("ACS media stream refused: the token is missing or wrong");
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return;
            }
            using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
            var channel = await AcsMediaStreamingChannel.OpenAsync(socket, settings.MediaBatch, logger, context.RequestAborted).ConfigureAwait(false);
            if (channel is null)
                return;
            var call = new PhoneCall(channel, speech, logger);
            await RunCallAsync(call, channel.ReceiveAsync(call, context.RequestAborted), handler).ConfigureAwait(false);
        }

        /// <summary>Runs the flow beside the receive loop; whichever ends first ends the call.</summary>
        private static async Task RunCallAsync(PhoneCall call, Task receive, IPhoneCallHandler handler)
        {
            var flow = call.RunAsync(handler);
            if (await Task.WhenAny(receive, flow).ConfigureAwait(false) == flow && !receive.IsCompleted)
            {
                // We hung up (closed our side): the platform closes its side; if it does not, the request ends anyway.
                await Task.WhenAny(receive, Task.Delay(TimeSpan.FromSeconds(2))).ConfigureAwait(false);
            }
            call.End();
            await flow.ConfigureAwait(false);
        }

        /// <summary>
        /// Twilio signs the public URL it requested (<c>https://</c> for the webhook, <c>wss://</c> for the upgrade) and,
        /// for a POST, the form fields; behind a tunnel the app sees another URL, so the configured origin is used.
        /// </summary>
        private static bool IsSignedByTwilio(HttpContext context, TelephonyOptions settings, string scheme, IDictionary<string, string> fields, ILoggerFactory loggers)
        {
            if (string.IsNullOrEmpty(settings.TwilioAuthToken))
                return settings.AllowUnauthenticated;
            string url = PublicOrigin(context, settings, scheme) + context.Request.Path + context.Request.QueryString;
            string? signature = context.Request.Headers[SignatureHeader];
            bool valid = !string.IsNullOrEmpty(signature) && new RequestValidator(settings.TwilioAuthToken).Validate(url, fields, signature);
            if (!valid)
                loggers.CreateLogger("VoicePrompts.Telephony.Twilio").LogWarning(
                    "Refused a request to {Path}: {Problem} for {Url}", context.Request.Path.Value, string.IsNullOrEmpty(signature) ? "no X-Twilio-Signature" : "the X-Twilio-Signature does not match", url);
            return valid;
        }

        /// <summary>The configured public origin with <paramref name="scheme"/> (<c>https</c> → <c>wss</c>); without one (development), the request's host.</summary>
        private static string PublicOrigin(HttpContext context, TelephonyOptions settings, string scheme)
        {
            if (settings.PublicBaseUrl is { } configured)
                return scheme + "://" + configured.Authority + configured.AbsolutePath.TrimEnd('/');
            return scheme + "://" + context.Request.Host + context.Request.PathBase;
        }

        private static bool TokenMatches(string given, string? expected) =>
            !string.IsNullOrEmpty(expected) && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));
    }
}
