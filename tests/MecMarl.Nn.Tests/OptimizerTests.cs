namespace MecMarl.Nn.Tests;

public sealed class OptimizerTests
{
    [Fact]
    public void AdamMatchesHandComputedSteps()
    {
        // lr 0.1, b1 0.9, b2 0.999, eps 1e-8, p0 = 1, gradients 0.5 then -1 (PyTorch formula):
        // t=1: m = 0.05, v = 0.00025, bc1 = 0.1, bc2 = 0.001, mhat = 0.5, vhat = 0.25, sqrt = 0.5
        //      p = 1 - 0.1 * 0.5 / (0.5 + 1e-8) = 0.9 (+2e-9)
        // t=2: m = 0.045 - 0.1 = -0.055, v = 0.00024975 + 0.001 = 0.00124975,
        //      bc1 = 0.19, bc2 = 0.001999, mhat = -0.2894737, vhat = 0.6251876, sqrt = 0.7906880
        //      p = 0.9 + 0.1 * 0.2894737 / 0.7906880 = 0.9 + 0.0366104 = 0.9366104
        var adam = new Adam(2, learningRate: 0.1f);
        float[] p = [1f, -2f];
        float[] g = [0.5f, 0f];
        adam.Step(p, g);
        Assert.Equal(0.9f, p[0], 1e-6f);
        Assert.Equal(-2f, p[1]); // zero gradient: m = v = 0, p unchanged
        Assert.Equal(0.05f, adam.FirstMoments[0], 1e-7f);
        Assert.Equal(0.00025f, adam.SecondMoments[0], 1e-9f);
        g[0] = -1f;
        adam.Step(p, g);
        Assert.Equal(-0.055f, adam.FirstMoments[0], 1e-7f);
        Assert.Equal(0.00124975f, adam.SecondMoments[0], 1e-9f);
        Assert.Equal(0.9366104f, p[0], 2e-6f);
        Assert.Equal(2, adam.StepCount);
    }

    [Fact]
    public void AdamLearningRateScale_StepsAsTheScaledRate_AndOneChangesNothing()
    {
        var rng = new Random(3);
        float[] start = [.. Enumerable.Range(0, 37).Select(_ => (float)rng.NextDouble() - 0.5f)];
        float[][] grads = [.. Enumerable.Range(0, 3).Select(_ => Enumerable.Range(0, 37).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray())];
        float[] Run(double lr, double? scale)
        {
            var adam = new Adam(37, learningRate: lr);
            if (scale is double s)
            {
                adam.LearningRateScale = s;
            }
            float[] p = [.. start];
            foreach (float[] g in grads)
            {
                adam.Step(p, [.. g]);
            }
            return p;
        }
        Assert.Equal(Run(0.01, null), Run(0.01, 1.0));
        // Halving is exact in binary: a scale of 1/2 is the halved rate, bit for bit.
        Assert.Equal(Run(0.005, null), Run(0.01, 0.5));
        Assert.Equal(start, Run(0.01, 0.0));
        var bad = new Adam(1);
        Assert.Throws<ArgumentOutOfRangeException>(() => bad.LearningRateScale = 1.5);
        Assert.Throws<ArgumentOutOfRangeException>(() => bad.LearningRateScale = double.NaN);
        Assert.Equal(1.0, bad.LearningRateScale);
    }

    [Fact]
    public void AdamVectorBodyAndTailAgree()
    {
        // 37 identical parameters: elements in the SIMD body and in the scalar tail get identical updates.
        var adam = new Adam(37, 0.01f);
        float[] p = Enumerable.Repeat(0.3f, 37).ToArray();
        float[] g = Enumerable.Repeat(-0.7f, 37).ToArray();
        for (int t = 0; t < 5; t++)
        {
            adam.Step(p, g);
        }
        Assert.All(p, v => Assert.Equal(p[0], v));
        // Constant gradient: mhat = g and vhat = g^2 each step, so each step moves lr * |g| / (|g| + eps) ~ lr.
        Assert.Equal(0.3f + 5 * 0.01f, p[0], 1e-5f);
    }

