using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using PhoneMenu;

namespace VoicePrompts.Tests;

/// <summary>The PhoneMenu sample's call flow against the loopback server: every step streamed to its file intact.</summary>
public class PhoneMenuSampleTests
{
    [Fact]
    public async Task Each_step_of_the_call_is_streamed_to_its_file_and_the_next_call_plays_from_the_cache()
    {
        await using var server = await LoopbackServer.StartAsync(async (context, body) =>
        {
            WireRules.Check(body);
            // The audio is the request's input, sent in small pieces with pauses, as a live stream arrives.
            byte[] audio = System.Text.Encoding.UTF8.GetBytes(JsonDocument.Parse(body).RootElement.GetProperty("input").GetString()!);
            context.Response.ContentType = "audio/mpeg";
            for (int i = 0; i < audio.Length; i += 16)
            {
                await context.Response.Body.WriteAsync(audio.AsMemory(i, Math.Min(16, audio.Length - i)));
                await context.Response.Body.FlushAsync();
                await Task.Delay(2);
            }
        });
        string output = Directory.CreateTempSubdirectory("phonemenu-").FullName;
        try
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["PhoneMenu:OutputDirectory"] = output,
                ["PhoneMenu:CompanyName"] = "Contoso",
            }).Build();
            using var client = new OpenAISpeechClient(new OpenAISpeechClientOptions { BaseUrl = server.BaseUrl, ApiKey = "k" });
            // As the sample's appsettings.json sets it up: a disk cache in front of the client.
            var cached = new Caching.CachingSpeechClient(client, new Caching.DiskSpeechAudioStore(Path.Combine(output, "voice-cache")));
            var flow = new CallFlow(new IvrPrompts(cached), configuration);

            await flow.PlayAsync(open: true, CancellationToken.None);

            var steps = flow.Steps(open: true).ToList();
            Assert.Equal(5, steps.Count);
            Assert.Equal(5, server.Requests.Count);
            // The prompts are μ-law; gpt-4o-mini-tts was asked for its 24 kHz PCM, converted on the way to the file.
            Assert.All(steps, s => Assert.Equal(AudioFormat.Pcmu, s.Request.Format));
            Assert.All(server.Requests, r => Assert.Equal("pcm", JsonDocument.Parse(r.Body).RootElement.GetProperty("response_format").GetString()));
            foreach (var (step, request, _) in steps)
                Assert.Equal(MuLawOf(request.Input), File.ReadAllBytes(Path.Combine(output, step + ".pcmu")));
            Assert.Equal("Thank you for calling Contoso. We're open, and happy to help.", steps[0].Request.Input);
            Assert.Equal("cedar", steps[4].Request.Voice.Value);

            // The next caller hears the same prompts: every step comes from the cache, streamed, and costs nothing.
            foreach (var (step, _, _) in steps) File.Delete(Path.Combine(output, step + ".pcmu"));
            await flow.PlayAsync(open: true, CancellationToken.None);
            Assert.Equal(5, server.Requests.Count);
            foreach (var (step, request, _) in steps)
                Assert.Equal(MuLawOf(request.Input), File.ReadAllBytes(Path.Combine(output, step + ".pcmu")));
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    /// <summary>The server's "audio" (the input's bytes, read as 24 kHz PCM) as the client converts it.</summary>
    private static byte[] MuLawOf(string input) =>
        VoicePrompts.Audio.AudioConverter.ConvertAll(System.Text.Encoding.UTF8.GetBytes(input), Shared.AudioFormatFacts.Pcm24k, Shared.AudioFormatFacts.Of("pcmu")!.Value);

    [Fact]
    public async Task A_call_in_French_speaks_the_translation_with_its_pronunciations_and_captions_keep_the_written_words()
    {
        await using var server = await LoopbackServer.StartEchoingAsync();
        string output = Directory.CreateTempSubdirectory("phonemenu-fr-").FullName;
        try
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["PhoneMenu:OutputDirectory"] = output,
                ["PhoneMenu:CompanyName"] = "Northwind Bank",
                ["PhoneMenu:Culture"] = "fr-CA",
            }).Build();
            using var client = new OpenAISpeechClient(new OpenAISpeechClientOptions { BaseUrl = server.BaseUrl, ApiKey = "k" });
            var prompts = new IvrPrompts(client);
            var flow = new CallFlow(prompts, configuration);

            await flow.PlayAsync(open: false, CancellationToken.None);

            var steps = flow.Steps(open: false).ToList();
            Assert.All(steps, s => Assert.Equal("fr", s.Request.Language));
            Assert.Equal("Merci d'avoir appelé Nortouinde Bank. Nous sommes fermés pour le moment, mais nos services automatisés restent à votre disposition.", steps[0].Request.Input);
            Assert.Contains("Pour trouver un guichet automatique, faites le 4.", steps[1].Request.Input);
            Assert.Equal("cedar", steps[4].Request.Voice.Value); // the translation's own voice override
            Assert.StartsWith("Voix de centre d'appels", steps[1].Request.Instructions);
            Assert.Equal(AudioFormat.Pcmu, steps[1].Request.Format); // inherited from the English file
            // What went over the wire is the spoken French, one request per step.
            var bodies = server.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("input").GetString()).ToList();
            Assert.Equal(steps.Select(s => s.Request.Input), bodies);

            // Captions: the written form, in the call's language.
            var previous = System.Globalization.CultureInfo.CurrentUICulture;
            System.Globalization.CultureInfo.CurrentUICulture = flow.Culture;
            try
            {
                Assert.Equal("Merci d'avoir appelé Northwind Bank. Nous sommes ouverts et heureux de vous aider.", prompts.GreetingText("Northwind Bank", true));
                Assert.Contains("Pour trouver un GAB, faites le 4.", prompts.MainMenuText());
            }
            finally
            {
                System.Globalization.CultureInfo.CurrentUICulture = previous;
            }
            // And the same prompts in English for a call without a culture.
            Assert.Contains("To find an A T M, press 4.", new CallFlow(prompts, new ConfigurationBuilder().Build()).Steps(open: true).ElementAt(1).Request.Input);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }
}
