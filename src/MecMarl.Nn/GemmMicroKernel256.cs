using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MecMarl.Nn;

/// <summary>
/// The Vector256 register tile of <see cref="Gemm"/>: C[4, 32] += A[4, kc] * B[kc, 32], all 16
/// accumulators held in ymm registers, one broadcast of A and one fused multiply-add per
/// accumulator per k. A is addressed through strides so the same kernel serves X*W (A = X) and
/// X^T*dY (A = X^T); B rows are contiguous (32 floats at stride <c>ldb</c>).
/// </summary>
internal static unsafe class GemmMicroKernel256
{
    /// <summary>Rows of the tile.</summary>
    public const int Mr = 4;

    /// <summary>Columns of the tile (four 8-float vectors).</summary>
    public const int Nr = 32;

    /// <summary>C[0..4, 0..32] = S[0..4, 0..32] + sum over p &lt; kc of A[r, p] * B[p, 0..32]; S (rows at stride <paramref name="ldSrc"/>, 0 for one row broadcast) may be C itself.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, float* a, nint rsA, nint csA, float* b, nint ldb, float* src, nint ldSrc, float* c, nint ldc)
    {
        float* s0 = src, s1 = src + ldSrc, s2 = src + 2 * ldSrc, s3 = src + 3 * ldSrc;
        Vector256<float> c00 = Vector256.Load(s0), c01 = Vector256.Load(s0 + 8), c02 = Vector256.Load(s0 + 16), c03 = Vector256.Load(s0 + 24);
        Vector256<float> c10 = Vector256.Load(s1), c11 = Vector256.Load(s1 + 8), c12 = Vector256.Load(s1 + 16), c13 = Vector256.Load(s1 + 24);
        Vector256<float> c20 = Vector256.Load(s2), c21 = Vector256.Load(s2 + 8), c22 = Vector256.Load(s2 + 16), c23 = Vector256.Load(s2 + 24);
        Vector256<float> c30 = Vector256.Load(s3), c31 = Vector256.Load(s3 + 8), c32 = Vector256.Load(s3 + 16), c33 = Vector256.Load(s3 + 24);
        float* a0 = a, a1 = a + rsA, a2 = a + 2 * rsA, a3 = a + 3 * rsA;
        for (int p = 0; p < kc; p++)
        {
            Vector256<float> b0 = Vector256.Load(b), b1 = Vector256.Load(b + 8), b2 = Vector256.Load(b + 16), b3 = Vector256.Load(b + 24);
            Vector256<float> x = Vector256.Create(*a0);
            c00 = Vector256.FusedMultiplyAdd(x, b0, c00); c01 = Vector256.FusedMultiplyAdd(x, b1, c01);
            c02 = Vector256.FusedMultiplyAdd(x, b2, c02); c03 = Vector256.FusedMultiplyAdd(x, b3, c03);
            x = Vector256.Create(*a1);
            c10 = Vector256.FusedMultiplyAdd(x, b0, c10); c11 = Vector256.FusedMultiplyAdd(x, b1, c11);
            c12 = Vector256.FusedMultiplyAdd(x, b2, c12); c13 = Vector256.FusedMultiplyAdd(x, b3, c13);
            x = Vector256.Create(*a2);
            c20 = Vector256.FusedMultiplyAdd(x, b0, c20); c21 = Vector256.FusedMultiplyAdd(x, b1, c21);
            c22 = Vector256.FusedMultiplyAdd(x, b2, c22); c23 = Vector256.FusedMultiplyAdd(x, b3, c23);
            x = Vector256.Create(*a3);
            c30 = Vector256.FusedMultiplyAdd(x, b0, c30); c31 = Vector256.FusedMultiplyAdd(x, b1, c31);
            c32 = Vector256.FusedMultiplyAdd(x, b2, c32); c33 = Vector256.FusedMultiplyAdd(x, b3, c33);
            a0 += csA; a1 += csA; a2 += csA; a3 += csA;
            b += ldb;
        }
        float* c0 = c, c1 = c + ldc, c2 = c + 2 * ldc, c3 = c + 3 * ldc;
        c00.Store(c0); c01.Store(c0 + 8); c02.Store(c0 + 16); c03.Store(c0 + 24);
        c10.Store(c1); c11.Store(c1 + 8); c12.Store(c1 + 16); c13.Store(c1 + 24);
        c20.Store(c2); c21.Store(c2 + 8); c22.Store(c2 + 16); c23.Store(c2 + 24);
        c30.Store(c3); c31.Store(c3 + 8); c32.Store(c3 + 16); c33.Store(c3 + 24);
    }
}
