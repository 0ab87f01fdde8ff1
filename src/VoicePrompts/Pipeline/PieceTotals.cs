using System.Collections.Generic;

namespace VoicePrompts
{
    /// <summary>
    /// What the pieces of one request add up to (long text read in parts): usage summed while every piece reports it,
    /// transcripts joined while every piece has one, matched only if every piece did (false if any piece did not), request ids listed.
    /// </summary>
    internal sealed class PieceTotals
    {
        private readonly List<string> _transcripts = new();
        private readonly List<string> _ids = new();
        private bool _usageKnown = true;
        private bool _transcriptKnown = true;
        private int _pieces;

        public SpeechUsage? Usage { get; private set; }

        public bool? Matches { get; private set; }

        public string? Transcript => _transcriptKnown && _transcripts.Count > 0 ? string.Join(" ", _transcripts) : null;

        public string? ResponseIds => _ids.Count == 0 ? null : string.Join(",", _ids);

        public void Add(SpeechUsage? usage, string? transcript, bool? matches, string? responseId)
        {
            _pieces++;
            if (usage is null) _usageKnown = false;
            Usage = !_usageKnown ? null : Usage is null ? usage : Usage.Add(usage!);
            if (transcript is null) _transcriptKnown = false;
            else _transcripts.Add(transcript);
            // One reworded piece makes the whole clip reworded; a piece without a claim leaves the whole without one.
            Matches = _pieces == 1 ? matches : Matches == false || matches == false ? false : Matches is null || matches is null ? null : true;
            if (responseId is not null) _ids.Add(responseId);
        }
    }
}
