using System.Text.RegularExpressions;
using MecMarl.Experiments;
using MecMarl.Learning;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace MecMarl.Cluster.Tests;

/// <summary>Two in-process silos for federated trainings, with fast failure detection, and a run store of their own.</summary>
public class FederatedSilos : IAsyncLifetime
{
    private static int _instances;

    /// <summary>The run store of the silos (static: the silo configurator is created by type); each fixture's runs go in its own <see cref="Store"/> inside it.</summary>
    public static readonly string StoreRoot = Path.Combine(Path.GetTempPath(), $"mecmarl-federated-tests-{Environment.ProcessId}");

    public TestCluster Cluster { get; private set; } = null!;

    public string Store { get; } = Path.Combine(StoreRoot, $"c{Interlocked.Increment(ref _instances)}");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Store);
        var builder = new TestClusterBuilder(2);
        builder.AddSiloBuilderConfigurator<Configurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        Directory.Delete(Store, recursive: true);
        try
        {
            // The last fixture to go removes the shared root (each fixture's runs live in its own Store).
            Directory.Delete(StoreRoot);
        }
        catch (IOException)
        {
            // Another fixture's store is still there.
        }
    }

    /// <summary>The silo a grain of placement slot <paramref name="slot"/> lands on (<see cref="SpreadPlacementDirector"/>: address order, modulo).</summary>
    public SiloHandle SiloOfSlot(int slot)
    {
        SiloHandle[] silos = [.. Cluster.Silos.OrderBy(s => s.SiloAddress.ToParsableString(), StringComparer.Ordinal)];
        return silos[slot % silos.Length];
    }

    private sealed class Configurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.AddMemoryGrainStorage(ClusterTarget.StorageName);
            siloBuilder.Services.AddMecMarlWork(StoreRoot, 1);
            siloBuilder.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 1;
                o.NumVotesForDeathDeclaration = 1;
            });
            siloBuilder.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(5));
        }
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(Microsoft.Extensions.Configuration.IConfiguration configuration, IClientBuilder clientBuilder) =>
            clientBuilder.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(5));
    }
}

/// <summary>A second cluster of the same kind, for the test that kills one of its silos.</summary>
public sealed class FederatedSilosToKill : FederatedSilos;

/// <summary>Shared pieces of the federated training tests: the tiny scenario with federated variants, and the local run to compare with.</summary>
internal static class Federated
{
    // 3 SBSs of 3 UEs, 10 slots per episode, 4 episodes (checkpoints after 2 and 4); the paper's F-DRL
    // averaging every episode, two variants that exercise every coordinator setting, and the hierarchical and gossip topologies.
    public const string Json = """
        {
          "network": { "sbsCount": 3, "uesPerCell": 3 },
          "channel": { "channels": 4 },
          "environment": { "slotsPerEpisode": 10 },
          "training": {
            "episodes": 4, "actorHidden": [16], "criticHidden": [16], "batchSize": 8,
            "bufferCapacity": 200, "learningStarts": 16, "checkpointEveryEpisodes": 2
          },
          "schemes": {
            "f-drl": { "aggregation": { "periodEpisodes": 1 } },
            "f-var": { "aggregation": { "periodSlots": 7, "participation": 0.67, "weighting": "samples", "quantization": "int8", "proximalMu": 0.01 } },
            "f-actor": { "aggregation": { "periodEpisodes": 2, "networks": ["actor"], "targets": [], "weighting": "equal", "participation": 0.5, "quantization": "float16" } },
            "f-hier": { "aggregation": { "periodSlots": 7, "participation": 0.67, "weighting": "samples", "quantization": "int8",
                                         "proximalMu": 0.01, "topology": "hierarchical", "clusterSize": 2, "globalEveryRounds": 2 } },
            "f-gossip": { "aggregation": { "periodEpisodes": 1, "networks": ["actor", "critic"], "targets": ["critic"],
                                           "quantization": "float16", "proximalMu": 0.01, "topology": "gossip", "degree": 1 } }
          },
          "evaluation": { "episodes": 2 }
        }
        """;

