namespace MecMarl.Experiments;

/// <summary>Summary statistics over independent repetitions (training seeds).</summary>
public static class Statistics
{
    // Two-sided 95% Student t quantiles t_{0.975, df} for df = 1..30.
    private static readonly double[] T975 =
    [
        12.706204736, 4.302652730, 3.182446305, 2.776445105, 2.570581836,
        2.446911851, 2.364624252, 2.306004135, 2.262157163, 2.228138852,
        2.200985160, 2.178812830, 2.160368656, 2.144786688, 2.131449546,
        2.119905299, 2.109815578, 2.100922040, 2.093024054, 2.085963447,
        2.079613845, 2.073873068, 2.068657610, 2.063898562, 2.059538553,
        2.055529439, 2.051830516, 2.048407142, 2.045229642, 2.042272456,
    ];

    /// <summary>Two-sided 95% quantile of Student's t with <paramref name="df"/> degrees of freedom
    /// (table for df &lt;= 30, then a Cornish-Fisher expansion around the normal 1.959964).</summary>
    public static double StudentT975(int df)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(df);
        if (df <= T975.Length)
        {
            return T975[df - 1];
        }
        const double z = 1.959963985;
        double z3 = z * z * z, z5 = z3 * z * z;
        return z + (z3 + z) / (4.0 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96.0 * df * df);
    }

    /// <summary>Mean and 95% interval half-width of <paramref name="values"/> (must not be empty).</summary>
    public static MeanCi Summarize(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            throw new ArgumentException("Cannot summarize an empty sample.", nameof(values));
        }
        double mean = values.Average();
        if (values.Count == 1)
        {
            return new MeanCi(mean, 0, 1);
        }
        double ss = 0;
        foreach (double v in values)
        {
            ss += (v - mean) * (v - mean);
        }
        double sd = Math.Sqrt(ss / (values.Count - 1));
        return new MeanCi(mean, StudentT975(values.Count - 1) * sd / Math.Sqrt(values.Count), values.Count);
    }

    /// <summary>Median of <paramref name="values"/> (mean of the two middle values for an even count; must not be empty).</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            throw new ArgumentException("Cannot take the median of an empty sample.", nameof(values));
        }
        double[] sorted = [.. values.Order()];
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid]);
    }
}
