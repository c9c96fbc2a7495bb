using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MecMarl.Nn;

/// <summary>
/// Single-precision matrix multiply C += A * B for the three products of a dense layer:
/// Y = X * W (forward), dW = X^T * dY and dX = dY * W^T (backward). A is read through a row and a
/// column stride (so X^T needs no copy); B is row-major or, with <c>transposeB</c>, read as the
/// transpose of a row-major matrix (W^T). The work is blocked by <see cref="Kc"/> rows of B (a
/// B panel of Kc x Nr floats stays in L1 while every Mr-row block of A streams past it) and
/// computed by a register-tiled micro-kernel: Vector512 (4 x 64 tile) where
/// <see cref="Vector512.IsHardwareAccelerated"/>, else Vector256 (4 x 32), else scalar (4 x 16).
/// Edge tiles (fewer than Mr rows or Nr columns) go through one path: the partial operands are
/// copied into zero-padded scratch tiles, the same micro-kernel runs, and the valid part is copied
/// back. The summation order of every element depends only on the shapes, never on threads.
/// </summary>
public static unsafe class Gemm
{
    /// <summary>Rows of the register tile.</summary>
    public const int Mr = 4;

    /// <summary>Depth (rows of B) of one cache block.</summary>
    public const int Kc = 128;

    /// <summary>Largest tile width of any kernel (the scratch size).</summary>
    internal const int NrMax = 64;

    private enum Isa { Scalar, V256, V512 }

    private static readonly Isa Kernel =
        Vector512.IsHardwareAccelerated ? Isa.V512 : Vector256.IsHardwareAccelerated ? Isa.V256 : Isa.Scalar;

    /// <summary>Columns of the register tile on this machine (64, 32 or 16).</summary>
    public static int Nr { get; } =
        Kernel == Isa.V512 ? GemmMicroKernel512.Nr : Kernel == Isa.V256 ? GemmMicroKernel256.Nr : GemmMicroKernelScalar.Nr;

    /// <summary>Name of the micro-kernel in use ("Vector512", "Vector256" or "Scalar").</summary>
    public static string KernelName => Kernel switch { Isa.V512 => "Vector512", Isa.V256 => "Vector256", _ => "Scalar" };

