using System.Security.Cryptography;
using System.Text.Json;
using VoicePrompts.Prerender;
using VoicePrompts.Tests.Audio;

namespace VoicePrompts.Tests;

/// <summary>
/// Prompt packs from the PhoneMenu sample as built: every static prompt in English and French as 8 kHz μ-law WAV,
/// each file's header, duration and hash checked against the manifest, and a second export that renders only what changed.
/// </summary>
public sealed class PromptPackTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("voiceprompts-pack-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Pack => Path.Combine(_directory, "pack");

    private static string PhoneMenuAssembly => Path.Combine(AppContext.BaseDirectory, "PhoneMenu.dll");

    /// <summary>OpenAI's endpoint on loopback: 24 kHz PCM whose length follows the input, asked for by its rules.</summary>
    private static Task<LoopbackServer> Server() => LoopbackServer.StartAsync(async (context, body) =>
    {
        WireRules.Check(body);
        var root = JsonDocument.Parse(body).RootElement;
        Assert.Equal("pcm", root.GetProperty("response_format").GetString());
        byte[] pcm = AudioConverterTests.Speechlike(seconds: root.GetProperty("input").GetString()!.Length / 100.0);
        context.Response.ContentType = "audio/pcm";
        await context.Response.Body.WriteAsync(pcm);
    });

    private static async Task<(int Exit, string Output, string Errors)> Command(PrerenderArguments arguments)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        int exit = await PrerenderCommand.RunAsync(arguments, output, errors);
        return (exit, output.ToString(), errors.ToString());
    }

    private static JsonElement[] Entries(string pack) =>
        JsonDocument.Parse(File.ReadAllBytes(Path.Combine(pack, "manifest.json"))).RootElement.GetProperty("prompts").EnumerateArray().ToArray();

    [Fact]
    public async Task The_PhoneMenu_sample_exports_in_two_cultures_as_mu_law_WAV_matching_its_manifest()
    {
        await using var server = await Server();
        var arguments = new PrerenderArguments(PhoneMenuAssembly, null) { PackDirectory = Pack, BaseUrl = server.BaseUrl, NeutralCulture = "en-US" };

        var run = await Command(arguments);
        Assert.True(run.Exit == 0, run.Output + run.Errors);
        Assert.Contains("4 files (static prompts x cultures): 0 unchanged, 4 to export; 6 templated prompts are not in a pack", run.Output);
        Assert.Contains("done: 4 exported, 0 unchanged, 0 removed, 0 failed", run.Output);

        var manifest = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Pack, "manifest.json"))).RootElement;
        Assert.Equal("wav_pcmu", manifest.GetProperty("format").GetString());
        var entries = Entries(Pack);
        Assert.Equal(new[] { "en-US", "en-US", "fr", "fr" }, entries.Select(e => e.GetProperty("culture").GetString()));
        Assert.Equal(new[] { "PhoneMenu.IvrPrompts.Goodbye", "PhoneMenu.IvrPrompts.MainMenu" }, entries.Take(2).Select(e => e.GetProperty("id").GetString()));
        foreach (var entry in entries)
        {
            string file = entry.GetProperty("file").GetString()!;
            Assert.Equal(entry.GetProperty("culture").GetString() + "/" + entry.GetProperty("id").GetString() + ".wav", file);
            byte[] wav = File.ReadAllBytes(Path.Combine(Pack, file));
            AssertMuLawWav(wav, out int samples);
            Assert.Equal(wav.Length, entry.GetProperty("bytes").GetInt64());
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(wav)), entry.GetProperty("sha256").GetString());
            Assert.Equal(Math.Round(samples / 8000.0, 3), entry.GetProperty("durationSeconds").GetDouble(), 3);
            // The server made input length / 100 seconds of 24 kHz PCM: a third as many samples at 8 kHz.
            string spoken = (entry.TryGetProperty("spoken", out var s) ? s : entry.GetProperty("text")).GetString()!;
            Assert.Equal(((int)(spoken.Length / 100.0 * 24000) + 2) / 3, samples);
        }
        // The written text for the library, and what was spoken where pronunciations changed it.
        var menu = entries.Single(e => e.GetProperty("culture").GetString() == "en-US" && e.GetProperty("id").GetString()!.EndsWith("MainMenu"));
        Assert.Contains("To find an ATM, press 4.", menu.GetProperty("text").GetString());
        Assert.Contains("To find an A T M, press 4.", menu.GetProperty("spoken").GetString());
        Assert.Equal("marin", menu.GetProperty("voice").GetString());
        Assert.Equal(4, server.Requests.Count);

        // Again: nothing changed, nothing is asked for.
        var again = await Command(arguments);
        Assert.Contains("done: 0 exported, 4 unchanged, 0 removed, 0 failed", again.Output);
        Assert.Equal(4, server.Requests.Count);

        // A file altered by hand, and one of a prompt that no longer exists: the first is exported again, the second removed.
        string altered = Path.Combine(Pack, entries[0].GetProperty("file").GetString()!);
        File.WriteAllBytes(altered, File.ReadAllBytes(altered)[..100]);
        string gone = Path.Combine(Pack, "en-US", "PhoneMenu.IvrPrompts.Retired.wav");
        File.Copy(altered, gone);
        var doc = JsonDocument.Parse(JsonSerializer.Serialize(new
        {
            format = "wav_pcmu",
            prompts = entries.Select(e => (object)e).Append(new
            {
                id = "PhoneMenu.IvrPrompts.Retired", culture = "en-US", text = "Old.", file = "en-US/PhoneMenu.IvrPrompts.Retired.wav",
                durationSeconds = 0.1, bytes = 100, sha256 = "00", voice = "marin", model = "gpt-4o-mini-tts", key = "k",
            }),
        }));
        File.WriteAllText(Path.Combine(Pack, "manifest.json"), doc.RootElement.GetRawText());
        var repaired = await Command(arguments);
        Assert.Contains("done: 1 exported, 3 unchanged, 1 removed, 0 failed", repaired.Output);
        Assert.Equal(5, server.Requests.Count);
        Assert.False(File.Exists(gone));
        AssertMuLawWav(File.ReadAllBytes(altered), out _);
        Assert.Equal(4, Entries(Pack).Length);
    }

    [Fact]
    public async Task Another_format_by_flag_exports_every_file_again_and_the_neutral_text_has_its_own_folder()
    {
        await using var server = await Server();
        var mulaw = await Command(new PrerenderArguments(PhoneMenuAssembly, null) { PackDirectory = Pack, BaseUrl = server.BaseUrl });
        Assert.Equal(0, mulaw.Exit);
        Assert.All(Entries(Pack).Where(e => e.GetProperty("culture").GetString() == ""), e => Assert.StartsWith("neutral/", e.GetProperty("file").GetString()));

        var alaw = await Command(new PrerenderArguments(PhoneMenuAssembly, null) { PackDirectory = Pack, BaseUrl = server.BaseUrl, PackFormat = "wav_pcma" });
        Assert.Contains("done: 4 exported, 0 unchanged, 0 removed, 0 failed", alaw.Output);
        foreach (var entry in Entries(Pack))
        {
            byte[] wav = File.ReadAllBytes(Path.Combine(Pack, entry.GetProperty("file").GetString()!));
            Assert.Equal(6, BitConverter.ToUInt16(wav, 20)); // A-law
        }

        var raw = await Command(new PrerenderArguments(PhoneMenuAssembly, null) { PackDirectory = Pack, BaseUrl = server.BaseUrl, PackFormat = "pcm_16000" });
        Assert.Contains("done: 4 exported, 0 unchanged, 4 removed, 0 failed", raw.Output); // .pcm files replace the .wav ones
        var first = Entries(Pack)[0];
        long bytes = first.GetProperty("bytes").GetInt64();
        Assert.Equal(Math.Round(bytes / 2 / 16000.0, 3), first.GetProperty("durationSeconds").GetDouble(), 3);
        Assert.Empty(Directory.GetFiles(Pack, "*.wav", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Through_the_cache_a_pack_costs_nothing_for_clips_already_rendered()
    {
        await using var server = await Server();
        string cache = Path.Combine(_directory, "cache");
        var arguments = new PrerenderArguments(PhoneMenuAssembly, cache) { PackDirectory = Pack, BaseUrl = server.BaseUrl };
        Assert.Equal(0, (await Command(arguments)).Exit);
        Assert.Equal(4, server.Requests.Count);
        Directory.Delete(Pack, recursive: true);
        var fromCache = await Command(arguments);
        Assert.Contains("(from the cache)", fromCache.Output);
        Assert.Equal(4, server.Requests.Count);
    }

    /// <summary>RIFF/WAVE, fmt tag 7 (μ-law), mono, 8 kHz, 8 bits, fact = samples, data = the rest of the file.</summary>
    private static void AssertMuLawWav(byte[] wav, out int samples)
    {
        Assert.Equal("RIFF", System.Text.Encoding.ASCII.GetString(wav, 0, 4));
        Assert.Equal(wav.Length - 8, BitConverter.ToInt32(wav, 4));
        Assert.Equal("WAVEfmt ", System.Text.Encoding.ASCII.GetString(wav, 8, 8));
        Assert.Equal(18, BitConverter.ToInt32(wav, 16));
        Assert.Equal(7, BitConverter.ToUInt16(wav, 20));
        Assert.Equal(1, BitConverter.ToUInt16(wav, 22));
        Assert.Equal(8000, BitConverter.ToInt32(wav, 24));
        Assert.Equal(8000, BitConverter.ToInt32(wav, 28));
        Assert.Equal(1, BitConverter.ToUInt16(wav, 32));
        Assert.Equal(8, BitConverter.ToUInt16(wav, 34));
        Assert.Equal("fact", System.Text.Encoding.ASCII.GetString(wav, 38, 4));
        Assert.Equal("data", System.Text.Encoding.ASCII.GetString(wav, 50, 4));
        samples = BitConverter.ToInt32(wav, 54);
        Assert.Equal(wav.Length - 58, samples);
        Assert.Equal(samples, BitConverter.ToInt32(wav, 46));
    }
}
