using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MecMarl.Nn;

/// <summary>
/// sums[j] = 0 + m[0, j] + m[1, j] + ... + m[rows - 1, j] for a row-major [rows, width] matrix
/// (a bias gradient: column sums of dZ over the batch), summed row by row in that order, so the
/// result equals clearing sums and adding the rows one at a time with
/// TensorPrimitives.Add, in one pass that keeps the partial sums in registers.
/// </summary>
internal static class ColumnSumKernel
{
    /// <summary>Writes the column sums of <paramref name="matrix"/> ([rows, sums.Length], row-major) into <paramref name="sums"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Apply(ReadOnlySpan<float> matrix, int rows, Span<float> sums)
    {
        int width = sums.Length;
        if (rows < 0 || matrix.Length < (long)rows * width)
        {
            throw new ArgumentException("Matrix shorter than rows x width.");
        }
        int j = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; j <= width - Vector512<float>.Count; j += Vector512<float>.Count)
            {
                Vector512<float> acc = Vector512<float>.Zero;
                for (int b = 0; b < rows; b++)
                {
                    acc += Vector512.Create(matrix.Slice(b * width + j, Vector512<float>.Count));
                }
                acc.CopyTo(sums.Slice(j));
            }
        }
        if (Vector256.IsHardwareAccelerated)
        {
            for (; j <= width - Vector256<float>.Count; j += Vector256<float>.Count)
            {
                Vector256<float> acc = Vector256<float>.Zero;
                for (int b = 0; b < rows; b++)
                {
                    acc += Vector256.Create(matrix.Slice(b * width + j, Vector256<float>.Count));
                }
                acc.CopyTo(sums.Slice(j));
            }
        }
        for (; j < width; j++)
        {
            float acc = 0f;
            for (int b = 0; b < rows; b++)
            {
                acc += matrix[b * width + j];
            }
            sums[j] = acc;
        }
    }
}