    /// <summary>
    /// C[m, n] += A[m, k] * B[k, n]. A(i, p) = a[i * rowStrideA + p * colStrideA];
    /// B(p, j) = b[p * ldb + j], or b[j * ldb + p] when <paramref name="transposeB"/>;
    /// C(i, j) = c[i * ldc + j]. C is accumulated into: clear it (or fill it with a bias) first.
    /// </summary>
    public static void MultiplyAdd(
        int m, int n, int k,
        ReadOnlySpan<float> a, int rowStrideA, int colStrideA,
        ReadOnlySpan<float> b, int ldb, bool transposeB,
        Span<float> c, int ldc, GemmScratch scratch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        if (m == 0 || n == 0 || k == 0)
        {
            return;
        }
        long aExtent = (long)(m - 1) * rowStrideA + (long)(k - 1) * colStrideA + 1;
        long bExtent = transposeB ? (long)(n - 1) * ldb + k : (long)(k - 1) * ldb + n;
        long cExtent = (long)(m - 1) * ldc + n;
        if (rowStrideA < 0 || colStrideA < 0 || aExtent > a.Length || bExtent > b.Length || cExtent > c.Length
            || ldc < n || (transposeB ? ldb < k : ldb < n))
        {
            throw new ArgumentException($"Operand spans or strides too small for a {m}x{k} by {k}x{n} product.");
        }
        fixed (float* pa = a, pb = b, pc = c, packB = scratch.PackB, packA = scratch.PackA, tile = scratch.Tile)
        {
            Run(m, n, k, pa, rowStrideA, colStrideA, pb, ldb, transposeB, pc, ldc, packB, packA, tile);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run(
        int m, int n, int k, float* a, nint rsA, nint csA, float* b, nint ldb, bool transposeB,
        float* c, nint ldc, float* packB, float* packA, float* tile)
    {
        int nr = Nr;
        for (int k0 = 0; k0 < k; k0 += Kc)
        {
            int kc = Math.Min(Kc, k - k0);
            for (int j0 = 0; j0 < n; j0 += nr)
            {
                int nc = Math.Min(nr, n - j0);
                float* bp;
                nint ldbp;
                if (!transposeB && nc == nr)
                {
                    bp = b + k0 * ldb + j0;
                    ldbp = ldb;
                }
                else
                {
                    PackPanel(b, ldb, transposeB, k0, kc, j0, nc, nr, packB);
                    bp = packB;
                    ldbp = nr;
                }
                for (int i0 = 0; i0 < m; i0 += Mr)
                {
                    int mc = Math.Min(Mr, m - i0);
                    float* ap = a + i0 * rsA + k0 * csA;
                    nint rs = rsA, cs = csA;
                    if (mc < Mr)
                    {
                        PackRows(ap, rsA, csA, mc, kc, packA);
                        ap = packA;
                        rs = kc;
                        cs = 1;
                    }
                    float* cp = c + i0 * ldc + j0;
                    if (mc == Mr && nc == nr)
                    {
                        Tile(kc, ap, rs, cs, bp, ldbp, cp, ldc);
                    }
                    else
                    {
                        new Span<float>(tile, Mr * nr).Clear();
                        for (int r = 0; r < mc; r++)
                        {
                            new ReadOnlySpan<float>(cp + r * ldc, nc).CopyTo(new Span<float>(tile + r * nr, nc));
                        }
                        Tile(kc, ap, rs, cs, bp, ldbp, tile, nr);
                        for (int r = 0; r < mc; r++)
                        {
                            new ReadOnlySpan<float>(tile + r * nr, nc).CopyTo(new Span<float>(cp + r * ldc, nc));
                        }
                    }
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile(int kc, float* a, nint rsA, nint csA, float* b, nint ldb, float* c, nint ldc)
    {
        switch (Kernel)
        {
            case Isa.V512:
                GemmMicroKernel512.Run(kc, a, rsA, csA, b, ldb, c, ldc);
                break;
            case Isa.V256:
                GemmMicroKernel256.Run(kc, a, rsA, csA, b, ldb, c, ldc);
                break;
            default:
                GemmMicroKernelScalar.Run(kc, a, rsA, csA, b, ldb, c, ldc);
                break;
        }
    }

    /// <summary>Copies B[k0..k0+kc, j0..j0+nc] into a kc x nr panel, zero-padding columns nc..nr.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackPanel(float* b, nint ldb, bool transposeB, int k0, int kc, int j0, int nc, int nr, float* dst)
    {
        if (!transposeB)
        {
            for (int p = 0; p < kc; p++)
            {
                float* row = dst + p * nr;
                new ReadOnlySpan<float>(b + (k0 + p) * ldb + j0, nc).CopyTo(new Span<float>(row, nc));
                new Span<float>(row + nc, nr - nc).Clear();
            }
            return;
        }
        if (nc < nr)
        {
            new Span<float>(dst, kc * nr).Clear();
        }
        // B(p, j) = b[j * ldb + p]: walk each source row j contiguously, scatter into column j.
        for (int j = 0; j < nc; j++)
        {
            float* src = b + (j0 + j) * ldb + k0;
            float* col = dst + j;
            for (int p = 0; p < kc; p++)
            {
                col[p * nr] = src[p];
            }
        }
    }

    /// <summary>Copies mc (&lt; Mr) rows of A (kc columns) into a dense Mr x kc block, zero rows after mc.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackRows(float* a, nint rsA, nint csA, int mc, int kc, float* dst)
    {
        for (int r = 0; r < Mr; r++)
        {
            float* row = dst + r * kc;
            if (r >= mc)
            {
                new Span<float>(row, kc).Clear();
                continue;
            }
            float* src = a + r * rsA;
            for (int p = 0; p < kc; p++)
            {
                row[p] = src[p * csA];
            }
        }
    }
}
