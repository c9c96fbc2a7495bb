namespace MecMarl.Experiments;

/// <summary>The aggregated metrics of one scheme at one point of a sweep (mean and 95% interval over seeds).</summary>
/// <param name="Point">The grid point.</param>
/// <param name="Scheme">Scheme id.</param>
/// <param name="Count">Results aggregated (seeds; 1 for a fixed scheme).</param>
/// <param name="Values">One entry per <see cref="Metrics"/> item; null where the metric does not apply (training time of a fixed scheme).</param>
public sealed record SweepSummary(SweepPoint Point, string Scheme, int Count, IReadOnlyList<MeanCi?> Values)
{
    /// <summary>
    /// Metric names, as in the CSV columns: energies in J per UE per slot (SPEC 9), deadlines met in %, system reward per
    /// episode, training signalling in bytes per training slot, uplink plus downlink, all SBSs (docs/overhead.md; the same
    /// for every seed, so its interval is 0), and training wall time in s (last: the one value that differs between runs).
    /// </summary>
    public static IReadOnlyList<string> Metrics { get; } = ["totalEnergyJ", "localEnergyJ", "edgeEnergyJ", "latencyMetPct", "systemReward", "trainingBytesPerSlot", "trainWallS"];
}
