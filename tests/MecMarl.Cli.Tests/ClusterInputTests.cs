using System.Net;
using System.Net.Sockets;

namespace MecMarl.Cli.Tests;

/// <summary>Bad input of the cluster commands: one line naming what and why, exit code 2, nothing written.</summary>
public sealed class ClusterInputTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"mecmarl-cluster-input-{Environment.ProcessId}-{Guid.NewGuid():N}");

    public ClusterInputTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // A loopback port nobody listens on.
    private static string DeadRedis()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return $"127.0.0.1:{((IPEndPoint)l.LocalEndpoint).Port}";
    }

    private static string[] Sweep(params string[] extra) =>
        ["sweep", "--vary", "network.sbsCount=2,3", "--schemes", "full-offload", "--episodes", "1", .. extra];

    [Fact]
    public void UnreachableRedis_IsOneLine_AndNothingIsWritten()
    {
        string redis = DeadRedis();
        string output = Path.Combine(_dir, "sw");
        CliRunner.AssertBadInput(CliRunner.Run(Sweep("--cluster", redis, "--store", _dir, "--out", output)), $"--cluster {redis}", "Redis does not answer");
        Assert.False(Directory.Exists(output));
        CliRunner.AssertBadInput(CliRunner.Run("reproduce", "--budget", "smoke", "--cluster", redis, "--store", _dir, "--out", output), "Redis does not answer");
        Assert.False(Directory.Exists(output));
        CliRunner.AssertBadInput(CliRunner.Run("cluster", "status", "--cluster", redis), "Redis does not answer");
        CliRunner.AssertBadInput(CliRunner.Run("silo", "--cluster", redis, "--store", _dir), "Redis does not answer");
    }

    [Fact]
    public void StoreMissing_OrOutOutsideIt_OrWithoutCluster_IsOneLine()
    {
        string missing = Path.Combine(_dir, "nope");
        CliRunner.AssertBadInput(CliRunner.Run(Sweep("--cluster", "localhost", "--store", missing, "--out", Path.Combine(missing, "sw"))), $"--store {missing}", "folder not found");
        CliRunner.AssertBadInput(CliRunner.Run("silo", "--cluster", "localhost", "--store", missing), $"--store {missing}", "folder not found");
        Assert.False(Directory.Exists(missing));
        string outside = Path.Combine(Path.GetTempPath(), $"mecmarl-outside-{Guid.NewGuid():N}");
        CliRunner.AssertBadInput(CliRunner.Run(Sweep("--cluster", "localhost", "--store", _dir, "--out", outside)), $"--out {outside}", "inside --store");
        Assert.False(Directory.Exists(outside));
        CliRunner.AssertBadInput(CliRunner.Run(Sweep("--store", _dir, "--out", Path.Combine(_dir, "sw"))), "--store is given without --cluster");
        CliRunner.AssertBadInput(CliRunner.Run(Sweep("--cluster", "localhost", "--out", Path.Combine(_dir, "sw"))), "--store is required with --cluster");
        CliRunner.AssertBadInput(CliRunner.Run("silo", "--cluster", "a:b:c:d", "--store", _dir), "--cluster a:b:c:d");
        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir));
    }

    [Fact]
    public void TrainOnACluster_NonFederatedScheme_UnreachableRedis_BadOptions_IsOneLine_AndNothingIsWritten()
    {
        string config = Path.Combine(Path.GetTempPath(), $"mecmarl-train-cluster-{Guid.NewGuid():N}.json");
        File.WriteAllText(config, CliRunner.TinyConfig.Replace(
            "\"schemes\": { \"f-drl\": { \"aggregation\": { \"periodEpisodes\": 2 } } }",
            "\"schemes\": { \"f-drl\": { \"aggregation\": { \"periodEpisodes\": 2 } }, \"f-gossip\": { \"aggregation\": { \"periodEpisodes\": 2, \"topology\": \"gossip\", \"degree\": 1 } } }",
            StringComparison.Ordinal));
        try
        {
            string output = Path.Combine(_dir, "run");
            string[] Train(string scheme, params string[] extra) => ["train", "--config", config, "--scheme", scheme, "--out", output, .. extra];
            string redis = DeadRedis();
            CliRunner.AssertBadInput(CliRunner.Run(Train("ma-drl", "--cluster", redis, "--store", _dir)), "--scheme ma-drl", "does not average the agents' models", "without --cluster");
            CliRunner.AssertBadInput(CliRunner.Run(Train("il-drl", "--cluster", redis, "--store", _dir)), "--scheme il-drl", "schemes.il-drl.aggregation");
            // A gossip variant is federated: it gets as far as the cluster.
            CliRunner.AssertBadInput(CliRunner.Run(Train("f-gossip", "--cluster", redis, "--store", _dir)), $"--cluster {redis}", "Redis does not answer");
            CliRunner.AssertBadInput(CliRunner.Run(Train("f-drl", "--cluster", redis, "--store", _dir)), $"--cluster {redis}", "Redis does not answer");
            CliRunner.AssertBadInput(CliRunner.Run(Train("f-drl", "--store", _dir)), "--store is given without --cluster");
            CliRunner.AssertBadInput(CliRunner.Run(Train("f-drl", "--cluster", redis)), "--store is required with --cluster");
            CliRunner.AssertBadInput(CliRunner.Run(Train("f-drl", "--cluster", redis, "--store", _dir, "--threads", "2")), "--threads", "drop --threads with --cluster");
            string outside = Path.Combine(Path.GetTempPath(), $"mecmarl-outside-{Guid.NewGuid():N}");
            CliRunner.AssertBadInput(CliRunner.Run(["train", "--config", config, "--scheme", "f-drl", "--out", outside, "--cluster", redis, "--store", _dir]), $"--out {outside}", "inside --store");
            Assert.False(Directory.Exists(outside));
            CliRunner.AssertBadInput(CliRunner.Run("train", "--resume", Path.Combine(_dir, "none"), "--cluster", redis, "--store", _dir), "no such run folder");
            Assert.Empty(Directory.EnumerateFileSystemEntries(_dir));
        }
        finally
        {
            File.Delete(config);
        }
    }
}
