using MecMarl.Experiments;

namespace MecMarl.Experiments.Tests;

public sealed class StatisticsTests
{
    [Fact]
    public void Median_OfOddAndEvenCounts()
    {
        Assert.Equal(3.0, Statistics.Median([5.0, 1.0, 3.0]));
        Assert.Equal(2.5, Statistics.Median([4.0, 1.0, 2.0, 3.0]));
        Assert.Equal(7.0, Statistics.Median([7.0]));
        Assert.Throws<ArgumentException>(() => Statistics.Median([]));
    }

    [Fact]
    public void ThreeValues_GiveTheStudentTInterval()
    {
        // Given 1, 2, 3: mean 2, sample sd 1, standard error 1/sqrt(3) = 0.57735;
        // t(0.975, 2) = 4.302653, so the half-width is 2.484138.
        var m = Statistics.Summarize([1.0, 2.0, 3.0]);
        Assert.Equal(2.0, m.Mean, 12);
        Assert.Equal(2.484138, m.Ci95, 5);
        Assert.Equal(3, m.Count);
    }

    [Fact]
    public void OneValue_HasNoInterval()
    {
        var m = Statistics.Summarize([4.5]);
        Assert.Equal(4.5, m.Mean);
        Assert.Equal(0.0, m.Ci95);
    }

    [Fact]
    public void EmptySample_IsAnError() => Assert.Throws<ArgumentException>(() => Statistics.Summarize([]));

    [Theory]
    [InlineData(1, 12.706)]
    [InlineData(10, 2.228)]
    [InlineData(30, 2.042)]
    [InlineData(60, 2.000)]   // tables: t(0.975, 60) = 2.0003
    [InlineData(120, 1.980)]  // tables: t(0.975, 120) = 1.9799
    public void StudentQuantiles_MatchTables(int df, double expected) =>
        Assert.Equal(expected, Statistics.StudentT975(df), 3);
}
