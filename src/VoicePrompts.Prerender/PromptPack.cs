using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using VoicePrompts.Caching;

namespace VoicePrompts.Prerender;

/// <summary>
/// A prompt pack: every static prompt × culture as one audio file (8 kHz μ-law WAV unless told otherwise) in a
/// folder per culture, and <c>manifest.json</c> naming each file's prompt, culture, text, duration and SHA-256 —
/// what a contact-center prompt library (Amazon Connect, Genesys, Twilio <c>&lt;Play&gt;</c>) is loaded from.
/// Exporting again renders only the clips whose request changed (text, voice, instructions, format…) or whose
/// file is missing or altered, and removes the files of prompts that are gone.
/// </summary>
internal static class PromptPack
{
    public const string ManifestName = "manifest.json";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // the texts stay readable
    };

    /// <summary>The clips of a pack and whether each must be (re)rendered.</summary>
    public static PackPlan Plan(IReadOnlyList<PromptInfo> prompts, PackOptions options, SpeechClientMetadata? backend)
    {
        var previous = ReadManifest(options.Directory);
        var byFile = previous?.Prompts.ToDictionary(e => e.File, StringComparer.Ordinal) ?? new Dictionary<string, PackEntry>(StringComparer.Ordinal);
        var clips = new List<PackClip>();
        foreach (var prompt in prompts.Where(p => p.IsStatic))
        {
            var request = prompt.CreateRequest() with { Format = options.Format };
            string culture = prompt.Language ?? options.NeutralCulture ?? "";
            string folder = culture.Length == 0 ? "neutral" : culture;
            string file = folder + "/" + prompt.Id + options.Format.FileExtension;
            string key = SpeechCacheKey.For(request, backend);
            bool unchanged = byFile.TryGetValue(file, out var old) && old.Key == key && old.Id == prompt.Id
                && Sha256Of(Path.Combine(options.Directory, file)) == old.Sha256;
            clips.Add(new PackClip(prompt, request, culture, file, key, unchanged ? old : null));
        }
        var kept = new HashSet<string>(clips.Select(c => c.File), StringComparer.Ordinal);
        var stale = byFile.Keys.Where(f => !kept.Contains(f)).ToList();
        return new PackPlan(clips, stale);
    }

    /// <summary>Renders what changed (at most <paramref name="parallelism"/> at a time), writes the files, removes stale ones, then the manifest.</summary>
    public static async Task<PackResult> ExportAsync(PackPlan plan, ISpeechClient client, PackOptions options, int parallelism,
        Action<PackClip, SpeechAudio?, Exception?>? progress, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(options.Directory);
        var entries = new PackEntry?[plan.Clips.Count];
        var failures = new List<(PackClip, Exception)>();
        using var gate = new SemaphoreSlim(parallelism);
        await Task.WhenAll(plan.Clips.Select(async (clip, index) =>
        {
            if (clip.Unchanged is { } kept)
            {
                entries[index] = kept;
                return;
            }
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var audio = await client.SynthesizeAsync(clip.Request, cancellationToken).ConfigureAwait(false);
                // SaveAsync writes a streamed WAV's real sizes; the file is moved into place whole.
                string path = Path.Combine(options.Directory, clip.File);
                await WriteAtomicallyAsync(path, temporary => audio.SaveAsync(temporary, cancellationToken)).ConfigureAwait(false);
                byte[] bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
                entries[index] = new PackEntry(clip.Prompt.Id, clip.Culture, clip.Prompt.Template,
                    clip.Request.Input == clip.Prompt.Template ? null : clip.Request.Input, clip.File,
                    audio.Duration is { } duration ? Math.Round(duration.TotalSeconds, 3) : null, bytes.Length, Sha256Of(bytes),
                    clip.Request.Voice.Value, clip.Request.Model, clip.Request.Instructions, clip.Key);
                progress?.Invoke(clip, audio, null);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                lock (failures) failures.Add((clip, ex));
                progress?.Invoke(clip, null, ex);
            }
            finally
            {
                gate.Release();
            }
        })).ConfigureAwait(false);

        foreach (string file in plan.Stale)
        {
            string path = Path.GetFullPath(Path.Combine(options.Directory, file));
            // Only files the old manifest listed, and only inside the pack.
            if (path.StartsWith(Path.GetFullPath(options.Directory) + Path.DirectorySeparatorChar, StringComparison.Ordinal) && File.Exists(path))
                File.Delete(path);
        }

        // A failed clip keeps its previous entry (and file) if it had one: the pack stays loadable.
        var previous = ReadManifest(options.Directory)?.Prompts.ToDictionary(e => e.File, StringComparer.Ordinal);
        var written = new List<PackEntry>();
        for (int i = 0; i < entries.Length; i++)
        {
            if (entries[i] is { } entry)
                written.Add(entry);
            else if (previous is not null && previous.TryGetValue(plan.Clips[i].File, out var old) && File.Exists(Path.Combine(options.Directory, old.File)))
                written.Add(old);
        }
        var manifest = new PackManifest(options.Format.Value,
            written.OrderBy(e => e.Culture, StringComparer.Ordinal).ThenBy(e => e.Id, StringComparer.Ordinal).ToList());
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(manifest, Json);
        await WriteAtomicallyAsync(Path.Combine(options.Directory, ManifestName), temporary => File.WriteAllBytesAsync(temporary, json, cancellationToken)).ConfigureAwait(false);
        return new PackResult(plan.Clips.Count(c => c.Unchanged is null) - failures.Count, plan.Clips.Count(c => c.Unchanged is not null), plan.Stale.Count, failures);
    }

    public static PackManifest? ReadManifest(string directory)
    {
        string path = Path.Combine(directory, ManifestName);
        if (!File.Exists(path))
            return null;
        try
        {
            return JsonSerializer.Deserialize<PackManifest>(File.ReadAllBytes(path), Json);
        }
        catch (JsonException)
        {
            return null; // not ours, or damaged: everything is exported again
        }
    }

    public static string? Sha256Of(string path) => File.Exists(path) ? Sha256Of(File.ReadAllBytes(path)) : null;

    public static string Sha256Of(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Has <paramref name="write"/> write a temporary file beside <paramref name="path"/>, then moves it into place: a reader never sees half a file.</summary>
    private static async Task WriteAtomicallyAsync(string path, Func<string, Task> write)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        string temporary = path + "." + Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture) + ".tmp";
        await write(temporary).ConfigureAwait(false);
        File.Move(temporary, path, overwrite: true);
    }
}