    public static readonly ExperimentConfig Config = ExperimentConfig.Parse(Json);

    public static LearnerFactory Grains(IGrainFactory grains, string key, int slot, string scheme, string? folder, List<GrainLearner> built) =>
        (_, _, obs, act, seed, _, positions) =>
        {
            var learner = new GrainLearner(grains, key, slot, Config.ToJson(), scheme, (int)seed, obs, act, positions!, folder);
            built.Add(learner);
            return learner;
        };

    public static byte[] Checkpoint(MultiAgentTrainer trainer)
    {
        var writer = new CheckpointWriter();
        trainer.Save(writer, 42);
        return writer.ToBytes();
    }

    // Every agent's actor parameters, agent order (the trained policy).
    public static float[] Actors(MultiAgentTrainer trainer) => [.. trainer.Learner.Actors.SelectMany(a => a.Parameters.ToArray())];

    // An episode record without its wall time.
    public static string Row(EpisodeRecord r) => EpisodeCsv.Format([r with { WallSeconds = 0 }], 3);

    public static string[] WithoutWall(string csv)
    {
        string[] lines = csv.Split('\n');
        int wall = Array.IndexOf(lines[0].Split(','), "wallSeconds");
        return [.. lines.Select(l => string.Join(',', l.Split(',').Where((_, i) => i != wall)))];
    }

    // train.log without its time stamps and per-episode wall times.
    public static string[] LogLines(string path) =>
        [.. File.ReadAllLines(path).Select(l => Regex.Replace(Regex.Replace(l, @"^\S+ ", ""), @", [0-9.]+ s$", ""))];

    /// <summary>Trains <paramref name="scheme"/> in one process in a fresh folder and returns it.</summary>
    public static string LocalRun(string store, string scheme, ExperimentConfig? config = null)
    {
        string folder = Path.Combine(store, $"local-{scheme}-{Guid.NewGuid():N}");
        using TrainingRun run = TrainingRun.Create(folder, scheme, config ?? Config, 3);
        run.Train();
        return folder;
    }

    /// <summary>
    /// The run's per-episode latency budget (slot_budget.csv): one row per episode 1..<paramref name="episodes"/>,
    /// every part finite and non-negative, the parts summing to the episode's wall time in episodes.csv,
    /// the agents' summed time at least the slowest agent's, and the rounds of federated_bytes.csv.
    /// </summary>
    public static void AssertBudget(string folder, int episodes)
    {
        IReadOnlyList<(int Episode, SlotBudget Budget)> rows = FederatedCluster.ReadBudget(folder);
        Assert.Equal(Enumerable.Range(1, episodes), rows.Select(r => r.Episode));
        List<EpisodeRecord> records = EpisodeCsv.Read(Path.Combine(folder, TrainingRun.EpisodesFile));
        foreach ((int episode, SlotBudget b) in rows)
        {
            AssertConsistent(b, 1e-5);
            Assert.Equal(records[episode - 1].WallSeconds, b.WallSeconds, 1e-5);
            Assert.Equal(10, b.Slots);
        }
        Assert.Equal(GrainLearner.ReadBytes(folder).Count, rows.Sum(r => r.Budget.Rounds));
    }

    /// <summary>A budget of agents on grains: every part finite and non-negative, summing to the wall time (within <paramref name="tolerance"/> s), the agents' sums present and at least the slowest agent's.</summary>
    public static void AssertConsistent(SlotBudget b, double tolerance)
    {
        double[] parts = [b.WallSeconds, b.ActingSeconds, b.SteppingSeconds, b.UpdatingSeconds, b.MessagingSeconds, b.AveragingSeconds, b.OtherSeconds];
        Assert.All(parts, p => Assert.True(double.IsFinite(p) && p >= 0, $"part {p}"));
        Assert.True(b.WallSeconds > 0);
        Assert.Equal(b.WallSeconds, b.PartsSeconds, tolerance);
        Assert.True(b.ActingAllAgentsSeconds >= b.ActingSeconds - 1e-6, $"acting summed {b.ActingAllAgentsSeconds} < slowest {b.ActingSeconds}");
        Assert.True(b.UpdatingAllAgentsSeconds >= b.UpdatingSeconds - 1e-6, $"updating summed {b.UpdatingAllAgentsSeconds} < slowest {b.UpdatingSeconds}");
        Assert.True(b.UpdatingSeconds > 0 && b.ActingSeconds > 0, "the agents' time was not reported");
    }

