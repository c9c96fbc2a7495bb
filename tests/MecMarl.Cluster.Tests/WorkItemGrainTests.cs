using MecMarl.Experiments;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace MecMarl.Cluster.Tests;

/// <summary>Two in-process silos (Orleans TestingHost) with memory grain storage and a temporary run store.</summary>
public sealed class TwoSilos : IAsyncLifetime
{
    /// <summary>The run store of both silos (static: the silo configurator is created by type).</summary>
    public static readonly string Store = Path.Combine(Path.GetTempPath(), $"mecmarl-cluster-tests-{Environment.ProcessId}");

    public TestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (Directory.Exists(Store))
        {
            Directory.Delete(Store, recursive: true);
        }
        Directory.CreateDirectory(Store);
        var builder = new TestClusterBuilder(2);
        builder.AddSiloBuilderConfigurator<Configurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        Directory.Delete(Store, recursive: true);
    }

    private sealed class Configurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.AddMemoryGrainStorage(ClusterTarget.StorageName);
            siloBuilder.Services.AddMecMarlWork(Store, 1);
        }
    }
}

public sealed class WorkItemGrainTests(TwoSilos silos) : IClassFixture<TwoSilos>
{
    private const string Tiny = """
        {
          "network": { "sbsCount": 2, "uesPerCell": 3 },
          "channel": { "channels": 4 },
          "environment": { "slotsPerEpisode": 10 },
          "training": {
            "episodes": 3, "actorHidden": [16], "criticHidden": [16], "batchSize": 8,
            "bufferCapacity": 200, "learningStarts": 16, "checkpointEveryEpisodes": 2
          },
          "evaluation": { "episodes": 2 }
        }
        """;

    private static readonly ExperimentConfig Config = ExperimentConfig.Parse(Tiny);

    // A prepared reproduction folder in the store (what the client writes before sending work), and its path relative to the store.
    private static (Reproduction Point, string Relative) Folder(string name, string scheme)
    {
        var point = new Reproduction(Path.Combine(TwoSilos.Store, name), Config, [1], "sweep", [scheme]);
        point.Prepare();
        point.Dispose();
        return (point, name);
    }

    private static WorkRequest Request(int slot, string folder, string scheme, int? seed, string? config = null, string? version = null) =>
        new($"{slot}:{folder}|{scheme}|{seed}|{Config.TrainingFingerprint()}", folder, scheme, seed, config ?? Config.ToJson(),
            version ?? Compatibility.Version, Compatibility.Schema, $"{folder}: {scheme} {seed}");

