using System.Diagnostics;
using MecMarl.Experiments;

namespace MecMarl.Cli.Tests;

/// <summary>
/// A run SIGKILLed at random moments (the first few hundred milliseconds included) and started again
/// each time ends bit-identical to an uninterrupted run (issue 11). Bounded: a few kills of a tiny
/// run; <c>scripts/kill-resume.sh</c> repeats it for as long as wanted.
/// </summary>
public sealed class CrashConsistencyTests
{
    private const string Config = """
        {
          "network": { "sbsCount": 3, "uesPerCell": 3 },
          "channel": { "channels": 4 },
          "environment": { "slotsPerEpisode": 10 },
          "training": {
            "episodes": 12, "actorHidden": [16], "criticHidden": [16], "batchSize": 8,
            "bufferCapacity": 200, "learningStarts": 16, "checkpointEveryEpisodes": 2
          },
          "schemes": { "f-drl": { "aggregation": { "periodEpisodes": 2 } } },
          "evaluation": { "episodes": 2 }
        }
        """;

    private static string[] Curve(string dir) =>
        [.. File.ReadAllLines(Path.Combine(dir, TrainingRun.EpisodesFile)).Select(l => l[..l.LastIndexOf(',')])];

    [Fact]
    public void RandomKills_ThenResume_EndBitIdenticalToAnUninterruptedRun()
    {
        // Given the uninterrupted run (in process)
        string root = CliRunner.TempDir();
        string configPath = Path.Combine(root, "tiny.json");
        File.WriteAllText(configPath, Config);
        string reference = Path.Combine(root, "reference");
        using (TrainingRun run = TrainingRun.Create(reference, SchemeIds.MaDrl, ExperimentConfig.Load(configPath), 7))
        {
            run.Train();
        }

        // When another run of the same scheme and seed is killed at random moments and started again each time
        string dir = Path.Combine(root, "killed");
        var random = new Random(20261201);
        int kills = 0;
        for (int attempt = 0; attempt < 12; attempt++)
        {
            bool killNow = attempt < 8;
            string[] args = TrainingRun.Exists(dir)
                ? ["train", "--resume", dir, "--threads", "1"]
                : ["train", "--scheme", "ma-drl", "--seed", "7", "--config", configPath, "--out", dir, "--threads", "1"];
            using Process p = ConcurrentWriterTests.Start(args);
            if (killNow && !p.WaitForExit(random.Next(0, 1200)))
            {
                p.Kill();
                Assert.True(p.WaitForExit(60_000));
                kills++;
                continue;
            }
            (int code, string err) = ConcurrentWriterTests.Finish(p);
            Assert.True(code == 0, err);
            if (TrainingRun.Exists(dir) && TrainingRun.Open(dir).IsComplete)
            {
                break;
            }
        }

        // Then it is complete and identical to the reference, with no temporary file left
        Assert.True(kills > 0);
        using TrainingRun done = TrainingRun.Open(dir);
        Assert.True(done.IsComplete);
        Assert.Equal(Curve(reference), Curve(dir));
        Assert.Equal(File.ReadAllBytes(Path.Combine(reference, TrainingRun.PolicyFile)), File.ReadAllBytes(Path.Combine(dir, TrainingRun.PolicyFile)));
        Assert.Equal(File.ReadAllText(Path.Combine(reference, TrainingRun.EvaluationFile)), File.ReadAllText(Path.Combine(dir, TrainingRun.EvaluationFile)));
        Assert.DoesNotContain(Directory.GetFiles(dir), f => f.EndsWith(".tmp", StringComparison.Ordinal) || f.Contains(".tmp-", StringComparison.Ordinal));
    }
}
