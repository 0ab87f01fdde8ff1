using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;

namespace VoicePrompts.Generator.Analyzers
{
    /// <summary>
    /// Lets each (id, location) through once per compilation: a class-level [Voice] or a partial class is shared by
    /// several prompts, and each prompt's analysis would otherwise repeat the same diagnostic.
    /// </summary>
    internal sealed class ReportOnce
    {
        private readonly ConcurrentDictionary<(string Id, Location? Location), bool> _seen = new();

        public bool IsFirst(Diagnostic diagnostic) => _seen.TryAdd((diagnostic.Id, diagnostic.Location), true);
    }

    /// <summary>Turns parser problems into diagnostics (Diagnostics/ProblemDescriptors.cs).</summary>
    internal sealed class DiagnosticSink : Parsing.IProblemSink
    {
        private readonly System.Action<Diagnostic> _report;
        private readonly ReportOnce _once;
        private readonly Parsing.ProblemKind? _skip;

        /// <param name="skip">A problem another action reports (where it is local to the declaration it points at).</param>
        public DiagnosticSink(System.Action<Diagnostic> report, ReportOnce once, Parsing.ProblemKind? skip = null)
        {
            _report = report;
            _once = once;
            _skip = skip;
        }

        public void Report(Parsing.ProblemKind kind, Location? location, params object?[] args)
        {
            if (kind == _skip)
                return;
            var diagnostic = Diagnostic.Create(Diagnostics.ProblemDescriptors.For(kind), location, args);
            if (_once.IsFirst(diagnostic))
                _report(diagnostic);
        }
    }
}
