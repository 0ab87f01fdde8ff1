using System.Text;

namespace VoicePrompts.Generator.Tests.Scale;

/// <summary>
/// A project at the scale of a real app: 1,000 prompts — 500 in C# across 50 classes, 500 in 50 .voice.yaml files —
/// a third of them templated, and one in twenty near the 2,000-token limit. Deterministic: the same text every call.
/// Shared by the tests (incrementality at scale) and the benchmarks (tests/VoicePrompts.Benchmarks links this file).
/// </summary>
public static class ScaleFixture
{
    public const int Classes = 50;
    public const int PromptsPerClass = 10;

    private static readonly string[] Voices = { "coral", "marin", "cedar", "sage", "alloy" };

    /// <summary>
    /// 1,862 tokens in 2,401 characters of Chinese IVR text: near the 2,000-token limit yet under 4,096 characters
    /// (English that long in tokens would be over the character limit first), so the fixture stays warning-free.
    /// </summary>
    public static readonly string NearLimitText = string.Concat(Enumerable.Repeat("感谢您致电北风银行。您的来电对我们很重要，请不要挂机。账单问题请按一，挂失请按二，其他问题请按零。", 49));

    public static IReadOnlyList<(string Path, string Text)> CSharpFiles()
    {
        var files = new List<(string, string)>();
        for (int c = 0; c < Classes; c++)
        {
            var source = new StringBuilder();
            source.AppendLine("using System.ComponentModel.DataAnnotations;");
            source.AppendLine("using System.Threading;");
            source.AppendLine("using System.Threading.Tasks;");
            source.AppendLine("using VoicePrompts;");
            source.AppendLine();
            source.AppendLine("namespace Scale.CSharp;");
            source.AppendLine();
            source.AppendLine($"[Voice(\"{Voices[c % Voices.Length]}\", Instructions = \"Friendly and clear.\")]");
            source.AppendLine($"public partial class Prompts{c:00}");
            source.AppendLine("{");
            for (int p = 0; p < PromptsPerClass; p++)
            {
                int n = c * PromptsPerClass + p;
                if (n % 3 == 0)
                {
                    source.AppendLine($"    [Prompt(\"Hello {{{{ name }}}}, your order {{{{ order_id }}}} number {n} ships {{{{ eta }}}}.\")]");
                    source.AppendLine($"    public partial Task<SpeechAudio> SpeakOrder{p}Async([MaxLength(40)] string name, [MaxLength(12)] string orderId, string eta, CancellationToken cancellationToken = default);");
                }
                else if (n % 20 == 1)
                {
                    source.AppendLine($"    [Prompt(\"{NearLimitText} Message {n}.\")]");
                    source.AppendLine($"    public partial Task<SpeechAudio> SpeakHold{p}Async(CancellationToken cancellationToken = default);");
                }
                else
                {
                    source.AppendLine($"    [Prompt(\"Thanks for calling. For option {n}, press {p}. To hear this again, press star.\")]");
                    source.AppendLine($"    public partial Task<SpeechAudio> SpeakMenu{p}Async(CancellationToken cancellationToken = default);");
                }
                source.AppendLine();
            }
            source.AppendLine("}");
            files.Add(($"/src/Scale/Prompts{c:00}.cs", source.ToString()));
        }
        return files;
    }

    public static IReadOnlyList<(string Path, string Text)> YamlFiles()
    {
        var files = new List<(string, string)>();
        for (int f = 0; f < Classes; f++)
        {
            var yaml = new StringBuilder();
            yaml.AppendLine($"class: Scale.Yaml.Menu{f:00}");
            yaml.AppendLine($"voice: {Voices[(f + 2) % Voices.Length]}");
            yaml.AppendLine("instructions: Calm and clear.");
            yaml.AppendLine("prompts:");
            for (int p = 0; p < PromptsPerClass; p++)
            {
                int n = f * PromptsPerClass + p;
                if (n % 3 == 0)
                {
                    yaml.AppendLine($"  queue_{p}:");
                    yaml.AppendLine($"    text: \"You are caller {{{{ position }}}} in queue {n}. Estimated wait {{{{ minutes }}}} minutes.\"");
                    yaml.AppendLine("    parameters:");
                    yaml.AppendLine("      position: { type: int, example: 3 }");
                    yaml.AppendLine("      minutes: { type: int, example: 4 }");
                }
                else if (n % 20 == 1)
                {
                    yaml.AppendLine($"  hold_{p}: \"{NearLimitText} Queue {n}.\"");
                }
                else
                {
                    yaml.AppendLine($"  option_{p}: \"For department {n}, press {p}.\"");
                }
            }
            files.Add(($"/src/Scale/Prompts/menu{f:00}.voice.yaml", yaml.ToString()));
        }
        return files;
    }

    /// <summary>A C# file with nothing to do with prompts, for "an unrelated edit".</summary>
    public static (string Path, string Text) UnrelatedFile(int version) =>
        ("/src/Scale/Unrelated.cs", $"namespace Scale; public static class Unrelated {{ public static int Value => {version}; }}\n");
}
