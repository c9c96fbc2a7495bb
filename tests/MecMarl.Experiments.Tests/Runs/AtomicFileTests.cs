using MecMarl.Experiments;

namespace MecMarl.Experiments.Tests;

public sealed class AtomicFileTests
{
    [Fact]
    public void FailedWrite_LeavesTheOldFileAndNoTemporary()
    {
        string dir = Directory.CreateTempSubdirectory().FullName;
        string path = Path.Combine(dir, "result.json");
        File.WriteAllText(path, "old");
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, s =>
        {
            s.WriteByte(1);
            throw new InvalidOperationException("boom");
        }));
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(dir));
    }

    [Fact]
    public void Write_ReplacesTheFile()
    {
        string dir = Directory.CreateTempSubdirectory().FullName;
        string path = Path.Combine(dir, "sub", "a.txt");
        AtomicFile.WriteAllText(path, "one");
        AtomicFile.WriteAllText(path, "two");
        Assert.Equal("two", File.ReadAllText(path));
    }

    [Fact]
    public void OrphanedTemporaries_GoWhenTheirWriterIsDead_AndALiveWritersStay()
    {
        // Given a folder with the temporary file of a writer that no longer runs, one of this (live) process, and an output
        string dir = Path.Combine(Path.GetTempPath(), "mecmarl-atomic-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        string guid = Guid.NewGuid().ToString("N");
        string dead = Path.Combine(dir, $".sweep.csv.2147483646.{guid}.tmp");
        string live = Path.Combine(dir, $".sweep_energy.png.{Environment.ProcessId}.{guid}.tmp");
        string output = Path.Combine(dir, "sweep.csv");
        File.WriteAllText(dead, "cut");
        File.WriteAllText(live, "being written");
        File.WriteAllText(output, "point");
        // When orphaned temporaries are removed
        int deleted = AtomicFile.DeleteOrphanedTemporaries(dir);
        // Then only the dead writer's file went
        Assert.Equal(1, deleted);
        Assert.False(File.Exists(dead));
        Assert.True(File.Exists(live));
        Assert.True(File.Exists(output));
        Directory.Delete(dir, recursive: true);
    }
}
