namespace MecMarl.Experiments;

/// <summary>
/// What the figures of <c>reproduce</c> show, as text: the captions of summary.md and which fixed schemes Fig. 4 leaves
/// out. The drawing itself is in the MecMarl.Reports project (<c>Figures</c>), which reads the same choices.
/// </summary>
public static class FigureCaptions
{
    /// <summary>The fixed schemes Fig. 4 leaves out (see <see cref="FigureOptions.OmitFarFixedInFig4"/>), with their evaluation reward.</summary>
    public static IReadOnlyList<(string Scheme, double Reward)> Fig4Omitted(Report report, FigureOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        options ??= FigureOptions.Default;
        var trained = report.TrainedSchemes;
        if (!options.OmitFarFixedInFig4 || trained.Count == 0)
        {
            return [];
        }
        double[] learned = [.. trained.SelectMany(s => report.Curve(s, e => e.SystemReward)).Select(c => c.Value.Mean)];
        double lo = learned.Min(), range = learned.Max() - lo;
        return [.. report.Schemes.Where(s => !trained.Contains(s))
            .Select(s => (s, report.Metric(s, e => e.SystemReward).Mean))
            .Where(x => x.Mean < lo - Math.Max(range, 1e-9))];
    }

    /// <summary>The captions of Figs. 4-7 for summary.md (Fig. 4 names any fixed scheme it leaves out), and of Fig. 8 when the report counts signalling.</summary>
    public static IReadOnlyList<string> Captions(Report report, FigureOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        options ??= FigureOptions.Default;
        var omitted = Fig4Omitted(report, options);
        string smooth = options.SmoothEpisodes > 1
            ? FormattableString.Invariant($" Bold: moving average over {options.SmoothEpisodes} episodes; faint: the raw mean per episode.")
            : "";
        string fig4 = "**Fig. 4** (`fig4_system_reward.png`, `.svg`): system reward per training episode, mean over seeds; dashed: the fixed schemes in evaluation." + smooth;
        if (omitted.Count > 0)
        {
            fig4 += " Left out, far below the learned curves: " + string.Join(", ", omitted.Select(o =>
                FormattableString.Invariant($"{SchemeIds.DisplayName(o.Scheme)} ({o.Reward:F1})"))) + " (in `fig4_system_reward.csv`).";
        }
        List<string> captions =
        [
            fig4,
            "**Fig. 5** (`fig5_agent_rewards.png`, `.svg`): local reward of each agent per training episode, one panel per learning scheme." + smooth,
            "**Fig. 6** (`fig6_energy.png`, `.svg`): energy per UE per slot in evaluation (local, edge, total), log scale; hatched: a part below 0.1% of its scheme's total (its value is in `fig6_energy.csv`); a zero part has no bar.",
            "**Fig. 7** (`fig7_latency.png`, `.svg`): deadlines met in evaluation (%).",
        ];
        if (report.Signalling.Count > 0)
        {
            string counting = FormattableString.Invariant(
                $"topology {SignallingConfig.TopologyName(report.SignallingConfig.Topology)}, {report.SignallingConfig.HeaderBytes} header bytes per message");
            captions.Add("**Fig. 8** (`fig8_overhead.png`, `.svg`): deadlines met (left) and energy per UE per slot (right) in evaluation against "
                + $"the training signalling of each scheme, in bytes per training slot summed over the SBSs, uplink plus downlink ({counting}; docs/overhead.md), "
                + "on a log axis; one point per scheme, bars: 95% interval over seeds. Schemes that exchange no training bytes (IL-DRL, the fixed policies, "
                + "and the yardsticks, whose signalling is per execution slot and given in the table) have no place on a log axis: they sit side by side in the column "
                + "marked 0, one decade left of the smallest non-zero value, beyond the dotted line; the gap is not to scale. "
                + "The energy axis is logarithmic when the energies span more than a factor of 20.");
        }
        return captions;
    }

}
