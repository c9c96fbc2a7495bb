using MecMarl.Learning;

namespace MecMarl.Experiments.Tests;

/// <summary>Run folders are never lost or left unusable (issue 11, items 1, 4 and 9).</summary>
public sealed class RunFolderSafetyTests
{
    [Fact]
    public void FolderLock_IsReentrantInOneProcess_AndNamesThisProcess()
    {
        // Given a folder locked twice by this process
        string dir = Path.Combine(Tiny.TempDir(), "locked");
        using FolderLock first = FolderLock.Acquire(dir);
        using (FolderLock second = FolderLock.Acquire(dir))
        {
            Assert.Equal(dir, second.Directory);
        }
        // Then the lock file and the owner file (this process's id first) are there while it is held
        Assert.True(File.Exists(Path.Combine(dir, FolderLock.LockFile)));
        Assert.Equal(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            File.ReadAllLines(Path.Combine(dir, FolderLock.OwnerFile))[0]);
        first.Dispose();
        // And the owner file goes with the last handle
        Assert.False(File.Exists(Path.Combine(dir, FolderLock.OwnerFile)));
    }

    [Fact]
    public void FolderLock_RefusesASecondOpenFileDescription()
    {
        // The OS lock itself: a second exclusive open of the lock file fails while the lock is held
        // (flock locks conflict between open file descriptions, as between processes).
        string dir = Path.Combine(Tiny.TempDir(), "locked");
        using FolderLock held = FolderLock.Acquire(dir);
        Assert.Throws<IOException>(() => new FileStream(Path.Combine(dir, FolderLock.LockFile), FileMode.Open, FileAccess.ReadWrite, FileShare.None).Dispose());
        held.Dispose();
        new FileStream(Path.Combine(dir, FolderLock.LockFile), FileMode.Open, FileAccess.ReadWrite, FileShare.None).Dispose();
    }

    [Fact]
    public void Create_TakesOverAnUnfinishedStart()
    {
        // Given a folder left by a run killed before its run.json landed: config.json and temporary files
        string dir = Path.Combine(Tiny.TempDir(), "run");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, TrainingRun.ConfigFile), "{ \"half\": ");
        File.WriteAllText(Path.Combine(dir, ".run.json.4242.0123456789abcdef.tmp"), "{");
        File.WriteAllText(Path.Combine(dir, FolderLock.LockFile), "");

        // When --resume is asked for, it explains; when a new run starts there, it takes the folder over
        var e = Assert.Throws<RunFolderException>(() => TrainingRun.Open(dir));
        Assert.Contains("stopped before it started", e.Message);
        using TrainingRun run = TrainingRun.Create(dir, SchemeIds.IlDrl, Tiny.Config, 3);

        // Then the folder holds the new run's files only
        Assert.Equal(Tiny.Config.ToJson(), File.ReadAllText(Path.Combine(dir, TrainingRun.ConfigFile)));
        Assert.False(File.Exists(Path.Combine(dir, ".run.json.4242.0123456789abcdef.tmp")));
        Assert.Equal(3, TrainingRun.Open(dir).Seed);
    }

    [Fact]
    public void Create_StillRefusesAFolderWithOtherFiles()
    {
        string dir = Path.Combine(Tiny.TempDir(), "run");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, TrainingRun.ConfigFile), "{}");
        File.WriteAllText(Path.Combine(dir, "notes.txt"), "mine");
        var e = Assert.Throws<RunFolderException>(() => TrainingRun.Create(dir, SchemeIds.IlDrl, Tiny.Config, 3));
        Assert.Contains("not empty", e.Message);
        // Nothing was written into the refused folder, not even a lock file
        Assert.Equal(2, Directory.GetFileSystemEntries(dir).Length);
    }

    [Fact]
    public void ResumedToCompletion_LeavesNoTemporaryFiles()
    {
        // Given an interrupted run with the leftovers of writers killed mid-write
        string dir = Path.Combine(Tiny.TempDir(), "run");
        using (TrainingRun run = TrainingRun.Create(dir, SchemeIds.IlDrl, Tiny.Config, 1))
        {
            using var cts = new CancellationTokenSource();
            Assert.Throws<OperationCanceledException>(() => run.Train(1, _ => cts.Cancel(), cts.Token));
        }
        string[] leftovers = ["checkpoint.ckpt.tmp-99999", ".episodes.csv.99999.0123456789abcdef.tmp", ".run.json.99999.fedcba9876543210.tmp"];
        foreach (string f in leftovers)
        {
            File.WriteAllBytes(Path.Combine(dir, f), new byte[100]);
        }

        // When it is resumed to completion
        using (TrainingRun resumed = TrainingRun.Open(dir))
        {
            resumed.Train();
        }

        // Then no temporary file is left, and the lock's owner file went with the lock
        foreach (string f in leftovers)
        {
            Assert.False(File.Exists(Path.Combine(dir, f)), f);
        }
        Assert.DoesNotContain(Directory.GetFiles(dir), p => p.EndsWith(".tmp", StringComparison.Ordinal) || p.Contains(".tmp-", StringComparison.Ordinal));
        Assert.False(File.Exists(Path.Combine(dir, FolderLock.OwnerFile)));
    }

    [Theory]
    [InlineData(".episodes.csv.12.abc.tmp", "episodes.csv", true)]
    [InlineData(".run.json.1.2.tmp", "run.json", true)]
    [InlineData("run.json", "run.json", false)]
    [InlineData(".run.json.1.2.tmp", "config.json", false)]
    [InlineData(".run.jsonx.1.2.tmp", "run.json", false)]
    public void IsTemporaryOf_MatchesTheAtomicWritersNames(string name, string target, bool expected)
    {
        Assert.Equal(expected, AtomicFile.IsTemporaryOf(name, target));
    }

    [Fact]
    public void Reproduction_TakesOverAnUnfinishedStart_AndRefusesOtherFolders()
    {
        string root = Tiny.TempDir();
        string unfinished = Path.Combine(root, "r");
        Directory.CreateDirectory(unfinished);
        File.WriteAllText(Path.Combine(unfinished, "config.json"), "{");
        using (var r = new Reproduction(unfinished, Tiny.Config, [1], "smoke"))
        {
            r.Prepare();
        }
        Assert.True(File.Exists(Path.Combine(unfinished, "reproduce.json")));

        string other = Path.Combine(root, "o");
        Directory.CreateDirectory(other);
        File.WriteAllText(Path.Combine(other, "mine.txt"), "x");
        using var refused = new Reproduction(other, Tiny.Config, [1], "smoke");
        Assert.Throws<RunFolderException>(() => refused.Prepare());
        Assert.Single(Directory.GetFileSystemEntries(other));
    }
}

