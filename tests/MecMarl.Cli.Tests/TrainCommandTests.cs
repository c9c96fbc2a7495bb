using System.Text.Json.Nodes;

using static MecMarl.Cli.Tests.CliRunner;

namespace MecMarl.Cli.Tests;

public sealed class TrainCommandTests
{
    private static string Tiny(string dir)
    {
        string path = Path.Combine(dir, "tiny.json");
        File.WriteAllText(path, CliRunner.TinyConfig);
        return path;
    }

    /// <summary>
    /// The report's latency budget line (<c>slot budget: ...</c>): every part a finite non-negative number
    /// of milliseconds per slot, the parts summing to the wall time (up to the printed digits); returns
    /// the slots, the wall time (s) and messaging (ms per slot).
    /// </summary>
    internal static (long Slots, double WallSeconds, double MessagingMs) AssertBudgetLine(string output)
    {
        System.Text.RegularExpressions.Match m = System.Text.RegularExpressions.Regex.Match(output,
            @"slot budget: ([\d,]+) slots in ([\d.]+) s \(([\d.]+) slots/s\); per slot: acting ([\d.]+) ms, stepping ([\d.]+) ms, updating ([\d.]+) ms, messaging ([\d.]+) ms, averaging ([\d.]+) ms \((\d+) rounds, ([\d.]+) ms each\), other ([\d.]+) ms");
        Assert.True(m.Success, output);
        double N(int g) => double.Parse(m.Groups[g].Value, System.Globalization.CultureInfo.InvariantCulture);
        long slots = long.Parse(m.Groups[1].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
        double wall = N(2);
        double[] perSlotMs = [N(4), N(5), N(6), N(7), N(8), N(11)];
        Assert.All(perSlotMs, p => Assert.True(double.IsFinite(p) && p >= 0));
        Assert.True(slots > 0 && wall >= 0);
        // Each part is printed to 0.001 ms per slot and the wall time to 0.01 s.
        Assert.InRange(perSlotMs.Sum() * slots / 1000, wall - 0.0051 - (0.003 * slots / 1000), wall + 0.0051 + (0.003 * slots / 1000));
        return (slots, wall, N(7));
    }

    [Fact]
    public void Train_WithSelection_SaysWhichActorsItKept_AndABadCountIsRefused()
    {
        string dir = CliRunner.TempDir();
        string run = Path.Combine(dir, "run");
        var train = CliRunner.Run("train", "--scheme", "il-drl", "--config", Tiny(dir), "--seed", "2", "--set", "training.selectionEpisodes=2", "--out", run);
        Assert.Equal(0, train.Code);
        JsonNode selection = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "selection.json")))!;
        string kept = selection["kept"]!.GetValue<string>();
        Assert.Contains($"selection on 2 episodes: trained ", train.Out, StringComparison.Ordinal);
        Assert.Contains($"kept the {kept} actors (selection.json)", train.Out, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(run, "start.ckpt")));

        string refused = Path.Combine(dir, "refused");
        AssertBadInput(CliRunner.Run("train", "--scheme", "il-drl", "--config", Tiny(dir), "--set", "training.selectionEpisodes=0", "--out", refused),
            "training.selectionEpisodes", "must be between 1 and 100000, found 0");
        Assert.False(Directory.Exists(refused));
    }

    [Fact]
    public void Train_Eval_Resume_HappyPath()
    {
        string dir = CliRunner.TempDir();
        string run = Path.Combine(dir, "run");
        var train = CliRunner.Run("train", "--scheme", "il-drl", "--config", Tiny(dir), "--seed", "2", "--out", run);
        Assert.Equal(0, train.Code);
        Assert.Contains("episode 4/4", train.Out);
        foreach (string f in new[] { "run.json", "config.json", "episodes.csv", "policy.ckpt", "evaluation.json", "train.log" })
        {
            Assert.True(File.Exists(Path.Combine(run, f)), f);
        }
        Assert.Equal(5, File.ReadAllLines(Path.Combine(run, "episodes.csv")).Length);
        (long slots, _, double messaging) = AssertBudgetLine(train.Out);
        Assert.Equal(40, slots);
        Assert.Equal(0, messaging);
        Assert.Contains("(the 4 episodes trained by this command)", train.Out, StringComparison.Ordinal);
        string evaluation = File.ReadAllText(Path.Combine(run, "evaluation.json"));

        var eval = CliRunner.Run("eval", "--run", run);
        Assert.Equal(0, eval.Code);
        Assert.Contains("il-drl", eval.Out);
        Assert.Equal(evaluation, File.ReadAllText(Path.Combine(run, "evaluation.json")));
        var other = CliRunner.Run("eval", "--run", run, "--episodes", "1", "--eval-seed", "5");
        Assert.Equal(0, other.Code);
        Assert.Equal(evaluation, File.ReadAllText(Path.Combine(run, "evaluation.json"))); // other episodes: printed, not stored

        var resume = CliRunner.Run("train", "--resume", run);
        Assert.Equal(0, resume.Code);
        Assert.Contains("already complete", resume.Out);

        var again = CliRunner.Run("train", "--scheme", "il-drl", "--config", Path.Combine(dir, "tiny.json"), "--out", run);
        AssertBadInput(again, run, "already holds a run", "--resume");
    }

    [Fact]
    public void Eval_FixedSchemes_IncludingTheYardstick()
    {
        string dir = CliRunner.TempDir();
        var run = CliRunner.Run("eval", "--scheme", "yardstick", "--config", Tiny(dir), "--episodes", "1");
        Assert.Equal(0, run.Code);
        Assert.Contains("yardstick", run.Out);
        AssertBadInput(CliRunner.Run("eval", "--scheme", "ma-drl"), "--scheme", "not a fixed scheme");
        AssertBadInput(CliRunner.Run("eval"), "--run");
    }

    [Theory]
    [InlineData(new[] { "train", "--scheme", "dqn", "--out", "x" }, "--scheme", "unknown scheme 'dqn'")]
    [InlineData(new[] { "train", "--scheme", "ma-drl" }, "--out is required")]
    [InlineData(new[] { "train", "--resume", "x", "--scheme", "ma-drl" }, "--resume")]
    [InlineData(new[] { "train", "--scheme", "ma-drl", "--out", "x", "--episodes", "0" }, "--episodes")]
    [InlineData(new[] { "train", "--scheme", "ma-drl", "--out", "x", "--threads", "0" }, "--threads")]
    [InlineData(new[] { "reproduce", "--budget", "huge" }, "--budget", "unknown budget 'huge'")]
    [InlineData(new[] { "reproduce", "--seeds", "1,x" }, "--seeds", "'x'")]
    [InlineData(new[] { "reproduce", "--seeds", "1,1" }, "--seeds", "twice")]
    [InlineData(new[] { "reproduce", "--seeds", "" }, "--seeds")]
    public void BadOptions_AreOneLineErrors(string[] args, params string[] mustContain)
    {
        AssertBadInput(CliRunner.Run(args), mustContain);
    }

    [Fact]
    public void NotARunFolder_IsAClearError()
    {
        string dir = CliRunner.TempDir();
        AssertBadInput(CliRunner.Run("eval", "--run", dir), dir, "run.json");
        AssertBadInput(CliRunner.Run("train", "--resume", Path.Combine(dir, "none")), "no such run folder");
    }

    [Fact]
    public void CorruptCheckpoint_OnResume_IsAClearError()
    {
        string dir = CliRunner.TempDir();
        string run = Path.Combine(dir, "run");
        Assert.Equal(0, CliRunner.Run("train", "--scheme", "ma-drl", "--config", Tiny(dir), "--out", run).Code);
        // Make the finished run look interrupted, with a damaged checkpoint.
        string runJson = Path.Combine(run, "run.json");
        JsonNode node = JsonNode.Parse(File.ReadAllText(runJson))!;
        node["status"] = "interrupted";
        File.WriteAllText(runJson, node.ToJsonString());
        File.WriteAllBytes(Path.Combine(run, "checkpoint.ckpt"), [1, 2, 3]);
        AssertBadInput(CliRunner.Run("train", "--resume", run), "checkpoint.ckpt");
    }

    [Fact]
    public void BadTrainingConfig_NamesTheField_AndCreatesNoFolder()
    {
        string dir = CliRunner.TempDir();
        string config = Path.Combine(dir, "bad.json");
        File.WriteAllText(config, """{ "training": { "tau": 0 } }""");
        string run = Path.Combine(dir, "run");
        AssertBadInput(CliRunner.Run("train", "--scheme", "f-drl", "--config", config, "--out", run), config, "training.tau");
        Assert.False(Directory.Exists(run));
    }

    [Fact]
    public void Reproduce_Smoke_WritesEveryFigureAndTable_AndResumes()
    {
        string dir = CliRunner.TempDir();
        string output = Path.Combine(dir, "out");
        var run = CliRunner.Run("reproduce", "--config", Tiny(dir), "--budget", "smoke", "--seeds", "1,2", "--out", output);
        Assert.Equal(0, run.Code);
        foreach (string f in new[] { "fig4_system_reward", "fig5_agent_rewards", "fig6_energy", "fig7_latency" })
        {
            Assert.True(File.Exists(Path.Combine(output, f + ".png")), f);
            Assert.True(new FileInfo(Path.Combine(output, f + ".png")).Length > 1000, f);
            Assert.True(File.Exists(Path.Combine(output, f + ".csv")), f);
        }
        JsonNode summary = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "summary.json")))!;
        foreach (string id in new[] { "ma-drl", "f-drl", "il-drl", "full-offload", "local", "yardstick" })
        {
            JsonNode scheme = summary["schemes"]![id]!;
            foreach (string metric in new[] { "totalEnergyJ", "localEnergyJ", "edgeEnergyJ", "latencyMetPct", "systemReward" })
            {
                Assert.NotNull(scheme[metric]!["mean"]);
                Assert.NotNull(scheme[metric]!["ci95"]);
            }
        }
        Assert.Equal(2, summary["schemes"]!["ma-drl"]!["totalEnergyJ"]!["n"]!.GetValue<int>());
        string md = File.ReadAllText(Path.Combine(output, "summary.md"));
        Assert.Contains("| scheme |", md);
        Assert.Contains("±", md);

        // The same command again keeps the finished runs and gives the same summary.
        var again = CliRunner.Run("reproduce", "--config", Path.Combine(dir, "tiny.json"), "--budget", "smoke", "--seeds", "1,2", "--out", output);
        Assert.Equal(0, again.Code);
        Assert.Equal(summary.ToJsonString(), JsonNode.Parse(File.ReadAllText(Path.Combine(output, "summary.json")))!.ToJsonString());

        // Another budget into the same folder is refused, and nothing is touched.
        AssertBadInput(CliRunner.Run("reproduce", "--config", Path.Combine(dir, "tiny.json"), "--budget", "default", "--out", output), output, "another training config or budget");
    }

    [Fact]
    public void Reproduce_SmokeBudget_OnThePaperPreset()
    {
        // What CI runs: the smoke budget on the paper scenario (6 SBSs, 60 UEs, 16 channels).
        string output = Path.Combine(CliRunner.TempDir(), "smoke");
        var run = CliRunner.Run("reproduce", "--budget", "smoke", "--out", output, "--threads", "2");
        Assert.Equal(0, run.Code);
        JsonNode summary = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "summary.json")))!;
        Assert.Equal(6, summary["schemes"]!.AsObject().Count);
        // SPEC 9 sanity on the paper scenario: local computing meets no deadline, the yardstick all.
        Assert.Equal(0, summary["schemes"]!["local"]!["latencyMetPct"]!["mean"]!.GetValue<double>());
        Assert.Equal(100, summary["schemes"]!["yardstick"]!["latencyMetPct"]!["mean"]!.GetValue<double>());
        Assert.Equal(4, File.ReadAllLines(Path.Combine(output, "runs", "ma-drl-seed1", "episodes.csv")).Length - 1);
    }

    [Fact]
    public void Bench_Throughput_WritesTheJsonFigures()
    {
        string dir = CliRunner.TempDir();
        string json = Path.Combine(dir, "bench.json");
        var run = CliRunner.Run("bench", "--config", Tiny(dir), "--slots", "200", "--train-slots", "50", "--runs", "3", "--json", json);
        Assert.Equal(0, run.Code);
        JsonNode node = JsonNode.Parse(File.ReadAllText(json))!;
        Assert.True(node["envSlotsPerSecond"]!.GetValue<double>() > 0);
        Assert.Equal(3, node["trainRuns"]!.GetValue<int>());
        foreach (string id in new[] { "ma-drl", "f-drl", "il-drl" })
        {
            double median = node["trainSlotsPerSecond"]![id]!.GetValue<double>();
            double[] runs = [.. node["trainSlotsPerSecondRuns"]![id]!.AsArray().Select(r => r!.GetValue<double>())];
            Assert.Equal(3, runs.Length);
            Assert.All(runs, r => Assert.True(r > 0));
            // The reported figure is the median of the runs.
            Assert.Equal(runs.Order().ElementAt(1), median, 9);
        }
    }

    [Fact]
    public void InitPolicy_StartsFromAStudysRuns_AndAnUnusableOneIsRefusedBeforeAnythingIsWritten()
    {
        string dir = CliRunner.TempDir();
        string config = Tiny(dir), study = Path.Combine(dir, "study");
        Assert.Equal(0, CliRunner.Run("reproduce", "--config", config, "--schemes", "il-drl", "--seeds", "1,2", "--episodes", "2", "--out", study).Code);

        string next = Path.Combine(dir, "next");
        var started = CliRunner.Run("reproduce", "--config", config, "--set", $"training.initPolicy={study}", "--schemes", "il-drl", "--seeds", "2",
            "--episodes", "2", "--out", next);
        Assert.Equal(0, started.Code);
        Assert.Contains($"actors start from {Path.Combine(study, "runs", "il-drl-seed2", "policy.ckpt")}", File.ReadAllText(Path.Combine(next, "runs", "il-drl-seed2", "train.log")));
        // Another scheme starts from a run folder of the study.
        string other = Path.Combine(dir, "other");
        Assert.Equal(0, CliRunner.Run("train", "--scheme", "ma-drl", "--config", config, "--set", $"training.initPolicy={Path.Combine(study, "runs", "il-drl-seed1")}",
            "--episodes", "2", "--out", other).Code);
        Assert.Contains("actors start from", File.ReadAllText(Path.Combine(other, "train.log")));

        string refused = Path.Combine(dir, "refused");
        AssertBadInput(CliRunner.Run("reproduce", "--config", config, "--set", $"training.initPolicy={study}", "--schemes", "il-drl", "--seeds", "1,3",
            "--episodes", "2", "--out", refused), "training.initPolicy", "runs/il-drl-seed3");
        AssertBadInput(CliRunner.Run("train", "--scheme", "il-drl", "--config", config, "--set", $"training.initPolicy={study}", "--set", "network.sbsCount=4",
            "--out", refused), "training.initPolicy", "the policy has 3 agents, the environment 4");
        AssertBadInput(CliRunner.Run("train", "--scheme", "il-drl", "--config", config, "--set", $"training.initPolicy={Path.Combine(dir, "none")}",
            "--out", refused), "--set training.initPolicy=", "does not exist");
        Assert.False(Directory.Exists(refused));
    }
}
