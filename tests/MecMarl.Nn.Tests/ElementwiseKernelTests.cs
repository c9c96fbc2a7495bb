using System.Runtime.Intrinsics;
using CsCheck;

namespace MecMarl.Nn.Tests;

/// <summary>
/// The element-wise kernels against plain scalar references written here, for random lengths
/// 0..300 (every tail length of both vector widths) and random values with NaN, infinities, signed
/// zeros and large magnitudes mixed in, on each path of <see cref="ElementwiseLoop"/>: scalar only,
/// Vector256 body with scalar tail, Vector512 body with scalar tail (forced, so every path runs on
/// any machine), and the path the machine picks through the public API. "The same" means the same
/// bits, except that any NaN matches any NaN.
/// </summary>
public sealed class ElementwiseKernelTests
{
    private const int Iterations = 150;

    private static readonly VectorWidth[] ForcedWidths = [VectorWidth.Scalar, VectorWidth.Vector256, VectorWidth.Vector512];

    private static readonly Gen<float> Value = Gen.Frequency(
        (6, (IGen<float>)Gen.Float[-10f, 10f]),
        (2, Gen.Float.Special),
        (1, Gen.Float[-200f, 200f]),
        (1, Gen.Float[-1e-30f, 1e-30f]));

    private static readonly Gen<float[]> Values = Gen.Int[0, 300].SelectMany(n => Value.Array[n]);

    private static readonly Gen<(float[] A, float[] B)> ValuePairs =
        Gen.Int[0, 300].SelectMany(n => Gen.Select(Value.Array[n], Value.Array[n]));

    [Fact]
    public void LoopVisitsEveryIndexOnceWholeVectorsFirst()
    {
        // Given a kernel that records which step covered each index, when the loop runs over every
        // length 0..300 at each width, then each index is covered exactly once: whole vectors of the
        // chosen width from index 0 while a whole vector fits, then single elements.
        foreach (VectorWidth width in ForcedWidths.Append(VectorWidth.Widest))
        {
            int lanes = width switch
            {
                VectorWidth.Vector512 => 16,
                VectorWidth.Vector256 => 8,
                VectorWidth.Scalar => 1,
                _ => Vector512.IsHardwareAccelerated ? 16 : Vector256.IsHardwareAccelerated ? 8 : 1,
            };
            for (int n = 0; n <= 300; n++)
            {
                int[] step = new int[n];
                int[] visits = new int[n];
                RecordSteps(step, visits, width);
                int body = n / lanes * lanes;
                int[] expectedStep = Enumerable.Range(0, n).Select(i => i < body ? lanes : 1).ToArray();
                if (!visits.All(v => v == 1) || !expectedStep.AsSpan().SequenceEqual(step))
                {
                    Assert.Fail($"{width}, length {n}: visits {string.Join(',', visits)}; steps {string.Join(',', step)}.");
                }
            }
        }
    }

    [Fact]
    public void SigmoidMatchesScalarReferenceOnEveryPath() =>
        Values.Sample(x =>
        {
            float[] expected = x.Select(SigmoidReference).ToArray();
            foreach (VectorWidth width in ForcedWidths)
            {
                float[] y = new float[x.Length];
                ElementwiseLoop.Unary<SigmoidOperator>(x, y, width);
                AssertSame(expected, y, $"sigmoid, {width}");
                float[] inPlace = (float[])x.Clone();
                ElementwiseLoop.Unary<SigmoidOperator>(inPlace, inPlace, width);
                AssertSame(expected, inPlace, $"sigmoid in place, {width}");
            }
            float[] values = (float[])x.Clone();
            Activations.Forward(Activation.Sigmoid, values);
            AssertSame(expected, values, "Activations.Forward(Sigmoid)");
        }, iter: Iterations);

    [Fact]
    public void SigmoidReferenceIsCloseToTheExactSigmoid()
    {
        // The reference the kernel is held to is itself within 4 ulp of 1 / (1 + e^-x) computed in
        // double, wherever the sigmoid is above 1e-30 (so a wrong constant would fail here).
        for (float x = -69f; x <= 30f; x += 0.0071f)
        {
            double exact = 1.0 / (1.0 + Math.Exp(-(double)x));
            float rounded = (float)exact;
            double ulp = MathF.BitIncrement(rounded) - rounded;
            Assert.True(Math.Abs(SigmoidReference(x) - exact) <= 4 * ulp, $"sigmoid({x:R}) = {SigmoidReference(x):R}, exact {exact:R}");
        }
    }

    [Fact]
    public void ReluBackwardMatchesScalarReferenceOnEveryPath() =>
        ValuePairs.Sample(pair =>
        {
            (float[] y, float[] g) = pair;
            float[] expected = new float[g.Length];
            for (int i = 0; i < g.Length; i++)
            {
                expected[i] = y[i] > 0f ? g[i] : 0f;
            }
            CheckBackward<ReluBackwardOperator>(Activation.Relu, y, g, expected);
        }, iter: Iterations);

