namespace MecMarl.Simulation.Tests;

/// <summary>
/// Extreme values that used to be accepted and then crashed a run or produced non-finite results
/// (issue 11, items 5-7) are refused at load time with the JSON path, the range and the value as written.
/// </summary>
public sealed class ConfigRangeTests
{
    [Theory]
    [InlineData("channel", "pathLossAt1KmDb", "1e308", "1E+308")]
    [InlineData("channel", "pathLossAt1KmDb", "-1e308", "-1E+308")]
    [InlineData("channel", "pathLossSlopeDb", "1e308", "1E+308")]
    [InlineData("channel", "shadowingDb", "1e308", "1E+308")]
    [InlineData("channel", "maxPowerDbm", "1000", "1000")]
    [InlineData("environment", "gainDbOffset", "1e308", "1E+308")]
    [InlineData("environment", "gainDbScale", "1e-308", "1E-308")]
    [InlineData("reward", "beta", "1e308", "1E+308")]
    [InlineData("reward", "beta", "-1e308", "-1E+308")]
    [InlineData("network", "ueJoulesPerGcycle", "1e300", "1E+300")]
    [InlineData("network", "mecJoulesPerGcycle", "1e300", "1E+300")]
    [InlineData("network", "cellRadiusM", "1e300", "1E+300")]
    [InlineData("network", "ueCpuGhz", "5e-324", "5E-324")]
    [InlineData("tasks", "bitsPerKb", "1e300", "1E+300")]
    [InlineData("tasks", "cyclesPerBitMax", "1e300", "1E+300")]
    [InlineData("tasks", "deadlineFactor", "1e300", "1E+300")]
    public void ExtremeValue_IsRefusedWithItsPathAndTheValueAsWritten(string section, string field, string json, string shown)
    {
        var e = Assert.Throws<ConfigException>(() => SimulationConfig.Parse($$"""{ "{{section}}": { "{{field}}": {{json}} } }""", "x.json"));
        Assert.Equal($"{section}.{field}", e.JsonPath);
        Assert.Contains("must be between", e.Problem);
        Assert.Contains($"found {shown}", e.Problem);
    }

    [Fact]
    public void ThePaperPreset_IsInsideEveryRange()
    {
        SimulationConfig.Paper.Validate("paper");
    }
}
