using MecMarl.Nn;
using MecMarl.Randomness;

namespace MecMarl.Learning.Tests;

public sealed class FederatedAveragingTests
{
    [Fact]
    public void WeightedAverageMatchesHandValues()
    {
        // Weights 1, 3 (sum 4): theta = 0.25 * [4, 8] + 0.75 * [0, -4] = [1, -1].
        float[] dst = new float[2];
        FederatedAveraging.Average([new float[] { 4, 8 }, new float[] { 0, -4 }], [1.0, 3.0], dst);
        Assert.Equal(1f, dst[0], 1e-6f);
        Assert.Equal(-1f, dst[1], 1e-6f);
        // Three models, weights 32, 32, 64: (2 + 4 + 2 * 10) / 4 = 6.5.
        FederatedAveraging.Average([new float[] { 2, 0 }, new float[] { 4, 0 }, new float[] { 10, 1 }], [32, 32, 64], dst);
        Assert.Equal(6.5f, dst[0], 1e-6f);
        Assert.Equal(0.5f, dst[1], 1e-6f);
    }

    [Fact]
    public void InvalidInputsAreRejected()
    {
        float[] a = [1, 2];
        Assert.Throws<ArgumentException>(() => FederatedAveraging.Average([a], [1, 2], new float[2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => FederatedAveraging.Average([a], [0.0], new float[2]));
        Assert.Throws<ArgumentException>(() => FederatedAveraging.Average([a], [1.0], a));
        Assert.Throws<ArgumentException>(() => FederatedAveraging.Average([a], [1.0], new float[3]));
    }

    [Fact]
    public void AggregateReplacesAllFourNetworksOfEveryAgent()
    {
        var options = new DdpgOptions { ActorHidden = [4], CriticHidden = [4], BatchSize = 2 };
        var rng = new Rng(1);
        DdpgLearner[] learners = [.. Enumerable.Range(0, 3).Select(_ => new DdpgLearner(options, LearnerLayout.Local(3, 2), rng))];
        float expected = (learners[0].Critic.Parameters[5] * 1 + learners[1].Critic.Parameters[5] * 1 + learners[2].Critic.Parameters[5] * 2) / 4;
        FederatedAveraging.Aggregate(learners, [1, 1, 2]);
        foreach (DdpgLearner l in learners)
        {
            Assert.Equal(expected, l.Critic.Parameters[5], 1e-7f);
            Assert.True(l.Actor.Parameters.SequenceEqual(learners[0].Actor.Parameters));
            Assert.True(l.TargetCritic.Parameters.SequenceEqual(learners[0].TargetCritic.Parameters));
            Assert.True(l.TargetActor.Parameters.SequenceEqual(learners[0].TargetActor.Parameters));
        }
    }
}
