using BenchmarkDotNet.Attributes;
using MecMarl.Bench.Core;
using MecMarl.Experiments;

namespace MecMarl.Bench;

/// <summary>
/// Training slots of each learning scheme once learning has started: every actor acting with its
/// exploration noise, the environment step, storing the transition and one update of every agent
/// (SPEC 8): the BenchmarkDotNet counterpart of the training figures of <c>mecmarl bench</c>. An
/// invocation runs one episode; the reported time is per slot.
/// </summary>
public class TrainingSlotBenchmarks
{
    /// <summary>Slots of one episode of the paper preset; each invocation runs that many slots.</summary>
    public const int SlotsPerEpisode = 50;

    private MultiAgentTrainer? _trainer;

    /// <summary>The learning scheme's id.</summary>
    [Params(SchemeIds.MaDrl, SchemeIds.FDrl, SchemeIds.IlDrl)]
    public string Scheme { get; set; } = SchemeIds.MaDrl;

    /// <summary>Threads for the per-agent work (results are bit-identical for any count).</summary>
    [Params(1, 2)]
    public int Threads { get; set; } = 1;

    /// <summary>The configuration to run (default the paper preset); tests set a smaller one with the same episode length.</summary>
    public ExperimentConfig Config { get; set; } = BenchConfigs.Paper;

    /// <summary>Builds the trainer (seed 1) and fills its replay to <c>learningStarts</c>, as <c>mecmarl bench</c> does.</summary>
    /// <exception cref="InvalidOperationException"><see cref="Config"/> has episodes of another length than <see cref="SlotsPerEpisode"/>.</exception>
    [GlobalSetup]
    public void Setup()
    {
        int perEpisode = Config.Simulation.Environment.SlotsPerEpisode;
        if (perEpisode != SlotsPerEpisode)
        {
            throw new InvalidOperationException($"environment.slotsPerEpisode: {perEpisode}, but the training benchmark counts {SlotsPerEpisode} slots per invocation.");
        }
        _trainer = TrainingBenchmark.FilledTrainer(Scheme, Config, Threads);
    }

    /// <summary>One episode of training slots, reported per slot.</summary>
    [Benchmark(OperationsPerInvoke = SlotsPerEpisode)]
    public void TrainingSlot() => _trainer!.RunEpisode();
}
