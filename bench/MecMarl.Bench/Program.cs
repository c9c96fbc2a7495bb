using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

namespace MecMarl.Bench;

/// <summary>
/// Entry point of the BenchmarkDotNet suite: <c>dotnet run -c Release --project bench/MecMarl.Bench -- --filter '*'</c>
/// (from the repository root) runs every benchmark; BenchmarkDotNet's own options (<c>--list flat</c>,
/// <c>--job short</c>, ...) apply.
/// </summary>
public static class Program
{
    /// <summary>
    /// How long BenchmarkDotNet may take to build its benchmark process, which rebuilds every MecMarl
    /// project with the analyzers: minutes on a busy two-core machine, where its default of two
    /// minutes does not suffice.
    /// </summary>
    public static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(10);

    /// <summary>Runs the benchmarks that the command line selects (BenchmarkDotNet's switcher); returns 0, or 1 when a benchmark failed.</summary>
    public static int Main(string[] args)
    {
        IConfig config = ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(BuildTimeout);
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}
