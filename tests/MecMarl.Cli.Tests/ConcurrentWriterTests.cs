using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using MecMarl.Experiments;

namespace MecMarl.Cli.Tests;

/// <summary>
/// One writer per run or reproduction folder, across real processes (issue 11, item 1): the OS lock is
/// what these tests exercise, so they start the <c>mecmarl</c> program, not the in-process runner.
/// Every wait is bounded.
/// </summary>
public sealed class ConcurrentWriterTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);

    /// <summary>Starts <c>mecmarl</c> as a separate process with its output captured.</summary>
    internal static Process Start(params string[] args)
    {
        string host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h ? h : "dotnet";
        var info = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "mecmarl.dll"));
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }
        return Process.Start(info)!;
    }

    /// <summary>Waits (bounded) for the process and returns its exit code and standard error.</summary>
    internal static (int Code, string Err) Finish(Process p)
    {
        Task<string> err = p.StandardError.ReadToEndAsync();
        Task<string> outText = p.StandardOutput.ReadToEndAsync();
        if (!p.WaitForExit(Limit))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail("mecmarl did not finish in time");
        }
        p.WaitForExit();
        _ = outText.Result;
        return (p.ExitCode, err.Result);
    }

    private static string Tiny(string dir, int episodes = 4)
    {
        string path = Path.Combine(dir, "tiny.json");
        File.WriteAllText(path, CliRunner.TinyConfig.Replace("\"episodes\": 4,", $"\"episodes\": {episodes},", StringComparison.Ordinal));
        return path;
    }

    [Fact]
    public void SecondWriter_GetsExit2NamingTheHoldersPid_AndWritesNothing()
    {
        // Given a folder this process holds
        string dir = CliRunner.TempDir();
        string config = Tiny(dir);
        string run = Path.Combine(dir, "run");
        using (FolderLock held = FolderLock.Acquire(run, "run folder"))
        {
            // When another process starts a run there
            (int code, string err) = Finish(Start("train", "--scheme", "il-drl", "--config", config, "--out", run));

            // Then it is refused with the holder's PID, and wrote nothing
            Assert.Equal(2, code);
            Assert.Contains($"PID {Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}", err);
            Assert.Contains("in use by another mecmarl process", err);
            Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.False(File.Exists(Path.Combine(run, TrainingRun.RunFile)));
            Assert.False(File.Exists(Path.Combine(run, TrainingRun.ConfigFile)));
        }
    }

    [Fact]
    public void SecondResume_IsRefused_WhileARunIsHeld()
    {
        // Given a run that this process holds open
        string dir = CliRunner.TempDir();
        string run = Path.Combine(dir, "run");
        Assert.Equal(0, CliRunner.Run("train", "--scheme", "il-drl", "--config", Tiny(dir), "--out", run).Code);
        using TrainingRun open = TrainingRun.Open(run);
        string before = File.ReadAllText(Path.Combine(run, TrainingRun.LogFile));

        // When another process resumes it, it is refused naming this process
        (int code, string err) = Finish(Start("train", "--resume", run));
        Assert.Equal(2, code);
        Assert.Contains($"PID {Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}", err);
        Assert.Equal(before, File.ReadAllText(Path.Combine(run, TrainingRun.LogFile)));
    }

    [Fact]
    public void TwoRacingStarts_OneWins_TheOtherIsRefused_AndTheFolderHoldsOneRun()
    {
        // Given two processes started together on one --out, with different schemes and seeds
        string dir = CliRunner.TempDir();
        string config = Tiny(dir);
        string run = Path.Combine(dir, "run");
        Process a = Start("train", "--scheme", "f-drl", "--seed", "5", "--config", config, "--out", run, "--threads", "1");
        Process b = Start("train", "--scheme", "ma-drl", "--seed", "7", "--config", config, "--out", run, "--threads", "1");
        (int codeA, string errA) = Finish(a);
        (int codeB, string errB) = Finish(b);

        // Then exactly one is accepted; the other exits 2 (in use, or already a run if it came late)
        Assert.Equal([0, 2], new[] { codeA, codeB }.Order());
        string loser = codeA == 2 ? errA : errB;
        Assert.True(loser.Contains("in use by another mecmarl process", StringComparison.Ordinal) || loser.Contains("already holds a run", StringComparison.Ordinal), loser);
        string winnerScheme = codeA == 0 ? "f-drl" : "ma-drl";
        JsonNode runJson = JsonNode.Parse(File.ReadAllText(Path.Combine(run, TrainingRun.RunFile)))!;
        Assert.Equal(winnerScheme, runJson["scheme"]!.GetValue<string>());
        Assert.Equal("complete", runJson["status"]!.GetValue<string>());
        // And the log is one run's: one start line, every episode line once
        string[] log = File.ReadAllLines(Path.Combine(run, TrainingRun.LogFile));
        Assert.Single(log, l => l.Contains(" started ", StringComparison.Ordinal));
        Assert.Equal(4, log.Count(l => l.Contains(" episode ", StringComparison.Ordinal)));
    }

    [Fact]
    public void LockOfAKilledWriter_IsReleased()
    {
        // Given a training process killed (SIGKILL) while it holds its run folder
        string dir = CliRunner.TempDir();
        string run = Path.Combine(dir, "run");
        Process p = Start("train", "--scheme", "il-drl", "--config", Tiny(dir, episodes: 100000), "--out", run, "--threads", "1");
        var clock = Stopwatch.StartNew();
        while (!File.Exists(Path.Combine(run, TrainingRun.RunFile)) && clock.Elapsed < Limit && !p.HasExited)
        {
            Thread.Sleep(20);
        }
        Assert.False(p.HasExited);
        p.Kill();
        Assert.True(p.WaitForExit(Limit));

        // Then the lock is free at once: this process takes it
        using FolderLock mine = FolderLock.Acquire(run, "run folder");
        Assert.Equal(Environment.ProcessId.ToString(CultureInfo.InvariantCulture), File.ReadAllLines(Path.Combine(run, FolderLock.OwnerFile))[0]);
    }
}
