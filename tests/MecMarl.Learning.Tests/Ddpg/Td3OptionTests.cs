using MecMarl.Randomness;

namespace MecMarl.Learning.Tests;

public sealed class Td3OptionTests
{
    [Fact]
    public void TwinCritics_TargetIsTheSmallerTargetValue()
    {
        // Both critics output 0; target critics output 4 and 1 (biases). y = r + gamma * min(4, 1)
        // = 1 + 0.5 * 1 = 1.5 for a non-terminal row; with Q = 0 each critic's MSE is 2.25, the
        // reported critic loss is their mean.
        var options = new DdpgOptions { ActorHidden = [3], CriticHidden = [3], BatchSize = 1, Gamma = 0.5, TwinCritics = true };
        var learner = new DdpgLearner(options, LearnerLayout.Local(2, 1), new Rng(1));
        learner.Critic.Parameters.Clear();
        learner.Critic2!.Parameters.Clear();
        learner.TargetCritic.Parameters.Clear();
        learner.TargetCritic2!.Parameters.Clear();
        learner.TargetCritic.Biases(1)[0] = 4f;
        learner.TargetCritic2.Biases(1)[0] = 1f;
        var batch = new ReplayBatch(1, 2, 1, 1);
        batch.Rewards[0] = 1f;
        Assert.Equal(2.25f, learner.Update(batch).CriticLoss, 1e-5f);
    }

    [Fact]
    public void PolicyDelay_ActorAndTargetsMoveOnlyEveryDthStep()
    {
        var options = new DdpgOptions { ActorHidden = [4], CriticHidden = [4], BatchSize = 4, PolicyDelay = 2 };
        var learner = new DdpgLearner(options, LearnerLayout.Local(3, 2), new Rng(2));
        var batch = new ReplayBatch(4, 3, 2, 1);
        var rng = new Rng(3);
        for (int i = 0; i < batch.Observations.Length; i++)
        {
            batch.Observations[i] = rng.NextSingle();
            batch.NextObservations[i] = rng.NextSingle();
        }
        float[] actor0 = learner.Actor.Parameters.ToArray(), target0 = learner.TargetCritic.Parameters.ToArray();
        learner.Update(batch);
        Assert.Equal(actor0, learner.Actor.Parameters.ToArray());
        Assert.Equal(target0, learner.TargetCritic.Parameters.ToArray());
        learner.Update(batch);
        Assert.NotEqual(actor0, learner.Actor.Parameters.ToArray());
        Assert.NotEqual(target0, learner.TargetCritic.Parameters.ToArray());
        Assert.Equal(2, learner.UpdateCount);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TargetsAreTheSoftUpdateOfTheNetworksAfterTheStep(bool twin)
    {
        // The targets' soft updates are fused into the Adam passes; they must equal
        // theta' <- tau theta + (1 - tau) theta' applied afterwards, to the bit.
        var options = new DdpgOptions { ActorHidden = [5], CriticHidden = [6], BatchSize = 4, Tau = 0.3, TwinCritics = twin };
        var learner = new DdpgLearner(options, LearnerLayout.Local(3, 2), new Rng(4));
        var batch = new ReplayBatch(4, 3, 2, 1);
        var rng = new Rng(5);
        for (int i = 0; i < batch.Observations.Length; i++)
        {
            batch.Observations[i] = rng.NextSingle();
            batch.NextObservations[i] = rng.NextSingle();
        }
        for (int step = 0; step < 3; step++)
        {
            float[] actorTarget = learner.TargetActor.Parameters.ToArray(), criticTarget = learner.TargetCritic.Parameters.ToArray();
            float[]? critic2Target = learner.TargetCritic2?.Parameters.ToArray();
            learner.Update(batch);
            MecMarl.Nn.ParameterOps.SoftUpdate(actorTarget, learner.Actor.Parameters, 0.3f);
            MecMarl.Nn.ParameterOps.SoftUpdate(criticTarget, learner.Critic.Parameters, 0.3f);
            Assert.Equal(actorTarget, learner.TargetActor.Parameters.ToArray());
            Assert.Equal(criticTarget, learner.TargetCritic.Parameters.ToArray());
            if (twin)
            {
                MecMarl.Nn.ParameterOps.SoftUpdate(critic2Target, learner.Critic2!.Parameters, 0.3f);
                Assert.Equal(critic2Target, learner.TargetCritic2!.Parameters.ToArray());
            }
        }
    }

    [Fact]
    public void TargetSmoothing_NeedsAGenerator_AndStaysInTheActionRange()
    {
        var options = new DdpgOptions { ActorHidden = [4], CriticHidden = [4], BatchSize = 8, TargetPolicyNoise = 5, TargetNoiseClip = 0.5 };
        Assert.Throws<ArgumentException>(() => new DdpgLearner(options, LearnerLayout.Local(3, 2), new Rng(1)));
        var learner = new DdpgLearner(options, LearnerLayout.Local(3, 2), new Rng(1), new Rng(9));
        var batch = new ReplayBatch(8, 3, 2, 1);
        var next = new float[16];
        learner.WriteTargetActions(batch, next);
        // Initial outputs are about sigmoid(0) = 0.5; the noise is clipped to +-0.5, then to [0, 1].
        Assert.All(next, a => Assert.InRange(a, 0f, 1f));
        Assert.Contains(next, a => a is < 0.45f or > 0.55f);
    }

    [Fact]
    public void TwinCriticLearner_RoundTripsThroughACheckpoint()
    {
        var options = new DdpgOptions { ActorHidden = [4], CriticHidden = [4], BatchSize = 4, TwinCritics = true, TargetPolicyNoise = 0.2, PolicyDelay = 3 };
        var a = new DdpgLearner(options, LearnerLayout.Local(3, 2), new Rng(1), new Rng(5));
        var batch = new ReplayBatch(4, 3, 2, 1);
        for (int i = 0; i < 5; i++)
        {
            a.Update(batch);
        }
        var writer = new CheckpointWriter();
        writer.AddLearner("l", a);
        var b = new DdpgLearner(options, LearnerLayout.Local(3, 2), new Rng(7), new Rng(8));
        new CheckpointRestore(CheckpointReader.Parse(writer.ToBytes())).Learner("l", b).Commit();
        Assert.Equal(a.UpdateCount, b.UpdateCount);
        Assert.Equal(a.LastActorLoss, b.LastActorLoss);
        // The same next updates from here: both critics, targets, optimisers and the smoothing stream were restored.
        a.Update(batch);
        b.Update(batch);
        Assert.Equal(a.Critic2!.Parameters.ToArray(), b.Critic2!.Parameters.ToArray());
        Assert.Equal(a.Actor.Parameters.ToArray(), b.Actor.Parameters.ToArray());
        Assert.Equal(a.TargetCritic2!.Parameters.ToArray(), b.TargetCritic2!.Parameters.ToArray());
    }
}
