using MecMarl.Learning;
using MecMarl.Learning.Signalling;
using MecMarl.Nn;

namespace MecMarl.Learning.Tests;

public sealed class PpoFederatedAveragingTests
{
    private static readonly DdpgOptions Small = new() { ActorHidden = [8], CriticHidden = [8], Gamma = 0 };
    private static readonly PpoOptions Rollout25 = new() { RolloutSlots = 25, MinibatchSize = 5, Epochs = 2 };

    // Each agent a one-step bandit with its own target (0.2 + 0.2 m), so that the agents' models drift apart between rounds.
    private static void RunSlots(PpoLearner learner, int from, int slots)
    {
        int m = learner.AgentCount, width = learner.Agents[0].Observation.Length;
        float[][] obs = [.. Enumerable.Range(0, m).Select(a => Enumerable.Range(0, width).Select(i => 0.1f * (i + 1) + 0.05f * a).ToArray())];
        var rewards = new float[m];
        for (int s = from; s < from + slots; s++)
        {
            float[][] actions = learner.Act(obs, 0.05);
            for (int a = 0; a < m; a++)
            {
                float d = actions[a][0] - (0.2f + (0.2f * a));
                rewards[a] = -d * d;
            }
            learner.Observe(rewards, obs);
            if (learner.CanUpdate)
            {
                learner.Update();
            }
            learner.EndSlot(s + 1);
            if ((s + 1) % 10 == 0)
            {
                learner.EndEpisode((s + 1) / 10);
            }
        }
    }

    private static PpoLearner Learner(FedAvgAggregation aggregation, int agents = 3, PpoOptions? ppo = null, int threads = 1) =>
        new(Small, ppo ?? Rollout25, CriticView.Local, [.. Enumerable.Repeat(3, agents)], [.. Enumerable.Repeat(2, agents)],
            seed: 11, threads: threads, commonInitialModel: false, aggregation);

    private static float[][] Snapshot(PpoLearner l, Func<PpoAgent, float[]> part) => [.. l.Agents.Select(part)];

    private static float[] Mean(float[][] models)
    {
        var mean = new float[models[0].Length];
        FederatedAveraging.Average([.. models.Select(x => (ReadOnlyMemory<float>)x)], [.. models.Select(_ => 1.0)], mean);
        return mean;
    }

    [Fact]
    public void Round_ReplacesEveryAgentsPolicyLogStdAndValueByTheirEqualWeightMean()
    {
        PpoLearner learner = Learner(new FedAvgAggregation(5, AggregatedNetworks.All));
        float[][]? actors = null, logStds = null, values = null;
        learner.BeforeAggregation = _ =>
        {
            actors = Snapshot(learner, a => a.Actor.Parameters.ToArray());
            logStds = Snapshot(learner, a => [.. a.LogStd]);
            values = Snapshot(learner, a => a.Value.Parameters.ToArray());
        };
        RunSlots(learner, 0, 49);
        Assert.Equal(0, learner.AggregationRounds);
        Assert.Null(actors);
        RunSlots(learner, 49, 1);
        Assert.Equal(1, learner.AggregationRounds);
        Assert.NotNull(actors);
        // The agents had drifted apart (own targets, own draws) before the round.
        Assert.NotEqual(actors![0], actors[1]);
        foreach (PpoAgent agent in learner.Agents)
        {
            Assert.Equal(Mean(actors), agent.Actor.Parameters.ToArray());
            Assert.Equal(Mean(logStds!), agent.LogStd);
            Assert.Equal(Mean(values!), agent.Value.Parameters.ToArray());
        }
    }

    [Fact]
    public void ActorOnlyRound_LeavesTheValueNetworksLocal_AndSlotPeriodsCountSlots()
    {
        PpoLearner learner = Learner(new FedAvgAggregation(0, AggregatedNetworks.Actor) { PeriodSlots = 25 });
        RunSlots(learner, 0, 50);
        Assert.Equal(2, learner.AggregationRounds);
        Assert.Equal(learner.Agents[0].Actor.Parameters.ToArray(), learner.Agents[2].Actor.Parameters.ToArray());
        Assert.Equal(learner.Agents[0].LogStd, learner.Agents[2].LogStd);
        Assert.NotEqual(learner.Agents[0].Value.Parameters.ToArray(), learner.Agents[2].Value.Parameters.ToArray());
    }

