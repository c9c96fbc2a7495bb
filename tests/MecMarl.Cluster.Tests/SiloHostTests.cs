namespace MecMarl.Cluster.Tests;

public sealed class SiloHostTests
{
    [Fact]
    public void JitMode_ReadsTheTieredCompilationSetting()
    {
        string? saved = Environment.GetEnvironmentVariable("DOTNET_TieredCompilation");
        try
        {
            Environment.SetEnvironmentVariable("DOTNET_TieredCompilation", "0");
            Assert.Equal("full", SiloHost.JitMode());
            Environment.SetEnvironmentVariable("DOTNET_TieredCompilation", "1");
            Assert.Equal("tiered", SiloHost.JitMode());
        }
        finally
        {
            Environment.SetEnvironmentVariable("DOTNET_TieredCompilation", saved);
        }
    }
}
