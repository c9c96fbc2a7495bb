using BenchmarkDotNet.Running;
using MecMarl.Experiments;

namespace MecMarl.Bench.Tests;

/// <summary>
/// The BenchmarkDotNet classes set up and run one invocation on small configurations (no
/// BenchmarkDotNet run, no timing), and BenchmarkDotNet reads from them the cases docs/performance.md lists.
/// </summary>
public sealed class BenchmarkClassTests
{
    [Fact]
    public void The_environment_benchmark_sets_up_and_steps()
    {
        var b = new EnvironmentStepBenchmarks { Config = SmallConfigs.Tiny(10) };
        b.Setup();
        b.EnvironmentStep();
    }

    [Fact]
    public void The_update_benchmark_sets_up_and_updates_each_scheme()
    {
        var b = new UpdateBenchmarks { Threads = 2, Agents = 2 };
        b.Setup();
        b.MaDrlUpdate();
        b.FDrlUpdate();
    }

    [Theory]
    [InlineData(SchemeIds.MaDrl)]
    [InlineData(SchemeIds.FDrl)]
    public void The_training_benchmark_sets_up_and_runs_one_episode(string scheme)
    {
        var b = new TrainingSlotBenchmarks { Scheme = scheme, Threads = 1, Config = SmallConfigs.Tiny(TrainingSlotBenchmarks.SlotsPerEpisode) };
        b.Setup();
        b.TrainingSlot();
    }

    [Fact]
    public void Given_episodes_of_another_length_Then_the_training_benchmark_says_so()
    {
        var b = new TrainingSlotBenchmarks { Config = SmallConfigs.Tiny(10) };
        var e = Assert.Throws<InvalidOperationException>(b.Setup);
        Assert.Contains("environment.slotsPerEpisode: 10", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(typeof(EnvironmentStepBenchmarks), 1)]
    [InlineData(typeof(UpdateBenchmarks), 4)]
    [InlineData(typeof(TrainingSlotBenchmarks), 6)]
    public void BenchmarkDotNet_finds_the_documented_cases(Type type, int cases)
    {
        BenchmarkRunInfo info = BenchmarkConverter.TypeToBenchmarks(type);
        Assert.Equal(cases, info.BenchmarksCases.Length);
    }
}
