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
        Assert.Equal(8, files.Count);
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
}