    [Fact]
    public void SigmoidBackwardMatchesScalarReferenceOnEveryPath() =>
        ValuePairs.Sample(pair =>
        {
            (float[] y, float[] g) = pair;
            float[] expected = new float[g.Length];
            for (int i = 0; i < g.Length; i++)
            {
                float gy = g[i] * y[i];
                float oneMinusY = 1f - y[i];
                expected[i] = gy * oneMinusY;
            }
            CheckBackward<SigmoidBackwardOperator>(Activation.Sigmoid, y, g, expected);
        }, iter: Iterations);

    [Fact]
    public void AdamMatchesScalarReferenceOnEveryPath()
    {
        Gen<float> positive = Gen.Float[0f, 4f];
        var gen = Gen.Int[0, 300].SelectMany(n => Gen.Select(
            Gen.Select(Value.Array[n], Value.Array[n], Gen.Float[-1f, 1f].Array[n]),
            Gen.Select(positive.Array[n], Gen.Float[-1f, 1f].Array[n]),
            Gen.Select(Gen.Float[0.5f, 0.999f], Gen.Float[0.9f, 0.9999f], Gen.Float[1e-5f, 1e-1f], Gen.Float[0.5f, 40f], Gen.Float[0f, 1f])));
        gen.Sample(sample =>
        {
            ((float[] p, float[] g, float[] m), (float[] v, float[] t), (float b1, float b2, float step, float invSqrtBc2, float tau)) = sample;
            float c1 = 1f - b1, c2 = 1f - b2, eps = 1e-8f;
            // Reference, element by element in float, no fused multiply-add in the Adam part; the soft
            // update as TensorPrimitives.Lerp writes it.
            int n = p.Length;
            float[] pe = new float[n], me = new float[n], ve = new float[n], te = new float[n];
            for (int i = 0; i < n; i++)
            {
                float mi = b1 * m[i] + c1 * g[i];
                float gg = g[i] * g[i];
                float vi = b2 * v[i] + c2 * gg;
                float denom = MathF.Sqrt(vi) * invSqrtBc2 + eps;
                float update = step * mi / denom;
                me[i] = mi;
                ve[i] = vi;
                pe[i] = p[i] - update;
                te[i] = float.MultiplyAddEstimate(t[i], 1f - tau, pe[i] * tau);
            }
            foreach (VectorWidth width in ForcedWidths)
            {
                float[] p1 = (float[])p.Clone(), m1 = (float[])m.Clone(), v1 = (float[])v.Clone();
                AdamKernel.Apply(p1, g, m1, v1, b1, c1, b2, c2, eps, step, invSqrtBc2, width);
                AssertSame(pe, p1, $"Adam p, {width}");
                AssertSame(me, m1, $"Adam m, {width}");
                AssertSame(ve, v1, $"Adam v, {width}");
                float[] p2 = (float[])p.Clone(), m2 = (float[])m.Clone(), v2 = (float[])v.Clone(), t2 = (float[])t.Clone();
                AdamKernel.ApplyWithSoftUpdate(p2, g, m2, v2, t2, tau, b1, c1, b2, c2, eps, step, invSqrtBc2, width);
                AssertSame(pe, p2, $"Adam with soft update p, {width}");
                AssertSame(me, m2, $"Adam with soft update m, {width}");
                AssertSame(ve, v2, $"Adam with soft update v, {width}");
                AssertSame(te, t2, $"Adam with soft update t, {width}");
            }
            float[] p3 = (float[])p.Clone(), m3 = (float[])m.Clone(), v3 = (float[])v.Clone(), t3 = (float[])t.Clone();
            AdamKernel.ApplyWithSoftUpdate(p3, g, m3, v3, t3, tau, b1, c1, b2, c2, eps, step, invSqrtBc2);
            AssertSame(pe, p3, "Adam p, widest");
            AssertSame(te, t3, "Adam t, widest");
        }, iter: Iterations);
    }

    [Fact]
    public void ColumnSumMatchesScalarReferenceOnEveryPath()
    {
        var gen = Gen.Int[0, 300].SelectMany(width => Gen.Int[0, 12].SelectMany(rows =>
            Value.Array[width * rows].Select(matrix => (width, rows, matrix))));
        gen.Sample((width, rows, matrix) =>
        {
            float[] expected = new float[width];
            for (int j = 0; j < width; j++)
            {
                float sum = 0f;
                for (int b = 0; b < rows; b++)
                {
                    sum += matrix[b * width + j];
                }
                expected[j] = sum;
            }
            foreach (VectorWidth w in ForcedWidths.Append(VectorWidth.Widest))
            {
                float[] sums = Enumerable.Repeat(float.NaN, width).ToArray();
                ColumnSumKernel.Apply(matrix, rows, sums, w);
                AssertSame(expected, sums, $"column sums of {rows} x {width}, {w}");
            }
        }, iter: Iterations);
    }

