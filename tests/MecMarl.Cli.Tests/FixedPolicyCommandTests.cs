using System.Text.Json;
using System.Text.RegularExpressions;
using MecMarl.Simulation;

namespace MecMarl.Cli.Tests;

public sealed class FixedPolicyCommandTests
{
    private static string WriteConfig(string json)
    {
        string path = Path.Combine(CliRunner.TempDir(), "config.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Theory]
    [InlineData("random")]
    [InlineData("constant")]
    [InlineData("full-offload")]
    [InlineData("heuristic")]
    public void SimulateAndEval_GiveTheSameNumbers_ForTheSameEpisodes(string policy)
    {
        // Given the paper preset (training.layoutSeed 1): simulate --seed 3 --layout-seed 1 and
        // eval --scheme --eval-seed 3 run the same layout, episodes and policy draws.
        var sim = CliRunner.Run("simulate", "--policy", policy, "--episodes", "1", "--seed", "3", "--layout-seed", "1");
        var eval = CliRunner.Run("eval", "--scheme", policy, "--episodes", "1", "--eval-seed", "3");
        Assert.Equal(0, sim.Code);
        Assert.Equal(0, eval.Code);
        string energy = Regex.Match(sim.Out, @"total energy \(J per UE per slot\)\s*│\s*(\S+)").Groups[1].Value;
        string reward = Regex.Match(sim.Out, @"system reward per episode\s*│\s*(\S+)").Groups[1].Value;
        Assert.NotEqual("", energy);
        Assert.Matches($@"{Regex.Escape(policy)}\s*│\s*–\s*│\s*{Regex.Escape(energy)}\s*│.*│\s*{Regex.Escape(reward)}\s*│", eval.Out);
    }

    [Fact]
    public void EveryFixedPolicy_RunsInSimulate()
    {
        foreach (string policy in new[] { "yardstick-local", "heuristic", "constant" })
        {
            var run = CliRunner.Run("simulate", "--policy", policy, "--episodes", "1");
            Assert.True(run.Code == 0, run.Err);
            Assert.Contains("deadlines met (%)", run.Out);
        }
        CliRunner.AssertBadInput(CliRunner.Run("simulate", "--policy", "best", "--episodes", "1"), "--policy", "heuristic");
    }

    [Theory]
    [InlineData("""{"policies":{"constant":{"action":[1,0.5]}}}""", "policies.constant.action:", "3 + K = 19")]
    [InlineData("""{"channel":{"channels":2},"policies":{"constant":{"action":[1,0.5,0.5,1.5,0.5]}}}""", "policies.constant.action[3]", "[0, 1]")]
    [InlineData("""{"policies":{"heuristic":{"deadlineMargin":1}}}""", "policies.heuristic.deadlineMargin", "[0, 1)")]
    public void BadPolicySettings_AreOneLineNamingTheJsonPath(string json, string path, string problem)
    {
        string config = WriteConfig(json);
        CliRunner.AssertBadInput(CliRunner.Run("simulate", "--policy", "constant", "--config", config), config, path, problem);
        CliRunner.AssertBadInput(CliRunner.Run("eval", "--scheme", "heuristic", "--config", config), config, path, problem);
    }

    [Fact]
    public void Decode_UsesTheConfigsDecoder()
    {
        // Given the deadline-aware decoder in --config, decode writes what that decoder gives,
        // which differs from the SPEC 7 greedy decisions of the same actions.
        string dir = CliRunner.TempDir();
        string config = WriteConfig("""{"environment":{"decoder":"deadline-aware"}}""");
        string output = Path.Combine(dir, "decisions.json");
        string scenarioPath = CliRunner.Case("decoder_paper_default", "scenario.json");
        string actionsPath = CliRunner.Case("decoder_paper_default", "actions.json");
        var run = CliRunner.Run("decode", "--scenario", scenarioPath, "--actions", actionsPath, "--out", output, "--config", config);
        Assert.True(run.Code == 0, run.Err);

        Scenario scenario = ScenarioFile.Read(scenarioPath);
        double[][][] actions = AgentVectorsFile.ReadActions(actionsPath, scenario.Layout, scenario.Slots.Count);
        var expected = ScenarioEvaluation.DecodeActions(scenario, actions,
            new DeadlineAwareDecoder(scenario.Layout, new EnvironmentConfig { Decoder = DecoderKind.DeadlineAware })).Decisions;
        using var written = JsonDocument.Parse(File.ReadAllText(output));
        JsonElement ue = written.RootElement.GetProperty("slots")[1].GetProperty("ues")[4];
        Assert.Equal(expected[1].PowerW[4], ue.GetProperty("powerW").GetDouble());
        Assert.Equal(expected[1].Share[4], ue.GetProperty("share").GetDouble());
        using var greedy = JsonDocument.Parse(File.ReadAllText(CliRunner.Case("decoder_paper_default", "decisions.json")));
        Assert.NotEqual(greedy.RootElement.GetProperty("slots")[1].GetProperty("ues")[4].GetProperty("share").GetDouble(), ue.GetProperty("share").GetDouble());

        CliRunner.AssertBadInput(CliRunner.Run("decode", "--scenario", scenarioPath, "--actions", actionsPath, "--out", config, "--config", config), "--out", "overwrite");
    }

    [Fact]
    public void Reproduce_RejectsAnUnknownFixedPolicy()
    {
        string dir = Path.Combine(CliRunner.TempDir(), "out");
        CliRunner.AssertBadInput(CliRunner.Run("reproduce", "--budget", "smoke", "--schemes", "constant,best", "--out", dir), "--schemes", "'best'");
        CliRunner.AssertBadInput(CliRunner.Run("reproduce", "--budget", "smoke", "--schemes", "constant,constant", "--out", dir), "--schemes", "twice");
        Assert.False(Directory.Exists(dir));
    }
}
