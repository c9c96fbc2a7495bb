using MecMarl.Nn;
using MecMarl.Randomness;

namespace MecMarl.Learning.Tests;

public sealed class BehaviourCloningTests
{
    // 300 observations of 3 values in [-1, 1] and targets sigmoid(W x) of a fixed 2 x 3 matrix: a sigmoid actor with one
    // hidden layer can fit them.
    private static (float[] X, float[] Y) Data()
    {
        var rng = new Rng(11);
        float[] x = new float[300 * 3], y = new float[300 * 2];
        for (int r = 0; r < 300; r++)
        {
            for (int j = 0; j < 3; j++)
            {
                x[r * 3 + j] = (float)(2 * rng.NextDouble() - 1);
            }
            y[r * 2] = (float)(1 / (1 + Math.Exp(-(2 * x[r * 3] - x[r * 3 + 1]))));
            y[r * 2 + 1] = (float)(1 / (1 + Math.Exp(-(x[r * 3 + 2] + 0.5 * x[r * 3]))));
        }
        return (x, y);
    }

    private static DenseNetwork Actor()
    {
        var net = new DenseNetwork(NetworkShape.Mlp(3, [16], 2, Activation.Relu, Activation.Sigmoid), 32);
        net.Initialize(new Rng(5));
        return net;
    }

    [Fact]
    public void Fit_LowersTheSquaredErrorToTheTargets_AndIsDeterministicForAStream()
    {
        (float[] x, float[] y) = Data();
        DenseNetwork a = Actor(), b = Actor();
        double first = BehaviourCloning.Fit(a, x, y, 300, 1, 32, 1e-2, new Rng(3));
        double last = BehaviourCloning.Fit(a, x, y, 300, 60, 32, 1e-2, new Rng(3));
        Assert.True(last < first / 10 && last < 1e-3, $"after 1 epoch {first}, after 61 {last}");

        BehaviourCloning.Fit(b, x, y, 300, 1, 32, 1e-2, new Rng(3));
        BehaviourCloning.Fit(b, x, y, 300, 60, 32, 1e-2, new Rng(3));
        Assert.Equal(a.Parameters.ToArray(), b.Parameters.ToArray());
    }

    [Fact]
    public void TooFewValuesForTheRows_AreRefused()
    {
        (float[] x, float[] y) = Data();
        Assert.Throws<ArgumentException>(() => BehaviourCloning.Fit(Actor(), x, y, 301, 1, 32, 1e-3, new Rng(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => BehaviourCloning.Fit(Actor(), x, y, 300, 0, 32, 1e-3, new Rng(1)));
    }
}
