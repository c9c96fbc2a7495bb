using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MecMarl.Nn;

/// <summary>
/// sums[j] = 0 + m[0, j] + m[1, j] + ... + m[rows - 1, j] for a row-major [rows, width] matrix
/// (a bias gradient: column sums of dZ over the batch), summed row by row in that order, so the
/// result equals clearing sums and adding the rows one at a time with
/// TensorPrimitives.Add, in one pass that keeps the partial sums in registers. An
/// <see cref="IElementwiseKernel"/> over the columns, run by <see cref="ElementwiseLoop"/>; every
/// column is summed in the same order whatever width covers it.
/// </summary>
internal readonly unsafe struct ColumnSumKernel : IElementwiseKernel
{
    private readonly float* _matrix;
    private readonly float* _sums;
    private readonly int _rows;
    private readonly int _width;

    private ColumnSumKernel(float* matrix, float* sums, int rows, int width)
    {
        _matrix = matrix;
        _sums = sums;
        _rows = rows;
        _width = width;
    }

    /// <summary>Writes the column sums of <paramref name="matrix"/> ([rows, sums.Length], row-major) into <paramref name="sums"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Apply(ReadOnlySpan<float> matrix, int rows, Span<float> sums, VectorWidth width = VectorWidth.Widest)
    {
        if (rows < 0 || matrix.Length < (long)rows * sums.Length)
        {
            throw new ArgumentException("Matrix shorter than rows x width.");
        }
        fixed (float* pm = matrix, ps = sums)
        {
            ElementwiseLoop.Run(new ColumnSumKernel(pm, ps, rows, sums.Length), sums.Length, width);
        }
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Step512(int i)
    {
        Vector512<float> acc = Vector512<float>.Zero;
        float* row = _matrix + i;
        for (int b = 0; b < _rows; b++, row += _width)
        {
            acc += Vector512.Load(row);
        }
        acc.Store(_sums + i);
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Step256(int i)
    {
        Vector256<float> acc = Vector256<float>.Zero;
        float* row = _matrix + i;
        for (int b = 0; b < _rows; b++, row += _width)
        {
            acc += Vector256.Load(row);
        }
        acc.Store(_sums + i);
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Step(int i)
    {
        float acc = 0f;
        float* row = _matrix + i;
        for (int b = 0; b < _rows; b++, row += _width)
        {
            acc += *row;
        }
        _sums[i] = acc;
    }
}