    // Polls the item's status until it is no longer running, or `timeout` has passed.
    internal static async Task<WorkStatus> UntilSettled(IWorkItemGrain grain, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            WorkStatus s = await grain.Status();
            if (s.Phase != WorkPhase.Running || DateTime.UtcNow > until)
            {
                return s;
            }
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task WorkItem_WritesWhatTheLocalSweepWrites_AndAFinishedItemIsNotRunAgain()
    {
        (Reproduction point, string rel) = Folder("same", SchemeIds.MaDrl);
        WorkRequest request = Request(0, rel, SchemeIds.MaDrl, 1);
        IWorkItemGrain grain = silos.Cluster.GrainFactory.GetGrain<IWorkItemGrain>(request.Key);
        WorkStatus first = await grain.Start(request);
        Assert.Equal(WorkPhase.Running, first.Phase);
        WorkStatus done = await UntilSettled(grain, TimeSpan.FromSeconds(60));
        Assert.Equal(WorkPhase.Done, done.Phase);
        Assert.Equal(1, done.Starts);

        // The same unit run locally, in a folder of its own.
        string local = Path.Combine(TwoSilos.Store, "..", $"mecmarl-cluster-local-{Environment.ProcessId}");
        try
        {
            using var here = new Reproduction(local, Config, [1], "sweep", [SchemeIds.MaDrl]);
            here.Prepare();
            (EvaluationResult result, _) = Sweep.RunWork(here, SchemeIds.MaDrl, 1);
            foreach (string file in new[] { "policy.ckpt", "evaluation.json", "episodes.csv" })
            {
                byte[] expected = File.ReadAllBytes(Path.Combine(here.RunDirectory(SchemeIds.MaDrl, 1), file));
                byte[] actual = File.ReadAllBytes(Path.Combine(point.RunDirectory(SchemeIds.MaDrl, 1), file));
                if (file == "episodes.csv")
                {
                    // Wall times differ; every other column must not.
                    Assert.Equal(WithoutWall(expected), WithoutWall(actual));
                }
                else
                {
                    Assert.Equal(expected, actual);
                }
            }
            Assert.True(double.IsFinite(result.TotalEnergyJ));
        }
        finally
        {
            Directory.Delete(local, recursive: true);
        }

        // Asked again: finished, not started again.
        WorkStatus again = await grain.Start(request);
        Assert.Equal(WorkPhase.Done, again.Phase);
        Assert.Equal(1, again.Starts);
        IReadOnlyList<LedgerEntry> ledger = await silos.Cluster.GrainFactory.GetGrain<ILedgerGrain>(LedgerGrain.Key).Entries();
        Assert.Contains(ledger, e => e.Key == request.Key && e.Phase == WorkPhase.Done);
    }

    private static string[] WithoutWall(byte[] csv)
    {
        string[] lines = System.Text.Encoding.UTF8.GetString(csv).Split('\n');
        int wall = Array.IndexOf(lines[0].Split(','), "wallSeconds");
        return [.. lines.Select(l => string.Join(',', l.Split(',').Where((_, i) => i != wall)))];
    }

    [Fact]
    public async Task ConfigThatDoesNotValidate_IsRefused_NamingTheField_AndNothingIsWritten()
    {
        (Reproduction point, string rel) = Folder("badconfig", SchemeIds.FullOffload);
        string[] before = [.. Directory.EnumerateFileSystemEntries(point.Directory, "*", SearchOption.AllDirectories).Order()];
        string bad = Config.ToJson().Replace("\"sbsCount\": 2", "\"sbsCount\": -1", StringComparison.Ordinal);
        Assert.NotEqual(Config.ToJson(), bad);
        WorkStatus s = await silos.Cluster.GrainFactory.GetGrain<IWorkItemGrain>("0:badconfig").Start(Request(0, rel, SchemeIds.FullOffload, null, bad) with { Key = "0:badconfig" });
        Assert.Equal(WorkPhase.Refused, s.Phase);
        Assert.Contains("network.sbsCount", s.Message, StringComparison.Ordinal);
        string[] after = [.. Directory.EnumerateFileSystemEntries(point.Directory, "*", SearchOption.AllDirectories).Order()];
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task ClientOfAnotherBuild_IsRefused()
    {
        (_, string rel) = Folder("otherbuild", SchemeIds.FullOffload);
        WorkStatus s = await silos.Cluster.GrainFactory.GetGrain<IWorkItemGrain>("0:otherbuild").Start(Request(0, rel, SchemeIds.FullOffload, null, version: "0.0.1-other") with { Key = "0:otherbuild" });
        Assert.Equal(WorkPhase.Refused, s.Phase);
        Assert.Contains("the client runs MecMarl 0.0.1-other", s.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FolderMissingFromTheStore_IsRefused()
    {
        WorkStatus s = await silos.Cluster.GrainFactory.GetGrain<IWorkItemGrain>("0:missing").Start(Request(0, "no/such/point", SchemeIds.FullOffload, null) with { Key = "0:missing" });
        Assert.Equal(WorkPhase.Refused, s.Phase);
        Assert.Contains("not found in its --store", s.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(TwoSilos.Store, "no")));
    }

    [Fact]
    public async Task Slots_SpreadWorkItemsOverTheSilos()
    {
        // Refused items still say which silo they were placed on.
        var names = new HashSet<string>();
        for (int slot = 0; slot < 4; slot++)
        {
            string key = $"{slot}:spread";
            WorkStatus s = await silos.Cluster.GrainFactory.GetGrain<IWorkItemGrain>(key).Start(Request(slot, "no/such", SchemeIds.FullOffload, null) with { Key = key });
            names.Add(s.Silo!);
        }
        Assert.Equal(2, names.Count);
        Assert.Equal(7, SpreadPlacementDirector.SlotOf("7:a|b"));
        Assert.Equal(0, SpreadPlacementDirector.SlotOf("x:a"));
    }
}
