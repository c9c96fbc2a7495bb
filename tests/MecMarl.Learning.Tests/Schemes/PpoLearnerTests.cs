using MecMarl.Learning;

namespace MecMarl.Learning.Tests;

public sealed class PpoLearnerTests
{
    private static readonly DdpgOptions Small = new() { ActorHidden = [8], CriticHidden = [8], Gamma = 0 };

    // A one-step bandit per agent: the observation is constant, the reward is -(a_0 - target)^2 for the
    // first action component (the others are free), so the best mean is the target.
    private static float[] BanditRewards(float[][] actions, float target)
    {
        var r = new float[actions.Length];
        for (int m = 0; m < actions.Length; m++)
        {
            float d = actions[m][0] - target;
            r[m] = -d * d;
        }
        return r;
    }

    private static float[][] ConstantObservations(int agents, int width) =>
        [.. Enumerable.Range(0, agents).Select(m => Enumerable.Range(0, width).Select(i => 0.1f * (i + 1) + 0.05f * m).ToArray())];

    private static void RunSlots(PpoLearner learner, int slots, float target)
    {
        float[][] obs = ConstantObservations(learner.AgentCount, learner.Agents[0].Observation.Length);
        for (int s = 0; s < slots; s++)
        {
            float[][] actions = learner.Act(obs, 0.05);
            learner.Observe(BanditRewards(actions, target), obs);
            if (learner.CanUpdate)
            {
                learner.Update();
            }
            if ((s + 1) % 10 == 0)
            {
                learner.EndEpisode((s + 1) / 10);
            }
        }
    }

    [Theory]
    [InlineData(0.85f, PpoStd.Learned, CriticView.Local)]
    [InlineData(0.15f, PpoStd.Learned, CriticView.Joint)]
    [InlineData(0.85f, PpoStd.Schedule, CriticView.Local)]
    public void OneStepBandit_MovesThePolicyMeanTowardTheBetterAction(float target, PpoStd std, CriticView view)
    {
        var ppo = new PpoOptions { ActorLearningRate = 3e-3, RolloutSlots = 40, MinibatchSize = 20, Epochs = 4, InitialStd = 0.1, Std = std };
        var learner = new PpoLearner(Small, ppo, view, [2, 2], [2, 2], seed: 11, threads: 1, commonInitialModel: true);
        float[][] obs = ConstantObservations(2, 2);
        float start = learner.Actors[0].Forward(obs[0], 1)[0];
        Assert.InRange(start, 0.49f, 0.51f);
        RunSlots(learner, 40 * 30, target);
        for (int m = 0; m < 2; m++)
        {
            float mean = learner.Actors[m].Forward(obs[m], 1)[0];
            // Started at 0.5; must have covered at least half the way to the target.
            Assert.True(Math.Abs(mean - target) < 0.5 * Math.Abs(0.5 - target), $"agent {m}: mean {mean}, target {target}");
        }
    }

    // One agent (observation 3, action 2) whose 4-slot rollout has been filled with reward 1 on a constant observation.
    private static (PpoAgent Agent, float[][] Observations) OneAgentWithFullRollout(PpoOptions ppo)
    {
        var learner = new PpoLearner(Small, ppo, CriticView.Local, [3], [2], seed: 2, threads: 1, commonInitialModel: true);
        float[][] obs = ConstantObservations(1, 3);
        for (int s = 0; s < 4; s++)
        {
            learner.Act(obs, 0);
            learner.Observe([1f], obs);
        }
        return (learner.Agents[0], obs);
    }

