using System.Numerics.Tensors;

namespace MecMarl.Nn;

/// <summary>
/// The one-column product of <see cref="Gemm"/> (n = 1: a layer with one output, such as the
/// critic's value head, and its weight gradient), where a register tile 64 columns wide would
/// compute 63 wasted columns. When the rows of A and the column of B are contiguous, each C(i) is a
/// dot product (<c>TensorPrimitives.Dot</c>); when the columns of A and C are contiguous, C is
/// built by one fused axpy per depth p; otherwise a scalar loop. The order of every sum depends
/// only on the shapes and strides.
/// </summary>
internal static unsafe class GemmColumnKernel
{
    /// <summary>
    /// C(i) = S(i) + sum over p &lt; k of A(i, p) B(p) for i &lt; m, where S is the old C, zero or
    /// bias[0] (<paramref name="start"/>); A(i, p) = a[i * rsA + p * csA], B(p) = b[p * bStride],
    /// C(i) = c[i * ldc].
    /// </summary>
    public static void Run(Gemm.Start start, float* bias, int m, int k, float* a, nint rsA, nint csA, float* b, nint bStride, float* c, nint ldc)
    {
        if (csA == 1 && bStride == 1)
        {
            var bRow = new ReadOnlySpan<float>(b, k);
            for (int i = 0; i < m; i++)
            {
                float s = Initial(start, bias, c + i * ldc);
                c[i * ldc] = s + TensorPrimitives.Dot(new ReadOnlySpan<float>(a + i * rsA, k), bRow);
            }
            return;
        }
        if (rsA == 1 && ldc == 1)
        {
            var cs = new Span<float>(c, m);
            if (start == Gemm.Start.Zero)
            {
                cs.Clear();
            }
            else if (start == Gemm.Start.Bias)
            {
                cs.Fill(bias[0]);
            }
            for (int p = 0; p < k; p++)
            {
                TensorPrimitives.FusedMultiplyAdd(new ReadOnlySpan<float>(a + p * csA, m), b[p * bStride], cs, cs);
            }
            return;
        }
        for (int i = 0; i < m; i++)
        {
            float s = Initial(start, bias, c + i * ldc);
            float* ai = a + i * rsA;
            for (int p = 0; p < k; p++)
            {
                s = MathF.FusedMultiplyAdd(ai[p * csA], b[p * bStride], s);
            }
            c[i * ldc] = s;
        }
    }

    private static float Initial(Gemm.Start start, float* bias, float* c) => start switch
    {
        Gemm.Start.Accumulate => *c,
        Gemm.Start.Zero => 0f,
        _ => bias[0],
    };
}
