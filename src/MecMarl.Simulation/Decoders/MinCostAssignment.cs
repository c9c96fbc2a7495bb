namespace MecMarl.Simulation;

/// <summary>
/// Minimum-cost assignment of rows to columns (the Hungarian method with potentials, O(r^2 c)):
/// every row is matched to a distinct column when rows &lt;= columns, otherwise every column to a
/// distinct row and the other rows stay unmatched. Used to match a cell's UEs to channels.
/// Allocation-free after construction.
/// </summary>
public sealed class MinCostAssignment
{
    private readonly int _capacity;
    private readonly double[] _u;
    private readonly double[] _v;
    private readonly double[] _minV;
    private readonly int[] _p;
    private readonly int[] _way;
    private readonly bool[] _used;

    /// <summary>Creates a solver for matrices with at most <paramref name="maxDimension"/> rows and columns.</summary>
    public MinCostAssignment(int maxDimension)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxDimension);
        _capacity = maxDimension;
        _u = new double[maxDimension + 1];
        _v = new double[maxDimension + 1];
        _minV = new double[maxDimension + 1];
        _p = new int[maxDimension + 1];
        _way = new int[maxDimension + 1];
        _used = new bool[maxDimension + 1];
    }

    /// <summary>
    /// Solves the assignment of the row-major <paramref name="rows"/> x <paramref name="columns"/>
    /// matrix <paramref name="cost"/> (finite values): <paramref name="rowToColumn"/>[i] receives the
    /// column of row i, or -1 when rows outnumber columns and row i is left out. Returns the total cost.
    /// </summary>
    public double Solve(ReadOnlySpan<double> cost, int rows, int columns, Span<int> rowToColumn)
    {
        if (rows < 0 || columns < 0 || rows > _capacity || columns > _capacity)
        {
            throw new ArgumentOutOfRangeException(nameof(rows), $"{rows} x {columns} exceeds the capacity {_capacity}");
        }
        if (cost.Length < rows * columns || rowToColumn.Length < rows)
        {
            throw new ArgumentException("cost or rowToColumn is too short", nameof(cost));
        }
        rowToColumn[..rows].Fill(-1);
        if (rows == 0 || columns == 0)
        {
            return 0;
        }
        bool transposed = rows > columns;
        int n = transposed ? columns : rows, m = transposed ? rows : columns;
        Array.Clear(_u, 0, n + 1);
        Array.Clear(_v, 0, m + 1);
        Array.Clear(_p, 0, m + 1);
        for (int i = 1; i <= n; i++)
        {
            _p[0] = i;
            int j0 = 0;
            Array.Fill(_minV, double.PositiveInfinity, 0, m + 1);
            Array.Clear(_used, 0, m + 1);
            do
            {
                _used[j0] = true;
                int i0 = _p[j0], j1 = 0;
                double delta = double.PositiveInfinity;
                for (int j = 1; j <= m; j++)
                {
                    if (_used[j])
                    {
                        continue;
                    }
                    double c = transposed ? cost[(j - 1) * columns + (i0 - 1)] : cost[(i0 - 1) * columns + (j - 1)];
                    double cur = c - _u[i0] - _v[j];
                    if (cur < _minV[j])
                    {
                        _minV[j] = cur;
                        _way[j] = j0;
                    }
                    if (_minV[j] < delta)
                    {
                        delta = _minV[j];
                        j1 = j;
                    }
                }
                for (int j = 0; j <= m; j++)
                {
                    if (_used[j])
                    {
                        _u[_p[j]] += delta;
                        _v[j] -= delta;
                    }
                    else
                    {
                        _minV[j] -= delta;
                    }
                }
                j0 = j1;
            }
            while (_p[j0] != 0);
            do
            {
                int j1 = _way[j0];
                _p[j0] = _p[j1];
                j0 = j1;
            }
            while (j0 != 0);
        }
        double total = 0;
        for (int j = 1; j <= m; j++)
        {
            if (_p[j] == 0)
            {
                continue;
            }
            int row = transposed ? j - 1 : _p[j] - 1, column = transposed ? _p[j] - 1 : j - 1;
            rowToColumn[row] = column;
            total += cost[row * columns + column];
        }
        return total;
    }
}
