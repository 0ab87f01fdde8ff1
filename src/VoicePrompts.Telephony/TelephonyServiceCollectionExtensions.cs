using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using VoicePrompts.Telephony;
using VoicePrompts.Telephony.Channels.AudioSocket;

namespace Microsoft.Extensions.DependencyInjection
{
    /// <summary>Registers the telephony channels.</summary>
    public static class TelephonyServiceCollectionExtensions
    {
        /// <summary>
        /// Registers <typeparamref name="THandler"/> as the call flow, the options (bound from <paramref name="configuration"/>,
        /// then <paramref name="configure"/>), and — when <see cref="TelephonyOptions.AudioSocketPort"/> is set — the
        /// AudioSocket listener. Map the WebSocket channels with <c>MapTwilioMediaStreams</c> and <c>MapAcsMediaStreaming</c>.
        /// The calls speak through the app's <see cref="VoicePrompts.ISpeechClient"/> (<c>AddVoicePrompts</c>).
        /// </summary>
        public static IServiceCollection AddVoicePromptsTelephony<THandler>(this IServiceCollection services, IConfiguration? configuration = null, Action<TelephonyOptions>? configure = null)
            where THandler : class, IPhoneCallHandler
        {
            if (services is null) throw new ArgumentNullException(nameof(services));
            var options = services.AddOptions<TelephonyOptions>();
            if (configuration is not null)
                options.Bind(configuration);
            options.PostConfigure(o =>
            {
                if (string.IsNullOrEmpty(o.TwilioAuthToken))
                    o.TwilioAuthToken = Environment.GetEnvironmentVariable("TWILIO_AUTH_TOKEN");
                configure?.Invoke(o);
            });
            services.TryAddSingleton<IPhoneCallHandler, THandler>();
            services.AddHostedService<AudioSocketServer>();
            return services;
        }
    }
}
