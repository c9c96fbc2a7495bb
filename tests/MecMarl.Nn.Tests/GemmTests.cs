using MecMarl.Randomness;

namespace MecMarl.Nn.Tests;

public sealed class GemmTests
{
    private static float[] Random(Rng rng, int n)
    {
        var a = new float[n];
        for (int i = 0; i < n; i++)
        {
            a[i] = (float)(2 * rng.NextDouble() - 1);
        }
        return a;
    }

    /// <summary>What C starts from in <see cref="Check(int, int, int, bool, bool, Start, int)"/>.</summary>
    public enum Start { Accumulate, Zero, Bias }

    /// <summary>Runs <see cref="Check(int, int, int, bool, bool, Start, int)"/> for MultiplyAdd, Multiply and MultiplyWithBias.</summary>
    private static void Check(int m, int n, int k, bool transposeA, bool transposeB, int pad = 3)
    {
        Check(m, n, k, transposeA, transposeB, Start.Accumulate, pad);
        Check(m, n, k, transposeA, transposeB, Start.Zero, pad);
        Check(m, n, k, transposeA, transposeB, Start.Bias, pad);
    }

    /// <summary>
    /// Given random operands, when multiplied by Gemm, then every element matches a double-precision
    /// triple loop that starts from the old C, zero or the bias. For Multiply and MultiplyWithBias C
    /// starts as NaN, so reading it would show.
    /// </summary>
    private static void Check(int m, int n, int k, bool transposeA, bool transposeB, Start start, int pad)
    {
        var rng = new Rng((ulong)(m * 1_000_003 + n * 1009 + k), transposeA ? 1UL : 0UL);
        // A stored row-major [m, k + pad] or, transposed, [k, m + pad]; B [k, n + pad] or [n, k + pad].
        int lda = transposeA ? m + pad : k + pad;
        int ldb = transposeB ? k + pad : n + pad;
        int ldc = n + pad;
        float[] a = Random(rng, Math.Max(1, (transposeA ? k : m) * lda));
        float[] b = Random(rng, Math.Max(1, (transposeB ? n : k) * ldb));
        float[] c = Random(rng, Math.Max(1, m * ldc));
        float[] bias = Random(rng, n + 2);
        if (start != Start.Accumulate)
        {
            for (int i = 0; i < m; i++)
            {
                c.AsSpan(i * ldc, n).Fill(float.NaN);
            }
        }
        float[] c0 = (float[])c.Clone();
        int rs = transposeA ? 1 : lda, cs = transposeA ? lda : 1;
        switch (start)
        {
            case Start.Accumulate:
                Gemm.MultiplyAdd(m, n, k, a, rs, cs, b, ldb, transposeB, c, ldc, new GemmScratch());
                break;
            case Start.Zero:
                Gemm.Multiply(m, n, k, a, rs, cs, b, ldb, transposeB, c, ldc, new GemmScratch());
                break;
            default:
                Gemm.MultiplyWithBias(m, n, k, a, rs, cs, b, ldb, transposeB, bias, c, ldc, new GemmScratch());
                break;
        }
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < ldc; j++)
            {
                int idx = i * ldc + j;
                if (j >= n)
                {
                    Assert.Equal(c0[idx], c[idx]); // padding untouched
                    continue;
                }
                double first = start switch { Start.Accumulate => c0[idx], Start.Zero => 0.0, _ => bias[j] };
                double sum = first, mag = Math.Abs(first);
                for (int p = 0; p < k; p++)
                {
                    double x = a[i * rs + p * cs];
                    double y = transposeB ? b[j * ldb + p] : b[p * ldb + j];
                    sum += x * y;
                    mag += Math.Abs(x * y);
                }
                double tol = 1e-6 * (mag + 1) * Math.Sqrt(k + 1);
                if (Math.Abs(sum - c[idx]) > tol)
                {
                    Assert.Fail($"m={m} n={n} k={k} tA={transposeA} tB={transposeB} {start}: C[{i},{j}] = {c[idx]}, expected {sum}");
                }
            }
        }
    }

    [Fact]
    public void EveryRowCountFrom0To130()
    {
        for (int m = 0; m <= 130; m++)
        {
            Check(m, 7, 5, false, false);
            Check(m, 19, 3, true, true);
        }
    }

    [Fact]
    public void EveryColumnCountFrom0To130()
    {
        for (int n = 0; n <= 130; n++)
        {
            Check(5, n, 6, false, false);
            Check(6, n, 4, false, true);
            Check(3, n, 5, true, false);
        }
    }

    [Fact]
    public void EveryDepthFrom0To130()
    {
        for (int k = 0; k <= 130; k++)
        {
            Check(5, 67, k, false, false);
            Check(4, 9, k, true, true);
        }
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(32, 64, 206)]
    [InlineData(32, 190, 64)]
    [InlineData(32, 64, 190)]
    [InlineData(206, 64, 32)]
    [InlineData(33, 65, 129)]
    [InlineData(31, 127, 257)]
    [InlineData(7, 1, 300)]
    [InlineData(17, 129, 131)]
    [InlineData(64, 64, 256)]
    public void OddAndModelShapes(int m, int n, int k)
    {
        Check(m, n, k, false, false);
        Check(m, n, k, true, false);
        Check(m, n, k, false, true);
        Check(m, n, k, true, true);
    }

    [Fact]
    public void SingleColumnEveryRowCountAndDepthFrom0To130()
    {
        // n = 1 takes the column kernel: dot products (rows of A contiguous), axpys (columns of A
        // contiguous, C a contiguous column) or the scalar loop (C strided).
        for (int i = 0; i <= 130; i++)
        {
            Check(i, 1, 64, false, false);
            Check(i, 1, 32, true, false, pad: 0);
            Check(i, 1, 17, true, true);
            Check(32, 1, i, false, false);
            Check(64, 1, i, true, false, pad: 0);
            Check(7, 1, i, false, true);
        }
    }

    [Fact]
    public void TransposedPanelsEveryWidthAndDepthAroundTheEightByEightBlocks()
    {
        // W^T panels are packed in 8 x 8 register transposes plus a scalar rim: widths and depths
        // around multiples of 8, and the model's dX = dZ W^T shapes.
        for (int n = 1; n <= 40; n++)
        {
            for (int k = 1; k <= 40; k += 3)
            {
                Check(5, n, k, false, true, Start.Zero, 2);
            }
        }
        Check(32, 64, 190, false, true, Start.Zero, 0);
        Check(32, 190, 64, false, true, Start.Zero, 2302);
    }

    [Fact]
    public void TooShortSpansAreRejected()
    {
        var s = new GemmScratch();
        Assert.Throws<ArgumentException>(() => Gemm.MultiplyAdd(2, 2, 2, new float[3], 2, 1, new float[4], 2, false, new float[4], 2, s));
        Assert.Throws<ArgumentException>(() => Gemm.MultiplyAdd(2, 2, 2, new float[4], 2, 1, new float[4], 2, false, new float[3], 2, s));
    }
}
