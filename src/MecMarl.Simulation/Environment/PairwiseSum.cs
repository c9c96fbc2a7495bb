namespace MecMarl.Simulation;

/// <summary>
/// Pairwise summation in the exact order of NumPy's <c>np.sum</c> over a contiguous float64 array
/// (eight interleaved partial sums per block of up to 128 values, combined as
/// ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)), then the tail; longer arrays split recursively). The
/// decoder's share normalisation uses it so that decoded shares match the independent
/// implementation bit for bit; it is also more accurate than a running sum.
/// </summary>
public static class PairwiseSum
{
    private const int BlockSize = 128;

    /// <summary>The sum of <paramref name="values"/>.</summary>
    public static double Sum(ReadOnlySpan<double> values)
    {
        int n = values.Length;
        if (n < 8)
        {
            double res = 0.0;
            for (int i = 0; i < n; i++)
            {
                res += values[i];
            }
            return res;
        }
        if (n <= BlockSize)
        {
            double r0 = values[0], r1 = values[1], r2 = values[2], r3 = values[3];
            double r4 = values[4], r5 = values[5], r6 = values[6], r7 = values[7];
            int i;
            for (i = 8; i < n - (n % 8); i += 8)
            {
                r0 += values[i];
                r1 += values[i + 1];
                r2 += values[i + 2];
                r3 += values[i + 3];
                r4 += values[i + 4];
                r5 += values[i + 5];
                r6 += values[i + 6];
                r7 += values[i + 7];
            }
            double res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < n; i++)
            {
                res += values[i];
            }
            return res;
        }
        int half = n / 2;
        half -= half % 8;
        return Sum(values[..half]) + Sum(values[half..]);
    }
}
