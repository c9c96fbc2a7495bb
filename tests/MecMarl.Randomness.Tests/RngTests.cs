using MecMarl.Randomness;

namespace MecMarl.Randomness.Tests;

public sealed class RngTests
{
    [Fact]
    public void SameSeedAndStream_GiveTheSameSequence()
    {
        var a = new Rng(42, 3);
        var b = new Rng(42, 3);
        for (int i = 0; i < 1000; i++)
        {
            Assert.Equal(a.NextUInt64(), b.NextUInt64());
        }
    }

    [Fact]
    public void DifferentStreams_GiveDifferentSequences()
    {
        var a = new Rng(42, 0);
        var b = new Rng(42, 1);
        int equal = 0;
        for (int i = 0; i < 100; i++)
        {
            if (a.NextUInt64() == b.NextUInt64())
            {
                equal++;
            }
        }
        Assert.Equal(0, equal);
    }

    [Fact]
    public void SavedState_RestoresTheSequence()
    {
        var a = new Rng(7);
        for (int i = 0; i < 17; i++)
        {
            a.NextDouble();
        }
        RngState saved = a.State;
        double[] expected = [a.NextDouble(), a.NextGaussian(), a.NextExponential(), a.NextInt(10)];
        var b = new Rng(999) { State = saved };
        double[] actual = [b.NextDouble(), b.NextGaussian(), b.NextExponential(), b.NextInt(10)];
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void AllZeroState_IsRejected()
    {
        var a = new Rng(1);
        Assert.Throws<ArgumentException>(() => a.State = default);
    }

    [Fact]
    public void Moments_MatchTheDistributions()
    {
        // Given 200,000 draws, the sample means and variances are within about 5 standard errors.
        var rng = new Rng(123);
        const int n = 200_000;
        double su = 0, su2 = 0, se = 0, se2 = 0, sg = 0, sg2 = 0;
        for (int i = 0; i < n; i++)
        {
            double u = rng.NextDouble();
            double e = rng.NextExponential();
            double g = rng.NextGaussian();
            Assert.InRange(u, 0.0, 1.0 - double.Epsilon);
            Assert.True(e >= 0);
            su += u; su2 += u * u; se += e; se2 += e * e; sg += g; sg2 += g * g;
        }
        Assert.InRange(su / n, 0.5 - 0.004, 0.5 + 0.004);            // U[0,1): mean 1/2, sd of mean 0.00065
        Assert.InRange(su2 / n - Math.Pow(su / n, 2), 1.0 / 12 - 0.002, 1.0 / 12 + 0.002);
        Assert.InRange(se / n, 1 - 0.012, 1 + 0.012);                // Exp(1): mean 1, sd of mean 0.0022
        Assert.InRange(se2 / n - Math.Pow(se / n, 2), 1 - 0.05, 1 + 0.05);
        Assert.InRange(sg / n, -0.012, 0.012);                       // N(0,1): sd of mean 0.0022
        Assert.InRange(sg2 / n, 1 - 0.02, 1 + 0.02);
    }

    [Fact]
    public void NextInt_IsUniformOverSmallRanges()
    {
        var rng = new Rng(5);
        int[] counts = new int[7];
        for (int i = 0; i < 70_000; i++)
        {
            counts[rng.NextInt(7)]++;
        }
        // Each bucket expects 10,000 with sd ~93; 5 sd bounds.
        Assert.All(counts, c => Assert.InRange(c, 10_000 - 470, 10_000 + 470));
    }

    [Fact]
    public void Shuffle_IsAPermutation()
    {
        var rng = new Rng(9);
        int[] items = Enumerable.Range(0, 50).ToArray();
        rng.Shuffle<int>(items);
        Assert.Equal(Enumerable.Range(0, 50), items.Order());
        Assert.NotEqual(Enumerable.Range(0, 50), items);
    }
}
