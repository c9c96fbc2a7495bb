using MecMarl.Randomness;

namespace MecMarl.Learning.Tests;

public sealed class ReplayAndNoiseTests
{
    private static void AddNumbered(ReplayBuffer buffer, int i)
    {
        float v = i;
        buffer.Add([v, v + 0.5f], [-v], [10 * v], [v + 1, v + 1.5f], terminal: i % 2 == 1);
    }

    [Fact]
    public void RingOverwritesOldestAndSamplesWholeRows()
    {
        var buffer = new ReplayBuffer(capacity: 3, observationWidth: 2, actionWidth: 1);
        for (int i = 0; i < 5; i++)
        {
            AddNumbered(buffer, i);
        }
        // 5 adds into 3 slots: slots hold transitions 3, 4, 2; next write at slot 2.
        Assert.Equal(3, buffer.Count);
        Assert.Equal(2, buffer.WriteIndex);
        var batch = new ReplayBatch(64, 2, 1, 1);
        buffer.Sample(new Rng(3), batch);
        var seen = new HashSet<float>();
        for (int b = 0; b < batch.Size; b++)
        {
            float v = batch.Observations[b * 2];
            seen.Add(v);
            Assert.Contains(v, new[] { 2f, 3f, 4f });
            Assert.Equal(v + 0.5f, batch.Observations[b * 2 + 1]);
            Assert.Equal(-v, batch.Actions[b]);
            Assert.Equal(10 * v, batch.Rewards[b]);
            Assert.Equal(v + 1, batch.NextObservations[b * 2]);
            Assert.Equal(v % 2 == 1 ? 1f : 0f, batch.Terminals[b]);
        }
        Assert.Equal(3, seen.Count); // 64 draws with replacement from 3 rows hit all of them
    }

    [Fact]
    public void SamplingIsUniformWithReplacementAndSeeded()
    {
        var buffer = new ReplayBuffer(10, 1, 1);
        for (int i = 0; i < 10; i++)
        {
            buffer.Add([i], [0], [0], [0], false);
        }
        var batch = new ReplayBatch(8, 1, 1, 1);
        var counts = new int[10];
        var rng = new Rng(11);
        bool repeated = false;
        for (int t = 0; t < 2000; t++)
        {
            buffer.Sample(rng, batch);
            repeated |= batch.Indices.ToArray().Distinct().Count() < 8;
            foreach (int i in batch.Indices)
            {
                counts[i]++;
            }
        }
        Assert.True(repeated, "With replacement, some batch of 8 from 10 must repeat an index (P(no repeat) = 0.018 per batch).");
        // 16,000 draws, expectation 1,600 per slot, sd 38: 5 sd bounds.
        Assert.All(counts, c => Assert.InRange(c, 1410, 1790));
        var a = new ReplayBatch(8, 1, 1, 1);
        var b = new ReplayBatch(8, 1, 1, 1);
        buffer.Sample(new Rng(5), a);
        buffer.Sample(new Rng(5), b);
        Assert.Equal(a.Indices.ToArray(), b.Indices.ToArray());
    }

    [Fact]
    public void IndicesThenGatherInRangesEqualsSample()
    {
        // MA-DRL draws the indices on one thread and copies the rows on several: same batch as Sample.
        var buffer = new ReplayBuffer(20, 3, 2, 2);
        for (int i = 0; i < 13; i++)
        {
            buffer.Add([i, i + 0.5f, -i], [i * 2f, 1f], [i, -i], [i + 1f, 0f, 3f], terminal: i % 4 == 0);
        }
        var whole = new ReplayBatch(9, 3, 2, 2);
        var pieces = new ReplayBatch(9, 3, 2, 2);
        buffer.Sample(new Rng(12), whole);
        buffer.SampleIndices(new Rng(12), pieces);
        buffer.Gather(pieces, 5, 9);
        buffer.Gather(pieces, 0, 5);
        Assert.Equal(whole.Indices.ToArray(), pieces.Indices.ToArray());
        Assert.Equal(whole.Observations.ToArray(), pieces.Observations.ToArray());
        Assert.Equal(whole.Actions.ToArray(), pieces.Actions.ToArray());
        Assert.Equal(whole.Rewards.ToArray(), pieces.Rewards.ToArray());
        Assert.Equal(whole.NextObservations.ToArray(), pieces.NextObservations.ToArray());
        Assert.Equal(whole.Terminals.ToArray(), pieces.Terminals.ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Gather(pieces, 0, 10));
    }

    [Fact]
    public void WrongWidthsAreRejected()
    {
        var buffer = new ReplayBuffer(4, 2, 1);
        Assert.Throws<ArgumentException>(() => buffer.Add([1f], [0f], [0f], [1f, 2f], false));
        Assert.Throws<InvalidOperationException>(() => buffer.Sample(new Rng(1), new ReplayBatch(2, 2, 1, 1)));
    }

    [Fact]
    public void NoiseDrawnAheadEqualsNoiseDrawnInPlace()
    {
        // The trainer draws a slot's noise while the previous slot's environment step runs.
        var noise = new GaussianExplorationNoise(decaySteps: 100);
        float[] inPlace = [.. Enumerable.Range(0, 37).Select(i => i / 36f)];
        float[] ahead = [.. inPlace];
        var rngA = new Rng(4);
        var rngB = new Rng(4);
        noise.Apply(inPlace, 30, rngA);
        var z = new double[40];
        GaussianExplorationNoise.Draw(z.AsSpan(0, 37), rngB);
        noise.Apply(ahead, 30, z);
        Assert.Equal(inPlace, ahead);
        Assert.Equal(rngA.NextUInt64(), rngB.NextUInt64());
        Assert.Throws<ArgumentException>(() => noise.Apply(ahead, 30, z.AsSpan(0, 36)));
    }

    [Fact]
    public void NoiseStdDecaysLinearlyAndActionsAreClipped()
    {
        var noise = new GaussianExplorationNoise(decaySteps: 1000);
        Assert.Equal(0.2, noise.StdAt(0), 12);
        Assert.Equal(0.105, noise.StdAt(500), 12); // 0.2 + (0.01 - 0.2) * 0.5
        Assert.Equal(0.01, noise.StdAt(1000), 12);
        Assert.Equal(0.01, noise.StdAt(5000), 12);
        var rng = new Rng(9);
        var action = new float[20000];
        Array.Fill(action, 0.5f);
        noise.Apply(action, 0, rng);
        Assert.All(action, a => Assert.InRange(a, 0f, 1f));
        double mean = action.Average(a => (double)a);
        double sd = Math.Sqrt(action.Average(a => (a - mean) * (a - mean)));
        Assert.Equal(0.5, mean, 0.01);
        Assert.Equal(0.2, sd, 0.01); // 0.5 +- 0.2 is clipped only beyond 2.5 sd: sd stays ~0.198
        float[] edge = [0.99f, 0.01f];
        new GaussianExplorationNoise(1, 5.0, 5.0).Apply(edge, 0, rng);
        Assert.All(edge, a => Assert.True(a is 0f or 1f || (a > 0f && a < 1f)));
    }
}
