using MecMarl.Reports;

namespace MecMarl.Experiments.Tests;

public sealed class FiguresTests
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void WriteAll_WritesFourPngsWithTheirData(int seeds)
    {
        string dir = Directory.CreateTempSubdirectory().FullName;
        var files = Figures.WriteAll(ReportTests.Synthetic(seeds), dir);
        Assert.Equal(12, files.Count);
        foreach (string f in files.Where(f => f.EndsWith(".svg", StringComparison.Ordinal)))
        {
            string svg = File.ReadAllText(f);
            Assert.Contains("<svg", svg);
            Assert.DoesNotContain("Fig. ", svg);
        }
        foreach (string f in files.Where(f => f.EndsWith(".png", StringComparison.Ordinal)))
        {
            byte[] bytes = File.ReadAllBytes(f);
            Assert.True(bytes.Length > 5_000, $"{f} is suspiciously small");
            Assert.Equal(PngSignature, bytes[..8]);
        }
        // Fig. 7's data: one row per scheme, five schemes.
        string[] fig7 = File.ReadAllLines(Path.Combine(dir, "fig7_latency.csv"));
        Assert.Equal(6, fig7.Length);
        Assert.StartsWith("ma-drl,", fig7[1]);
        Assert.Empty(Directory.GetFiles(dir, "*.tmp"));
    }

    [Fact]
    public void Fig8_PlotsEverySchemeAgainstItsTrainingBytes_WithTheZeroByteSchemesInTheirOwnColumn()
    {
        Report synthetic = ReportTests.Synthetic(seeds: 3);
        ExperimentConfig paper = ExperimentConfig.Paper;
        var report = new Report(synthetic.Episodes, synthetic.Evaluations, SignallingAccounting.For(synthetic.Schemes, paper), paper.Signalling);
        string dir = Directory.CreateTempSubdirectory().FullName;
        var files = Figures.WriteAll(report, dir);
        Assert.Equal(15, files.Count);
        Assert.Equal(PngSignature, File.ReadAllBytes(Path.Combine(dir, "fig8_overhead.png"))[..8]);
        Assert.Contains("<svg", File.ReadAllText(Path.Combine(dir, "fig8_overhead.svg")));
        string[] csv = File.ReadAllLines(Path.Combine(dir, "fig8_overhead.csv"));
        Assert.Equal("scheme,trainingBytesPerSlot,latencyMetPct_mean,latencyMetPct_ci95,totalEnergyJ_mean,totalEnergyJ_ci95,n", csv[0]);
        Assert.Equal(1 + report.Schemes.Count, csv.Length);
        Assert.StartsWith("f-drl,19611.264,", csv[2]);
        Assert.StartsWith("il-drl,0,", csv[3]);
        // Smallest non-zero value 19.6 kB (decade 10^4): the "0" column sits at 10^3; MA-DRL's 57.7 kB tops the axis at 10^5.
        Assert.Equal((3.0, 5.0), Figures.Fig8Axis([0, 19_611.264, 57_665.28]));
        Assert.Equal((2.0, 3.0), Figures.Fig8Axis([0, 0]));
        // Without signalling counts there is no Fig. 8.
        Assert.Empty(Figures.Fig8(synthetic, dir));
    }

    [Fact]
    public void Fig4_LeavesOutAFixedSchemeFarBelow_AndSaysSoInTheCaption()
    {
        // Synthetic mean curves over seeds 1-2: -1000 + 100 s + 30 e + 15, from -985 to 85 (range 1070);
        // local computing at -4900 lies below -985 - 1070 = -2055; full offloading at 2500 stays.
        Report report = ReportTests.Synthetic(seeds: 2);
        var omitted = FigureCaptions.Fig4Omitted(report);
        Assert.Equal("local", Assert.Single(omitted).Scheme);
        Assert.Contains("Left out, far below the learned curves: Local computing (-4900.0)", FigureCaptions.Captions(report)[0]);
        Assert.Empty(FigureCaptions.Fig4Omitted(report, new FigureOptions { OmitFarFixedInFig4 = false }));
        Assert.DoesNotContain("Left out", FigureCaptions.Captions(report, new FigureOptions { OmitFarFixedInFig4 = false })[0]);
    }

    [Fact]
    public void MovingAverage_IsTrailing()
    {
        // Window 3 over 1, 2, 6, 3: 1, (1+2)/2, (1+2+6)/3, (2+6+3)/3.
        Assert.Equal([1, 1.5, 3, 11.0 / 3], Figures.MovingAverage([1, 2, 6, 3], 3));
        Assert.Equal([1, 2, 6, 3], Figures.MovingAverage([1, 2, 6, 3], 1));
    }

    [Fact]
    public void Fig6_TinyParts_AreDrawn_AndTheirValuesKeptInTheCsv()
    {
        // A learned scheme whose local energy is 1e-8 J beside 0.05 J offloaded (below 0.1% of its total).
        Report r = ReportTests.Synthetic(seeds: 1);
        var evals = r.Evaluations.Select(e => e.Scheme == "ma-drl" ? e with { LocalEnergyJ = 1e-8, EdgeEnergyJ = 0.05 } : e).ToList();
        string dir = Directory.CreateTempSubdirectory().FullName;
        var files = Figures.Fig6(new Report(r.Episodes, evals), dir);
        Assert.Equal(3, files.Count);
        Assert.Contains("ma-drl,local,1E-08,0,1", File.ReadAllLines(Path.Combine(dir, "fig6_energy.csv")));
        Assert.Contains("0.1% of total", File.ReadAllText(Path.Combine(dir, "fig6_energy.svg")));
    }
}
