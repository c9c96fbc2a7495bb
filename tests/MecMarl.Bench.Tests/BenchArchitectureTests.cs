using System.Reflection;

namespace MecMarl.Bench.Tests;

/// <summary>
/// The BenchmarkDotNet suite's place in the layering (docs/architecture.md): it sits on the timing
/// code of MecMarl.Bench.Core and the libraries, and is the only project that uses BenchmarkDotNet.
/// The other projects are pinned by tests/MecMarl.Cli.Tests/ArchitectureTests.cs.
/// </summary>
public sealed class BenchArchitectureTests
{
    private static readonly string[] Allowed =
    [
        "MecMarl.Bench.Core", "MecMarl.Experiments", "MecMarl.Simulation", "MecMarl.Learning", "MecMarl.Nn",
        "MecMarl.Randomness", "BenchmarkDotNet", "BenchmarkDotNet.Annotations",
    ];

    [Fact]
    public void The_suite_references_only_the_timing_code_the_libraries_and_BenchmarkDotNet()
    {
        string[] watched = [.. typeof(Program).Assembly.GetReferencedAssemblies().Select(r => r.Name!)
            .Where(n => n.StartsWith("MecMarl.", StringComparison.Ordinal) || n == "mecmarl" || n.StartsWith("BenchmarkDotNet", StringComparison.Ordinal)
                || n.StartsWith("ScottPlot", StringComparison.Ordinal) || n.StartsWith("Spectre", StringComparison.Ordinal) || n.Contains("Orleans", StringComparison.Ordinal))];
        string[] extra = [.. watched.Where(n => !Allowed.Contains(n))];
        Assert.True(extra.Length == 0, $"MecMarl.Bench references {string.Join(", ", extra)}, which its layer does not allow.");
        Assert.Contains("BenchmarkDotNet", watched);
        Assert.Contains("MecMarl.Bench.Core", watched);
    }
}
