using MecMarl.Nn;
using MecMarl.Randomness;

namespace MecMarl.Learning.Tests;

public sealed class DdpgLearnerTests
{
    /// <summary>
    /// Given a one-step continuous bandit (constant 3-dim observation, 4-dim action, reward
    /// -sum_i (a_i - 0.7)^2, terminal, gamma 0), when DDPG acts with Gaussian noise and takes one
    /// update per step for 6,000 steps, then the deterministic action is 0.7 +- 0.05 in every dimension.
    /// </summary>
    [Fact]
    public void SolvesContinuousBanditWithKnownOptimum()
    {
        // A smooth (tanh) critic fits the quadratic reward near its peak well enough for +-0.05.
        var options = new DdpgOptions { Gamma = 0, ActorLearningRate = 3e-4, CriticLearningRate = 3e-3, LearningStarts = 64, CriticHiddenActivation = Activation.Tanh };
        var rng = new Rng(2024);
        var learner = new DdpgLearner(options, LearnerLayout.Local(3, 4), rng.Fork(1));
        var buffer = new ReplayBuffer(options.BufferCapacity, 3, 4);
        var batch = new ReplayBatch(options.BatchSize, 3, 4, 1);
        var noise = new GaussianExplorationNoise(6000, 0.3, 0.05);
        Rng noiseRng = rng.Fork(3), sampleRng = rng.Fork(4);
        float[] obs = [0.5f, 0.5f, 0.5f], action = new float[4];
        for (int t = 0; t < 6000; t++)
        {
            learner.Act(obs, action);
            noise.Apply(action, t, noiseRng);
            float reward = -action.Sum(a => (a - 0.7f) * (a - 0.7f));
            buffer.Add(obs, action, [reward], obs, terminal: true);
            if (buffer.Count >= options.LearningStarts)
            {
                buffer.Sample(sampleRng, batch);
                learner.Update(batch);
            }
        }
        learner.Act(obs, action);
        Assert.All(action, a => Assert.InRange(a, 0.65f, 0.75f));
    }

    [Fact]
    public void ZeroActorOutputLayer_StartsEveryActionAtExactlyOneHalf_AndDrawsNothingElse()
    {
        var plain = new DdpgLearner(new DdpgOptions(), LearnerLayout.Local(3, 4), new Rng(7));
        var zero = new DdpgLearner(new DdpgOptions { ZeroActorOutputLayer = true }, LearnerLayout.Local(3, 4), new Rng(7));
        float[] action = new float[4];
        foreach (float[] obs in new[] { new[] { 0f, 0f, 0f }, new[] { 0.9f, -2f, 5f } })
        {
            zero.Act(obs, action);
            Assert.All(action, a => Assert.Equal(0.5f, a));
            plain.Act(obs, action);
            Assert.Contains(action, a => a != 0.5f);
        }
        // Every other parameter is what the default initialisation draws; the target actor copies the actor.
        int last = plain.Actor.Shape.LayerCount - 1;
        for (int l = 0; l < last; l++)
        {
            Assert.Equal(plain.Actor.Weights(l).ToArray(), zero.Actor.Weights(l).ToArray());
        }
        Assert.Equal(plain.Critic.Parameters.ToArray(), zero.Critic.Parameters.ToArray());
        Assert.Equal(zero.Actor.Parameters.ToArray(), zero.TargetActor.Parameters.ToArray());
        Assert.All(zero.Actor.Weights(last).ToArray(), w => Assert.Equal(0f, w));
    }

    [Fact]
    public void TargetUsesRewardColumnAndTerminalFlag()
    {
        // With the critic output forced to 0 and its target to a constant c (bias), a batch of rows
        // (r, done) has y = r + gamma (1 - done) c; with Q = 0 the MSE loss is mean y^2.
        var options = new DdpgOptions { ActorHidden = [3], CriticHidden = [3], BatchSize = 2, Gamma = 0.5 };
        var learner = new DdpgLearner(options, LearnerLayout.Local(2, 1), new Rng(1));
        learner.Critic.Parameters.Clear();
        learner.TargetCritic.Parameters.Clear();
        learner.TargetCritic.Biases(1)[0] = 4f; // Q'(s', a') = 4 everywhere
        var batch = new ReplayBatch(2, 2, 1, 1);
        batch.Rewards[0] = 1f;
        batch.Rewards[1] = 2f;
        batch.Terminals[1] = 1f;
        // y0 = 1 + 0.5 * 4 = 3; y1 = 2 (terminal). Loss = (9 + 4) / 2 = 6.5.
        DdpgLosses losses = learner.Update(batch);
        Assert.Equal(6.5f, losses.CriticLoss, 1e-5f);
    }

