using MecMarl.Randomness;

namespace MecMarl.Nn.Tests;

public sealed class DenseNetworkTests
{
    private static double[] RandomDoubles(Rng rng, int n, double scale = 1)
    {
        var a = new double[n];
        for (int i = 0; i < n; i++)
        {
            a[i] = scale * (2 * rng.NextDouble() - 1);
        }
        return a;
    }

    /// <summary>
    /// Given a network with random parameters and a linear probe loss L = sum c * y, when Backward runs
    /// on dL/dy = c, then every parameter gradient (and the requested input columns' gradient) matches a
    /// central finite difference of the double-precision reference network.
    /// </summary>
    private static void CheckGradients(NetworkShape shape, int batch, int colStart, int colCount, bool parameterGradients = true)
    {
        var rng = new Rng(42, (ulong)shape.GetHashCode());
        var net = new DenseNetwork(shape, batch + 2);
        double[] theta = RandomDoubles(rng, shape.ParameterCount, 0.6);
        for (int i = 0; i < theta.Length; i++)
        {
            net.Parameters[i] = (float)theta[i];
            theta[i] = net.Parameters[i]; // the reference sees exactly the float parameters
        }
        double[] input = RandomDoubles(rng, batch * shape.InputSize);
        float[] inputF = input.Select(v => (float)v).ToArray();
        input = inputF.Select(v => (double)v).ToArray();
        double[] probe = RandomDoubles(rng, batch * shape.OutputSize);
        float[] probeF = probe.Select(v => (float)v).ToArray();
        probe = probeF.Select(v => (double)v).ToArray();

        ReadOnlySpan<float> y = net.Forward(inputF, batch);
        double[] yRef = ReferenceNetwork.Forward(shape, theta, input, batch);
        for (int i = 0; i < yRef.Length; i++)
        {
            Assert.Equal(yRef[i], y[i], 5e-5);
        }
        net.Gradients.Fill(float.NaN);
        var dx = new float[batch * colCount];
        net.Backward(inputF, probeF, batch, parameterGradients, dx, colStart, colCount);

        const double h = 1e-6;
        if (parameterGradients)
        {
            for (int i = 0; i < theta.Length; i++)
            {
                double keep = theta[i];
                theta[i] = keep + h;
                double up = ReferenceNetwork.Loss(shape, theta, input, batch, probe);
                theta[i] = keep - h;
                double down = ReferenceNetwork.Loss(shape, theta, input, batch, probe);
                theta[i] = keep;
                double fd = (up - down) / (2 * h);
                Assert.True(Math.Abs(fd - net.Gradients[i]) < 1e-4 + 1e-3 * Math.Abs(fd), $"{shape}: dtheta[{i}] = {net.Gradients[i]}, finite difference {fd}");
            }
        }
        else
        {
            Assert.True(float.IsNaN(net.Gradients[0]), "Parameter gradients were computed although not requested.");
        }
        for (int b = 0; b < batch; b++)
        {
            for (int c = 0; c < colCount; c++)
            {
                int idx = b * shape.InputSize + colStart + c;
                double keep = input[idx];
                input[idx] = keep + h;
                double up = ReferenceNetwork.Loss(shape, theta, input, batch, probe);
                input[idx] = keep - h;
                double down = ReferenceNetwork.Loss(shape, theta, input, batch, probe);
                input[idx] = keep;
                double fd = (up - down) / (2 * h);
                float got = dx[b * colCount + c];
                Assert.True(Math.Abs(fd - got) < 1e-4 + 1e-3 * Math.Abs(fd), $"{shape}: dx[{b},{colStart + c}] = {got}, finite difference {fd}");
            }
        }
    }

