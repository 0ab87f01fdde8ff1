using System.Text;
using System.Text.Json;

namespace VoicePrompts.Tests;

internal sealed partial class LoopbackServer
{
    /// <summary>
    /// A speech endpoint whose audio is "audio for {input}" (so clips differ by request), after an optional delay; with
    /// <paramref name="breakStream"/> the connection drops after five bytes — once <paramref name="breakWhen"/> completes
    /// (the client has the bytes: a reset that overtakes them would be a different failure), else after 20 ms.
    /// </summary>
    public static Task<LoopbackServer> StartEchoingAsync(int delayMs = 0, bool breakStream = false, Task? breakWhen = null) =>
        StartAsync(async (context, body) =>
        {
            WireRules.Check(body);
            if (delayMs > 0) await Task.Delay(delayMs);
            byte[] audio = Encoding.UTF8.GetBytes("audio for " + JsonDocument.Parse(body).RootElement.GetProperty("input").GetString());
            context.Response.ContentType = "audio/mpeg";
            await context.Response.Body.WriteAsync(audio.AsMemory(0, breakStream ? 5 : audio.Length));
            await context.Response.Body.FlushAsync();
            if (breakStream)
            {
                await (breakWhen ?? Task.Delay(20));
                context.Abort();
            }
        });
}
