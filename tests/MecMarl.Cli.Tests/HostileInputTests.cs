using System.Diagnostics;

using static MecMarl.Cli.Tests.CliRunner;

namespace MecMarl.Cli.Tests;

/// <summary>Inputs that used to crash or hang the program get exit 2 and one line (issue 11, items 8 and 10).</summary>
public sealed class HostileInputTests
{
    [Theory]
    [InlineData("simulate", "--policy", "local", "--config")]
    [InlineData("train", "--scheme", "ma-drl", "--out", "OUT", "--config")]
    public void DevZeroAsConfig_IsRefusedBeforeReading(params string[] args)
    {
        string dir = CliRunner.TempDir();
        string[] line = [.. args.Select(a => a == "OUT" ? Path.Combine(dir, "run") : a), "/dev/zero"];
        AssertBadInput(CliRunner.Run(line), "/dev/zero", "not a regular file");
        Assert.Empty(Directory.GetFileSystemEntries(dir));
    }

    [Fact]
    public void OutputUnderDev_IsRefused_SoThatNoDeviceIsReplaced()
    {
        // Writing renames a temporary file over the target: as root, --out /dev/zero once replaced the device with a
        // regular file. A path under /dev that does not exist shows the refusal without risking a real device.
        string target = "/dev/mecmarl-test-" + Guid.NewGuid().ToString("N");
        try
        {
            AssertBadInput(CliRunner.Run("scenario", "export", "--slots", "1", "--out", target), target, "device or system file");
            Assert.False(File.Exists(target));

            // The memory file system /dev/shm holds regular files and is allowed.
            if (Directory.Exists("/dev/shm"))
            {
                string shm = "/dev/shm/mecmarl-test-" + Guid.NewGuid().ToString("N") + ".json";
                try
                {
                    Assert.Equal(0, CliRunner.Run("scenario", "export", "--slots", "1", "--out", shm).Code);
                    Assert.True(File.Exists(shm));
                }
                finally
                {
                    File.Delete(shm);
                }
            }
        }
        finally
        {
            File.Delete(target);
        }
    }

    [Fact]
    public void DevZeroAsScenario_IsRefusedBeforeReading()
    {
        string dir = CliRunner.TempDir();
        string output = Path.Combine(dir, "r.json");
        AssertBadInput(CliRunner.Run("evaluate", "--scenario", "/dev/zero", "--decisions", CliRunner.Case("hand_single_ue", "decisions.json"), "--out", output),
            "/dev/zero", "not a regular file");
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task FifoAsConfig_IsRefusedWithoutBlocking()
    {
        // Given a named pipe that nobody writes (opening it for reading would block for ever)
        string dir = CliRunner.TempDir();
        string fifo = Path.Combine(dir, "config.fifo");
        using (Process mk = Process.Start("mkfifo", fifo))
        {
            Assert.True(mk.WaitForExit(10_000));
        }
        // When it is given as --config (a bounded wait: the call runs on a worker thread)
        var call = Task.Run(() => CliRunner.Run("simulate", "--policy", "local", "--config", fifo));
        Assert.Same(call, await Task.WhenAny(call, Task.Delay(TimeSpan.FromSeconds(60))));
        AssertBadInput(await call, fifo, "not a regular file");
    }

    [Fact]
    public void DuplicateJsonKey_IsRefused()
    {
        string dir = CliRunner.TempDir();
        string config = Path.Combine(dir, "dup.json");
        File.WriteAllText(config, "{ \"training\": { \"episodes\": 4, \"episodes\": 5 } }");
        AssertBadInput(CliRunner.Run("simulate", "--policy", "local", "--config", config), config, "episodes");
    }

    [Fact]
    public void BenchJsonIntoADirectory_IsRefusedBeforeAnyWork()
    {
        string dir = CliRunner.TempDir();
        var run = CliRunner.Run("bench", "--json", dir);
        AssertBadInput(run, "--json", "is a directory");
        Assert.Equal("", run.Out);
    }

    [Fact]
    public void DecodeObservationsOverOut_SaysSo()
    {
        string dir = CliRunner.TempDir();
        string output = Path.Combine(dir, "d.json");
        AssertBadInput(CliRunner.Run("decode", "--scenario", CliRunner.Case("hand_single_ue", "scenario.json"), "--actions", CliRunner.Case("hand_single_ue", "scenario.json"),
            "--out", output, "--observations", output), "--observations", "is also the --out file");
    }
}