    [Fact]
    public void ClippedSurrogate_HasZeroGradientExactlyWhereTheClipBinds()
    {
        var ppo = new PpoOptions { RolloutSlots = 4, MinibatchSize = 1, ClipRange = 0.2, InitialStd = 0.1 };
        (PpoAgent agent, float[][] obs) = OneAgentWithFullRollout(ppo);
        // log pi of row 0's stored sample under the current parameters (the ratio is exp(current - old)).
        double LogProbNow(int row)
        {
            ReadOnlySpan<float> mu = agent.Actor.Forward(obs[0], 1);
            double lp = 0;
            for (int i = 0; i < 2; i++)
            {
                double std = Math.Exp(agent.LogStd[i]);
                double z = (RawAction(agent, row, i) - mu[i]) / std;
                lp += -0.5 * z * z - Math.Log(std) - 0.5 * Math.Log(2 * Math.PI);
            }
            return lp;
        }
        bool Zero(double advantage, double logRatio)
        {
            agent.SetRowForTest(0, advantage, LogProbNow(0) - logRatio);
            agent.PolicyStep([0]);
            return agent.LastMeanGradient(1).ToArray().All(g => g == 0f);
        }
        // ratio e^0.5 > 1.2 with A > 0, ratio e^-0.5 < 0.8 with A < 0: the clipped term is the minimum, no gradient.
        Assert.True(Zero(1.0, 0.5));
        Assert.True(Zero(-1.0, -0.5));
        // Inside the range, or outside on the side where the unclipped term is smaller: a gradient.
        Assert.False(Zero(1.0, 0.0));
        Assert.False(Zero(-1.0, 0.1));
        Assert.False(Zero(1.0, -0.5));
        Assert.False(Zero(-1.0, 0.5));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(3.0)]
    public void Anchor_AddsTwiceItsWeightTimesTheMeansDistanceFromOneHalf_ToTheMeanGradient(double c)
    {
        // The output layer keeps SPEC 8's small random weights, so the means are near 1/2 but not at it.
        var ppo = new PpoOptions { RolloutSlots = 4, MinibatchSize = 1, InitialStd = 0.1, AnchorCoefficient = c };
        (PpoAgent agent, float[][] obs) = OneAgentWithFullRollout(ppo);
        float[] mu = agent.Actor.Forward(obs[0], 1).ToArray();
        Assert.All(mu, m => Assert.NotEqual(0.5f, m));
        // A zero advantage leaves only the pull: d/dmu of c (mu - 1/2)^2 on the one row.
        agent.SetRowForTest(0, 0.0, 0.0);
        double loss = agent.PolicyStep([0]);
        float[] g = agent.LastMeanGradient(1).ToArray();
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal((float)(2 * c * (mu[i] - 0.5)), g[i]);
        }
        Assert.Equal(c * mu.Sum(m => (m - 0.5) * (m - 0.5)), loss, 1e-9);
    }

    [Fact]
    public void Anchor_HoldsTheLearnedMeanBetweenOneHalfAndTheBetterAction()
    {
        float Learned(double anchor)
        {
            var ppo = new PpoOptions { ActorLearningRate = 3e-3, RolloutSlots = 40, MinibatchSize = 20, InitialStd = 0.1, AnchorCoefficient = anchor };
            var learner = new PpoLearner(Small, ppo, CriticView.Local, [2], [2], seed: 11, threads: 1, commonInitialModel: true);
            RunSlots(learner, 40 * 30, 0.85f);
            return learner.Actors[0].Forward(ConstantObservations(1, 2)[0], 1)[0];
        }
        float free = Learned(0), held = Learned(30);
        Assert.True(free > 0.7f, $"without the pull the mean reaches toward 0.85, found {free}");
        Assert.InRange(held, 0.5f, free - 0.1f);
    }

    private static float RawAction(PpoAgent agent, int row, int component)
    {
        var writer = new CheckpointWriter();
        agent.Save(writer);
        CheckpointReader reader = CheckpointReader.Parse(writer.ToBytes());
        return reader.Floats("agent0.rollout.raw_actions", reader.ShapeOf("agent0.rollout.raw_actions")[0])[row * agent.Action.Length + component];
    }

    [Theory]
    [InlineData(CriticView.Local)]
    [InlineData(CriticView.Joint)]
    public void SameSeed_SameParameters_OnOneThreadAndThree(CriticView view)
    {
        var ppo = new PpoOptions { RolloutSlots = 30, MinibatchSize = 8, Epochs = 2, GaeLambda = 0.9, EntropyCoefficient = 0.01 };
        DdpgOptions options = Small with { Gamma = 0.9 };
        var a = new PpoLearner(options, ppo, view, [3, 3, 3, 3], [2, 2, 2, 2], seed: 5, threads: 1, commonInitialModel: false);
        var b = new PpoLearner(options, ppo, view, [3, 3, 3, 3], [2, 2, 2, 2], seed: 5, threads: 3, commonInitialModel: false);
        RunSlots(a, 95, 0.7f);
        RunSlots(b, 95, 0.7f);
        for (int m = 0; m < 4; m++)
        {
            Assert.True(a.Agents[m].Actor.Parameters.SequenceEqual(b.Agents[m].Actor.Parameters));
            Assert.True(a.Agents[m].Value.Parameters.SequenceEqual(b.Agents[m].Value.Parameters));
            Assert.Equal(a.Agents[m].LogStd, b.Agents[m].LogStd);
        }
        // Own initial models and streams: the agents differ, and another seed differs.
        Assert.False(a.Agents[0].Actor.Parameters.SequenceEqual(a.Agents[1].Actor.Parameters));
        var c = new PpoLearner(options, ppo, view, [3, 3, 3, 3], [2, 2, 2, 2], seed: 6, threads: 1, commonInitialModel: false);
        RunSlots(c, 95, 0.7f);
        Assert.False(a.Agents[0].Actor.Parameters.SequenceEqual(c.Agents[0].Actor.Parameters));
    }

    [Theory]
    [InlineData(CriticView.Local)]
    [InlineData(CriticView.Joint)]
    public void CheckpointInMidRollout_ResumesBitIdentically(CriticView view)
    {
        var ppo = new PpoOptions { RolloutSlots = 25, MinibatchSize = 10, Epochs = 2, GaeLambda = 0.8 };
        DdpgOptions options = Small with { Gamma = 0.5 };
        var full = new PpoLearner(options, ppo, view, [3, 3], [2, 2], seed: 9, threads: 1, commonInitialModel: true);
        var first = new PpoLearner(options, ppo, view, [3, 3], [2, 2], seed: 9, threads: 1, commonInitialModel: true);
        RunSlots(full, 70, 0.3f);
        RunSlots(first, 40, 0.3f);
        Assert.Equal(15, first.RolloutCount);
        var writer = new CheckpointWriter();
        first.Save(writer);
        byte[] bytes = writer.ToBytes();
        var resumed = new PpoLearner(options, ppo, view, [3, 3], [2, 2], seed: 9, threads: 2, commonInitialModel: true);
        var restore = new CheckpointRestore(CheckpointReader.Parse(bytes));
        resumed.Restore(restore);
        restore.Commit();
        Assert.Equal(15, resumed.RolloutCount);
        // The remaining 30 slots (the slot counter of RunSlots restarts, so the episode ends fall 40 slots later as in the full run).
        RunSlots(resumed, 30, 0.3f);
        RunSlots(first, 30, 0.3f);
        foreach (PpoLearner other in new[] { resumed, first })
        {
            var w = new CheckpointWriter();
            other.Save(w);
            var f = new CheckpointWriter();
            full.Save(f);
            Assert.Equal(f.ToBytes(), w.ToBytes());
        }

        // A checkpoint of another rollout length is refused before anything changes.
        var other2 = new PpoLearner(options, ppo with { RolloutSlots = 30 }, view, [3, 3], [2, 2], seed: 9, threads: 1, commonInitialModel: true);
        byte[] before = Save(other2);
        Assert.Throws<CheckpointException>(() => other2.Restore(new CheckpointRestore(CheckpointReader.Parse(bytes))));
        Assert.Equal(before, Save(other2));
    }

    [Fact]
    public void AnnealLearningRate_ScalesEachUpdateByTheShareOfTrainingLeft_AndResumesBitIdentically()
    {
        var ppo = new PpoOptions { RolloutSlots = 25, MinibatchSize = 10, Epochs = 2, AnnealLearningRate = true };
        PpoLearner Make(int threads)
        {
            var l = new PpoLearner(Small, ppo, CriticView.Local, [3, 3], [2, 2], seed: 4, threads: threads, commonInitialModel: true);
            l.SetTrainingSlots(100);
            return l;
        }
        PpoLearner annealed = Make(1);
        var constant = new PpoLearner(Small, ppo with { AnnealLearningRate = false }, CriticView.Local, [3, 3], [2, 2], seed: 4, threads: 1, commonInitialModel: true);
        constant.SetTrainingSlots(100);
        // Updates after 25, 50, 75 and 100 slots: 0, 25, 50 and 75 slots before them, of 100.
        double[] expected = [1.0, 0.75, 0.5, 0.25];
        for (int u = 0; u < 4; u++)
        {
            RunSlots(annealed, 25, 0.8f);
            RunSlots(constant, 25, 0.8f);
            foreach (PpoAgent agent in annealed.Agents)
            {
                Assert.Equal(expected[u], agent.ActorOptimizer.LearningRateScale);
                Assert.Equal(expected[u], agent.LogStdOptimizer.LearningRateScale);
                Assert.Equal(expected[u], agent.ValueOptimizer.LearningRateScale);
            }
            Assert.Equal(1.0, constant.Agents[0].ActorOptimizer.LearningRateScale);
            // The first update runs at the full rates: the same as without annealing; the later ones differ.
            Assert.Equal(u == 0, annealed.Agents[0].Actor.Parameters.SequenceEqual(constant.Agents[0].Actor.Parameters));
        }

        // Stopped after 60 slots (in mid-rollout) and resumed by a new learner: the same bytes as straight through.
        PpoLearner full = Make(1);
        PpoLearner first = Make(1);
        RunSlots(full, 100, 0.8f);
        RunSlots(first, 60, 0.8f);
        byte[] bytes = Save(first);
        PpoLearner resumed = Make(2);
        var restore = new CheckpointRestore(CheckpointReader.Parse(bytes));
        resumed.Restore(restore);
        restore.Commit();
        RunSlots(resumed, 40, 0.8f);
        Assert.Equal(Save(full), Save(resumed));
        Assert.Equal(0.25, resumed.Agents[1].ActorOptimizer.LearningRateScale);
    }

    [Fact]
    public void AnnealLearningRate_WithoutTheTrainingLength_StopsAtTheFirstUpdate()
    {
        var ppo = new PpoOptions { RolloutSlots = 10, MinibatchSize = 5, Epochs = 1, AnnealLearningRate = true };
        var learner = new PpoLearner(Small, ppo, CriticView.Local, [3], [2], seed: 1, threads: 1, commonInitialModel: true);
        var e = Assert.Throws<InvalidOperationException>(() => RunSlots(learner, 10, 0.5f));
        Assert.Contains("annealLearningRate", e.Message, StringComparison.Ordinal);
        var shared = new SharedPpoLearner(Small, ppo, CriticView.Local, agents: 2, observationWidth: 3, actionWidth: 2, seed: 1);
        shared.SetTrainingSlots(20);
        float[][] obs = ConstantObservations(2, 3);
        for (int s = 0; s < 20; s++)
        {
            float[][] actions = shared.Act(obs, 0.05);
            shared.Observe(BanditRewards(actions, 0.5f), obs);
            if (shared.CanUpdate)
            {
                shared.Update();
            }
        }
        // Two updates of the shared model: 0 and 10 slots before them, of 20.
        Assert.Equal(0.5, shared.Model.ActorOptimizer.LearningRateScale);
    }

    private static byte[] Save(PpoLearner learner)
    {
        var w = new CheckpointWriter();
        learner.Save(w);
        return w.ToBytes();
    }

    [Fact]
    public void Actions_AreClippedSamples_AndTheRolloutMustBeUpdatedWhenFull()
    {
        var ppo = new PpoOptions { RolloutSlots = 3, MinibatchSize = 3, InitialStd = 2 };
        var learner = new PpoLearner(Small, ppo, CriticView.Local, [2], [4], seed: 1, threads: 1, commonInitialModel: true);
        float[][] obs = ConstantObservations(1, 2);
        bool clippedSeen = false;
        for (int s = 0; s < 3; s++)
        {
            float[] a = learner.Act(obs, 0)[0];
            Assert.All(a, x => Assert.InRange(x, 0f, 1f));
            clippedSeen |= a.Any(x => x is 0f or 1f);
            learner.Observe([0f], obs);
        }
        Assert.True(clippedSeen);
        Assert.True(learner.CanUpdate);
        Assert.Throws<InvalidOperationException>(() => learner.Act(obs, 0));
        learner.Update();
        Assert.False(learner.CanUpdate);
        Assert.Equal(0, learner.RolloutCount);
    }

    [Theory]
    [InlineData("clipRange", 0.0)]
    [InlineData("epochs", 0.0)]
    [InlineData("minibatchSize", 300.0)]
    [InlineData("gaeLambda", 1.5)]
    [InlineData("minStd", 1.0)]
    [InlineData("anchorCoefficient", -0.5)]
    [InlineData("actorLearningRate", double.NaN)]
    public void BadOptions_NameTheField(string field, double value)
    {
        PpoOptions p = field switch
        {
            "clipRange" => new PpoOptions { ClipRange = value },
            "epochs" => new PpoOptions { Epochs = (int)value },
            "minibatchSize" => new PpoOptions { MinibatchSize = (int)value },
            "gaeLambda" => new PpoOptions { GaeLambda = value },
            "minStd" => new PpoOptions { MinStd = value },
            "anchorCoefficient" => new PpoOptions { AnchorCoefficient = value },
            _ => new PpoOptions { ActorLearningRate = value },
        };
        Assert.Equal(field, p.Problem()?.Field);
        Assert.Null(new PpoOptions().Problem());
        var scheme = new SchemeDescription { Learner = LearnerKind.Ppo, Ppo = p };
        Assert.Equal("ppo." + field, scheme.Problem()?.Field);
    }

    [Fact]
    public void MeanActions_AreThePolicyMeansOfTheLastAct_ForOwnAndSharedModels_WhileTheActionsAreSampled()
    {
        var ppo = new PpoOptions { ActorLearningRate = 3e-3, RolloutSlots = 20, MinibatchSize = 10, InitialStd = 0.3 };
        var own = new PpoLearner(Small, ppo, CriticView.Local, [2, 2], [2, 2], seed: 5, threads: 1, commonInitialModel: false);
        var shared = new SharedPpoLearner(Small, ppo, CriticView.Local, agents: 2, observationWidth: 2, actionWidth: 2, seed: 5);
        foreach (IMultiAgentLearner learner in new IMultiAgentLearner[] { own, shared })
        {
            float[][] obs = ConstantObservations(2, 2);
            int sampledApart = 0;
            for (int s = 0; s < 20 * 5; s++)
            {
                float[][] actions = learner.Act(obs, 0);
                IReadOnlyList<float[]> means = ((IPolicyMeanActions)learner).MeanActions;
                for (int m = 0; m < 2; m++)
                {
                    float[] mu = learner.Actors[m].Forward(obs[m], 1).ToArray();
                    for (int i = 0; i < 2; i++)
                    {
                        Assert.Equal(Math.Clamp(mu[i], 0f, 1f), means[m][i], 1e-6f);
                        sampledApart += actions[m][i] != means[m][i] ? 1 : 0;
                    }
                }
                learner.Observe(BanditRewards(actions, 0.85f), obs);
                if (learner.CanUpdate)
                {
                    learner.Update();
                }
            }
            Assert.True(sampledApart > 0, "every sampled action equalled its mean");
        }
    }

    [Fact]
    public void CreditGroups_EachGroupsMeanGradientFollowsItsOwnAdvantage_AndWidthsMustSplitEvenly()
    {
        // Two groups of two entries: an advantage on group 0 only moves group 0's means only.
        var ppo = new PpoOptions { RolloutSlots = 4, MinibatchSize = 1, InitialStd = 0.1 };
        var learner = new PpoLearner(Small, ppo, CriticView.Local, [3], [4], seed: 2, threads: 1, commonInitialModel: true, creditGroups: [2]);
        PpoAgent agent = learner.Agents[0];
        Assert.Equal(2, agent.CreditGroups);
        Assert.Equal(2, agent.Value.Shape.OutputSize);
        float[][] obs = ConstantObservations(1, 3);
        for (int s = 0; s < 4; s++)
        {
            learner.Act(obs, 0);
            learner.ObserveGroupRewards([[1f, 2f]]);
            learner.Observe([3f], obs);
        }
        // The old log-probs equal the current ones (ratio 1, inside the clip range).
        ReadOnlySpan<float> mu = agent.Actor.Forward(obs[0], 1);
        double GroupLogProb(int group, ReadOnlySpan<float> mu)
        {
            double lp = 0;
            for (int i = 2 * group; i < 2 * group + 2; i++)
            {
                double std = Math.Exp(agent.LogStd[i]);
                double z = (RawAction(agent, 0, i) - mu[i]) / std;
                lp += -0.5 * z * z - Math.Log(std) - 0.5 * Math.Log(2 * Math.PI);
            }
            return lp;
        }
        agent.SetRowForTest(0, 1.0, GroupLogProb(0, mu), group: 0);
        agent.SetRowForTest(0, 0.0, GroupLogProb(1, mu), group: 1);
        agent.PolicyStep([0]);
        float[] g = agent.LastMeanGradient(1).ToArray();
        Assert.True(g[0] != 0f && g[1] != 0f, "group 0's advantage gave its means no gradient");
        Assert.Equal(0f, g[2]);
        Assert.Equal(0f, g[3]);
        Assert.Throws<ArgumentException>(() => new PpoLearner(Small, ppo, CriticView.Local, [3], [5], seed: 2, threads: 1, commonInitialModel: true, creditGroups: [2]));
        Assert.Throws<ArgumentException>(() => new PpoLearner(Small, ppo, CriticView.Local, [3], [4], seed: 2, threads: 1, commonInitialModel: true, creditGroups: [2, 2]));
        // A joint value network (MAPPO) has one output per group, from the joint observation.
        var joint = new PpoLearner(Small, ppo, CriticView.Joint, [3, 3], [4, 4], seed: 2, threads: 1, commonInitialModel: true, creditGroups: [2, 2]);
        Assert.Equal(6, joint.Agents[1].Value.Shape.InputSize);
        Assert.Equal(2, joint.Agents[1].Value.Shape.OutputSize);
        var fresh = new PpoLearner(Small, ppo, CriticView.Local, [3], [4], seed: 2, threads: 1, commonInitialModel: true, creditGroups: [2]);
        Assert.Throws<ArgumentException>(() => fresh.ObserveGroupRewards([[1f]]));
    }

    [Fact]
    public void CreditGroups_LearnEachGroupsOwnTarget_FromItsOwnReward()
    {
        // A bandit whose two groups (one entry each) want opposite actions: group 0 is rewarded for a_0 near 0.85,
        // group 1 for a_1 near 0.15. Credited separately, each mean goes to its own target.
        var ppo = new PpoOptions { ActorLearningRate = 3e-3, RolloutSlots = 40, MinibatchSize = 20, InitialStd = 0.1 };
        var learner = new PpoLearner(Small, ppo, CriticView.Local, [2], [2], seed: 11, threads: 1, commonInitialModel: true, creditGroups: [2]);
        float[][] obs = ConstantObservations(1, 2);
        for (int s = 0; s < 40 * 30; s++)
        {
            float[][] a = learner.Act(obs, 0.05);
            float d0 = a[0][0] - 0.85f, d1 = a[0][1] - 0.15f;
            learner.ObserveGroupRewards([[-d0 * d0, -d1 * d1]]);
            learner.Observe([-d0 * d0 - d1 * d1], obs);
            if (learner.CanUpdate)
            {
                learner.Update();
            }
        }
        float[] mu = learner.Actors[0].Forward(obs[0], 1).ToArray();
        Assert.InRange(mu[0], 0.75f, 0.95f);
        Assert.InRange(mu[1], 0.05f, 0.25f);
    }

    [Fact]
    public void SchemeDescription_RefusesTheMeanCounterfactualOnDdpg_AndCreditPerUeWithSharedParameters()
    {
        Assert.Equal("reward", new SchemeDescription { Reward = LearnedReward.DifferenceFromMean }.Problem()?.Field);
        Assert.Null(new SchemeDescription { Reward = LearnedReward.DifferenceFromMean, Learner = LearnerKind.Ppo }.Problem());
        Assert.Equal("reward", new SchemeDescription { Reward = LearnedReward.DifferencePerUe }.Problem()?.Field);
        Assert.Null(new SchemeDescription { Reward = LearnedReward.DifferencePerUe, Learner = LearnerKind.Ppo }.Problem());
        Assert.Null(new SchemeDescription { Reward = LearnedReward.DifferencePerUe, Learner = LearnerKind.Ppo, Critic = CriticView.Joint, Replay = ReplayLayout.Joint }.Problem());
        Assert.Null(new SchemeDescription { Reward = LearnedReward.DifferencePerUe, Learner = LearnerKind.Ppo, Aggregation = new FedAvgAggregation(2, AggregatedNetworks.Critic) }.Problem());
        Assert.Contains("shared parameters", new SchemeDescription { Reward = LearnedReward.DifferencePerUe, Learner = LearnerKind.Ppo, Sharing = ParameterSharing.SharedWithAgentId }.Problem()?.Problem);
    }

    [Fact]
    public void SchemeDescription_RefusesPpoSettingsOnDdpg_AndAggregationOfASharedModel()
    {
        Assert.Equal("ppo", new SchemeDescription { Ppo = new PpoOptions() }.Problem()?.Field);
        var shared = new SchemeDescription
        {
            Learner = LearnerKind.Ppo,
            Sharing = ParameterSharing.SharedWithAgentId,
            Aggregation = new FedAvgAggregation(5, AggregatedNetworks.All),
        };
        Assert.Equal("aggregation", shared.Problem()?.Field);
        IMultiAgentLearner learner = MultiAgentLearners.Create(new SchemeDescription { Learner = LearnerKind.Ppo }, Small, [2, 2], [2, 2], 1, 1);
        Assert.IsType<PpoLearner>(learner);
    }

    [Theory]
    [InlineData(CriticView.Local)]
    [InlineData(CriticView.Joint)]
    public void SharedModel_LearnsTheBandit_AndEveryAgentsActorIsTheSharedOneWithItsIndex(CriticView view)
    {
        var ppo = new PpoOptions { ActorLearningRate = 3e-3, RolloutSlots = 20, MinibatchSize = 10, InitialStd = 0.1 };
        var learner = new SharedPpoLearner(Small, ppo, view, agents: 3, observationWidth: 2, actionWidth: 2, seed: 4);
        float[][] obs = ConstantObservations(3, 2);
        for (int s = 0; s < 20 * 30; s++)
        {
            float[][] actions = learner.Act(obs, 0);
            learner.Observe(BanditRewards(actions, 0.85f), obs);
            if (learner.CanUpdate)
            {
                learner.Update();
            }
        }
        for (int m = 0; m < 3; m++)
        {
            float[] input = [.. obs[m], .. Enumerable.Range(0, 3).Select(j => j == m ? 1f : 0f)];
            float[] shared = learner.Model.Actor.Forward(input, 1).ToArray();
            float[] own = learner.Actors[m].Forward(obs[m], 1).ToArray();
            for (int i = 0; i < 2; i++)
            {
                Assert.Equal(shared[i], own[i], 1e-5f);
            }
            Assert.True(Math.Abs(own[0] - 0.85f) < 0.175f, $"agent {m}: mean {own[0]}");
        }
        // The agent index matters: after training on different observations the views differ.
        Assert.False(learner.Actors[0].Parameters.SequenceEqual(learner.Actors[1].Parameters));

        // Resume mid-rollout: a restored learner continues exactly as the original.
        for (int s = 0; s < 7; s++)
        {
            learner.Observe(BanditRewards(learner.Act(obs, 0), 0.85f), obs);
        }
        var w = new CheckpointWriter();
        learner.Save(w);
        var copy = new SharedPpoLearner(Small, ppo, view, 3, 2, 2, seed: 4);
        var restore = new CheckpointRestore(CheckpointReader.Parse(w.ToBytes()));
        copy.Restore(restore);
        restore.Commit();
        Assert.True(copy.Actors[2].Parameters.SequenceEqual(learner.Actors[2].Parameters));
        for (int s = 0; s < 20; s++)
        {
            float[][] a1 = learner.Act(obs, 0), a2 = copy.Act(obs, 0);
            Assert.Equal(a1, a2);
            learner.Observe(BanditRewards(a1, 0.85f), obs);
            copy.Observe(BanditRewards(a2, 0.85f), obs);
            if (learner.CanUpdate)
            {
                learner.Update();
                copy.Update();
            }
        }
        Assert.True(copy.Model.Value.Parameters.SequenceEqual(learner.Model.Value.Parameters));
    }

    [Fact]
    public void ZeroOutputLayer_StartsEveryMeanAtExactlyOneHalf_WithTheSameDraws()
    {
        var spec8 = new PpoLearner(Small, new PpoOptions(), CriticView.Local, [3], [4], seed: 3, threads: 1, commonInitialModel: true);
        var zero = new PpoLearner(Small, new PpoOptions { ZeroOutputLayer = true }, CriticView.Local, [3], [4], seed: 3, threads: 1, commonInitialModel: true);
        float[] obs = [5f, -2f, 7f];
        Assert.All(zero.Actors[0].Forward(obs, 1).ToArray(), m => Assert.Equal(0.5f, m));
        Assert.Contains(spec8.Actors[0].Forward(obs, 1).ToArray(), m => m != 0.5f);
        Assert.True(zero.Actors[0].Weights(0).SequenceEqual(spec8.Actors[0].Weights(0)));
        Assert.True(zero.Agents[0].Value.Parameters.SequenceEqual(spec8.Agents[0].Value.Parameters));
    }
}
