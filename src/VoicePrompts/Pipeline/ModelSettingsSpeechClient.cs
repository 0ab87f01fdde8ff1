using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace VoicePrompts
{
    /// <summary>
    /// Gives requests that carry no <see cref="SpeechRequest.ModelSettings"/> (built by hand, or by an assembly that
    /// set none) the settings the app configured; a request that carries its project's keeps them.
    /// </summary>
    internal sealed class ModelSettingsSpeechClient : DelegatingSpeechClient
    {
        private readonly ModelSettings _settings;

        public ModelSettingsSpeechClient(ISpeechClient innerClient, ModelSettings settings) : base(innerClient) => _settings = settings;

        public override Task<SpeechAudio> SynthesizeAsync(SpeechRequest request, CancellationToken cancellationToken = default) =>
            base.SynthesizeAsync(WithSettings(request), cancellationToken);

        public override IAsyncEnumerable<SpeechAudioUpdate> StreamAsync(SpeechRequest request, CancellationToken cancellationToken = default) =>
            base.StreamAsync(WithSettings(request), cancellationToken);

        public override object? GetService(System.Type serviceType, object? serviceKey = null) =>
            base.GetService(serviceType, serviceKey is SpeechRequest request ? WithSettings(request) : serviceKey);

        private SpeechRequest WithSettings(SpeechRequest request) =>
            request is null || request.ModelSettings is not null ? request! : request with { ModelSettings = _settings };
    }
}