    public static void AssertSameRun(string expected, string actual)
    {
        foreach (string file in new[] { TrainingRun.RunFile, TrainingRun.ConfigFile, TrainingRun.PolicyFile, TrainingRun.EvaluationFile })
        {
            Assert.True(File.ReadAllBytes(Path.Combine(expected, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(actual, file))), $"{file} differs");
        }
        Assert.Equal(WithoutWall(File.ReadAllText(Path.Combine(expected, TrainingRun.EpisodesFile))), WithoutWall(File.ReadAllText(Path.Combine(actual, TrainingRun.EpisodesFile))));
    }
}

public sealed class FederatedTrainingTests(FederatedSilos silos) : IClassFixture<FederatedSilos>
{
    [Theory]
    [InlineData("f-drl")]
    [InlineData("f-var")]
    [InlineData("f-actor")]
    [InlineData("f-hier")]
    [InlineData("f-gossip")]
    public Task AgentGrains_TrainBitForBitAsInOneProcess_ForAnyPlacement_AndResumeFromACheckpoint(string scheme) => Task.Run(() =>
    {
        // In one process: the checkpoints after 2 and 4 episodes, and every episode's record.
        var local = new MultiAgentTrainer(scheme, Federated.Config, 3);
        string[] rows = [.. Enumerable.Range(0, 2).Select(_ => Federated.Row(local.RunEpisode()))];
        byte[] half = Federated.Checkpoint(local);
        rows = [.. rows, .. Enumerable.Range(0, 2).Select(_ => Federated.Row(local.RunEpisode()))];
        byte[] end = Federated.Checkpoint(local);
        float[] policy = Federated.Actors(local);
        Assert.True(local.RoundsDone > 0);

        var placements = new List<IReadOnlyList<string>>();
        foreach (int slot in new[] { 0, 1 })
        {
            var built = new List<GrainLearner>();
            var remote = new MultiAgentTrainer(scheme, Federated.Config, 3, 1, Federated.Grains(silos.Cluster.GrainFactory, $"direct-{scheme}-{slot}", slot, scheme, null, built));
            Assert.Empty(remote.Learners);
            string[] remoteRows = [.. Enumerable.Range(0, 2).Select(_ => Federated.Row(remote.RunEpisode()))];
            Assert.Equal(half, Federated.Checkpoint(remote));
            remoteRows = [.. remoteRows, .. Enumerable.Range(0, 2).Select(_ => Federated.Row(remote.RunEpisode()))];
            Assert.Equal(rows, remoteRows);
            Assert.Equal(end, Federated.Checkpoint(remote));
            Assert.Equal(policy, Federated.Actors(remote));
            Assert.Equal(local.RoundsDone, remote.RoundsDone);
            Federated.AssertConsistent(remote.LastEpisodeBudget, 1e-9);
            Assert.Null(remote.Learner.NonFiniteParameter());
            placements.Add(built[0].Silos);
            Assert.Equal(built[0].RoundBytes.Count, remote.RoundsDone);
            built[0].Release();
        }
        // Agents 0 and 1 on different silos, and each agent on the other silo in the second placement.
        Assert.Equal(2, placements[0].Distinct().Count());
        Assert.All(Enumerable.Range(0, 3), m => Assert.NotEqual(placements[0][m], placements[1][m]));

        // New grains restored from the in-process checkpoint after 2 episodes end where the in-process run ends.
        var again = new List<GrainLearner>();
        var resumed = new MultiAgentTrainer(scheme, Federated.Config, 3, 1, Federated.Grains(silos.Cluster.GrainFactory, $"resume-{scheme}", 0, scheme, null, again));
        resumed.Restore(CheckpointReader.Parse(half), 42);
        resumed.RunEpisode();
        resumed.RunEpisode();
        Assert.Equal(end, Federated.Checkpoint(resumed));
        again[0].Release();
    });