internal sealed record PackOptions(string Directory, AudioFormat Format, string? NeutralCulture);

/// <summary>One file of the pack: its prompt, request and, when it needs no rendering, its current manifest entry.</summary>
internal sealed record PackClip(PromptInfo Prompt, SpeechRequest Request, string Culture, string File, string Key, PackEntry? Unchanged);

internal sealed record PackPlan(IReadOnlyList<PackClip> Clips, IReadOnlyList<string> Stale)
{
    public IEnumerable<PackClip> ToRender => Clips.Where(c => c.Unchanged is null);
}

internal sealed record PackResult(int Exported, int Unchanged, int Removed, IReadOnlyList<(PackClip Clip, Exception Error)> Failures);

/// <summary><c>manifest.json</c>: the format, and an entry per file.</summary>
internal sealed record PackManifest(string Format, IReadOnlyList<PackEntry> Prompts);

/// <summary>
/// One file: the prompt's id and culture (<c>""</c> for the neutral text unless <c>--neutral-culture</c> names it),
/// its written text and, where pronunciations changed it, what was spoken; the file relative to the manifest, its
/// duration, size and SHA-256; the voice, model and instructions; and the request key that tells a later export
/// whether the clip is still current.
/// </summary>
internal sealed record PackEntry(string Id, string Culture, string Text, string? Spoken, string File, double? DurationSeconds, long Bytes,
    string Sha256, string Voice, string Model, string? Instructions, string Key);
