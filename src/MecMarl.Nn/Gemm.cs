using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MecMarl.Nn;

/// <summary>
/// Single-precision matrix multiply C += A * B for the three products of a dense layer:
/// Y = X * W (forward), dW = X^T * dY and dX = dY * W^T (backward). A is read through a row and a
/// column stride (so X^T needs no copy); B is row-major or, with <c>transposeB</c>, read as the
/// transpose of a row-major matrix (W^T). The work is blocked by <see cref="Kc"/> rows of B (a
/// B panel of Kc x Nr floats stays in L1 while every Mr-row block of A streams past it) and
/// computed by a register-tiled micro-kernel: Vector512 (4 x 64 tile) where
/// <see cref="Vector512.IsHardwareAccelerated"/>, else Vector256 (4 x 32), else scalar (4 x 16).
/// With Vector512, a tile narrower than Nr reads B and reads and writes C through lane masks
/// (<see cref="GemmMicroKernel512.RunMasked"/>). Other edge tiles (fewer than Mr rows, or fewer
/// than Nr columns without Vector512) go through one path: the partial operands are copied into
/// zero-padded scratch tiles, the micro-kernel runs, and the valid part is copied back. W^T panels are packed by 8 x 8 register transposes. A product with one column (n = 1)
/// goes to <see cref="GemmColumnKernel"/>. The sums start from C (<see cref="MultiplyAdd"/>), from
/// zero (<see cref="Multiply"/>) or from a bias row (<see cref="MultiplyWithBias"/>), so no pass
/// clears or fills C first. The summation order of every element depends only on the shapes,
/// never on threads.
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
    /// C(i, j) = c[i * ldc + j]. C is accumulated into: clear it (or fill it with a bias) first,
    /// or use <see cref="Multiply"/> / <see cref="MultiplyWithBias"/>.
    /// </summary>
    public static void MultiplyAdd(
        int m, int n, int k,
        ReadOnlySpan<float> a, int rowStrideA, int colStrideA,
        ReadOnlySpan<float> b, int ldb, bool transposeB,
        Span<float> c, int ldc, GemmScratch scratch) =>
        Dispatch(Start.Accumulate, default, m, n, k, a, rowStrideA, colStrideA, b, ldb, transposeB, c, ldc, scratch);

    /// <summary>
    /// C[m, n] = A[m, k] * B[k, n], operands as in <see cref="MultiplyAdd"/>. C is overwritten
    /// without being read or cleared first (bit-identical to clearing C, then <see cref="MultiplyAdd"/>).
    /// </summary>
    public static void Multiply(
        int m, int n, int k,
        ReadOnlySpan<float> a, int rowStrideA, int colStrideA,
        ReadOnlySpan<float> b, int ldb, bool transposeB,
        Span<float> c, int ldc, GemmScratch scratch) =>
        Dispatch(Start.Zero, default, m, n, k, a, rowStrideA, colStrideA, b, ldb, transposeB, c, ldc, scratch);

    /// <summary>
    /// C[i, j] = bias[j] + (A B)[i, j] (the affine map of a dense layer), operands as in
    /// <see cref="MultiplyAdd"/>; <paramref name="bias"/> has at least n entries. C is overwritten
    /// (bit-identical to copying the bias into every row of C, then <see cref="MultiplyAdd"/>).
    /// </summary>
    public static void MultiplyWithBias(
        int m, int n, int k,
        ReadOnlySpan<float> a, int rowStrideA, int colStrideA,
        ReadOnlySpan<float> b, int ldb, bool transposeB,
        ReadOnlySpan<float> bias, Span<float> c, int ldc, GemmScratch scratch)
    {
        if (bias.Length < n)
        {
            throw new ArgumentException($"Bias shorter than the {n} columns of C.", nameof(bias));
        }
        Dispatch(Start.Bias, bias, m, n, k, a, rowStrideA, colStrideA, b, ldb, transposeB, c, ldc, scratch);
    }

    /// <summary>What the sums start from: the old C, zero, or the bias row.</summary>
    internal enum Start { Accumulate, Zero, Bias }

    private static void Dispatch(
        Start start, ReadOnlySpan<float> bias, int m, int n, int k,
        ReadOnlySpan<float> a, int rowStrideA, int colStrideA,
        ReadOnlySpan<float> b, int ldb, bool transposeB,
        Span<float> c, int ldc, GemmScratch scratch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentNullException.ThrowIfNull(scratch);
        if (m == 0 || n == 0)
        {
            return;
        }
        long cExtent = (long)(m - 1) * ldc + n;
        if (cExtent > c.Length || ldc < n)
        {
            throw new ArgumentException($"Operand spans or strides too small for a {m}x{k} by {k}x{n} product.");
        }
        if (k == 0)
        {
            // An empty sum: C keeps its value, or becomes zero or the bias.
            for (int i = 0; i < m && start != Start.Accumulate; i++)
            {
                Span<float> row = c.Slice(i * ldc, n);
                if (start == Start.Zero)
                {
                    row.Clear();
                }
                else
                {
                    bias[..n].CopyTo(row);
                }
            }
            return;
        }
        long aExtent = (long)(m - 1) * rowStrideA + (long)(k - 1) * colStrideA + 1;
        long bExtent = transposeB ? (long)(n - 1) * ldb + k : (long)(k - 1) * ldb + n;
        if (rowStrideA < 0 || colStrideA < 0 || aExtent > a.Length || bExtent > b.Length
            || (transposeB ? ldb < k : ldb < n))
        {
            throw new ArgumentException($"Operand spans or strides too small for a {m}x{k} by {k}x{n} product.");
        }
        fixed (float* pa = a, pb = b, pc = c, pbias = bias, packB = scratch.PackB, packA = scratch.PackA, tile = scratch.Tile, zeros = scratch.Zeros)
        {
            if (n == 1)
            {
                GemmColumnKernel.Run(start, pbias, m, k, pa, rowStrideA, colStrideA, pb, transposeB ? 1 : ldb, pc, ldc);
                return;
            }
            Run(start, pbias, zeros, m, n, k, pa, rowStrideA, colStrideA, pb, ldb, transposeB, pc, ldc, packB, packA, tile);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run(
        Start start, float* bias, float* zeros, int m, int n, int k, float* a, nint rsA, nint csA, float* b, nint ldb, bool transposeB,
        float* c, nint ldc, float* packB, float* packA, float* tile)
    {
        int nr = Nr;
        for (int k0 = 0; k0 < k; k0 += Kc)
        {
            int kc = Math.Min(Kc, k - k0);
            Start from = k0 == 0 ? start : Start.Accumulate;
            for (int j0 = 0; j0 < n; j0 += nr)
            {
                int nc = Math.Min(nr, n - j0);
                float* bp;
                nint ldbp;
                // Vector512 reads a narrow unpacked panel through lane masks instead of a padded copy.
                bool masked = Kernel == Isa.V512 && nc < nr;
                if (!transposeB && (nc == nr || masked))
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
                    if (mc == Mr && masked)
                    {
                        float* src = from switch { Start.Accumulate => cp, Start.Zero => zeros, _ => bias + j0 };
                        GemmMicroKernel512.RunMasked(kc, ap, rs, cs, bp, ldbp, src, from == Start.Accumulate ? ldc : 0, cp, ldc, nc);
                    }
                    else if (mc == Mr && nc == nr)
                    {
                        switch (from)
                        {
                            case Start.Accumulate:
                                Tile(kc, ap, rs, cs, bp, ldbp, cp, ldc, cp, ldc);
                                break;
                            case Start.Zero:
                                Tile(kc, ap, rs, cs, bp, ldbp, zeros, 0, cp, ldc);
                                break;
                            default:
                                Tile(kc, ap, rs, cs, bp, ldbp, bias + j0, 0, cp, ldc);
                                break;
                        }
                    }
                    else
                    {
                        new Span<float>(tile, Mr * nr).Clear();
                        for (int r = 0; r < mc; r++)
                        {
                            if (from == Start.Accumulate)
                            {
                                new ReadOnlySpan<float>(cp + r * ldc, nc).CopyTo(new Span<float>(tile + r * nr, nc));
                            }
                            else if (from == Start.Bias)
                            {
                                new ReadOnlySpan<float>(bias + j0, nc).CopyTo(new Span<float>(tile + r * nr, nc));
                            }
                        }
                        if (masked)
                        {
                            GemmMicroKernel512.RunMasked(kc, ap, rs, cs, bp, ldbp, tile, nr, tile, nr, nc);
                        }
                        else
                        {
                            Tile(kc, ap, rs, cs, bp, ldbp, tile, nr, tile, nr);
                        }
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
    private static void Tile(int kc, float* a, nint rsA, nint csA, float* b, nint ldb, float* src, nint ldSrc, float* c, nint ldc)
    {
        switch (Kernel)
        {
            case Isa.V512:
                GemmMicroKernel512.Run(kc, a, rsA, csA, b, ldb, src, ldSrc, c, ldc);
                break;
            case Isa.V256:
                GemmMicroKernel256.Run(kc, a, rsA, csA, b, ldb, src, ldSrc, c, ldc);
                break;
            default:
                GemmMicroKernelScalar.Run(kc, a, rsA, csA, b, ldb, src, ldSrc, c, ldc);
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
        // B(p, j) = b[j * ldb + p]: 8 x 8 blocks are transposed in registers; the remaining columns
        // j (nc not a multiple of 8) and depths p (kc not a multiple of 8) are copied one by one.
        int j8 = 0, p8 = 0;
        if (Avx.IsSupported)
        {
            j8 = nc & ~7;
            p8 = kc & ~7;
            for (int j = 0; j < j8; j += 8)
            {
                float* src = b + (j0 + j) * ldb + k0;
                for (int p = 0; p < p8; p += 8)
                {
                    Transpose8x8(src + p, ldb, dst + p * nr + j, nr);
                }
            }
        }
        for (int j = 0; j < nc; j++)
        {
            float* src = b + (j0 + j) * ldb + k0;
            float* col = dst + j;
            for (int p = j < j8 ? p8 : 0; p < kc; p++)
            {
                col[p * nr] = src[p];
            }
        }
    }

    /// <summary>dst[q * ldd + r] = src[r * lds + q] for r, q &lt; 8 (unpack, shuffle, lane permute).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(float* src, nint lds, float* dst, nint ldd)
    {
        Vector256<float> r0 = Avx.LoadVector256(src), r1 = Avx.LoadVector256(src + lds);
        Vector256<float> r2 = Avx.LoadVector256(src + 2 * lds), r3 = Avx.LoadVector256(src + 3 * lds);
        Vector256<float> r4 = Avx.LoadVector256(src + 4 * lds), r5 = Avx.LoadVector256(src + 5 * lds);
        Vector256<float> r6 = Avx.LoadVector256(src + 6 * lds), r7 = Avx.LoadVector256(src + 7 * lds);
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
        Vector256<float> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5);
        Vector256<float> t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
        Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44), u1 = Avx.Shuffle(t0, t2, 0xEE);
        Vector256<float> u2 = Avx.Shuffle(t1, t3, 0x44), u3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44), u5 = Avx.Shuffle(t4, t6, 0xEE);
        Vector256<float> u6 = Avx.Shuffle(t5, t7, 0x44), u7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Store(dst, Avx.Permute2x128(u0, u4, 0x20));
        Avx.Store(dst + ldd, Avx.Permute2x128(u1, u5, 0x20));
        Avx.Store(dst + 2 * ldd, Avx.Permute2x128(u2, u6, 0x20));
        Avx.Store(dst + 3 * ldd, Avx.Permute2x128(u3, u7, 0x20));
        Avx.Store(dst + 4 * ldd, Avx.Permute2x128(u0, u4, 0x31));
        Avx.Store(dst + 5 * ldd, Avx.Permute2x128(u1, u5, 0x31));
        Avx.Store(dst + 6 * ldd, Avx.Permute2x128(u2, u6, 0x31));
        Avx.Store(dst + 7 * ldd, Avx.Permute2x128(u3, u7, 0x31));
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
