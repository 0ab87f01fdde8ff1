using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using VoicePrompts.Generator.Analyzers;
using VoicePrompts.Generator.Diagnostics;

namespace VoicePrompts.Generator.Tests.Analyzers;

/// <summary>The rules' bookkeeping: one table, a docs page and a release-tracking row per id, each reported by an analyzer.</summary>
public class DescriptorTableTests
{
    private static readonly IReadOnlyList<DiagnosticDescriptor> Descriptors = typeof(DiagnosticDescriptors)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
        .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
        .ToList();

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "VoicePrompts.sln")))
                return dir.FullName;
        throw new InvalidOperationException("VoicePrompts.sln not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void Ids_are_unique_consecutive_and_linked_to_their_page()
    {
        var ids = Descriptors.Select(d => d.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(Enumerable.Range(1, ids.Count).Select(i => $"VP{i:0000}"), ids.OrderBy(i => i, StringComparer.Ordinal));
        Assert.All(Descriptors, d => Assert.Equal(DiagnosticDescriptors.HelpLinkBase + d.Id + ".md", d.HelpLinkUri));
    }

    [Fact]
    public void Every_id_has_a_docs_page_and_a_release_tracking_row()
    {
        string root = RepositoryRoot();
        var unshipped = File.ReadAllLines(Path.Combine(root, "src", "VoicePrompts.Generator", "AnalyzerReleases.Unshipped.md"));
        foreach (var descriptor in Descriptors)
        {
            string page = Path.Combine(root, "docs", "diagnostics", descriptor.Id + ".md");
            Assert.True(File.Exists(page), $"missing {page}");
            Assert.StartsWith("# " + descriptor.Id + ": ", File.ReadAllText(page));
            var row = unshipped.SingleOrDefault(l => l.StartsWith(descriptor.Id + " |", StringComparison.Ordinal));
            Assert.NotNull(row);
            Assert.Contains("| " + descriptor.Category + " | " + descriptor.DefaultSeverity + " |", row);
        }
    }

    [Fact]
    public void Every_descriptor_is_reported_by_some_analyzer()
    {
        var supported = AnalyzerHarness.All.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).ToHashSet();
        Assert.All(Descriptors, d => Assert.Contains(d.Id, supported));
    }
}
