using System.Reflection;

namespace MecMarl.Cli.Tests;

/// <summary>
/// Pins the layers of STYLE.md: which MecMarl projects and which plotting or console libraries each
/// assembly may reference (read from the compiled assemblies' metadata, so a stray <c>using</c>
/// that pulls in a forbidden assembly fails here).
/// </summary>
public sealed class ArchitectureTests
{
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["MecMarl.Randomness"] = [],
        ["MecMarl.Simulation"] = ["MecMarl.Randomness"],
        ["MecMarl.Nn"] = ["MecMarl.Randomness"],
        ["MecMarl.Learning"] = ["MecMarl.Nn", "MecMarl.Randomness"],
        ["MecMarl.Experiments"] = ["MecMarl.Simulation", "MecMarl.Learning", "MecMarl.Nn", "MecMarl.Randomness"],
        ["MecMarl.Reports"] = ["MecMarl.Experiments", "MecMarl.Simulation", "MecMarl.Learning", "ScottPlot"],
        // Nn and Randomness: a federated training across silos hosts agents (their networks) in grains and draws the rounds' participants there.
        ["MecMarl.Cluster"] = ["MecMarl.Experiments", "MecMarl.Simulation", "MecMarl.Learning", "MecMarl.Nn", "MecMarl.Randomness", "Orleans.*", "StackExchange.Redis"],
        ["mecmarl"] = ["MecMarl.Cluster", "MecMarl.Experiments", "MecMarl.Reports", "MecMarl.Bench.Core", "MecMarl.Simulation", "MecMarl.Learning", "MecMarl.Nn", "MecMarl.Randomness", "Spectre.Console", "Spectre.Console.Ansi", "Spectre.Console.Cli"],
        // The timing code behind `mecmarl bench`. The BenchmarkDotNet suite (bench/MecMarl.Bench, the only user of
        // BenchmarkDotNet) is checked in tests/MecMarl.Bench.Tests: BenchmarkDotNet's Roslyn and Orleans' code generator
        // ask for different Roslyn versions and cannot both be referenced by one test project.
        ["MecMarl.Bench.Core"] = ["MecMarl.Experiments", "MecMarl.Simulation", "MecMarl.Learning", "MecMarl.Nn", "MecMarl.Randomness"],
    };

    // The libraries the CLI and the benchmarks are built on: they hold no timing code (bench/ does).
    private static readonly Assembly[] Libraries =
    [
        typeof(MecMarl.Randomness.Rng).Assembly,
        typeof(MecMarl.Simulation.MecEnvironment).Assembly,
        typeof(MecMarl.Nn.DenseNetwork).Assembly,
        typeof(MecMarl.Learning.IMultiAgentLearner).Assembly,
        typeof(MecMarl.Experiments.MultiAgentTrainer).Assembly,
        typeof(MecMarl.Reports.Figures).Assembly,
        typeof(MecMarl.Cluster.ClusterConnection).Assembly,
    ];

    // Every assembly whose references are pinned: the libraries, the command and the timing code it calls.
    private static readonly Assembly[] Assemblies =
    [
        .. Libraries,
        typeof(MecMarl.Cli.Commands.TrainCommand).Assembly,
        typeof(MecMarl.Bench.Core.TrainingBenchmark).Assembly,
    ];

    // Only the references the layering is about: MecMarl's own projects and the UI/plotting libraries.
    private static bool Watched(string name) =>
        name.StartsWith("MecMarl.", StringComparison.Ordinal) || name == "mecmarl"
        || name.StartsWith("ScottPlot", StringComparison.Ordinal) || name.StartsWith("Spectre", StringComparison.Ordinal)
        || name.StartsWith("SkiaSharp", StringComparison.Ordinal) || name.StartsWith("BenchmarkDotNet", StringComparison.Ordinal)
        || name.StartsWith("Orleans", StringComparison.Ordinal) || name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal)
        || name.StartsWith("StackExchange.Redis", StringComparison.Ordinal);

    [Fact]
    public void EveryAssembly_ReferencesOnlyWhatItsLayerAllows()
    {
        Assert.Equal(Allowed.Keys.Order(), Assemblies.Select(a => a.GetName().Name!).Order());
        foreach (Assembly assembly in Assemblies)
        {
            string name = assembly.GetName().Name!;
            string[] references = [.. assembly.GetReferencedAssemblies().Select(r => r.Name!).Where(Watched).Order()];
            // An allowed name ending in '*' allows every assembly it starts (Orleans.* for Orleans' assemblies).
            string[] forbidden = [.. references.Where(r => !Allowed[name].Any(x => x == r || (x.EndsWith('*') && r.StartsWith(x[..^1], StringComparison.Ordinal))))];
            Assert.True(forbidden.Length == 0, $"{name} references {string.Join(", ", forbidden)}, which its layer does not allow.");
        }
    }

    [Fact]
    public void SimulationAndNn_KnowNothingOfEachOther_AndLearningNothingOfTheSimulator()
    {
        static string[] Refs(Assembly a) => [.. a.GetReferencedAssemblies().Select(r => r.Name!)];
        Assert.DoesNotContain("MecMarl.Nn", Refs(typeof(MecMarl.Simulation.MecEnvironment).Assembly));
        Assert.DoesNotContain("MecMarl.Simulation", Refs(typeof(MecMarl.Nn.DenseNetwork).Assembly));
        Assert.DoesNotContain("MecMarl.Simulation", Refs(typeof(MecMarl.Learning.IMultiAgentLearner).Assembly));
        Assert.DoesNotContain("ScottPlot", Refs(typeof(MecMarl.Experiments.MultiAgentTrainer).Assembly));
    }

    [Fact]
    public void Libraries_HoldNoTimingCode_TheBenchProjectsDo()
    {
        foreach (Assembly library in Libraries)
        {
            string[] timing = [.. library.GetTypes().Select(t => t.FullName!).Where(n => n.Contains("Benchmark", StringComparison.Ordinal))];
            Assert.True(timing.Length == 0, $"{library.GetName().Name} holds timing code ({string.Join(", ", timing)}); it belongs in bench/.");
        }
        Assert.Contains(typeof(MecMarl.Bench.Core.EnvironmentBenchmark), typeof(MecMarl.Bench.Core.TrainingBenchmark).Assembly.GetTypes());
        Assert.Contains(typeof(MecMarl.Bench.Core.UpdateBenchmark), typeof(MecMarl.Bench.Core.TrainingBenchmark).Assembly.GetTypes());
        // BenchmarkDotNet's runner stays out of the CLI: `mecmarl bench` times with the code of MecMarl.Bench.Core.
        Assert.DoesNotContain(typeof(MecMarl.Cli.Commands.TrainCommand).Assembly.GetReferencedAssemblies(), r => r.Name!.StartsWith("BenchmarkDotNet", StringComparison.Ordinal));
    }

    [Fact]
    public void Orleans_StaysInTheClusterProject()
    {
        Assembly cluster = typeof(MecMarl.Cluster.ClusterConnection).Assembly;
        foreach (Assembly a in Assemblies.Where(a => a != cluster))
        {
            string[] orleans = [.. a.GetReferencedAssemblies().Select(r => r.Name!).Where(n => n.Contains("Orleans", StringComparison.Ordinal) || n.StartsWith("StackExchange", StringComparison.Ordinal))];
            Assert.True(orleans.Length == 0, $"{a.GetName().Name} references {string.Join(", ", orleans)}; Orleans and Redis belong in MecMarl.Cluster.");
        }
        Assert.Contains(cluster.GetReferencedAssemblies(), r => r.Name!.StartsWith("Orleans", StringComparison.Ordinal));
    }
}
