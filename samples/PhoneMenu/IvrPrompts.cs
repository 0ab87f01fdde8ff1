using VoicePrompts;

namespace PhoneMenu;

/// <summary>
/// The C# part of the class the YAML file declares: it injects the speech client from dependency injection, so the
/// generated Speak/Stream methods use the client AddVoicePrompts configured (retries, logging, telemetry). Keep it
/// the class's only ISpeechClient member — a second one (say, a property exposing it) is VP0012.
/// </summary>
public partial class IvrPrompts(ISpeechClient speech);
