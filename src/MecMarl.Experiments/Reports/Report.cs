using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MecMarl.Learning.Signalling;

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
    /// <param name="signalling">The signalling overhead of the schemes (<see cref="SignallingAccounting"/>) by id, or null when not counted.</param>
    /// <param name="signallingConfig">How <paramref name="signalling"/> was counted (topology, header); null: the defaults.</param>
    public Report(IReadOnlyList<EpisodeRecord> episodes, IReadOnlyList<EvaluationResult> evaluations,
        IReadOnlyDictionary<string, SignallingCounts>? signalling = null, SignallingConfig? signallingConfig = null)
    {
        Episodes = episodes ?? throw new ArgumentNullException(nameof(episodes));
        Evaluations = evaluations ?? throw new ArgumentNullException(nameof(evaluations));
        Signalling = signalling ?? new Dictionary<string, SignallingCounts>();
        SignallingConfig = signallingConfig ?? new SignallingConfig();
    }

    /// <summary>The signalling overhead of the schemes by id (docs/overhead.md); a scheme missing here has none counted.</summary>
    public IReadOnlyDictionary<string, SignallingCounts> Signalling { get; }

    /// <summary>How <see cref="Signalling"/> was counted.</summary>
    public SignallingConfig SignallingConfig { get; }

    /// <summary>Training bytes per training slot of <paramref name="scheme"/> (uplink plus downlink, all SBSs), or null when not counted.</summary>
    public double? TrainingBytesPerSlot(string scheme) =>
        Signalling.TryGetValue(scheme, out SignallingCounts? c) ? c.TrainingBytesPerSlot : null;

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
        bool signalling = Signalling.Count > 0;
        sb.Append("| scheme | seeds | total energy (J/UE/slot) | local energy (J/UE/slot) | edge energy (J/UE/slot) | deadlines met (%) | system reward per episode |")
          .Append(signalling ? " signalling (kB/slot, uplink / downlink) |\n" : "\n");
        sb.Append("|---|---|---|---|---|---|---|").Append(signalling ? "---|\n" : "\n");
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
              .Append(" |");
            if (signalling)
            {
                sb.Append(' ').Append(SignallingCell(s)).Append(" |");
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>
    /// <c>summary.json</c>: <c>{"schemes": {"&lt;id&gt;": {"totalEnergyJ": {"mean": x, "ci95": y, "n": k},
    /// "localEnergyJ": ..., "edgeEnergyJ": ..., "latencyMetPct": ..., "systemReward": ..., "signalling": {"topology": "relay",
    /// "headerBytes": 0, "trainingBytesPerSlot": {"uplink": x, "downlink": y}, "executionBytesPerSlot": {"uplink": x, "downlink": y},
    /// "trainingBytesTotal": z}}}}</c>; bytes summed over the SBSs, per slot of the phase (docs/overhead.md); "signalling" only where counted.
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
            if (Signalling.TryGetValue(s, out SignallingCounts? c))
            {
                schemes[s]!["signalling"] = new JsonObject
                {
                    ["topology"] = SignallingConfig.TopologyName(SignallingConfig.Topology),
                    ["headerBytes"] = SignallingConfig.HeaderBytes,
                    ["trainingBytesPerSlot"] = new JsonObject { ["uplink"] = c.TrainingUplinkPerSlot, ["downlink"] = c.TrainingDownlinkPerSlot },
                    ["executionBytesPerSlot"] = new JsonObject { ["uplink"] = c.ExecutionUplinkPerSlot, ["downlink"] = c.ExecutionDownlinkPerSlot },
                    ["trainingBytesTotal"] = c.TrainingBytesTotal,
                };
            }
        }
        var root = new JsonObject { ["schemes"] = schemes };
        return JsonText.Indented(root);
    }

    // The summary.md cell: training kB per training slot for a scheme that trains, execution kB per slot for one that
    // signals while acting (the yardsticks), 0 for one that signals nothing; kB = 1000 bytes.
    private string SignallingCell(string scheme)
    {
        if (!Signalling.TryGetValue(scheme, out SignallingCounts? c))
        {
            return "–";
        }
        static string Kb(double bytes) => (bytes / 1000).ToString("F2", CultureInfo.InvariantCulture);
        if (c.TrainingBytesPerSlot > 0)
        {
            return $"{Kb(c.TrainingUplinkPerSlot)} / {Kb(c.TrainingDownlinkPerSlot)} (training)";
        }
        return c.ExecutionUplinkPerSlot + c.ExecutionDownlinkPerSlot > 0
            ? $"{Kb(c.ExecutionUplinkPerSlot)} / {Kb(c.ExecutionDownlinkPerSlot)} (execution)"
            : "0";
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
