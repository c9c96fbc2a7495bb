using MecMarl.Nn;
using MecMarl.Randomness;

namespace MecMarl.Learning.Tests;

public sealed class MultiAgentLearnerTests
{
    private static readonly DdpgOptions Small = new()
    {
        ActorHidden = [8],
        CriticHidden = [8],
        BatchSize = 4,
        BufferCapacity = 64,
        LearningStarts = 6,
        TargetPolicyNoise = 0.1,
        PolicyDelay = 2,
    };

    private static float[][] RandomObservations(Rng rng, int agents, int width)
    {
        var obs = new float[agents][];
        for (int a = 0; a < agents; a++)
        {
            obs[a] = new float[width];
            for (int i = 0; i < width; i++)
            {
                obs[a][i] = rng.NextSingle();
            }
        }
        return obs;
    }

    // Drives a learner for `slots` slots on data drawn from `dataSeed` (the same data for the first
    // agents whatever the agent count, since each agent's data is drawn from its own stream).
    private static void Drive(IMultiAgentLearner learner, int slots, ulong dataSeed)
    {
        int m = learner.AgentCount;
        Rng[] data = [.. Enumerable.Range(0, m).Select(a => new Rng(dataSeed, (ulong)a))];
        float[][] Draw() => [.. Enumerable.Range(0, m).Select(a => RandomObservations(data[a], 1, 5)[0])];
        float[][] obs = Draw();
        var rewards = new float[m];
        for (int t = 0; t < slots; t++)
        {
            float[][] actions = learner.Act(obs, 0.2);
            float[][] next = Draw();
            for (int a = 0; a < m; a++)
            {
                rewards[a] = actions[a].Sum() - 1f;
            }
            learner.Observe(rewards, next);
            if (learner.CanUpdate)
            {
                learner.Update();
            }
            obs = next;
        }
    }

    [Fact]
    public void IndependentAgent_DrawsNothingThatDependsOnOtherAgents()
    {
        // Given agents 0 and 1 with their own initial models, fed the same data, once beside one
        // other agent and once beside two.
        IMultiAgentLearner three = new IndependentLearners(Small, [5, 5, 5], [3, 3, 3], seed: 11, threads: 1, commonInitialModel: false, null);
        IMultiAgentLearner four = new IndependentLearners(Small, [5, 5, 5, 5], [3, 3, 3, 3], seed: 11, threads: 2, commonInitialModel: false, null);
        // When both train for 30 slots (exploration, replay sampling and target smoothing all draw),
        Drive(three, 30, 5);
        Drive(four, 30, 5);
        // Then every network of agents 0..2 is bit-identical: no agent's draws depend on another's.
        var a = (DdpgMultiAgentLearner)three;
        var b = (DdpgMultiAgentLearner)four;
        for (int m = 0; m < 3; m++)
        {
            foreach (var (x, y) in a.Agents[m].Learner.Networks.Zip(b.Agents[m].Learner.Networks))
            {
                Assert.True(x.Parameters.SequenceEqual(y.Parameters), $"agent {m}");
            }
        }
        // ...and the agents did learn and differ from each other.
        Assert.False(a.Agents[0].Learner.Actor.Parameters.SequenceEqual(a.Agents[1].Learner.Actor.Parameters));
        Assert.True(a.Agents[0].Learner.UpdateCount > 0);
    }

    [Fact]
    public void CommonInitialModel_StartsEveryAgentFromAgentZerosDraw()
    {
        var common = new IndependentLearners(Small, [5, 5, 4], [3, 3, 2], seed: 3, threads: 1, commonInitialModel: true, null);
        var own = new IndependentLearners(Small, [5, 5, 4], [3, 3, 2], seed: 3, threads: 1, commonInitialModel: false, null);
        Assert.True(common.Agents[1].Learner.Critic.Parameters.SequenceEqual(common.Agents[0].Learner.Critic.Parameters));
        Assert.True(own.Agents[0].Learner.Actor.Parameters.SequenceEqual(common.Agents[0].Learner.Actor.Parameters));
        Assert.False(own.Agents[1].Learner.Actor.Parameters.SequenceEqual(own.Agents[0].Learner.Actor.Parameters));
        // Agent 2 has another shape, so it keeps its own draw, the same under both settings.
        Assert.True(own.Agents[2].Learner.Actor.Parameters.SequenceEqual(common.Agents[2].Learner.Actor.Parameters));
    }

