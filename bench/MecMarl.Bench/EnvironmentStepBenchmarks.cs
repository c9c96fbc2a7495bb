using BenchmarkDotNet.Attributes;
using MecMarl.Bench.Core;
using MecMarl.Experiments;

namespace MecMarl.Bench;

/// <summary>
/// One environment slot with random actions (decode, evaluation, next slot, observations; SPEC 5-7)
/// on the paper preset: the BenchmarkDotNet counterpart of the environment figure of <c>mecmarl bench</c>.
/// </summary>
[MemoryDiagnoser]
public class EnvironmentStepBenchmarks
{
    private EnvironmentLoop? _loop;

    /// <summary>The configuration to run (default the paper preset); tests set a smaller one.</summary>
    public ExperimentConfig Config { get; set; } = BenchConfigs.Paper;

    /// <summary>Builds the environment with the layout seed of <see cref="Config"/> and runs its warm-up episode.</summary>
    [GlobalSetup]
    public void Setup() => _loop = new EnvironmentLoop(Config.Simulation, Config.Training.LayoutSeed);

    /// <summary>One slot (a new episode starts when one ends).</summary>
    [Benchmark]
    public void EnvironmentStep() => _loop!.Step();
}