    [Fact]
    public void MismatchedLengthsAreRejected()
    {
        Assert.Throws<ArgumentException>(() => ElementwiseLoop.Unary<SigmoidOperator>(new float[3], new float[4]));
        Assert.Throws<ArgumentException>(() => ElementwiseLoop.Binary<ReluBackwardOperator>(new float[3], new float[3], new float[2]));
        Assert.Throws<ArgumentException>(() => ElementwiseLoop.Binary<ReluBackwardOperator>(new float[2], new float[3], new float[3]));
        Assert.Throws<ArgumentException>(() => AdamKernel.Apply(new float[3], new float[3], new float[3], new float[2], 0.9f, 0.1f, 0.999f, 0.001f, 1e-8f, 1e-3f, 1f));
        Assert.Throws<ArgumentException>(() => AdamKernel.ApplyWithSoftUpdate(new float[3], new float[3], new float[3], new float[3], new float[4], 0.01f, 0.9f, 0.1f, 0.999f, 0.001f, 1e-8f, 1e-3f, 1f));
        Assert.Throws<ArgumentException>(() => ColumnSumKernel.Apply(new float[5], 2, new float[3]));
    }

    /// <summary>The Cephes-style sigmoid, one element, spelled out independently of the kernel.</summary>
    private static float SigmoidReference(float x)
    {
        float z = -x;
        z = float.IsNaN(z) ? z : Math.Clamp(z, -87.3f, 88.3f);
        float n = MathF.Round(z * 1.44269504088896341f, MidpointRounding.ToEven);
        float r = MathF.FusedMultiplyAdd(n, -0.693359375f, z);
        r = MathF.FusedMultiplyAdd(n, 2.12194440e-4f, r);
        float poly = 1.9875691500e-4f;
        foreach (float c in (ReadOnlySpan<float>)[1.3981999507e-3f, 8.3334519073e-3f, 4.1665795894e-2f, 1.6666665459e-1f, 5.0000001201e-1f])
        {
            poly = MathF.FusedMultiplyAdd(poly, r, c);
        }
        float expR = MathF.FusedMultiplyAdd(poly, r * r, r) + 1f;
        float twoToN = float.IsNaN(n) ? 1f : BitConverter.Int32BitsToSingle(((int)n + 127) << 23);
        return 1f / (1f + expR * twoToN);
    }

    private static void CheckBackward<TOp>(Activation activation, float[] y, float[] g, float[] expected)
        where TOp : struct, IBinaryOperator
    {
        foreach (VectorWidth width in ForcedWidths)
        {
            float[] d = new float[g.Length];
            ElementwiseLoop.Binary<TOp>(y, g, d, width);
            AssertSame(expected, d, $"{activation} backward, {width}");
            float[] inPlace = (float[])g.Clone();
            ElementwiseLoop.Binary<TOp>(y, inPlace, inPlace, width);
            AssertSame(expected, inPlace, $"{activation} backward in place, {width}");
        }
        float[] gradient = (float[])g.Clone();
        Activations.Backward(activation, y, gradient, new float[g.Length]);
        AssertSame(expected, gradient, $"Activations.Backward({activation})");
    }

    private static void AssertSame(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            float e = expected[i], a = actual[i];
            if (!(float.IsNaN(e) && float.IsNaN(a)) && BitConverter.SingleToInt32Bits(e) != BitConverter.SingleToInt32Bits(a))
            {
                Assert.Fail($"{what}: element {i} of {expected.Length} is {a:R} ({BitConverter.SingleToInt32Bits(a):X8}), expected {e:R} ({BitConverter.SingleToInt32Bits(e):X8}).");
            }
        }
    }

    private static unsafe void RecordSteps(int[] step, int[] visits, VectorWidth width)
    {
        fixed (int* s = step, v = visits)
        {
            ElementwiseLoop.Run(new RecordingKernel(s, v), step.Length, width);
        }
    }

    /// <summary>Writes the width of the step that covered each index, and counts the visits.</summary>
    private readonly unsafe struct RecordingKernel(int* step, int* visits) : IElementwiseKernel
    {
        public void Step512(int i) => Mark(i, 16);

        public void Step256(int i) => Mark(i, 8);

        public void Step(int i) => Mark(i, 1);

        private void Mark(int i, int lanes)
        {
            for (int k = i; k < i + lanes; k++)
            {
                step[k] = lanes;
                visits[k]++;
            }
        }
    }
}