    [Theory]
    [InlineData(Activation.Identity)]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.Sigmoid)]
    [InlineData(Activation.Tanh)]
    public void SingleLayerGradientsMatchFiniteDifferences(Activation activation) =>
        CheckGradients(new NetworkShape([7, 5], [activation]), batch: 3, colStart: 2, colCount: 4);

    [Theory]
    [InlineData(Activation.Relu, Activation.Sigmoid)]
    [InlineData(Activation.Tanh, Activation.Identity)]
    [InlineData(Activation.Sigmoid, Activation.Tanh)]
    public void ThreeLayerGradientsMatchFiniteDifferences(Activation hidden, Activation output) =>
        CheckGradients(new NetworkShape([9, 11, 6, 3], [hidden, hidden, output]), batch: 5, colStart: 0, colCount: 9);

    [Fact]
    public void CriticInputColumnGradientMatchesFiniteDifferences()
    {
        // A critic of joint input width 40 (say obs 3 x 8 | actions 3 x 4 ... ) -> 70 (ReLU) -> 1: wider than one tile.
        CheckGradients(NetworkShape.Mlp(40, [70], 1, Activation.Relu, Activation.Identity), batch: 6, colStart: 28, colCount: 4);
    }

    [Fact]
    public void InputGradientOnlyLeavesParameterGradientsAlone() =>
        CheckGradients(NetworkShape.Mlp(10, [8], 1, Activation.Relu, Activation.Identity), batch: 4, colStart: 6, colCount: 4, parameterGradients: false);

    [Fact]
    public void StridedInputEqualsContiguousCopy()
    {
        var shape = NetworkShape.Mlp(5, [6], 4, Activation.Relu, Activation.Sigmoid);
        var net = new DenseNetwork(shape, 4);
        net.Initialize(new Rng(1));
        var rng = new Rng(2);
        float[] wide = Enumerable.Range(0, 4 * 12).Select(_ => rng.NextSingle()).ToArray();
        float[] packed = new float[4 * 5];
        for (int b = 0; b < 4; b++)
        {
            wide.AsSpan(b * 12 + 3, 5).CopyTo(packed.AsSpan(b * 5));
        }
        float[] y1 = net.Forward(wide.AsSpan(3), 4, inputStride: 12).ToArray();
        float[] g = [.. y1];
        net.Backward(wide.AsSpan(3), g, 4, inputStride: 12);
        float[] grad1 = net.Gradients.ToArray();
        float[] y2 = net.Forward(packed, 4).ToArray();
        net.Backward(packed, g, 4);
        Assert.Equal(y2, y1);
        Assert.Equal(net.Gradients.ToArray(), grad1);
    }

    [Fact]
    public void InitializationFollowsSpec8Bounds()
    {
        var shape = NetworkShape.Mlp(206, [64], 190, Activation.Relu, Activation.Sigmoid);
        var net = new DenseNetwork(shape, 1);
        net.Initialize(new Rng(7));
        float hidden = 1f / MathF.Sqrt(206);
        Assert.All(net.Weights(0).ToArray(), w => Assert.InRange(w, -hidden, hidden));
        Assert.All(net.Biases(0).ToArray(), w => Assert.InRange(w, -hidden, hidden));
        Assert.All(net.Weights(1).ToArray(), w => Assert.InRange(w, -3e-3f, 3e-3f));
        Assert.All(net.Biases(1).ToArray(), w => Assert.InRange(w, -3e-3f, 3e-3f));
        // Uniform spread: the extremes come close to the bounds.
        Assert.True(net.Weights(0).ToArray().Max() > 0.95f * hidden);
        Assert.True(net.Weights(1).ToArray().Min() < -0.95f * 3e-3f);
        // Same seed, same parameters.
        var again = new DenseNetwork(shape, 1);
        again.Initialize(new Rng(7));
        Assert.True(again.Parameters.SequenceEqual(net.Parameters));
    }

    [Fact]
    public void ParameterLayoutIsWeightsThenBiasPerLayer()
    {
        var shape = new NetworkShape([3, 2, 4], [Activation.Relu, Activation.Identity]);
        Assert.Equal(3 * 2 + 2 + 2 * 4 + 4, shape.ParameterCount);
        Assert.Equal(0, shape.WeightOffset(0));
        Assert.Equal(6, shape.BiasOffset(0));
        Assert.Equal(8, shape.WeightOffset(1));
        Assert.Equal(16, shape.BiasOffset(1));
        // y = relu(x W0 + b0) W1 + b1 by hand: x = [1, 2, 3], W0 = [[1,0],[0,1],[1,1]], b0 = [0, -10].
        var net = new DenseNetwork(shape, 1);
        float[] p = [1, 0, 0, 1, 1, 1, 0, -10, 1, 2, 3, 4, 5, 6, 7, 8, 0.5f, 0, 0, 0];
        p.CopyTo(net.Parameters);
        // z0 = [1 + 3, 2 + 3 - 10] = [4, -5] -> relu [4, 0]; y = 4 * [1, 2, 3, 4] + b1 = [4.5, 8, 12, 16].
        Assert.Equal([4.5f, 8f, 12f, 16f], net.Forward([1f, 2f, 3f], 1).ToArray());
    }

    [Fact]
    public void BatchAboveMaximumIsRejected()
    {
        var net = new DenseNetwork(NetworkShape.Mlp(2, [2], 1, Activation.Relu, Activation.Identity), 2);
        Assert.Throws<ArgumentOutOfRangeException>(() => net.Forward(new float[6], 3).ToArray());
    }

    [Fact]
    public void NetworkGroupStacksMembersContiguously()
    {
        var shape = NetworkShape.Mlp(3, [4], 2, Activation.Relu, Activation.Sigmoid);
        var group = new NetworkGroup(shape, 3, 2);
        group[1].Initialize(new Rng(5));
        Assert.True(group.Parameters.Slice(shape.ParameterCount, shape.ParameterCount).SequenceEqual(group[1].Parameters));
        Assert.All(group.Parameters[..shape.ParameterCount].ToArray(), v => Assert.Equal(0f, v));
    }
}
