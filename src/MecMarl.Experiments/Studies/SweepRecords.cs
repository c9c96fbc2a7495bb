namespace MecMarl.Experiments;

/// <summary>One point of a sweep grid: its values (one per axis), resolved config and folder.</summary>
/// <param name="Index">Position in the grid (first axis outermost).</param>
/// <param name="Values">The value of each axis, as given.</param>
/// <param name="Reproduction">The point's reproduction folder (runs, fixed evaluations, config.json).</param>
/// <param name="Layers">The config layers of the point (the sweep's, then <c>--vary</c> values).</param>
public sealed record SweepPoint(int Index, IReadOnlyList<string> Values, Reproduction Reproduction, ConfigLayers Layers)
{
    /// <summary>The point's resolved config.</summary>
    public ExperimentConfig Config => Reproduction.Config;
}

/// <summary>One unit of work: a learning scheme trained with one seed, or a fixed scheme evaluated, at one point.</summary>
/// <param name="Order">Position in the result tables (point, then scheme, then seed).</param>
/// <param name="Point">The grid point.</param>
/// <param name="Scheme">Scheme id.</param>
/// <param name="Seed">Training seed; null for a fixed scheme.</param>
/// <param name="Cost">Estimated work (UE-slots, learning weighted), for scheduling and the ETA only.</param>
public sealed record SweepUnit(int Order, SweepPoint Point, string Scheme, int? Seed, double Cost);

/// <summary>The result of one unit: the SPEC 9 metrics and, for a learning scheme, the training wall time (s, summed over resumes).</summary>
/// <param name="Unit">The unit.</param>
/// <param name="Result">Evaluation metrics.</param>
/// <param name="TrainWallSeconds">Training wall time in seconds (episodes.csv); null for a fixed scheme.</param>
public sealed record SweepRow(SweepUnit Unit, EvaluationResult Result, double? TrainWallSeconds);

/// <summary>Progress over the whole grid.</summary>
/// <param name="Message">What just happened (a unit finished), or null for a progress tick.</param>
/// <param name="Fraction">Estimated fraction of the grid's work done, 0..1 (by <see cref="SweepUnit.Cost"/>).</param>
/// <param name="UnitsDone">Units finished (including those found finished).</param>
/// <param name="UnitsTotal">Units in the grid.</param>
/// <param name="Eta">Estimated time left (from this invocation's pace), or null before any work.</param>
public sealed record SweepProgress(string? Message, double Fraction, int UnitsDone, int UnitsTotal, TimeSpan? Eta);

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