/// <summary>Damaged or forged run-folder files are refused with one clear message (issue 11, items 8 and 10).</summary>
public sealed class DamagedRunFolderTests
{
    private static string Interrupted(string scheme = SchemeIds.IlDrl)
    {
        string dir = Path.Combine(Tiny.TempDir(), "run");
        using TrainingRun run = TrainingRun.Create(dir, scheme, Tiny.Config, 1);
        using var cts = new CancellationTokenSource();
        Assert.Throws<OperationCanceledException>(() => run.Train(1, r => { if (r.Episode == 2) { cts.Cancel(); } }, cts.Token));
        return dir;
    }

    [Theory]
    [InlineData(-1L, 0)]
    [InlineData(1000L, 0)]
    [InlineData(2L, -5)]
    public void ForgedTrainerCounters_WithAValidChecksum_AreRefused(long episodes, long updates)
    {
        // Given a checkpoint rewritten section by section (so its CRC is valid) with forged counters
        string dir = Interrupted();
        string path = Path.Combine(dir, TrainingRun.CheckpointFile);
        CheckpointReader original = CheckpointReader.Load(path);
        var forged = new CheckpointWriter();
        foreach (string name in original.SectionNames)
        {
            long[] shape = [.. original.ShapeOf(name)];
            if (name == "trainer.counters")
            {
                long[] c = original.Int64s(name, shape).ToArray();
                c[1] = episodes;
                c[3] = updates < 0 ? updates : c[3];
                forged.AddInt64s(name, c, shape);
            }
            else if (TryFloats(original, name, shape, out float[]? floats))
            {
                forged.AddFloats(name, floats, shape);
            }
            else
            {
                forged.AddInt64s(name, original.Int64s(name, shape), shape);
            }
        }
        forged.Save(path);

        // When the run is resumed, then the forgery is named and nothing is trained
        string csv = File.ReadAllText(Path.Combine(dir, TrainingRun.EpisodesFile));
        var e = Assert.Throws<RunFolderException>(() => TrainingRun.Open(dir).Train());
        Assert.Contains("counters out of range", e.Message);
        Assert.Equal(csv, File.ReadAllText(Path.Combine(dir, TrainingRun.EpisodesFile)));
    }

    private static bool TryFloats(CheckpointReader reader, string name, long[] shape, out float[]? floats)
    {
        try
        {
            floats = reader.Floats(name, shape).ToArray();
            return true;
        }
        catch (CheckpointException)
        {
            floats = null;
            return false;
        }
    }

    [Fact]
    public void FlippedSectionNameByte_SaysCorruptedAtAnOffset_InOneShortLine()
    {
        // Given a checkpoint whose first section name (just after the 8-byte magic, the version, the
        // count and the 2-byte name length: offset 18) has a byte changed to a control character
        string dir = Interrupted();
        string path = Path.Combine(dir, TrainingRun.CheckpointFile);
        byte[] bytes = File.ReadAllBytes(path);
        bytes[18] = 0x01;
        File.WriteAllBytes(path, bytes);

        var e = Assert.Throws<CheckpointException>(() => CheckpointReader.Load(path));
        Assert.Contains("offset 18", e.Message);
        Assert.Contains("corrupted", e.Message);
        Assert.True(e.Message.Length < 300, e.Message);
    }