    private static (DdpgLearner[] Learners, ReplayBatch Batch, float[] Next) MakeJoint(int agents, ulong seed)
    {
        var options = new DdpgOptions { ActorHidden = [16], CriticHidden = [24], BatchSize = 8 };
        var rng = new Rng(seed);
        DdpgLearner[] learners = [.. Enumerable.Range(0, agents).Select(m => new DdpgLearner(options, LearnerLayout.Joint(agents, 5, 3, m), rng))];
        var batch = new ReplayBatch(8, agents * 5, agents * 3, agents);
        return (learners, batch, new float[8 * agents * 3]);
    }

    private static void UpdateJointly(DdpgLearner[] learners, ReplayBatch batch, float[] next, int updates, int threads, Rng dataRng)
    {
        for (int u = 0; u < updates; u++)
        {
            FillBatch(batch, dataRng);
            AgentParallel.For(learners.Length, threads, m => learners[m].WriteTargetActions(batch, next));
            AgentParallel.For(learners.Length, threads, m => learners[m].Update(batch, next));
        }
    }

    [Fact]
    public void SameSeedGivesBitIdenticalParametersOnOneAndTwoThreads()
    {
        var one = MakeJoint(3, 77);
        var two = MakeJoint(3, 77);
        UpdateJointly(one.Learners, one.Batch, one.Next, 25, 1, new Rng(5));
        UpdateJointly(two.Learners, two.Batch, two.Next, 25, 2, new Rng(5));
        for (int m = 0; m < 3; m++)
        {
            foreach (var (a, b) in one.Learners[m].Networks.Zip(two.Learners[m].Networks))
            {
                Assert.True(a.Parameters.SequenceEqual(b.Parameters), $"agent {m}: parameters differ between 1 and 2 threads");
            }
        }
        // And the updates did change the parameters (the comparison is not vacuous).
        var fresh = MakeJoint(3, 77);
        Assert.False(fresh.Learners[0].Actor.Parameters.SequenceEqual(one.Learners[0].Actor.Parameters));
    }

