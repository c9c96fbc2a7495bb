using static MecMarl.Cli.Tests.CliRunner;

namespace MecMarl.Cli.Tests;

public sealed class ErrorPathTests
{
    [Fact]
    public void InvalidDecisions_NameFilePathAndClass_AndWriteNothing()
    {
        string dir = CliRunner.TempDir();
        string output = Path.Combine(dir, "results.json");
        string decisions = CliRunner.Case("invalid_share_sum", "decisions.json");
        var run = CliRunner.Run("evaluate", "--scenario", CliRunner.Case("invalid_share_sum", "scenario.json"), "--decisions", decisions, "--out", output);
        AssertBadInput(run, decisions, "slots[0].ues[5]", "share_sum");
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void InvalidDecisions_DoNotOverwriteAnExistingResultsFile()
    {
        string dir = CliRunner.TempDir();
        string output = Path.Combine(dir, "results.json");
        File.WriteAllText(output, "previous");
        var run = CliRunner.Run("evaluate", "--scenario", CliRunner.Case("invalid_share_sum", "scenario.json"),
            "--decisions", CliRunner.Case("invalid_share_sum", "decisions.json"), "--out", output);
        Assert.Equal(2, run.Code);
        Assert.Equal("previous", File.ReadAllText(output));
        Assert.Single(Directory.GetFiles(dir));
    }

    [Fact]
    public void MalformedJson_IsReportedWithTheFile()
    {
        string dir = CliRunner.TempDir();
        string decisions = Path.Combine(dir, "d.json");
        File.WriteAllText(decisions, "{\"slots\": [ {\"ues\": [ }");
        string output = Path.Combine(dir, "r.json");
        var run = CliRunner.Run("evaluate", "--scenario", CliRunner.Case("hand_single_ue", "scenario.json"), "--decisions", decisions, "--out", output);
        AssertBadInput(run, decisions, "format");
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void NaNAction_IsRejectedWithItsPath()
    {
        // Given an actions file whose first value is a non-finite number (written as a string the
        // JSON grammar cannot carry, so NaN arrives as a format error), the decoder never runs.
        string dir = CliRunner.TempDir();
        string actions = Path.Combine(dir, "a.json");
        File.WriteAllText(actions, "{\"slots\": [ {\"agents\": [ [\"NaN\", 0, 0, 0, 0] ] } ] }");
        string output = Path.Combine(dir, "d.json");
        var run = CliRunner.Run("decode", "--scenario", CliRunner.Case("hand_single_ue", "scenario.json"), "--actions", actions, "--out", output);
        AssertBadInput(run, actions, "slots");
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void WrongActionLength_IsAShapeError()
    {
        // hand_single_ue has 1 UE and K = 2 channels: an action has 1 * (3 + 2) = 5 numbers.
        string dir = CliRunner.TempDir();
        string actions = Path.Combine(dir, "a.json");
        string slot = "{\"agents\": [ [0.5, 0.5, 0.5, 1, 0] ] }";
        string shortSlot = "{\"agents\": [ [0.5, 0.5, 0.5, 1] ] }";
        File.WriteAllText(actions, "{\"slots\": [" + slot + "," + slot + "," + shortSlot + "," + slot + "] }");
        string output = Path.Combine(dir, "d.json");
        var run = CliRunner.Run("decode", "--scenario", CliRunner.Case("hand_single_ue", "scenario.json"), "--actions", actions, "--out", output);
        AssertBadInput(run, "slots[2].agents[0]", "shape");
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void MissingInputFile_IsNamed()
    {
        string dir = CliRunner.TempDir();
        var run = CliRunner.Run("evaluate", "--scenario", Path.Combine(dir, "none.json"), "--decisions", Path.Combine(dir, "d.json"), "--out", Path.Combine(dir, "r.json"));
        AssertBadInput(run, "--scenario", "none.json", "not found");
    }

    [Fact]
    public void OutputOverAnInput_IsRefused()
    {
        string dir = CliRunner.TempDir();
        string scenario = Path.Combine(dir, "s.json");
        File.Copy(CliRunner.Case("hand_single_ue", "scenario.json"), scenario);
        string before = File.ReadAllText(scenario);
        var run = CliRunner.Run("evaluate", "--scenario", scenario, "--decisions", CliRunner.Case("hand_single_ue", "decisions.json"), "--out", scenario);
        AssertBadInput(run, "--out", "overwrite an input");
        Assert.Equal(before, File.ReadAllText(scenario));
    }

    [Fact]
    public void UnknownConfigField_IsNamedWithItsPath()
    {
        string dir = CliRunner.TempDir();
        string config = Path.Combine(dir, "c.json");
        File.WriteAllText(config, "{\"channel\": {\"channels\": 16, \"bandwith\": 10}}");
        string output = Path.Combine(dir, "s.json");
        var run = CliRunner.Run("scenario", "export", "--config", config, "--out", output);
        AssertBadInput(run, config, "channel.bandwith", "unknown field");
        Assert.False(File.Exists(output));
    }

    [Theory]
    [InlineData("{\"reward\": {\"penaltyClipS\": -1}}", "reward.penaltyClipS")]
    [InlineData("{\"network\": {\"sbsCount\": \"six\"}}", "network.sbsCount")]
    [InlineData("{\"network\": {\"sbsCount\": 40}}", "network")]
    [InlineData("{\"tasks\": {\"sizeMinKb\": 400, \"sizeMaxKb\": 300}}", "tasks.size")]
    public void BadConfigValues_AreNamed(string json, string field)
    {
        string dir = CliRunner.TempDir();
        string config = Path.Combine(dir, "c.json");
        File.WriteAllText(config, json);
        var run = CliRunner.Run("simulate", "--policy", "local", "--config", config, "--episodes", "1");
        AssertBadInput(run, config, field);
    }

    [Theory]
    [InlineData("simulate", "--policy", "greedy")]
    [InlineData("simulate")]
    [InlineData("simulate", "--policy", "local", "--episodes", "0")]
    [InlineData("simulate", "--policy", "local", "--episodes", "many")]
    [InlineData("scenario", "export", "--slots", "3")]
    [InlineData("bench", "--threads", "0")]
    [InlineData("bench", "--runs", "0")]
    [InlineData("no-such-command")]
    public void BadOptions_ExitWithTwo(params string[] args)
    {
        var run = CliRunner.Run(args);
        AssertBadInput(run);
    }

    [Theory]
    [InlineData("simulate")]
    [InlineData("evaluate")]
    [InlineData("decode")]
    [InlineData("bench")]
    [InlineData("scenario", "export")]
    public void EveryCommand_HasHelp(params string[] command)
    {
        var run = CliRunner.Run([.. command, "--help"]);
        Assert.Equal(0, run.Code);
        Assert.Contains("USAGE", run.Out);
        Assert.Contains("--", run.Out);
    }
}
