using System.Text.Json.Nodes;
using MecMarl.Experiments;

namespace MecMarl.Cli.Tests;

/// <summary>A reproduction folder never reports results of another evaluation or seed list (issue 11, item 2).</summary>
public sealed class ReproduceStateTests
{
    private static double Mean(JsonNode summary, string scheme, string metric) =>
        summary["schemes"]![scheme]![metric]!["mean"]!.GetValue<double>();

    [Fact]
    public void NewEvalSeed_ReEvaluatesTheLearnedSchemes_AndReproduceJsonFollows()
    {
        // Given a reproduction evaluated on the config's evaluation seed
        string dir = CliRunner.TempDir();
        string config = Path.Combine(dir, "tiny.json");
        File.WriteAllText(config, CliRunner.TinyConfig);
        string output = Path.Combine(dir, "out");
        Assert.Equal(0, CliRunner.Run("reproduce", "--config", config, "--budget", "smoke", "--out", output, "--threads", "1").Code);

        // When it is run again with another evaluation seed
        Assert.Equal(0, CliRunner.Run("reproduce", "--config", config, "--budget", "smoke", "--out", output, "--eval-seed", "999", "--threads", "1").Code);

        // Then every learned scheme's figure is its trained model evaluated on seed 999 (computed here
        // independently from the run folder), not the stored evaluation of the first seed
        JsonNode summary = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "summary.json")))!;
        foreach (string scheme in SchemeIds.Learning)
        {
            using TrainingRun run = TrainingRun.Open(Path.Combine(output, "runs", $"{scheme}-seed1"));
            EvaluationResult expected = run.Evaluate(2, 999);
            Assert.Equal(expected.TotalEnergyJ, Mean(summary, scheme, "totalEnergyJ"), 12);
            Assert.Equal(expected.SystemReward, Mean(summary, scheme, "systemReward"), 9);
            EvaluationResult stored = run.ReadEvaluation();
            Assert.NotEqual(999UL, stored.EvalSeed);
        }
        JsonNode state = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "reproduce.json")))!;
        Assert.Equal(999UL, state["evaluation"]!["seed"]!.GetValue<ulong>());
        Assert.Contains("evaluation seed 999", File.ReadAllText(Path.Combine(output, "summary.md")));
        Assert.Contains("\"seed\": 999", File.ReadAllText(Path.Combine(output, "config.json")));

        // And a new seed list: summary and reproduce.json both say seed 2
        Assert.Equal(0, CliRunner.Run("reproduce", "--config", config, "--budget", "smoke", "--out", output, "--seeds", "2", "--threads", "1").Code);
        state = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "reproduce.json")))!;
        Assert.Equal([2], state["seeds"]!.AsArray().Select(n => n!.GetValue<int>()));
        Assert.Contains("Training seeds 2;", File.ReadAllText(Path.Combine(output, "summary.md")));
    }
}