    [Fact]
    public void SharedPrebuiltCriticRowsGiveTheSameStepsAndAreRestored()
    {
        // Agents that run one after another on one thread share one copy of the joint rows [s, a]:
        // each writes its mu(s) into its own columns for the actor step and puts the stored actions
        // back. That must equal every agent building its own rows, and leave the rows unchanged.
        var own = MakeJoint(3, 31);
        var shared = MakeJoint(3, 31);
        ICriticInput input = shared.Learners[0].Layout.CriticInput;
        var rows = new float[8 * input.Width];
        var nextRows = new float[8 * input.Width];
        var ownRng = new Rng(9);
        var sharedRng = new Rng(9);
        for (int u = 0; u < 5; u++)
        {
            FillBatch(own.Batch, ownRng);
            FillBatch(shared.Batch, sharedRng);
            foreach (DdpgLearner l in own.Learners)
            {
                l.WriteTargetActions(own.Batch, own.Next);
            }
            foreach (DdpgLearner l in own.Learners)
            {
                l.Update(own.Batch, own.Next);
            }
            foreach (DdpgLearner l in shared.Learners)
            {
                l.WriteTargetActions(shared.Batch, shared.Next);
            }
            input.Build(shared.Batch.Observations, shared.Batch.Actions, 8, rows);
            input.Build(shared.Batch.NextObservations, shared.Next, 8, nextRows);
            float[] before = [.. rows];
            foreach (DdpgLearner l in shared.Learners)
            {
                l.Update(shared.Batch, shared.Next, rows, nextRows);
            }
            Assert.True(rows.SequenceEqual(before), "the shared critic rows were not restored");
        }
        for (int m = 0; m < 3; m++)
        {
            foreach (var (a, b) in own.Learners[m].Networks.Zip(shared.Learners[m].Networks))
            {
                Assert.True(a.Parameters.SequenceEqual(b.Parameters), $"agent {m}: shared rows changed the result");
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void JointReplayLearnersUpdateEqualsEveryAgentBuildingItsOwnRows(int threads)
    {
        // The MA-DRL learner's step shares the target actions and critic rows; that must give the
        // same parameters and losses as the plain per-agent updates of learners initialised alike.
        var options = new DdpgOptions { ActorHidden = [16], CriticHidden = [24], BatchSize = 8, BufferCapacity = 8 };
        DdpgLearner[] own = [.. Enumerable.Range(0, 3).Select(m => new DdpgLearner(options, LearnerLayout.Joint(3, 5, 3, m), AgentStreams.For(44, m).Init))];
        var ownBatch = new ReplayBatch(8, 3 * 5, 3 * 3, 3);
        var ownNext = new float[8 * 3 * 3];
        var joint = new JointReplayLearner(options, [5, 5, 5], [3, 3, 3], 44, threads, commonInitialModel: false);
        var jointBatch = new ReplayBatch(8, 3 * 5, 3 * 3, 3);
        var ownRng = new Rng(6);
        var jointRng = new Rng(6);
        for (int u = 0; u < 4; u++)
        {
            FillBatch(ownBatch, ownRng);
            FillBatch(jointBatch, jointRng);
            foreach (DdpgLearner l in own)
            {
                l.WriteTargetActions(ownBatch, ownNext);
            }
            DdpgLosses[] ownLosses = [.. own.Select(l => l.Update(ownBatch, ownNext))];
            Assert.Equal(ownLosses, joint.Update(jointBatch));
        }
        for (int m = 0; m < 3; m++)
        {
            foreach (var (a, b) in own[m].Networks.Zip(joint.Agents[m].Learner.Networks))
            {
                Assert.True(a.Parameters.SequenceEqual(b.Parameters), $"agent {m}: the joint update changed the result");
            }
        }
        // And the updates did change the parameters (the comparison is not vacuous).
        var fresh = new DdpgLearner(options, LearnerLayout.Joint(3, 5, 3, 0), AgentStreams.For(44, 0).Init);
        Assert.False(fresh.Actor.Parameters.SequenceEqual(own[0].Actor.Parameters));
    }

    [Fact]
    public void JointActorStepMovesOnlyThroughOwnActionColumns()
    {
        // The joint critic's input gradient for agent 1 covers columns [3*5 + 1*3, + 3): after an
        // update the other agents' actors are untouched (each learner owns its networks).
        var (learners, batch, next) = MakeJoint(3, 8);
        float[] before = learners[2].Actor.Parameters.ToArray();
        UpdateOneJointAgent(learners[1], learners, batch, next);
        Assert.True(learners[2].Actor.Parameters.SequenceEqual(before));
        Assert.Equal(15 + 3, learners[1].Layout.CriticInput.ActionStart);
    }

    private static void UpdateOneJointAgent(DdpgLearner learner, DdpgLearner[] all, ReplayBatch batch, float[] next)
    {
        var rng = new Rng(2024);
        Fill(batch.Observations, rng);
        foreach (DdpgLearner l in all)
        {
            l.WriteTargetActions(batch, next);
        }
        learner.Update(batch, next);
    }

    [Fact]
    public void JointLearnerWithoutTargetActionsIsRejected()
    {
        var (learners, batch, _) = MakeJoint(2, 1);
        Assert.Throws<ArgumentException>(() => learners[0].Update(batch));
    }

    private static void FillBatch(ReplayBatch batch, Rng rng)
    {
        Fill(batch.Observations, rng);
        Fill(batch.Actions, rng);
        Fill(batch.Rewards, rng);
        Fill(batch.NextObservations, rng);
    }

    private static void Fill(Span<float> values, Rng rng)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = rng.NextSingle();
        }
    }
}
