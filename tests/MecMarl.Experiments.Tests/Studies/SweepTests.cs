using System.Text.Json.Nodes;
using MecMarl.Reports;

namespace MecMarl.Experiments.Tests;

public sealed class SweepTests
{
    private static ConfigLayers TinyLayers(string dir)
    {
        string path = Path.Combine(dir, "tiny.json");
        File.WriteAllText(path, Tiny.Json);
        return ConfigLayers.Of([path], ["training.episodes=3"]);
    }

    private static Sweep Make(string dir, string output, params string[] vary) =>
        Sweep.Create(output, TinyLayers(dir), [.. vary.Select(SweepAxis.Parse)], ["f-drl", "full-offload", "local"], [1, 2]);

    [Fact]
    public void Grid_IsTheProductOfTheAxes_FirstOutermost()
    {
        string dir = Tiny.TempDir();
        Sweep s = Make(dir, Path.Combine(dir, "out"), "network.sbsCount=2,3", "channel.channels=3,4,5");
        Assert.Equal(6, s.Points.Count);
        Assert.Equal(["2", "5"], s.Points[2].Values);
        Assert.Equal(["3", "3"], s.Points[3].Values);
        Assert.Equal(3, s.Points[3].Config.Simulation.Network.SbsCount);
        Assert.Equal(3, s.Points[3].Config.Simulation.Channel.Channels);
        // 2 seeds of f-drl + 2 fixed schemes per point.
        Assert.Equal(6 * 4, s.Units.Count);
        Assert.False(Directory.Exists(Path.Combine(dir, "out")));
    }

    [Fact]
    public void AVaryValueOfTheWrongType_NamesTheVaryOption()
    {
        string dir = Tiny.TempDir();
        var e = Assert.Throws<MecMarl.Simulation.ConfigException>(() => Make(dir, Path.Combine(dir, "out"), "network.sbsCount=2,x"));
        Assert.Equal("--vary network.sbsCount=x", e.File);
        Assert.Equal("network.sbsCount", e.JsonPath);
    }

    private static string[] WithoutWallTime(string csv) => [.. File.ReadAllLines(csv).Select(l => l[..l.LastIndexOf(',')])];

    [Fact]
    public void Parallel_GivesTheSameRowsAsOneByOne_AndResumesWithoutRecomputing()
    {
        string dir = Tiny.TempDir();
        string one = Path.Combine(dir, "one"), two = Path.Combine(dir, "two");
        Sweep a = Make(dir, one, "network.sbsCount=2,3");
        Assert.True(a.Prepare());
        a.WriteOutputs(a.Run(jobs: 1), SweepFigures.WriteAll);
        Sweep b = Make(dir, two, "network.sbsCount=2,3");
        Assert.True(b.Prepare());
        b.WriteOutputs(b.Run(jobs: 2), SweepFigures.WriteAll);

        // Same numbers, whatever the job count (wall time is the only column allowed to differ).
        Assert.Equal(WithoutWallTime(Path.Combine(one, Sweep.CsvFile)), WithoutWallTime(Path.Combine(two, Sweep.CsvFile)));
        Assert.Equal(1 + 2 * 4, File.ReadAllLines(Path.Combine(one, Sweep.CsvFile)).Length);
        foreach (string f in new[] { "sweep_energy", "sweep_deadlines", "sweep_reward", "sweep_train_time" })
        {
            Assert.True(new FileInfo(Path.Combine(one, f + ".png")).Length > 1000, f);
            Assert.Contains("<svg", File.ReadAllText(Path.Combine(one, f + ".svg")));
        }
        Assert.Equal("complete", JsonNode.Parse(File.ReadAllText(Path.Combine(one, Sweep.StateFile)))!["status"]!.GetValue<string>());

        // Run again: finished units are read back; no model is written again.
        string model = Path.Combine(a.Points[1].Reproduction.RunDirectory("f-drl", 2), TrainingRun.PolicyFile);
        DateTime written = File.GetLastWriteTimeUtc(model);
        Sweep again = Make(dir, one, "network.sbsCount=2,3");
        Assert.False(again.Prepare());
        IReadOnlyList<SweepRow> rows = again.Run(jobs: 2);
        Assert.Equal(written, File.GetLastWriteTimeUtc(model));
        again.WriteOutputs(rows, SweepFigures.WriteAll);
        Assert.Equal(WithoutWallTime(Path.Combine(two, Sweep.CsvFile)), WithoutWallTime(Path.Combine(one, Sweep.CsvFile)));

        // Another grid into the same folder is refused and nothing there changes.
        Sweep other = Make(dir, one, "network.sbsCount=2,4");
        string before = File.ReadAllText(Path.Combine(one, Sweep.StateFile));
        Assert.Contains("another grid", Assert.Throws<RunFolderException>(() => other.Prepare()).Message);
        Assert.Equal(before, File.ReadAllText(Path.Combine(one, Sweep.StateFile)));
        Assert.Equal(written, File.GetLastWriteTimeUtc(model));
    }

