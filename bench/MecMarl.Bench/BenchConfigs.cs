using MecMarl.Experiments;

namespace MecMarl.Bench;

/// <summary>The configuration the BenchmarkDotNet suite runs, as <c>mecmarl bench</c> does without <c>--config</c>.</summary>
public static class BenchConfigs
{
    /// <summary>The paper preset (<see cref="ExperimentConfig.Paper"/>, the same as <c>configs/paper.json</c>).</summary>
    public static ExperimentConfig Paper => ExperimentConfig.Paper;
}
