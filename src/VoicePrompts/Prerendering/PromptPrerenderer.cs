using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace VoicePrompts.Caching
{
    /// <summary>
    /// Fills an <see cref="ISpeechAudioStore"/> with the clips of static prompts (those with no variables, listed by the
    /// generated <c>VoicePromptCatalog.All</c>), so the app never pays for them at run time. Plan first — what is
    /// already stored and what the rest will cost — then run with bounded parallelism. Running it again only renders
    /// what is missing (or was found damaged).
    /// </summary>
    public sealed class PromptPrerenderer
    {
        private readonly ISpeechClient _client;
        private readonly ISpeechAudioStore _store;
        private readonly SpeechClientMetadata? _backend;

        /// <summary>Creates a pre-renderer.</summary>
        /// <param name="client">The client that synthesizes (not a caching one: the store here is filled directly).</param>
        /// <param name="store">Where the clips go — the store the app's <see cref="CachingSpeechClient"/> reads.</param>
        public PromptPrerenderer(ISpeechClient client, ISpeechAudioStore store)
        {
            _client = client ?? throw new ArgumentNullException(nameof(client));
            _store = store ?? throw new ArgumentNullException(nameof(store));
            // The same backend identity the app's caching client puts in its keys.
            _backend = client.GetService<SpeechClientMetadata>();
        }

        /// <summary>
        /// Looks up every static prompt's clip. Templated prompts are counted, not rendered (their text is known only at
        /// run time); prompts that send the same request share one clip.
        /// </summary>
        public async Task<PrerenderPlan> PlanAsync(IEnumerable<PromptInfo> prompts, CancellationToken cancellationToken = default)
        {
            if (prompts is null) throw new ArgumentNullException(nameof(prompts));
            var all = prompts.ToList();
            var items = new List<PrerenderItem>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var prompt in all.Where(p => p.IsStatic))
            {
                var request = prompt.CreateRequest();
                string key = SpeechCacheKey.For(request, _backend);
                if (!seen.Add(key))
                    continue;
                bool stored = await _store.GetAsync(key, cancellationToken).ConfigureAwait(false) is not null;
                items.Add(new PrerenderItem(prompt, request, key, stored));
            }
            return new PrerenderPlan(items, templated: all.Count(p => !p.IsStatic));
        }

        /// <summary>Renders every clip of <paramref name="plan"/> not yet stored, at most <paramref name="maxParallelism"/> at a time.</summary>
        /// <param name="plan">From <see cref="PlanAsync"/>.</param>
        /// <param name="maxParallelism">Concurrent requests (1–64). OpenAI's rate limits apply; retries of 429s are the client's.</param>
        /// <param name="progress">Told after each clip, stored or failed.</param>
        /// <param name="cancellationToken">Stops starting new clips and cancels those under way; stored clips stay.</param>
        /// <returns>What was rendered and what failed. A failed clip does not stop the others.</returns>
        public async Task<PrerenderResult> RunAsync(PrerenderPlan plan, int maxParallelism = 4, IProgress<PrerenderProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            if (plan is null) throw new ArgumentNullException(nameof(plan));
            if (maxParallelism is < 1 or > 64) throw new ArgumentOutOfRangeException(nameof(maxParallelism), maxParallelism, "Between 1 and 64 requests at a time.");
            var pending = plan.Items.Where(i => !i.AlreadyStored).ToList();
            var failures = new List<PrerenderFailure>();
            int done = 0, rendered = 0, skipped = 0;
            long bytes = 0;
            using var gate = new SemaphoreSlim(maxParallelism);
            var tasks = pending.Select(async item =>
            {
                await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                var clock = Stopwatch.StartNew();
                SpeechAudio? audio = null;
                Exception? error = null;
                bool wasStored = false;
                try
                {
                    // Another run (or the app) may have stored it since the plan was made.
                    wasStored = await _store.GetAsync(item.Key, cancellationToken).ConfigureAwait(false) is not null;
                    if (!wasStored)
                    {
                        audio = await _client.SynthesizeAsync(item.Request, cancellationToken).ConfigureAwait(false);
                        await _store.SetAsync(item.Key, audio, cancellationToken).ConfigureAwait(false);
                    }
                }
                catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
                {
                    error = ex;
                }
                finally
                {
                    gate.Release();
                }

                int number;
                lock (failures)
                {
                    number = ++done;
                    if (error is not null) failures.Add(new PrerenderFailure(item.Prompt, error));
                    else if (wasStored) skipped++;
                    else
                    {
                        rendered++;
                        bytes += audio!.Data.Length;
                    }
                }
                progress?.Report(new PrerenderProgress(number, pending.Count, item.Prompt, audio?.Data.Length ?? 0, clock.Elapsed, error, wasStored));
            }).ToList();
            await Task.WhenAll(tasks).ConfigureAwait(false);
            return new PrerenderResult(rendered, plan.Items.Count - pending.Count + skipped, bytes, failures);
        }
    }

    /// <summary>One distinct clip of a static prompt. Made by <see cref="PromptPrerenderer.PlanAsync"/>.</summary>
    public sealed class PrerenderItem
    {
        internal PrerenderItem(PromptInfo prompt, SpeechRequest request, string key, bool alreadyStored)
        {
            Prompt = prompt;
            Request = request;
            Key = key;
            AlreadyStored = alreadyStored;
            InputTokens = prompt.StaticInputTokens ?? VoicePrompts.InputTokens.Count(request.Input);
            var facts = Shared.SpeechModelCatalog.Get(SpeechRequestValidator.ModelOf(request));
            InputDollarsPerMillionTokens = facts.InputDollarsPerMillionTokens;
            AudioOutputDollarsPerMillionTokens = facts.AudioOutputDollarsPerMillionTokens;
        }

        /// <summary>The (first) prompt that sends this request.</summary>
        public PromptInfo Prompt { get; }

        /// <summary>The request, exactly as the app sends it.</summary>
        public SpeechRequest Request { get; }

        /// <summary>Its <see cref="SpeechCacheKey"/> for the pre-renderer's backend.</summary>
        public string Key { get; }

        /// <summary>True when the store already had a whole clip for it.</summary>
        public bool AlreadyStored { get; }

        /// <summary>Exact o200k_base tokens of the input (the catalog's build-time count).</summary>
        public int InputTokens { get; }

        /// <summary>The model's listed price per 1M text input tokens (from the model catalog, after the project's aliases); null where none is listed.</summary>
        public decimal? InputDollarsPerMillionTokens { get; }

        /// <summary>The model's listed price per 1M audio output tokens; null where none is listed.</summary>
        public decimal? AudioOutputDollarsPerMillionTokens { get; }

        /// <summary>True when the model's input token price is listed.</summary>
        public bool IsPriced => InputDollarsPerMillionTokens is not null;
    }

    /// <summary>What a pre-render run would do, and what it would cost at OpenAI's listed prices.</summary>
    public sealed class PrerenderPlan
    {
        internal PrerenderPlan(IReadOnlyList<PrerenderItem> items, int templated)
        {
            Items = items;
            Templated = templated;
        }

        /// <summary>Every distinct static clip.</summary>
        public IReadOnlyList<PrerenderItem> Items { get; }

        /// <summary>Prompts with variables, which cannot be rendered ahead.</summary>
        public int Templated { get; }

        /// <summary>The clips still to render.</summary>
        public IEnumerable<PrerenderItem> ToRender => Items.Where(i => !i.AlreadyStored);

        /// <summary>Exact o200k_base input tokens of the clips still to render.</summary>
        public long InputTokens => ToRender.Sum(i => (long)i.InputTokens);

        /// <summary>Input tokens of their instructions (whether these are billed as input is not documented).</summary>
        public long InstructionTokens => ToRender.Sum(i => (long)(i.Request.Instructions is { } text ? VoicePrompts.InputTokens.Count(text) : 0));

        /// <summary>
        /// Each clip's input tokens × its model's listed input price — input only: audio output is billed separately
        /// and is known only after synthesis. Clips whose model has no listed price are left out; see
        /// <see cref="UnpricedClips"/>.
        /// </summary>
        public decimal EstimatedInputCostUsd =>
            ToRender.Where(i => i.IsPriced).Sum(i => i.InputTokens * i.InputDollarsPerMillionTokens!.Value) / 1_000_000m;

        /// <summary>The distinct listed input prices (per 1M tokens) of the clips to render, lowest first.</summary>
        public IReadOnlyList<decimal> InputPrices => ToRender.Where(i => i.IsPriced).Select(i => i.InputDollarsPerMillionTokens!.Value).Distinct().OrderBy(p => p).ToList();

        /// <summary>The distinct listed audio output prices (per 1M tokens) of the clips to render, lowest first.</summary>
        public IReadOnlyList<decimal> AudioOutputPrices => ToRender.Where(i => i.AudioOutputDollarsPerMillionTokens is not null)
            .Select(i => i.AudioOutputDollarsPerMillionTokens!.Value).Distinct().OrderBy(p => p).ToList();

        /// <summary>Clips to render whose model has no listed token price here (tts-1, a compatible server's own model).</summary>
        public int UnpricedClips => ToRender.Count(i => !i.IsPriced);
    }

    /// <summary>Progress of one clip, reported by <see cref="PromptPrerenderer.RunAsync"/>.</summary>
    public sealed class PrerenderProgress
    {
        internal PrerenderProgress(int completed, int total, PromptInfo prompt, int bytes, TimeSpan elapsed, Exception? error, bool foundStored)
        {
            Completed = completed;
            Total = total;
            Prompt = prompt;
            Bytes = bytes;
            Elapsed = elapsed;
            Error = error;
            FoundStored = foundStored;
        }

        /// <summary>Clips finished so far, this one included.</summary>
        public int Completed { get; }

        /// <summary>Clips this run renders.</summary>
        public int Total { get; }

        /// <summary>The prompt.</summary>
        public PromptInfo Prompt { get; }

        /// <summary>Audio bytes stored (0 when it failed or was found stored).</summary>
        public int Bytes { get; }

        /// <summary>Time the clip took.</summary>
        public TimeSpan Elapsed { get; }

        /// <summary>Why it failed, or null.</summary>
        public Exception? Error { get; }

        /// <summary>True when another writer had stored it since the plan was made.</summary>
        public bool FoundStored { get; }
    }

    /// <summary>A clip that could not be rendered.</summary>
    public sealed class PrerenderFailure
    {
        internal PrerenderFailure(PromptInfo prompt, Exception error)
        {
            Prompt = prompt;
            Error = error;
        }

        /// <summary>The prompt.</summary>
        public PromptInfo Prompt { get; }

        /// <summary>Why.</summary>
        public Exception Error { get; }
    }

    /// <summary>The outcome of <see cref="PromptPrerenderer.RunAsync"/>.</summary>
    public sealed class PrerenderResult
    {
        internal PrerenderResult(int rendered, int alreadyStored, long bytes, IReadOnlyList<PrerenderFailure> failures)
        {
            Rendered = rendered;
            AlreadyStored = alreadyStored;
            Bytes = bytes;
            Failures = failures;
        }

        /// <summary>Clips synthesized and stored by this run.</summary>
        public int Rendered { get; }

        /// <summary>Clips that were already stored.</summary>
        public int AlreadyStored { get; }

        /// <summary>Audio bytes stored by this run.</summary>
        public long Bytes { get; }

        /// <summary>Clips that failed; the others were stored.</summary>
        public IReadOnlyList<PrerenderFailure> Failures { get; }
    }
}
