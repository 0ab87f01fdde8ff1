using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PhoneMenu;

// PhoneMenu: an IVR call flow. `serve` runs it as a phone server (Twilio, ACS, Asterisk AudioSocket: PhoneServer.cs);
// otherwise one scripted call on the generic host, each step streamed to a file. Configuration comes from
// appsettings.json, the environment (OPENAI_API_KEY, OPENAI_BASE_URL, or VoicePrompts__BaseUrl) and the command
// line; `--culture fr-CA` places the call in French (Prompts/ivr.fr.voice.yaml).
if (args.Length > 0 && args[0] == "serve")
{
    await PhoneServer.Build(args[1..]).RunAsync();
    return 0;
}

var builder = Host.CreateApplicationBuilder(args);
builder.Configuration.AddCommandLine(args, new Dictionary<string, string> { ["--culture"] = "PhoneMenu:Culture" });
builder.Services.AddVoicePrompts(builder.Configuration.GetSection("VoicePrompts"));
builder.Services.AddSingleton<IvrPrompts>();
builder.Services.AddSingleton<CallFlow>();
using var host = builder.Build();

var flow = host.Services.GetRequiredService<CallFlow>();
bool open = DateTime.Now.Hour is >= 8 and < 20;
bool live = !string.IsNullOrWhiteSpace(builder.Configuration["OPENAI_API_KEY"])
         || !string.IsNullOrWhiteSpace(builder.Configuration["OPENAI_BASE_URL"])
         || !string.IsNullOrWhiteSpace(builder.Configuration["VoicePrompts:BaseUrl"]);

if (!live)
{
    Console.WriteLine($"PhoneMenu dry run in {(flow.Culture.Name.Length == 0 ? "English" : flow.Culture.EnglishName)} (set OPENAI_API_KEY, or OPENAI_BASE_URL for a compatible server, to place the call; --culture fr-CA for French):");
    flow.DryRun(open);
    return 0;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
await flow.PlayAsync(open, cancel.Token);
return 0;
