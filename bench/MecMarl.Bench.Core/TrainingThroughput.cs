using MecMarl.Experiments;

namespace MecMarl.Bench.Core;

/// <summary>Training throughput of one learning scheme (<see cref="TrainingBenchmark"/>).</summary>
/// <param name="Scheme">Scheme id.</param>
/// <param name="Threads">Threads for the per-agent work.</param>
/// <param name="Slots">Timed training slots per run.</param>
/// <param name="RunSeconds">Wall time of each timed run of <paramref name="Slots"/> slots, in order, s.</param>
public sealed record TrainingThroughput(string Scheme, int Threads, long Slots, IReadOnlyList<double> RunSeconds)
{
    /// <summary>Training slots per second of each run, in order.</summary>
    public IReadOnlyList<double> RunSlotsPerSecond => [.. RunSeconds.Select(s => Slots / s)];

    /// <summary>Median over the runs of training slots per second (the figure <c>mecmarl bench</c> reports).</summary>
    public double SlotsPerSecond => Statistics.Median(RunSlotsPerSecond);

    /// <summary>Wall time of all timed runs, s.</summary>
    public double Seconds => RunSeconds.Sum();
}
