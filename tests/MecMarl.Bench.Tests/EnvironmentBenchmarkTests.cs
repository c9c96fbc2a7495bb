using MecMarl.Bench.Core;
using MecMarl.Simulation;

namespace MecMarl.Bench.Tests;

public sealed class EnvironmentBenchmarkTests
{
    [Fact]
    public void Given_a_small_budget_Then_the_benchmark_runs_and_reports_a_positive_rate()
    {
        SimulationConfig p = SimulationConfig.Paper;
        SimulationConfig oneCell = p with
        {
            Network = p.Network with { SbsCount = 1, UesPerCell = new[] { 7 } },
            Channel = p.Channel with { Channels = 5 },
            Environment = p.Environment with { SlotsPerEpisode = 20 },
        };
        double rate = EnvironmentBenchmark.MeasureSlotsPerSecond(oneCell, 100, 1);
        Assert.True(rate > 0 && double.IsFinite(rate));
    }

    [Fact]
    public void Given_no_slots_Then_the_benchmark_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => EnvironmentBenchmark.MeasureSlotsPerSecond(SimulationConfig.Paper, 0, 1));
    }

    [Fact]
    public void The_loop_counts_its_slots_across_episodes()
    {
        var loop = new EnvironmentLoop(SmallConfigs.Tiny(10).Simulation, 3);
        for (int s = 0; s < 25; s++)
        {
            loop.Step();
        }
        Assert.Equal(25, loop.Slots);
    }
}