    [Fact]
    public async Task TrainingWorkItem_WritesTheLocalTrainFiles_AndRecordsEveryRoundsBytes()
    {
        const string scheme = "f-var";
        string local = Federated.LocalRun(silos.Store, scheme);
        string folder = await TrainedAsWorkItem(scheme, Federated.Config, "c-train");
        Federated.AssertSameRun(local, folder);
        Assert.Equal(Federated.LogLines(Path.Combine(local, TrainingRun.LogFile)), Federated.LogLines(Path.Combine(folder, TrainingRun.LogFile)));
        Assert.False(File.Exists(Path.Combine(folder, TrainingRun.CheckpointFile)));

        // 40 training slots, a round every 7: 5 rounds of ceil(0.67 x 3) = 3 participants.
        IReadOnlyList<RoundBytes> rounds = GrainLearner.ReadBytes(folder);
        Assert.Equal([1, 2, 3, 4, 5], rounds.Select(r => r.Round));
        Assert.All(rounds, r => Assert.Equal(3, r.Participants));
        // The int8 messages as Orleans serialized them: the accounting of docs/overhead.md (one byte per value and a
        // float32 scale per tensor; every SBS in each round) plus a few bytes of framing per message.
        Learning.Signalling.SignallingCounts accounted = SignallingAccounting.For(scheme, Federated.Config);
        long up = rounds.Sum(r => r.BytesUp), down = rounds.Sum(r => r.BytesDown);
        Assert.InRange(up, accounted.TrainingUplinkBytes.Sum(), accounted.TrainingUplinkBytes.Sum() + (5 * 3 * 40));
        Assert.InRange(down, accounted.TrainingDownlinkBytes.Sum(), accounted.TrainingDownlinkBytes.Sum() + (5 * 3 * 40));
        Assert.Equal(3084, rounds[0].Values);
        Federated.AssertBudget(folder, 4);
        Assert.Null(FederatedCluster.Problem(Federated.Config, "f-gossip"));
        Assert.Contains("does not average", FederatedCluster.Problem(Federated.Config, SchemeIds.IlDrl), StringComparison.Ordinal);
        Assert.Contains("does not average", FederatedCluster.Problem(Federated.Config, SchemeIds.MaDrl), StringComparison.Ordinal);
        Assert.Null(FederatedCluster.Problem(Federated.Config, scheme));
    }

    [Fact]
    public async Task TrainingWorkItem_WithSelectionAgainstTheStart_KeepsWhatTheLocalRunKeeps()
    {
        const string scheme = "f-drl";
        ExperimentConfig config = Federated.Config with { Training = Federated.Config.Training with { SelectionEpisodes = 2 } };
        string local = Federated.LocalRun(silos.Store, scheme, config);
        string folder = await TrainedAsWorkItem(scheme, config, "c-select");
        Federated.AssertSameRun(local, folder);
        foreach (string file in new[] { TrainingRun.StartPolicyFile, TrainingRun.SelectionFile })
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(local, file)), File.ReadAllBytes(Path.Combine(folder, file)));
        }
        Assert.NotNull(TrainingRun.KeptBySelection(folder));
    }

    // A federated training of scheme, seed 3, run as one work item on the silos (agent grains placed from slot 1)
    // in a new run folder of the store; returns the folder once the item is done.
    private async Task<string> TrainedAsWorkItem(string scheme, ExperimentConfig config, string prefix)
    {
        string folder = Path.Combine(silos.Store, $"{prefix}-{Guid.NewGuid():N}");
        string rel = Path.GetRelativePath(FederatedSilos.StoreRoot, folder).Replace('\\', '/');
        TrainingRun.Create(folder, scheme, config, 3).Dispose();
        var request = new WorkRequest($"0:{rel}|{scheme}|3|x", rel, scheme, 3, config.ToJson(), Compatibility.Version, Compatibility.Schema, $"{scheme} seed 3")
        { Kind = WorkKind.FederatedTraining, AgentSlot = 1 };
        IWorkItemGrain grain = silos.Cluster.GrainFactory.GetGrain<IWorkItemGrain>(request.Key);
        await grain.Start(request);
        WorkStatus s = await WorkItemGrainTests.UntilSettled(grain, TimeSpan.FromSeconds(90));
        Assert.True(s.Phase == WorkPhase.Done, s.Message);
        return folder;
    }
}

