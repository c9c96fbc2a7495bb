using System.Text.Json.Nodes;
using static MecMarl.Cli.Tests.CliRunner;

namespace MecMarl.Cli.Tests;

public sealed class ImitateCommandTests
{
    // The tiny scenario on the heuristic decoder, with a PPO scheme and the yardstick leaving infeasible UEs out.
    private static string Config(string dir)
    {
        string path = Path.Combine(dir, "imitate.json");
        File.WriteAllText(path, TinyConfig
            .Replace("\"slotsPerEpisode\": 10", "\"slotsPerEpisode\": 10, \"decoder\": \"heuristic\"", StringComparison.Ordinal)
            .Replace("\"schemes\": {", "\"policies\": { \"yardstick\": { \"leaveOutInfeasible\": true } }, \"schemes\": { \"ppo\": { \"learner\": \"ppo\", \"reward\": \"difference\" },", StringComparison.Ordinal));
        return path;
    }

    [Fact]
    public void Imitate_WritesOnePolicyPerSeed_ThatAStudyStartsFrom()
    {
        string dir = TempDir(), config = Config(dir), output = Path.Combine(dir, "imitated");
        var run = Run("imitate", "--config", config, "--scheme", "ppo", "--seeds", "1,2", "--episodes", "2", "--epochs", "2", "--out", output);
        Assert.Equal(0, run.Code);
        Assert.Contains("seed 2: 20 pairs per agent", run.Out, StringComparison.Ordinal);
        Assert.Contains("deadlines met on 2 evaluation episodes", run.Out, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(output, "runs", "ppo-seed1", "policy.ckpt")));
        Assert.True(File.Exists(Path.Combine(output, "runs", "ppo-seed2", "policy.ckpt")));
        Assert.True(File.Exists(Path.Combine(output, "config.sources.json")));
        JsonNode summary = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "imitate.json")))!;
        Assert.Equal("ppo", summary["request"]!["scheme"]!.GetValue<string>());
        Assert.Equal(2, summary["seeds"]!.AsArray().Count);
        Assert.InRange(summary["labelCheck"]!["labelsLatencyMetPct"]!.GetValue<double>(), 0, 100);
        Assert.Equal(3, summary["seeds"]![0]!["meanSquaredError"]!.AsArray().Count);

        string study = Path.Combine(dir, "study");
        Assert.Equal(0, Run("reproduce", "--config", config, "--set", $"training.initPolicy={output}", "--schemes", "ppo", "--seeds", "2",
            "--episodes", "2", "--out", study).Code);
        Assert.Contains($"actors start from {Path.Combine(output, "runs", "ppo-seed2", "policy.ckpt")}",
            File.ReadAllText(Path.Combine(study, "runs", "ppo-seed2", "train.log")), StringComparison.Ordinal);
    }

    [Fact]
    public void AnInterruptedRun_IsResumedByTheSameCommand_AndAnotherRequestIsRefused()
    {
        string dir = TempDir(), config = Config(dir), output = Path.Combine(dir, "imitated");
        string[] command = ["imitate", "--config", config, "--scheme", "ppo", "--seeds", "1,2", "--episodes", "2", "--epochs", "2", "--out", output];
        Assert.Equal(0, Run(command).Code);
        string second = Path.Combine(output, "runs", "ppo-seed2", "policy.ckpt"), summary = Path.Combine(output, "imitate.json");
        byte[] secondBytes = File.ReadAllBytes(second);
        string complete = File.ReadAllText(summary);

        // As if interrupted after seed 1: seed 2's record and file are missing.
        JsonNode state = JsonNode.Parse(complete)!;
        state["seeds"]!.AsArray().RemoveAt(1);
        File.WriteAllText(summary, state.ToJsonString());
        File.Delete(second);
        var resumed = Run(command);
        Assert.Equal(0, resumed.Code);
        Assert.Contains("seed 1: done by an earlier run into this folder", resumed.Out, StringComparison.Ordinal);
        Assert.Contains("seed 2: 20 pairs per agent", resumed.Out, StringComparison.Ordinal);
        Assert.Equal(secondBytes, File.ReadAllBytes(second));
        Assert.Equal(complete, File.ReadAllText(summary));

        // Done: running it again changes nothing; another request is refused with the folder untouched.
        Assert.Equal(0, Run(command).Code);
        Assert.Equal(complete, File.ReadAllText(summary));
        string[] other = [.. command.Select(a => a == "1,2" ? "1,2,3" : a)];
        AssertBadInput(Run(other), "--out", "another request");
        AssertBadInput(Run([.. command, "--keep-power"]), "--out", "another request");
        Assert.Equal(complete, File.ReadAllText(summary));
        Assert.Equal(secondBytes, File.ReadAllBytes(second));
    }

    [Fact]
    public void BadInput_IsOneLineNamingTheProblem_ExitCode2_AndNothingWritten()
    {
        string dir = TempDir(), config = Config(dir), output = Path.Combine(dir, "out");
        AssertBadInput(Run("imitate", "--config", config, "--out", output), "--scheme is required");
        AssertBadInput(Run("imitate", "--config", config, "--scheme", "ppo"), "--out is required");
        AssertBadInput(Run("imitate", "--config", config, "--scheme", "nope", "--out", output), "--scheme", "unknown scheme 'nope'");
        AssertBadInput(Run("imitate", "--config", config, "--scheme", "ppo", "--episodes", "0", "--out", output), "--episodes", "0");
        AssertBadInput(Run("imitate", "--config", config, "--scheme", "ppo", "--epochs", "-1", "--out", output), "--epochs");
        AssertBadInput(Run("imitate", "--config", config, "--scheme", "ppo", "--seeds", "1,x", "--out", output), "--seeds", "'x'");
        AssertBadInput(Run("imitate", "--config", config, "--set", "environment.decoder=greedy", "--scheme", "ppo", "--out", output),
            "environment.decoder", "heuristic decoder");
        AssertBadInput(Run("imitate", "--config", config, "--set", "schemes.ppo.parameterSharing=shared-with-agent-id", "--scheme", "ppo", "--out", output),
            "schemes.ppo.parameterSharing");
        string underFile = Path.Combine(config, "out");
        AssertBadInput(Run("imitate", "--config", config, "--scheme", "ppo", "--episodes", "1", "--epochs", "1", "--out", underFile), "--out", "is a file, not a folder");
        AssertBadInput(Run("imitate", "--config", config, "--scheme", "ppo", "--out", config), "--out", "is a file");
        Assert.False(Directory.Exists(output));

        // A folder that already holds something is not written into.
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "keep.txt"), "mine");
        AssertBadInput(Run("imitate", "--config", config, "--scheme", "ppo", "--episodes", "1", "--epochs", "1", "--out", output), "--out", "is not empty");
        Assert.Equal(["keep.txt"], Directory.GetFileSystemEntries(output).Select(Path.GetFileName));
        Assert.Equal("mine", File.ReadAllText(Path.Combine(output, "keep.txt")));
    }
}