    [Fact]
    public void CompleteRunJson_WithoutAModel_IsNotBelieved()
    {
        string dir = Interrupted();
        string runJson = Path.Combine(dir, TrainingRun.RunFile);
        File.WriteAllText(runJson, File.ReadAllText(runJson).Replace("\"interrupted\"", "\"complete\"", StringComparison.Ordinal));
        var e = Assert.Throws<RunFolderException>(() => TrainingRun.Open(dir));
        Assert.Contains("policy.ckpt is missing", e.Message);
    }
}

/// <summary>Divergence is caught before anything non-finite is written (issue 11, item 6).</summary>
public sealed class DivergenceTests
{
    private static EpisodeRecord Record(double criticLoss = 1.5, double reward = -10) => new()
    {
        Scheme = SchemeIds.IlDrl,
        Seed = 1,
        Episode = 3,
        SystemReward = reward,
        AgentRewards = [reward, 0, 0],
        LatencyMetPct = 50,
        EnergyJ = 0.1,
        CriticLoss = criticLoss,
        ActorLoss = -2,
        NoiseStd = 0.1,
        WallSeconds = 1,
    };

    [Fact]
    public void FiniteEpisode_IsNotDivergent()
    {
        var trainer = new MultiAgentTrainer(SchemeIds.IlDrl, Tiny.Config, 1);
        Assert.Null(TrainingRun.Divergence(Record(), trainer));
    }

    [Fact]
    public void InfiniteCriticLoss_OrReward_IsDivergent()
    {
        var trainer = new MultiAgentTrainer(SchemeIds.IlDrl, Tiny.Config, 1);
        Assert.Contains("critic loss", TrainingRun.Divergence(Record(criticLoss: double.PositiveInfinity), trainer));
        Assert.Contains("system reward", TrainingRun.Divergence(Record(reward: double.NegativeInfinity), trainer));
    }

    [Fact]
    public void NonFiniteParameter_IsDivergent_AndNamesTheNetwork()
    {
        var trainer = new MultiAgentTrainer(SchemeIds.IlDrl, Tiny.Config, 1);
        trainer.Learners[2].Critic.Parameters[5] = float.NaN;
        Assert.Equal("a non-finite parameter in agent 2's critic", TrainingRun.Divergence(Record(), trainer));
        Assert.Equal("a non-finite parameter in agent 2's critic", TrainingRun.Divergence(null, trainer));
    }

    [Fact]
    public void CheckpointWithANaNParameter_IsRefusedOnResume_AndNothingIsWritten()
    {
        // Given an interrupted run whose checkpoint is rewritten (valid CRC) with one actor weight NaN
        string dir = Path.Combine(Tiny.TempDir(), "run");
        using (TrainingRun run = TrainingRun.Create(dir, SchemeIds.IlDrl, Tiny.Config, 1))
        {
            using var cts = new CancellationTokenSource();
            Assert.Throws<OperationCanceledException>(() => run.Train(1, r => { if (r.Episode == 2) { cts.Cancel(); } }, cts.Token));
        }
        string path = Path.Combine(dir, TrainingRun.CheckpointFile);
        var trainer = new MultiAgentTrainer(SchemeIds.IlDrl, Tiny.Config, 1);
        trainer.Restore(CheckpointReader.Load(path), TrainingRun.Open(dir).Fingerprint);
        trainer.Learners[0].Actor.Parameters[0] = float.NaN;
        var writer = new CheckpointWriter();
        trainer.Save(writer, TrainingRun.Open(dir).Fingerprint);
        writer.Save(path);
        string csv = File.ReadAllText(Path.Combine(dir, TrainingRun.EpisodesFile));

        // When it is resumed, then it is refused naming the network, and episodes.csv is untouched
        var e = Assert.Throws<RunFolderException>(() => TrainingRun.Open(dir).Train());
        Assert.Contains("agent 0's actor", e.Message);
        Assert.Equal(csv, File.ReadAllText(Path.Combine(dir, TrainingRun.EpisodesFile)));
    }

    [Fact]
    public void FolderLock_RemovesTheOwnerFileTemporaryOfAKilledHolder()
    {
        // Given a folder where a holder was killed while writing the owner file
        string dir = Path.Combine(Path.GetTempPath(), "mecmarl-lock-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        string left = Path.Combine(dir, $".{FolderLock.OwnerFile}.2147483646.{Guid.NewGuid():N}.tmp");
        File.WriteAllText(left, "21474");
        // When the folder is locked again
        using (FolderLock.Acquire(dir))
        {
            // Then the leftover is gone and the owner file names this process
            Assert.False(File.Exists(left));
            Assert.Equal(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                File.ReadAllLines(Path.Combine(dir, FolderLock.OwnerFile))[0]);
        }
        Directory.Delete(dir, recursive: true);
    }
}