    [Fact]
    public void JointReplayLearner_IsBitIdenticalOnOneThreadAndTwo()
    {
        var one = new JointReplayLearner(Small, [5, 5, 5], [3, 3, 3], seed: 4, threads: 1, commonInitialModel: false);
        var two = new JointReplayLearner(Small, [5, 5, 5], [3, 3, 3], seed: 4, threads: 2, commonInitialModel: false);
        Drive(one, 25, 8);
        Drive(two, 25, 8);
        for (int m = 0; m < 3; m++)
        {
            foreach (var (x, y) in one.Agents[m].Learner.Networks.Zip(two.Agents[m].Learner.Networks))
            {
                Assert.True(x.Parameters.SequenceEqual(y.Parameters));
            }
        }
        // One joint transition per slot: 25 rows of [s_1 s_2 s_3], one reward per agent.
        Assert.Equal(25, one.Buffer.Count);
        Assert.Equal(15, one.Buffer.ObservationWidth);
        Assert.Equal(3, one.Buffer.RewardWidth);
    }

    [Fact]
    public void JointReplayLearner_StoresTheJointTransitionInAgentOrder()
    {
        var learner = new JointReplayLearner(Small, [2, 3], [1, 2], seed: 1, threads: 1, commonInitialModel: false);
        float[][] obs = [[0.1f, 0.2f], [0.3f, 0.4f, 0.5f]];
        float[][] actions = learner.Act(obs, 0);
        float[] a0 = [.. actions[0]], a1 = [.. actions[1]];
        learner.Observe([7f, -2f], [[1f, 2f], [3f, 4f, 5f]]);
        var o = new float[5];
        var act = new float[3];
        var r = new float[2];
        var next = new float[5];
        learner.Buffer.CopyTransition(0, o, act, r, next);
        Assert.Equal([0.1f, 0.2f, 0.3f, 0.4f, 0.5f], o);
        Assert.Equal([a0[0], a1[0], a1[1]], act);
        Assert.Equal([7f, -2f], r);
        Assert.Equal([1f, 2f, 3f, 4f, 5f], next);
        // Zero noise: the action is the actor's own output, sigmoid in (0, 1).
        Assert.All(act, x => Assert.InRange(x, 0f, 1f));
    }

    [Fact]
    public void FedAvgHook_AveragesOnlyTheChosenNetworks_EveryPeriodEpisodes()
    {
        var learner = new IndependentLearners(Small, [5, 5], [3, 3], seed: 2, threads: 1, commonInitialModel: false,
            new FedAvgAggregation(2, AggregatedNetworks.Actor));
        DdpgLearner l0 = learner.Agents[0].Learner, l1 = learner.Agents[1].Learner;
        float actor0 = l0.Actor.Parameters[3], actor1 = l1.Actor.Parameters[3];
        float[] critic0 = l0.Critic.Parameters.ToArray();
        int rounds = 0;
        learner.AfterAggregation = r => rounds = r;
        learner.EndEpisode(1);
        Assert.Equal(0, learner.AggregationRounds);
        learner.EndEpisode(2);
        Assert.Equal(1, rounds);
        // Equal batch sizes: the plain mean of the two actors; critics untouched.
        Assert.Equal((actor0 + actor1) / 2, l0.Actor.Parameters[3], 1e-7f);
        Assert.True(l0.Actor.Parameters.SequenceEqual(l1.Actor.Parameters));
        Assert.True(l0.TargetActor.Parameters.SequenceEqual(l1.TargetActor.Parameters));
        Assert.Equal(critic0, l0.Critic.Parameters.ToArray());
        Assert.False(l0.Critic.Parameters.SequenceEqual(l1.Critic.Parameters));
    }

    [Fact]
    public void SaveAndRestore_ContinueExactlyAsWithoutInterruption()
    {
        var full = new IndependentLearners(Small, [5, 5], [3, 3], seed: 6, threads: 1, commonInitialModel: true, new FedAvgAggregation(1, AggregatedNetworks.All));
        Drive(full, 20, 1);
        full.EndEpisode(1);
        var writer = new CheckpointWriter();
        full.Save(writer);
        var copy = new IndependentLearners(Small, [5, 5], [3, 3], seed: 99, threads: 2, commonInitialModel: true, new FedAvgAggregation(1, AggregatedNetworks.All));
        var restore = new CheckpointRestore(CheckpointReader.Parse(writer.ToBytes()));
        copy.Restore(restore);
        restore.Commit();
        Assert.Equal(1, copy.AggregationRounds);
        Drive(full, 10, 2);
        Drive(copy, 10, 2);
        for (int m = 0; m < 2; m++)
        {
            Assert.True(full.Agents[m].Learner.Actor.Parameters.SequenceEqual(copy.Agents[m].Learner.Actor.Parameters));
            Assert.Equal(full.Agents[m].NoiseRng.State, copy.Agents[m].NoiseRng.State);
        }
    }

