using MecMarl.Bench.Core;
using MecMarl.Experiments;

namespace MecMarl.Bench.Tests;

public sealed class TrainingBenchmarkTests
{
    [Fact]
    public void The_filled_trainer_has_run_whole_episodes_up_to_learning_starts()
    {
        ExperimentConfig c = SmallConfigs.Tiny(10);
        MultiAgentTrainer trainer = TrainingBenchmark.FilledTrainer(SchemeIds.IlDrl, c, threads: 1);
        // learningStarts 16 with 10 slots per episode: two episodes.
        Assert.Equal(2, trainer.EpisodesDone);
        Assert.Equal(20, trainer.SlotsDone);
        // The episode count only stretches the noise schedule.
        Assert.Equal(1_000_002, trainer.Config.Training.Episodes);
    }

    [Fact]
    public void Given_runs_Then_each_is_timed_over_whole_episodes_and_the_figure_is_their_median()
    {
        TrainingThroughput t = TrainingBenchmark.Run(SchemeIds.FDrl, SmallConfigs.Tiny(10), slots: 15, threads: 2, runs: 3);
        Assert.Equal((SchemeIds.FDrl, 2, 20L), (t.Scheme, t.Threads, t.Slots));
        Assert.Equal(3, t.RunSeconds.Count);
        Assert.All(t.RunSlotsPerSecond, r => Assert.True(r > 0 && double.IsFinite(r)));
        Assert.Equal(t.RunSlotsPerSecond.Order().ElementAt(1), t.SlotsPerSecond);
        Assert.Equal(t.RunSeconds.Sum(), t.Seconds);
    }
}