    [Fact]
    public void RoundInMidRollout_IsRefused()
    {
        // 5 episodes of 10 slots = 50 slots, a rollout of 30: the round would fall with 20 rows drawn by the old policy.
        PpoLearner learner = Learner(new FedAvgAggregation(5, AggregatedNetworks.All), ppo: Rollout25 with { RolloutSlots = 30 });
        var e = Assert.Throws<InvalidOperationException>(() => RunSlots(learner, 0, 50));
        Assert.Contains("whole number of rollouts", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1.0, 1)]
    [InlineData(0.5, 2)]
    public void CheckpointBetweenRounds_ResumesBitIdentically_OnAnyThreadCount(double participation, int threads)
    {
        var aggregation = new FedAvgAggregation(5, AggregatedNetworks.All) { Participation = participation };
        PpoLearner full = Learner(aggregation, agents: 4);
        PpoLearner first = Learner(aggregation, agents: 4);
        RunSlots(full, 0, 160);
        RunSlots(first, 0, 60);
        Assert.Equal(1, first.AggregationRounds);
        var writer = new CheckpointWriter();
        first.Save(writer);
        PpoLearner resumed = Learner(aggregation, agents: 4, threads: threads);
        var restore = new CheckpointRestore(CheckpointReader.Parse(writer.ToBytes()));
        resumed.Restore(restore);
        restore.Commit();
        Assert.Equal(1, resumed.AggregationRounds);
        RunSlots(resumed, 60, 100);
        Assert.Equal(3, resumed.AggregationRounds);
        if (participation < 1)
        {
            Assert.Equal(2, resumed.Aggregator!.LastParticipants.Count);
        }
        var a = new CheckpointWriter();
        full.Save(a);
        var b = new CheckpointWriter();
        resumed.Save(b);
        Assert.Equal(a.ToBytes(), b.ToBytes());
    }

    [Theory]
    [InlineData("topology", "coordinator")]
    [InlineData("quantization", "float32")]
    [InlineData("proximalMu", "proximal")]
    [InlineData("weighting", "samples")]
    public void VariantsImplementedForDdpgOnly_AreNamed(string field, string problem)
    {
        FedAvgAggregation fed = field switch
        {
            "topology" => new FedAvgAggregation(5, AggregatedNetworks.All) { Topology = AggregationTopology.Gossip, Degree = 1 },
            "quantization" => new FedAvgAggregation(5, AggregatedNetworks.All) { Quantization = UploadQuantization.Float16 },
            "proximalMu" => new FedAvgAggregation(5, AggregatedNetworks.All) { ProximalMu = 0.1 },
            _ => new FedAvgAggregation(5, AggregatedNetworks.All) { Weighting = AggregationWeighting.Samples },
        };
        var scheme = new SchemeDescription { Learner = LearnerKind.Ppo, Aggregation = fed };
        Assert.Equal("aggregation." + field, scheme.Problem()?.Field);
        Assert.Contains(problem, scheme.Problem()?.Problem, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Learner(fed));
        // The same variant is fine with DDPG agents.
        Assert.Null((scheme with { Learner = LearnerKind.Ddpg, Ppo = null }).Problem());
    }

    [Fact]
    public void SharedModelsAndJointValues_CannotBeAveraged_ButAPlainFederatedPpoSchemeBuilds()
    {
        var fed = new FedAvgAggregation(5, AggregatedNetworks.All);
        var scheme = new SchemeDescription { Learner = LearnerKind.Ppo, Ppo = new PpoOptions(), Aggregation = fed };
        Assert.Null(scheme.Problem());
        Assert.Equal("aggregation", (scheme with { Sharing = ParameterSharing.SharedWithAgentId }).Problem()?.Field);
        Assert.Equal("aggregation", (scheme with { Critic = CriticView.Joint, Replay = ReplayLayout.Joint }).Problem()?.Field);
        IMultiAgentLearner learner = MultiAgentLearners.Create(scheme, Small, [3, 3], [2, 2], 1, 1);
        Assert.NotNull(Assert.IsType<PpoLearner>(learner).Aggregator);
        Assert.Throws<ArgumentException>(() => MultiAgentLearners.Create(scheme, Small, [3, 4], [2, 2], 1, 1));
    }

    [Fact]
    public void Signalling_CountsThePolicyTheLogStdAndTheValueNetwork_UpAndDown()
    {
        var scheme = new SchemeDescription { Learner = LearnerKind.Ppo, Ppo = new PpoOptions(), Aggregation = new FedAvgAggregation(5, AggregatedNetworks.All) };
        IReadOnlyList<SignallingFlow> flows = SchemeSignalling.Flows(scheme, Small, [3, 3, 3], [2, 2, 2], SignallingTopology.Relay);
        Assert.Equal(6, flows.Count);
        (NetworkShape actor, NetworkShape value) = PpoAgent.Shapes(Small, 3, 2, 3);
        Assert.All(flows, f => Assert.Equal([actor.ParameterCount, 2, value.ParameterCount], f.Message.Arrays));
        Assert.Equal(3, flows.Count(f => f.Message.Kind == MessageKind.ModelUpload && f.To == SignallingFlow.Central));
        int[] actorOnly = SchemeSignalling.PpoAveragedArrays(Small, LearnerLayout.Local(3, 2), AggregatedNetworks.Actor);
        Assert.Equal([actor.ParameterCount, 2], actorOnly);
    }
}