public sealed class FederatedFaultTests(FederatedSilosToKill silos) : IClassFixture<FederatedSilosToKill>
{
    [Fact]
    public Task SiloLostMidTraining_AgentsResumeFromTheLastCheckpoint_AndTheResultIsUnchanged() => Task.Run(() =>
    {
        const string scheme = "f-drl";
        string local = Federated.LocalRun(silos.Store, scheme);
        string folder = Path.Combine(silos.Store, $"c-fault-{Guid.NewGuid():N}");
        string rel = Path.GetRelativePath(FederatedSilos.StoreRoot, folder).Replace('\\', '/');
        TrainingRun.Create(folder, scheme, Federated.Config, 3).Dispose();
        // The trainer runs here; agent 0 and agent 2 live on the silo that is killed after episode 3 (checkpoint after 2).
        SiloHandle victim = silos.Cluster.SecondarySilos[0];
        int slot = silos.SiloOfSlot(0) == victim ? 0 : 1;
        var request = new WorkRequest($"0:{rel}", rel, scheme, 3, Federated.Config.ToJson(), Compatibility.Version, Compatibility.Schema, "fault") { AgentSlot = slot };
        var lines = new List<string>();
        bool killed = false;
        FederatedCluster.Train(request, folder, silos.Cluster.GrainFactory, episodes =>
        {
            if (episodes == 3 && !killed)
            {
                killed = true;
                silos.Cluster.KillSiloAsync(victim).GetAwaiter().GetResult();
            }
        }, lines.Add, CancellationToken.None);
        Assert.True(killed);
        Assert.NotEmpty(lines);
        Assert.Contains("going back to the last checkpoint", lines[0], StringComparison.Ordinal);
        Federated.AssertSameRun(local, folder);
        string[] log = File.ReadAllLines(Path.Combine(folder, TrainingRun.LogFile));
        Assert.Contains(log, l => l.Contains("resumed from checkpoint.ckpt after episode 2", StringComparison.Ordinal));
        // Every round's bytes once: rounds 3 and 4 were run again after the resumption and recorded once.
        Assert.Equal([1, 2, 3, 4], GrainLearner.ReadBytes(folder).Select(r => r.Round));
        // And every episode's budget once: episodes 3 and 4 as trained after the resumption.
        Federated.AssertBudget(folder, 4);
    });
}

public sealed class FederatedClusterProblemTests
{
    [Fact]
    public void FederatedPpo_TrainsInOneProcessOnly()
    {
        ExperimentConfig c = ExperimentConfig.Parse("""{ "schemes": { "f-ppo": { "learner": "ppo", "aggregation": {} } } }""");
        Assert.Null(c.Schemes["f-ppo"].Problem());
        string? problem = FederatedCluster.Problem(c, "f-ppo");
        Assert.NotNull(problem);
        Assert.Contains("schemes.f-ppo.learner", problem, StringComparison.Ordinal);
        Assert.Contains("without --cluster", problem, StringComparison.Ordinal);
        Assert.Null(FederatedCluster.Problem(c, SchemeIds.FDrl));
    }
}