    [Fact]
    public void AdamStepWithSoftUpdateEqualsStepThenSoftUpdateForEveryLength()
    {
        // Given two optimisers on identical random data, when one takes Step + SoftUpdate and the other
        // the fused StepWithSoftUpdate for three steps, then parameters, moments and targets agree bit for bit.
        var rng = new MecMarl.Randomness.Rng(7, 0);
        for (int n = 0; n <= 130; n++)
        {
            float[] p1 = Draw(rng, n), t1 = Draw(rng, n);
            float[] p2 = (float[])p1.Clone(), t2 = (float[])t1.Clone();
            var a1 = new Adam(n, 0.01);
            var a2 = new Adam(n, 0.01);
            for (int step = 0; step < 3; step++)
            {
                float[] g = Draw(rng, n);
                float[] tBefore = (float[])t2.Clone();
                a1.Step(p1, (float[])g.Clone());
                ParameterOps.SoftUpdate(t1, p1, 0.01f);
                a2.StepWithSoftUpdate(p2, (float[])g.Clone(), t2, 0.01f);
                Assert.Equal(p1, p2);
                Assert.Equal(t1, t2);
                Assert.Equal(a1.FirstMoments.ToArray(), a2.FirstMoments.ToArray());
                Assert.Equal(a1.SecondMoments.ToArray(), a2.SecondMoments.ToArray());
                for (int i = 0; i < n; i++)
                {
                    // Independent check of the mix in double: t = 0.99 t + 0.01 p.
                    Assert.Equal(0.99 * tBefore[i] + 0.01 * p2[i], t2[i], 1e-6);
                }
            }
        }

        static float[] Draw(MecMarl.Randomness.Rng rng, int n)
        {
            var a = new float[n];
            for (int i = 0; i < n; i++)
            {
                a[i] = (float)(2 * rng.NextDouble() - 1);
            }
            return a;
        }
    }

    [Fact]
    public void SgdStepsAgainstGradient()
    {
        var sgd = new Sgd(2, 0.5f);
        float[] p = [1f, 2f];
        float[] g = [0.2f, -4f];
        sgd.Step(p, g);
        Assert.Equal([0.9f, 4f], p);
    }

    [Fact]
    public void ClippingScalesToMaxGlobalNorm()
    {
        // g = [3, 4]: norm 5 > 1 -> scaled by 1 / (5 + 1e-6) -> [0.6, 0.8].
        float[] g = [3f, 4f];
        float norm = GradientClipping.ClipByGlobalNorm(g, 1f);
        Assert.Equal(5f, norm, 1e-6f);
        Assert.Equal(0.6f, g[0], 1e-6f);
        Assert.Equal(0.8f, g[1], 1e-6f);
        float[] small = [0.3f, 0.4f];
        GradientClipping.ClipByGlobalNorm(small, 1f);
        Assert.Equal([0.3f, 0.4f], small);
    }

    [Fact]
    public void SoftUpdateMixesByTau()
    {
        // theta' = 0.01 * theta + 0.99 * theta': 0.01 * 100 + 0.99 * 1 = 1.99.
        float[] target = [1f, -2f];
        ParameterOps.SoftUpdate(target, [100f, 0f], 0.01f);
        Assert.Equal(1.99f, target[0], 1e-5f);
        Assert.Equal(-1.98f, target[1], 1e-5f);
        ParameterOps.HardUpdate(target, [5f, 6f]);
        Assert.Equal([5f, 6f], target);
    }

    [Fact]
    public void SigmoidBackwardEqualsThreeSeparatePassesForEveryLength()
    {
        // Given y in (0, 1) and g, when the sigmoid derivative is applied, then g becomes
        // (g y)(1 - y) as three separate TensorPrimitives passes compute it, bit for bit, and within
        // 1e-6 of the product in double.
        var rng = new MecMarl.Randomness.Rng(3, 0);
        for (int n = 0; n <= 130; n++)
        {
            float[] y = new float[n], g = new float[n];
            for (int i = 0; i < n; i++)
            {
                y[i] = (float)rng.NextDouble();
                g[i] = (float)(4 * rng.NextDouble() - 2);
            }
            float[] expected = new float[n], oneMinusY = new float[n];
            System.Numerics.Tensors.TensorPrimitives.Multiply(g, y, expected);
            System.Numerics.Tensors.TensorPrimitives.Subtract(1f, y, oneMinusY);
            System.Numerics.Tensors.TensorPrimitives.Multiply(expected, oneMinusY, expected);
            float[] actual = (float[])g.Clone();
            Activations.Backward(Activation.Sigmoid, y, actual, new float[n]);
            Assert.Equal(expected, actual);
            for (int i = 0; i < n; i++)
            {
                Assert.Equal((double)g[i] * y[i] * (1.0 - y[i]), actual[i], 1e-6);
            }
        }
    }

