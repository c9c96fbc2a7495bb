using MecMarl.Learning;
using MecMarl.Nn;

namespace MecMarl.Experiments.Tests;

/// <summary><c>schemes.&lt;id&gt;.learnedBeta</c>: the learned reward with another beta, the scenario's reward untouched.</summary>
public sealed class LearnedBetaTests
{
    // A PPO scheme on the heuristic decoder, one short episode; the reward kind and the betas vary per test.
    private static ExperimentConfig Config(string reward, double scenarioBeta, double? learnedBeta)
    {
        string learned = learnedBeta is { } b ? $", \"learnedBeta\": {b.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : "";
        string beta = scenarioBeta.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return ExperimentConfig.Parse($$"""
            {
              "network": { "sbsCount": 3, "uesPerCell": 3, "areaWidthM": 300, "areaHeightM": 300, "minSbsDistanceM": 80, "cellRadiusM": 100 },
              "channel": { "channels": 2 },
              "reward": { "beta": {{beta}} },
              "environment": { "slotsPerEpisode": 12, "decoder": "heuristic" },
              "training": { "episodes": 1, "actorHidden": [16], "criticHidden": [16] },
              "schemes": { "x": { "learner": "ppo", "reward": "{{reward}}", "decoderPowerRangeDecades": 8{{learned}} } },
              "evaluation": { "episodes": 1 }
            }
            """, "learned-beta.json");
    }

    // The learner of the scheme, never updated (so both trainers act alike), recording every learned reward.
    private sealed class Recording(IMultiAgentLearner inner) : IMultiAgentLearner, IPolicyMeanActions
    {
        public List<float[]> Rewards { get; } = [];

        public int AgentCount => inner.AgentCount;

        public IReadOnlyList<DenseNetwork> Actors => inner.Actors;

        public IReadOnlyList<float[]> MeanActions => ((IPolicyMeanActions)inner).MeanActions;

        public bool CanUpdate => false;

        public int AggregationRounds => inner.AggregationRounds;

        public Action<int>? BeforeAggregation { get => inner.BeforeAggregation; set => inner.BeforeAggregation = value; }

        public Action<int>? AfterAggregation { get => inner.AfterAggregation; set => inner.AfterAggregation = value; }

        public float[][] Act(IReadOnlyList<float[]> observations, double noiseStd) => inner.Act(observations, noiseStd);

        public void Observe(ReadOnlySpan<float> rewards, IReadOnlyList<float[]> nextObservations)
        {
            Rewards.Add(rewards.ToArray());
            inner.Observe(rewards, nextObservations);
        }

        public IReadOnlyList<DdpgLosses> Update() => throw new InvalidOperationException("never due");

        public void EndEpisode(int episodesDone) => inner.EndEpisode(episodesDone);

        public void EndSlot(long slotsDone) => inner.EndSlot(slotsDone);

        public string? NonFiniteParameter() => inner.NonFiniteParameter();

        public void Save(CheckpointWriter writer) => inner.Save(writer);

        public void Restore(CheckpointRestore restore) => inner.Restore(restore);
    }

    private static (List<float[]> Rewards, EpisodeRecord Record) Train(ExperimentConfig config)
    {
        Recording? recording = null;
        var trainer = new MultiAgentTrainer("x", config, seed: 7, learners: (s, o, obs, act, seed, threads, sbs) =>
            recording = new Recording(MultiAgentLearners.Create(s, o, obs, act, seed, threads, sbs)));
        EpisodeRecord record = trainer.RunEpisode();
        return (recording!.Rewards, record);
    }

    [Theory]
    [InlineData("local")]
    [InlineData("cooperative-mean")]
    [InlineData("difference")]
    [InlineData("difference-mean")]
    public void ALearnedBeta_GivesTheRewardsOfAScenarioWithThatBeta_AndLeavesTheScenariosRewardAlone(string reward)
    {
        (List<float[]> learned, EpisodeRecord withLearned) = Train(Config(reward, scenarioBeta: 1, learnedBeta: 4));
        (List<float[]> scenario, EpisodeRecord withScenario) = Train(Config(reward, scenarioBeta: 4, learnedBeta: null));
        (List<float[]> plain, EpisodeRecord withPlain) = Train(Config(reward, scenarioBeta: 1, learnedBeta: null));
        Assert.Equal(12, learned.Count);
        // The same actions throughout (the learner never updates), so the same outcomes; the results keep beta 1.
        Assert.Equal(withScenario.LatencyMetPct, withLearned.LatencyMetPct);
        Assert.Equal(withPlain.SystemReward, withLearned.SystemReward);
        Assert.Equal(withPlain.AgentRewards, withLearned.AgentRewards);
        Assert.NotEqual(withScenario.SystemReward, withLearned.SystemReward);
        int differs = 0;
        for (int t = 0; t < learned.Count; t++)
        {
            for (int m = 0; m < learned[t].Length; m++)
            {
                Assert.Equal(scenario[t][m], learned[t][m], 1e-4f * Math.Max(1f, Math.Abs(scenario[t][m])));
                differs += learned[t][m] != plain[t][m] ? 1 : 0;
            }
        }
        Assert.True(differs > 0, "the learned beta changed no reward");
    }

    [Fact]
    public void ALearnedBetaEqualToTheScenarios_GivesTheSameRewardsBitForBit()
    {
        (List<float[]> same, _) = Train(Config("difference-mean", scenarioBeta: 1, learnedBeta: 1));
        (List<float[]> none, _) = Train(Config("difference-mean", scenarioBeta: 1, learnedBeta: null));
        Assert.Equal(none, same);
    }
}