    [Theory]
    [InlineData(CriticView.Joint, ReplayLayout.PerAgent, ParameterSharing.None, false, "replay")]
    [InlineData(CriticView.Local, ReplayLayout.Joint, ParameterSharing.None, false, "replay")]
    [InlineData(CriticView.Local, ReplayLayout.PerAgent, ParameterSharing.SharedWithAgentId, false, "parameterSharing")]
    [InlineData(CriticView.Joint, ReplayLayout.Joint, ParameterSharing.None, true, "aggregation")]
    public void ImpossibleDescriptions_NameTheField(CriticView critic, ReplayLayout replay, ParameterSharing sharing, bool fedAvg, string field)
    {
        var d = new SchemeDescription
        {
            Critic = critic,
            Replay = replay,
            Sharing = sharing,
            Aggregation = fedAvg ? new FedAvgAggregation(5, AggregatedNetworks.All) : null,
        };
        Assert.Equal(field, d.Problem()?.Field);
        Assert.Throws<ArgumentException>(() => MultiAgentLearners.Create(d, Small, [5], [3], 1, 1));
        Assert.Null(new SchemeDescription().Problem());
    }
}

public sealed class PolicyFileTests
{
    private static DenseNetwork Actor(int input, int output, ulong seed)
    {
        var net = new DenseNetwork(NetworkShape.Mlp(input, [6], output, Activation.Relu, Activation.Sigmoid), 4);
        net.Initialize(new Rng(seed));
        return net;
    }

    [Fact]
    public void RoundTrip_KeepsEveryActorAndItsOutputs()
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("mecmarl-policy-").FullName, "policy.ckpt");
        DenseNetwork[] actors = [Actor(5, 3, 1), Actor(4, 2, 2)];
        new PolicyFile(actors, Seed: 7, Episodes: 300).Save(path);
        PolicyFile loaded = PolicyFile.Load(path);
        Assert.Equal(7, loaded.Seed);
        Assert.Equal(300, loaded.Episodes);
        Assert.Equal(2, loaded.Actors.Count);
        float[] obs = [0.5f, -1f, 2f, 0f, 0.25f];
        Assert.Equal(actors[0].Forward(obs, 1).ToArray(), loaded.Actors[0].Forward(obs, 1).ToArray());
        Assert.Equal(actors[1].Shape, loaded.Actors[1].Shape);
        Assert.Null(loaded.Mismatch([5, 4], [3, 2]));
        Assert.Contains("agent 1", loaded.Mismatch([5, 4], [3, 3]));
        Assert.Contains("2 agents", loaded.Mismatch([5], [3]));
    }

    [Fact]
    public void CorruptOrForeignFiles_AreClearErrors()
    {
        string dir = Directory.CreateTempSubdirectory("mecmarl-policy-").FullName;
        string path = Path.Combine(dir, "policy.ckpt");
        new PolicyFile([Actor(5, 3, 1)], 1, 1).Save(path);
        byte[] bytes = File.ReadAllBytes(path);
        bytes[bytes.Length - 20] ^= 0x10;
        File.WriteAllBytes(path, bytes);
        Assert.Contains("checksum", Assert.Throws<CheckpointException>(() => PolicyFile.Load(path)).Message);

        string other = Path.Combine(dir, "other.ckpt");
        var writer = new CheckpointWriter();
        writer.AddInt64s("trainer.counters", [1, 2, 3], 3);
        writer.Save(other);
        Assert.Contains("not a policy file", Assert.Throws<CheckpointException>(() => PolicyFile.Load(other)).Message);

        string future = Path.Combine(dir, "future.ckpt");
        writer = new CheckpointWriter();
        writer.AddInt64s("policy.meta", [2, 1, 0, 0], 4);
        writer.Save(future);
        Assert.Contains("version 2", Assert.Throws<CheckpointException>(() => PolicyFile.Load(future)).Message);
    }
}