    [Fact]
    public void SigmoidIsWithinFourUlpOfDoubleForEveryLengthAndSpecialValues()
    {
        // Given inputs across the range (including saturation, zeros, infinities), when the sigmoid
        // is applied to every length 0..130, then each output is within 4 ulp of 1 / (1 + exp(-x))
        // computed in double (or within 1e-37 absolutely where the output is that small), the
        // vector body and the scalar tail give identical results for equal inputs, and NaN stays NaN.
        float[] special = [0f, -0f, 1e-8f, -1e-8f, 0.5f, -0.5f, 1f, -1f, 5f, -5f, 16f, -16f, 20f, -20f, 87f, -87f,
            88.5f, -88.5f, 89f, -89f, 100f, -100f, 1e30f, -1e30f, float.PositiveInfinity, float.NegativeInfinity];
        var rng = new MecMarl.Randomness.Rng(5, 0);
        for (int n = 0; n <= 130; n++)
        {
            float[] x = new float[n];
            for (int i = 0; i < n; i++)
            {
                x[i] = i < special.Length && n > 100 ? special[i] : (float)(40 * rng.NextDouble() - 20);
            }
            float[] y = (float[])x.Clone();
            Activations.Forward(Activation.Sigmoid, y);
            for (int i = 0; i < n; i++)
            {
                double exact = 1.0 / (1.0 + Math.Exp(-(double)x[i]));
                double ulp = (double)MathF.BitIncrement((float)exact) - (float)exact;
                if (!(Math.Abs(y[i] - exact) <= 4 * ulp || (exact < 1e-37 && Math.Abs(y[i] - exact) < 1e-37)))
                {
                    Assert.Fail($"n={n}: sigmoid({x[i]}) = {y[i]}, expected {exact}");
                }
            }
        }
        float[] same = Enumerable.Repeat(-3.25f, 37).ToArray();
        Activations.Forward(Activation.Sigmoid, same);
        Assert.All(same, v => Assert.Equal(same[0], v));
        float[] nan = [float.NaN, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, float.NaN];
        Activations.Forward(Activation.Sigmoid, nan);
        Assert.True(float.IsNaN(nan[0]) && float.IsNaN(nan[16]) && nan[1] == 0.5f);
    }

    [Fact]
    public void BiasGradientEqualsRowByRowAdditionForEveryWidth()
    {
        // Given dZ [rows, width], when a one-layer network's bias gradient is formed, then it equals
        // clearing db and adding the rows one by one with TensorPrimitives.Add, bit for bit.
        var rng = new MecMarl.Randomness.Rng(9, 0);
        foreach (int rows in new[] { 1, 3, 32 })
        {
            for (int width = 1; width <= 130; width += rows == 32 ? 1 : 7)
            {
                var shape = new NetworkShape([2, width], [Activation.Identity]);
                var net = new DenseNetwork(shape, rows);
                float[] x = new float[rows * 2], dz = new float[rows * width];
                for (int i = 0; i < dz.Length; i++)
                {
                    dz[i] = (float)(2 * rng.NextDouble() - 1);
                }
                net.Forward(x, rows);
                net.Backward(x, dz, rows);
                float[] expected = new float[width];
                for (int b = 0; b < rows; b++)
                {
                    System.Numerics.Tensors.TensorPrimitives.Add(expected, dz.AsSpan(b * width, width), expected);
                }
                Assert.Equal(expected, net.BiasGradients(0).ToArray());
            }
        }
    }

    [Fact]
    public void ReluBackwardMasksEveryLength()
    {
        for (int n = 0; n <= 70; n++)
        {
            float[] y = Enumerable.Range(0, n).Select(i => i % 3 == 0 ? 0f : i * 0.5f).ToArray();
            float[] g = Enumerable.Range(0, n).Select(i => (float)(i + 1)).ToArray();
            Activations.Backward(Activation.Relu, y, g, new float[n]);
            for (int i = 0; i < n; i++)
            {
                Assert.Equal(i % 3 == 0 ? 0f : i + 1, g[i]);
            }
        }
    }
}
