namespace VoicePrompts.Telephony
{
    /// <summary>
    /// Where the channels listen and how they authenticate. Bound from the <c>Telephony</c> configuration section by
    /// <see cref="Microsoft.Extensions.DependencyInjection.TelephonyServiceCollectionExtensions.AddVoicePromptsTelephony{THandler}"/>.
    /// </summary>
    public sealed class TelephonyOptions
    {
        /// <summary>
        /// The app's public origin as the platforms reach it, e.g. <c>https://abc.example.app</c> (behind a tunnel or proxy
        /// the app sees another). Twilio signs the public URL: requests are validated against this origin, and the
        /// TwiML's stream URL is written with it (<c>wss://</c>).
        /// </summary>
        public Uri? PublicBaseUrl { get; set; }

        /// <summary>The Twilio account's auth token, which signs its requests; <c>TWILIO_AUTH_TOKEN</c> when not set.</summary>
        public string? TwilioAuthToken { get; set; }

        /// <summary>The voice webhook Twilio calls (POST), answered with TwiML that connects the call to <see cref="TwilioStreamPath"/>.</summary>
        public string TwilioVoicePath { get; set; } = "/twilio/voice";

        /// <summary>The WebSocket path of Twilio's media stream.</summary>
        public string TwilioStreamPath { get; set; } = "/twilio/media";

        /// <summary>
        /// A secret the ACS media streaming transport URL carries as <c>?token=…</c> (ACS connects to the URL the app gave
        /// Call Automation); required unless the endpoint has its own authorization or <see cref="AllowUnauthenticated"/>.
        /// </summary>
        public string? AcsAccessToken { get; set; }

        /// <summary>The TCP port AudioSocket listens on; none when null.</summary>
        public int? AudioSocketPort { get; set; }

        /// <summary>The address AudioSocket listens on (default <c>0.0.0.0</c>, every IPv4 address).</summary>
        public string AudioSocketAddress { get; set; } = "0.0.0.0";

        /// <summary>
        /// Addresses of the Asterisk servers allowed to connect (AudioSocket has no authentication of its own); loopback
        /// is always allowed, any other address only when listed here (or with <see cref="AllowUnauthenticated"/>).
        /// </summary>
        public IList<string> AudioSocketAllowedPeers { get; } = new List<string>();

        /// <summary>
        /// The most audio a Twilio or ACS media message carries (default 100 ms, at least 60 ms). Audio goes as soon as
        /// 50 ms of it is in hand; messages under 50 ms (which play choppy) go only at the end of a prompt.
        /// </summary>
        public TimeSpan MediaBatch { get; set; } = TimeSpan.FromMilliseconds(100);

        /// <summary>
        /// For development only: accept unsigned Twilio requests, ACS streams without the token and AudioSocket from
        /// anywhere. Without it, a channel endpoint whose authentication is not configured refuses to start.
        /// </summary>
        public bool AllowUnauthenticated { get; set; }
    }
}
