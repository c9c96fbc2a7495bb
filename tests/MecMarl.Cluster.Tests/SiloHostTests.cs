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

    [Fact]
    public void WarmUp_RunsEveryKindOfWorkItem_AndLeavesNothingBehind()
    {
        string parent = Directory.CreateTempSubdirectory("mecmarl-warm-up-test-").FullName;
        try
        {
            (TimeSpan wall, IReadOnlyList<string> ran) = SiloWarmUp.Run(parent);
            Assert.Equal(["ma-drl", "f-drl", "il-drl", "warm-ppo", "heuristic"], ran);
            Assert.True(wall > TimeSpan.Zero);
            Assert.Empty(Directory.EnumerateFileSystemEntries(parent));
            using var cancelled = new CancellationTokenSource();
            cancelled.Cancel();
            Assert.ThrowsAny<OperationCanceledException>(() => SiloWarmUp.Run(parent, cancelled.Token));
            Assert.Empty(Directory.EnumerateFileSystemEntries(parent));
        }
        finally
        {
            Directory.Delete(parent, recursive: true);
        }
    }
}
