namespace MecMarl.Nn;

/// <summary>
/// The portable register tile of <see cref="Gemm"/> for machines without 256-bit SIMD:
/// C[4, 16] += A[4, kc] * B[kc, 16] in scalar arithmetic, same addressing as the SIMD kernels.
/// </summary>
internal static unsafe class GemmMicroKernelScalar
{
    /// <summary>Rows of the tile.</summary>
    public const int Mr = 4;

    /// <summary>Columns of the tile.</summary>
    public const int Nr = 16;

    /// <summary>C[0..4, 0..16] = S[0..4, 0..16] + sum over p &lt; kc of A[r, p] * B[p, 0..16]; S (rows at stride <paramref name="ldSrc"/>, 0 for one row broadcast) may be C itself.</summary>
    public static void Run(int kc, float* a, nint rsA, nint csA, float* b, nint ldb, float* src, nint ldSrc, float* c, nint ldc)
    {
        float* acc = stackalloc float[Mr * Nr];
        for (int r = 0; r < Mr; r++)
        {
            for (int j = 0; j < Nr; j++)
            {
                acc[r * Nr + j] = src[r * ldSrc + j];
            }
        }
        for (int p = 0; p < kc; p++)
        {
            float* bp = b + p * ldb;
            for (int r = 0; r < Mr; r++)
            {
                float x = a[r * rsA + p * csA];
                float* accRow = acc + r * Nr;
                for (int j = 0; j < Nr; j++)
                {
                    accRow[j] = MathF.FusedMultiplyAdd(x, bp[j], accRow[j]);
                }
            }
        }
        for (int r = 0; r < Mr; r++)
        {
            for (int j = 0; j < Nr; j++)
            {
                c[r * ldc + j] = acc[r * Nr + j];
            }
        }
    }
}
