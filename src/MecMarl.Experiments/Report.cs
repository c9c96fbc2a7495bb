using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MecMarl.Experiments;

/// <summary>
/// The aggregated results of a reproduction: per-episode training curves of the learning schemes
/// and evaluation metrics of every scheme, over one or more training seeds. Figures, their CSV
/// data, <c>summary.md</c> and <c>summary.json</c> are all computed from this.
/// </summary>
public sealed class Report
{
    /// <summary>Creates a report from tidy rows.</summary>
    /// <param name="episodes">Training episodes of the learning schemes, all seeds.</param>
    /// <param name="evaluations">Evaluation results: one per (learning scheme, seed), one per fixed scheme.</param>
    public Report(IReadOnlyList<EpisodeRecord> episodes, IReadOnlyList<EvaluationResult> evaluations)
    {
        Episodes = episodes ?? throw new ArgumentNullException(nameof(episodes));
        Evaluations = evaluations ?? throw new ArgumentNullException(nameof(evaluations));
    }

    /// <summary>Training episodes of the learning schemes, all seeds.</summary>
    public IReadOnlyList<EpisodeRecord> Episodes { get; }

    /// <summary>Evaluation results of every scheme and seed.</summary>
    public IReadOnlyList<EvaluationResult> Evaluations { get; }

    /// <summary>Scheme ids with evaluation results, in the canonical order (learning schemes, then reference and fixed ones).</summary>
    public IReadOnlyList<string> Schemes =>
        Evaluations.Select(e => e.Scheme).Distinct().OrderBy(Rank).ThenBy(s => s, StringComparer.Ordinal).ToList();

    /// <summary>Scheme ids with training episodes, in the canonical order.</summary>
    public IReadOnlyList<string> TrainedSchemes =>
        Episodes.Select(e => e.Scheme).Distinct().OrderBy(Rank).ThenBy(s => s, StringComparer.Ordinal).ToList();

    /// <summary>A metric of the evaluation results of <paramref name="scheme"/>, over its seeds.</summary>
    public MeanCi Metric(string scheme, Func<EvaluationResult, double> metric) =>
        Statistics.Summarize(Evaluations.Where(e => e.Scheme == scheme).Select(metric).ToList());

    /// <summary>Per episode index: mean and 95% interval over seeds of <paramref name="value"/> for <paramref name="scheme"/>.</summary>
    public IReadOnlyList<(int Episode, MeanCi Value)> Curve(string scheme, Func<EpisodeRecord, double> value) =>
        Episodes.Where(e => e.Scheme == scheme)
            .GroupBy(e => e.Episode)
            .OrderBy(g => g.Key)
            .Select(g => (g.Key, Statistics.Summarize(g.Select(value).ToList())))
            .ToList();

    /// <summary>The metric table of <c>summary.md</c>: one row per scheme, mean ± 95% interval over seeds ("–" in the seeds column of a fixed scheme).</summary>
    public string SummaryMarkdown()
    {
        var sb = new StringBuilder();
        sb.Append("| scheme | seeds | total energy (J/UE/slot) | local energy (J/UE/slot) | edge energy (J/UE/slot) | deadlines met (%) | system reward per episode |\n");
        sb.Append("|---|---|---|---|---|---|---|\n");
        foreach (string s in Schemes)
        {
            var n = Metric(s, e => e.TotalEnergyJ).Count;
            // Fixed schemes do not train: no training seeds to count (the console shows "–" too).
            string seeds = !StudySchemes.IsFixed(s) ? n.ToString(CultureInfo.InvariantCulture) : "–";
            sb.Append("| ").Append(SchemeIds.DisplayName(s)).Append(" (`").Append(s).Append("`) | ").Append(seeds)
              .Append(" | ").Append(Fmt(Metric(s, e => e.TotalEnergyJ), "G4"))
              .Append(" | ").Append(Fmt(Metric(s, e => e.LocalEnergyJ), "G4"))
              .Append(" | ").Append(Fmt(Metric(s, e => e.EdgeEnergyJ), "G4"))
              .Append(" | ").Append(Fmt(Metric(s, e => e.LatencyMetPct), "F2"))
              .Append(" | ").Append(Fmt(Metric(s, e => e.SystemReward), "F1"))
              .Append(" |\n");
        }
        return sb.ToString();
    }

    /// <summary>
    /// <c>summary.json</c>: <c>{"schemes": {"&lt;id&gt;": {"totalEnergyJ": {"mean": x, "ci95": y, "n": k},
    /// "localEnergyJ": ..., "edgeEnergyJ": ..., "latencyMetPct": ..., "systemReward": ...}}}</c>.
    /// </summary>
    public string SummaryJson()
    {
        var schemes = new JsonObject();
        foreach (string s in Schemes)
        {
            schemes[s] = new JsonObject
            {
                ["totalEnergyJ"] = Node(Metric(s, e => e.TotalEnergyJ)),
                ["localEnergyJ"] = Node(Metric(s, e => e.LocalEnergyJ)),
                ["edgeEnergyJ"] = Node(Metric(s, e => e.EdgeEnergyJ)),
                ["latencyMetPct"] = Node(Metric(s, e => e.LatencyMetPct)),
                ["systemReward"] = Node(Metric(s, e => e.SystemReward)),
            };
        }
        var root = new JsonObject { ["schemes"] = schemes };
        return JsonText.Indented(root);
    }

    internal static int Rank(string scheme)
    {
        int i = IndexOf(SchemeIds.References, scheme);
        if (i >= 0)
        {
            return 200 + i;
        }
        i = IndexOf(SchemeIds.Learning, scheme);
        if (i >= 0)
        {
            return i;
        }
        i = IndexOf(SchemeIds.Fixed, scheme);
        return i >= 0 ? 100 + i : 50;
    }

    private static int IndexOf(IReadOnlyList<string> list, string item)
    {
        for (int i = 0; i < list.Count; i++)
        {
            if (list[i] == item)
            {
                return i;
            }
        }
        return -1;
    }

    private static JsonObject Node(MeanCi m) => new() { ["mean"] = m.Mean, ["ci95"] = m.Ci95, ["n"] = m.Count };

    private static string Fmt(MeanCi m, string format) =>
        m.Count > 1
            ? $"{m.Mean.ToString(format, CultureInfo.InvariantCulture)} ± {m.Ci95.ToString(format, CultureInfo.InvariantCulture)}"
            : m.Mean.ToString(format, CultureInfo.InvariantCulture);
}
