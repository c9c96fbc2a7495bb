using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MecMarl.Nn;

/// <summary>
/// The Vector512 register tile of <see cref="Gemm"/>: C[4, 64] += A[4, kc] * B[kc, 64], all 16
/// accumulators held in zmm registers, one broadcast of A and one fused multiply-add per
/// accumulator per k. A is addressed through strides so the same kernel serves X*W (A = X) and
/// X^T*dY (A = X^T); B rows are contiguous (64 floats at stride <c>ldb</c>).
/// </summary>
internal static unsafe class GemmMicroKernel512
{
    /// <summary>Rows of the tile.</summary>
    public const int Mr = 4;

    /// <summary>Columns of the tile (four 16-float vectors).</summary>
    public const int Nr = 64;

    /// <summary>C[0..4, 0..64] = S[0..4, 0..64] + sum over p &lt; kc of A[r, p] * B[p, 0..64]; S (rows at stride <paramref name="ldSrc"/>, 0 for one row broadcast) may be C itself.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, float* a, nint rsA, nint csA, float* b, nint ldb, float* src, nint ldSrc, float* c, nint ldc)
    {
        float* s0 = src, s1 = src + ldSrc, s2 = src + 2 * ldSrc, s3 = src + 3 * ldSrc;
        Vector512<float> c00 = Vector512.Load(s0), c01 = Vector512.Load(s0 + 16), c02 = Vector512.Load(s0 + 32), c03 = Vector512.Load(s0 + 48);
        Vector512<float> c10 = Vector512.Load(s1), c11 = Vector512.Load(s1 + 16), c12 = Vector512.Load(s1 + 32), c13 = Vector512.Load(s1 + 48);
        Vector512<float> c20 = Vector512.Load(s2), c21 = Vector512.Load(s2 + 16), c22 = Vector512.Load(s2 + 32), c23 = Vector512.Load(s2 + 48);
        Vector512<float> c30 = Vector512.Load(s3), c31 = Vector512.Load(s3 + 16), c32 = Vector512.Load(s3 + 32), c33 = Vector512.Load(s3 + 48);
        float* a0 = a, a1 = a + rsA, a2 = a + 2 * rsA, a3 = a + 3 * rsA;
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> b0 = Vector512.Load(b), b1 = Vector512.Load(b + 16), b2 = Vector512.Load(b + 32), b3 = Vector512.Load(b + 48);
            Vector512<float> x = Vector512.Create(*a0);
            c00 = Vector512.FusedMultiplyAdd(x, b0, c00); c01 = Vector512.FusedMultiplyAdd(x, b1, c01);
            c02 = Vector512.FusedMultiplyAdd(x, b2, c02); c03 = Vector512.FusedMultiplyAdd(x, b3, c03);
            x = Vector512.Create(*a1);
            c10 = Vector512.FusedMultiplyAdd(x, b0, c10); c11 = Vector512.FusedMultiplyAdd(x, b1, c11);
            c12 = Vector512.FusedMultiplyAdd(x, b2, c12); c13 = Vector512.FusedMultiplyAdd(x, b3, c13);
            x = Vector512.Create(*a2);
            c20 = Vector512.FusedMultiplyAdd(x, b0, c20); c21 = Vector512.FusedMultiplyAdd(x, b1, c21);
            c22 = Vector512.FusedMultiplyAdd(x, b2, c22); c23 = Vector512.FusedMultiplyAdd(x, b3, c23);
            x = Vector512.Create(*a3);
            c30 = Vector512.FusedMultiplyAdd(x, b0, c30); c31 = Vector512.FusedMultiplyAdd(x, b1, c31);
            c32 = Vector512.FusedMultiplyAdd(x, b2, c32); c33 = Vector512.FusedMultiplyAdd(x, b3, c33);
            a0 += csA; a1 += csA; a2 += csA; a3 += csA;
            b += ldb;
        }
        float* c0 = c, c1 = c + ldc, c2 = c + 2 * ldc, c3 = c + 3 * ldc;
        c00.Store(c0); c01.Store(c0 + 16); c02.Store(c0 + 32); c03.Store(c0 + 48);
        c10.Store(c1); c11.Store(c1 + 16); c12.Store(c1 + 32); c13.Store(c1 + 48);
        c20.Store(c2); c21.Store(c2 + 16); c22.Store(c2 + 32); c23.Store(c2 + 48);
        c30.Store(c3); c31.Store(c3 + 16); c32.Store(c3 + 32); c33.Store(c3 + 48);
    }

    /// <summary>
    /// <see cref="Run"/> for a tile of only <paramref name="nc"/> &lt; 64 valid columns: B, S and C
    /// are read and written through lane masks, so B needs no zero-padded copy and C no scratch
    /// tile. Lanes at or after <paramref name="nc"/> are neither read nor written.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunMasked(int kc, float* a, nint rsA, nint csA, float* b, nint ldb, float* src, nint ldSrc, float* c, nint ldc, int nc)
    {
        Vector512<int> lane = Vector512<int>.Indices;
        Vector512<float> m0 = Vector512.LessThan(lane, Vector512.Create(nc)).AsSingle();
        Vector512<float> m1 = Vector512.LessThan(lane, Vector512.Create(nc - 16)).AsSingle();
        Vector512<float> m2 = Vector512.LessThan(lane, Vector512.Create(nc - 32)).AsSingle();
        Vector512<float> m3 = Vector512.LessThan(lane, Vector512.Create(nc - 48)).AsSingle();
        Vector512<float> z = Vector512<float>.Zero;
        float* s0 = src, s1 = src + ldSrc, s2 = src + 2 * ldSrc, s3 = src + 3 * ldSrc;
        Vector512<float> c00 = Avx512F.MaskLoad(s0, m0, z), c01 = Avx512F.MaskLoad(s0 + 16, m1, z), c02 = Avx512F.MaskLoad(s0 + 32, m2, z), c03 = Avx512F.MaskLoad(s0 + 48, m3, z);
        Vector512<float> c10 = Avx512F.MaskLoad(s1, m0, z), c11 = Avx512F.MaskLoad(s1 + 16, m1, z), c12 = Avx512F.MaskLoad(s1 + 32, m2, z), c13 = Avx512F.MaskLoad(s1 + 48, m3, z);
        Vector512<float> c20 = Avx512F.MaskLoad(s2, m0, z), c21 = Avx512F.MaskLoad(s2 + 16, m1, z), c22 = Avx512F.MaskLoad(s2 + 32, m2, z), c23 = Avx512F.MaskLoad(s2 + 48, m3, z);
        Vector512<float> c30 = Avx512F.MaskLoad(s3, m0, z), c31 = Avx512F.MaskLoad(s3 + 16, m1, z), c32 = Avx512F.MaskLoad(s3 + 32, m2, z), c33 = Avx512F.MaskLoad(s3 + 48, m3, z);
        float* a0 = a, a1 = a + rsA, a2 = a + 2 * rsA, a3 = a + 3 * rsA;
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> b0 = Avx512F.MaskLoad(b, m0, z), b1 = Avx512F.MaskLoad(b + 16, m1, z);
            Vector512<float> b2 = Avx512F.MaskLoad(b + 32, m2, z), b3 = Avx512F.MaskLoad(b + 48, m3, z);
            Vector512<float> x = Vector512.Create(*a0);
            c00 = Vector512.FusedMultiplyAdd(x, b0, c00); c01 = Vector512.FusedMultiplyAdd(x, b1, c01);
            c02 = Vector512.FusedMultiplyAdd(x, b2, c02); c03 = Vector512.FusedMultiplyAdd(x, b3, c03);
            x = Vector512.Create(*a1);
            c10 = Vector512.FusedMultiplyAdd(x, b0, c10); c11 = Vector512.FusedMultiplyAdd(x, b1, c11);
            c12 = Vector512.FusedMultiplyAdd(x, b2, c12); c13 = Vector512.FusedMultiplyAdd(x, b3, c13);
            x = Vector512.Create(*a2);
            c20 = Vector512.FusedMultiplyAdd(x, b0, c20); c21 = Vector512.FusedMultiplyAdd(x, b1, c21);
            c22 = Vector512.FusedMultiplyAdd(x, b2, c22); c23 = Vector512.FusedMultiplyAdd(x, b3, c23);
            x = Vector512.Create(*a3);
            c30 = Vector512.FusedMultiplyAdd(x, b0, c30); c31 = Vector512.FusedMultiplyAdd(x, b1, c31);
            c32 = Vector512.FusedMultiplyAdd(x, b2, c32); c33 = Vector512.FusedMultiplyAdd(x, b3, c33);
            a0 += csA; a1 += csA; a2 += csA; a3 += csA;
            b += ldb;
        }
        float* c0 = c, c1 = c + ldc, c2 = c + 2 * ldc, c3 = c + 3 * ldc;
        Avx512F.MaskStore(c0, m0, c00); Avx512F.MaskStore(c0 + 16, m1, c01); Avx512F.MaskStore(c0 + 32, m2, c02); Avx512F.MaskStore(c0 + 48, m3, c03);
        Avx512F.MaskStore(c1, m0, c10); Avx512F.MaskStore(c1 + 16, m1, c11); Avx512F.MaskStore(c1 + 32, m2, c12); Avx512F.MaskStore(c1 + 48, m3, c13);
        Avx512F.MaskStore(c2, m0, c20); Avx512F.MaskStore(c2 + 16, m1, c21); Avx512F.MaskStore(c2 + 32, m2, c22); Avx512F.MaskStore(c2 + 48, m3, c23);
        Avx512F.MaskStore(c3, m0, c30); Avx512F.MaskStore(c3 + 16, m1, c31); Avx512F.MaskStore(c3 + 32, m2, c32); Avx512F.MaskStore(c3 + 48, m3, c33);
    }
}