    [Fact]
    public void AnInterruptedSweep_ContinuesWhereItStopped_AndEndsAsAnUninterruptedOne()
    {
        string dir = Tiny.TempDir();
        string whole = Path.Combine(dir, "whole"), broken = Path.Combine(dir, "broken");
        Sweep a = Make(dir, whole, "network.sbsCount=2,3");
        a.Prepare();
        a.WriteOutputs(a.Run(jobs: 1), SweepFigures.WriteAll);

        // Given a sweep stopped after its first finished unit (the runs in progress checkpoint and stop).
        Sweep b = Make(dir, broken, "network.sbsCount=2,3");
        b.Prepare();
        using var cts = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() => b.Run(jobs: 2, p =>
        {
            if (p.Message is not null)
            {
                cts.Cancel();
            }
        }, cts.Token));
        Assert.False(File.Exists(Path.Combine(broken, Sweep.CsvFile)));
        int finished = b.Units.Count(u => u.Seed is { } seed
            ? TrainingRun.Exists(u.Point.Reproduction.RunDirectory(u.Scheme, seed)) && TrainingRun.Open(u.Point.Reproduction.RunDirectory(u.Scheme, seed)).IsComplete
            : File.Exists(Path.Combine(u.Point.Reproduction.Directory, Reproduction.FixedFolder, u.Scheme + ".json")));
        Assert.InRange(finished, 1, b.Units.Count - 1);

        // When the same sweep runs again, then it finishes with the numbers of the uninterrupted one.
        Sweep again = Make(dir, broken, "network.sbsCount=2,3");
        Assert.False(again.Prepare());
        again.WriteOutputs(again.Run(jobs: 2), SweepFigures.WriteAll);
        Assert.Equal(WithoutWallTime(Path.Combine(whole, Sweep.CsvFile)), WithoutWallTime(Path.Combine(broken, Sweep.CsvFile)));
    }

    [Fact]
    public void Summary_MeanAndIntervalOverSeeds()
    {
        // Two seeds with totals 1 and 3: mean 2, sd sqrt(2), se 1, t(1) = 12.706204736.
        string dir = Tiny.TempDir();
        Sweep s = Make(dir, Path.Combine(dir, "out"), "network.sbsCount=2");
        EvaluationResult R(double local) => new()
        {
            Scheme = "f-drl",
            Seed = 1,
            EvalSeed = 1,
            Episodes = 1,
            LocalEnergyJ = local,
            EdgeEnergyJ = 0,
            LatencyMetPct = 50,
            SystemReward = 1,
            AgentRewards = [],
        };
        SweepRow[] rows = [new(s.Units[0], R(1), 10), new(s.Units[1], R(3), 20)];
        SweepSummary f = s.Summarize(rows).Single();
        Assert.Equal(2, f.Count);
        Assert.Equal(2, f.Values[0]!.Value.Mean, 12);
        Assert.Equal(12.706204736, f.Values[0]!.Value.Ci95, 8);
        Assert.Equal(15, f.Values[6]!.Value.Mean, 12);
        // Training signalling: the same for both seeds, from the point's config (docs/overhead.md).
        Assert.Equal("trainingBytesPerSlot", SweepSummary.Metrics[5]);
        Assert.True(f.Values[5]!.Value.Mean > 0);
        Assert.Equal(SignallingAccounting.For("f-drl", f.Point.Config).TrainingBytesPerSlot, f.Values[5]!.Value.Mean, 9);
        Assert.Equal(0, f.Values[5]!.Value.Ci95);
    }
}
