using System.Text.Json.Nodes;

using static MecMarl.Cli.Tests.CliRunner;

namespace MecMarl.Cli.Tests;

/// <summary>Config overlays in the commands, reproduce --episodes/--schemes, and sweep.</summary>
public sealed class StudyCommandTests
{
    /// <summary>A small scenario so that a study runs in seconds.</summary>
    internal const string TinyConfig = """
        {
          "network": { "sbsCount": 2, "uesPerCell": 3 },
          "channel": { "channels": 4 },
          "environment": { "slotsPerEpisode": 10 },
          "training": {
            "episodes": 3, "actorHidden": [16], "criticHidden": [16], "batchSize": 8,
            "bufferCapacity": 200, "learningStarts": 16, "checkpointEveryEpisodes": 2
          },
          "schemes": { "f-drl": { "aggregation": { "periodEpisodes": 2 } } },
          "evaluation": { "episodes": 2 }
        }
        """;

    internal static string Tiny(string dir)
    {
        string path = Path.Combine(dir, "tiny.json");
        File.WriteAllText(path, TinyConfig);
        return path;
    }

    [Fact]
    public void Train_WithTwoConfigsAndSets_RecordsTheFinalValuesAndTheirSources()
    {
        string dir = TempDir();
        string overlay = Path.Combine(dir, "overlay.json");
        File.WriteAllText(overlay, """{ "channel": { "channels": 6 }, "network": { "sbsCount": 3 } }""");
        string run = Path.Combine(dir, "run");

        var r = Run("train", "--scheme", "il-drl", "--config", Tiny(dir), "--config", overlay, "--set", "network.sbsCount=2", "--set", "training.episodes=2", "--out", run);

        Assert.Equal(0, r.Code);
        JsonNode config = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "config.json")))!;
        Assert.Equal(6, config["channel"]!["channels"]!.GetValue<int>());
        Assert.Equal(2, config["network"]!["sbsCount"]!.GetValue<int>());
        Assert.Equal(2, config["training"]!["episodes"]!.GetValue<int>());
        Assert.Equal(16, config["training"]!["learningStarts"]!.GetValue<int>());
        JsonNode sources = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "config.sources.json")))!["sources"]!;
        Assert.Equal(overlay, sources["channel.channels"]!.GetValue<string>());
        Assert.Equal("--set network.sbsCount=2", sources["network.sbsCount"]!.GetValue<string>());
        Assert.Equal("--set training.episodes=2", sources["training.episodes"]!.GetValue<string>());
        Assert.Equal(Path.Combine(dir, "tiny.json"), sources["training.learningStarts"]!.GetValue<string>());
        Assert.Equal("default", sources["tasks.deadlineFactor"]!.GetValue<string>());
        Assert.Equal(3, File.ReadAllLines(Path.Combine(run, "episodes.csv")).Length);
    }

    [Theory]
    [InlineData("network.sbsCount=abc", "network.sbsCount", "expected a number")]
    [InlineData("network.sbsCountt=4", "network.sbsCountt", "unknown field")]
    [InlineData("training.episodes=true", "training.episodes", "expected a number")]
    [InlineData("signalling.topology=star", "signalling.topology", "unknown topology 'star'")]
    [InlineData("signalling.headerBytes=-8", "signalling.headerBytes", "must be between 0 and 65536")]
    public void Set_Bad_IsOneLineNamingTheOptionAndPath_AndWritesNothing(string assignment, string path, string problem)
    {
        string dir = TempDir();
        string run = Path.Combine(dir, "run");
        AssertBadInput(Run("train", "--scheme", "ma-drl", "--set", assignment, "--out", run), "--set " + assignment, path, problem);
        Assert.False(Directory.Exists(run));
        AssertBadInput(Run("simulate", "--policy", "local", "--set", assignment), "--set " + assignment, path);
        AssertBadInput(Run("eval", "--scheme", "local", "--set", assignment), "--set " + assignment, path);
        AssertBadInput(Run("reproduce", "--set", assignment, "--out", Path.Combine(dir, "rep")), "--set " + assignment, path);
        Assert.False(Directory.Exists(Path.Combine(dir, "rep")));
        AssertBadInput(Run("scenario", "export", "--set", assignment, "--out", Path.Combine(dir, "s.json")), "--set " + assignment, path);
        AssertBadInput(Run("bench", "--set", assignment), "--set " + assignment, path);
    }

    [Fact]
    public void Simulate_SetGivesTheSameNumbersAsTheSameValueInAFile()
    {
        string dir = TempDir();
        string file = Path.Combine(dir, "c.json");
        File.WriteAllText(file, """{ "network": { "sbsCount": 2, "uesPerCell": 3 }, "channel": { "channels": 4 } }""");
        var fromFile = Run("simulate", "--policy", "full-offload", "--episodes", "2", "--config", file);
        var fromSet = Run("simulate", "--policy", "full-offload", "--episodes", "2", "--set", "network.sbsCount=2", "--set", "network.uesPerCell=3", "--set", "channel.channels=4");
        Assert.Equal(0, fromFile.Code);
        Assert.Equal(fromFile.Out, fromSet.Out);
        Assert.Contains("6 UEs", fromSet.Out);
    }

    [Fact]
    public void Reproduce_WithSelection_SaysInTheSummaryWhichRunsKeptTheirStart()
    {
        string dir = TempDir();
        string output = Path.Combine(dir, "out");
        var r = Run("reproduce", "--config", Tiny(dir), "--set", "training.selectionEpisodes=2", "--episodes", "3", "--seeds", "1,2",
            "--schemes", "il-drl,ma-drl,local", "--out", output);
        Assert.Equal(0, r.Code);
        string Kept(string scheme, int seed) => JsonNode.Parse(File.ReadAllText(Path.Combine(output, "runs", $"{scheme}-seed{seed}", "selection.json")))!["kept"]!.GetValue<string>();
        string Runs(string which)
        {
            IEnumerable<string> parts = new[] { "il-drl", "ma-drl" }
                .Select(s => (s, Seeds: new[] { 1, 2 }.Where(seed => Kept(s, seed) == which).ToList()))
                .Where(p => p.Seeds.Count > 0)
                .Select(p => $"{p.s} seed{(p.Seeds.Count > 1 ? "s" : "")} {string.Join(", ", p.Seeds)}");
            string joined = string.Join("; ", parts);
            return joined.Length == 0 ? "no run" : joined;
        }
        string md = File.ReadAllText(Path.Combine(output, "summary.md"));
        Assert.Contains($"Selection against the start (`training.selectionEpisodes` = 2, docs/schemes.md): the start actors were kept in {Runs("start")}, the trained actors in {Runs("trained")} (each run's `selection.json`).", md, StringComparison.Ordinal);

        // A malformed selection.json in a run folder: refused with the file named, the report left as it was.
        string selectionFile = Path.Combine(output, "runs", "il-drl-seed1", "selection.json");
        File.WriteAllText(selectionFile, """{ "kept": 3 }""");
        string[] before = [.. Directory.GetFiles(output).Order(StringComparer.Ordinal).Select(File.ReadAllText)];
        AssertBadInput(Run("reproduce", "--config", Tiny(dir), "--set", "training.selectionEpisodes=2", "--episodes", "3", "--seeds", "1,2",
            "--schemes", "il-drl,ma-drl,local", "--out", output), selectionFile, "not a selection file");
        Assert.Equal(before, Directory.GetFiles(output).Order(StringComparer.Ordinal).Select(File.ReadAllText));

        var plain = Run("reproduce", "--config", Tiny(dir), "--episodes", "3", "--schemes", "il-drl", "--out", Path.Combine(dir, "plain"));
        Assert.Equal(0, plain.Code);
        Assert.DoesNotContain("Selection against the start", File.ReadAllText(Path.Combine(dir, "plain", "summary.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void Reproduce_EpisodesAndSchemes_RunOnlyTheChosen_AndWarnWhenFdrlNeverAggregates()
    {
        string dir = TempDir();
        string output = Path.Combine(dir, "out");
        // 3 episodes with 5 per round: F-DRL would never aggregate.
        var r = Run("reproduce", "--config", Tiny(dir), "--set", "schemes.f-drl.aggregation.periodEpisodes=5", "--episodes", "3", "--schemes", "f-drl,local", "--out", output);
        Assert.Equal(0, r.Code);
        Assert.Contains("warning: f-drl never aggregates", r.Err);
        JsonNode summary = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "summary.json")))!;
        Assert.Equal(["f-drl", "local"], summary["schemes"]!.AsObject().Select(p => p.Key));
        Assert.Equal(4, File.ReadAllLines(Path.Combine(output, "runs", "f-drl-seed1", "episodes.csv")).Length);
        Assert.False(Directory.Exists(Path.Combine(output, "runs", "ma-drl-seed1")));
        string md = File.ReadAllText(Path.Combine(output, "summary.md"));
        Assert.Contains("| Local computing (`local`) | – |", md);
        Assert.Contains("| F-DRL (`f-drl`) | 1 |", md);
        JsonNode sources = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "config.sources.json")))!["sources"]!;
        Assert.Equal("--episodes", sources["training.episodes"]!.GetValue<string>());
        Assert.Equal("--budget default", sources["evaluation.episodes"]!.GetValue<string>());
        Assert.Equal("--set schemes.f-drl.aggregation.periodEpisodes=5", sources["schemes.f-drl.aggregation.periodEpisodes"]!.GetValue<string>());

        // Aggregating at least once: no warning.
        var ok = Run("reproduce", "--config", Tiny(dir), "--episodes", "3", "--schemes", "f-drl", "--out", Path.Combine(dir, "ok"));
        Assert.Equal(0, ok.Code);
        Assert.DoesNotContain("warning", ok.Err);
        Assert.Contains("warning: training.episodes 3 of " + Path.Combine(dir, "tiny.json") + " is replaced by the smoke budget's 4",
            Run("reproduce", "--config", Path.Combine(dir, "tiny.json"), "--budget", "smoke", "--schemes", "local", "--out", Path.Combine(dir, "smoke")).Err);
        AssertBadInput(Run("reproduce", "--schemes", "f-drl,ppo"), "--schemes", "'ppo'");
        AssertBadInput(Run("reproduce", "--episodes", "0"), "--episodes");
    }

    private static string[] WithoutWallTime(string csv) => [.. File.ReadAllLines(csv).Select(l => l[..l.LastIndexOf(',')])];

    [Fact]
    public void Sweep_JobsGiveIdenticalNumbers_Resumes_AndRefusesAnotherGrid()
    {
        string dir = TempDir();
        string tiny = Tiny(dir);
        string one = Path.Combine(dir, "one"), two = Path.Combine(dir, "two");
        string[] Args(string output, string values, string jobs) =>
            ["sweep", "--config", tiny, "--vary", "network.sbsCount=" + values, "--schemes", "f-drl,full-offload,yardstick", "--seeds", "1,2", "--jobs", jobs, "--out", output];

        var a = Run(Args(one, "2,3", "1"));
        Assert.Equal(0, a.Code);
        Assert.Contains("[8/8]", a.Out);
        var b = Run(Args(two, "2,3", "2"));
        Assert.Equal(0, b.Code);
        Assert.Equal(WithoutWallTime(Path.Combine(one, "sweep.csv")), WithoutWallTime(Path.Combine(two, "sweep.csv")));

        // Tidy rows: 2 points x (2 seeds of f-drl + 2 fixed schemes); summary: 2 points x 3 schemes.
        string[] rows = File.ReadAllLines(Path.Combine(one, "sweep.csv"));
        Assert.Equal("point,network.sbsCount,scheme,seed,totalEnergyJ,localEnergyJ,edgeEnergyJ,latencyMetPct,systemReward,trainingBytesPerSlot,trainWallS", rows[0]);
        Assert.Equal(1 + 2 * 4, rows.Length);
        Assert.Equal(1 + 2 * 3, File.ReadAllLines(Path.Combine(one, "sweep_summary.csv")).Length);
        foreach (string f in new[] { "sweep_energy", "sweep_deadlines", "sweep_reward", "sweep_train_time" })
        {
            Assert.True(File.Exists(Path.Combine(one, f + ".png")), f);
            Assert.True(File.Exists(Path.Combine(one, f + ".svg")), f);
        }

        // Resuming the same sweep recomputes nothing.
        string model = Directory.GetFiles(Path.Combine(one, "points"), "policy.ckpt", SearchOption.AllDirectories).First();
        DateTime written = File.GetLastWriteTimeUtc(model);
        var again = Run(Args(one, "2,3", "2"));
        Assert.Equal(0, again.Code);
        Assert.Contains("(resumed)", again.Out);
        Assert.Equal(written, File.GetLastWriteTimeUtc(model));

        // Another grid, or a bad value: refused in one line, nothing lost.
        AssertBadInput(Run(Args(one, "2,4", "2")), one, "another grid");
        AssertBadInput(Run(Args(Path.Combine(dir, "three"), "2,x", "1")), "--vary network.sbsCount=x", "network.sbsCount");
        Assert.False(Directory.Exists(Path.Combine(dir, "three")));
        Assert.Equal(written, File.GetLastWriteTimeUtc(model));
        Assert.Equal(WithoutWallTime(Path.Combine(two, "sweep.csv")), WithoutWallTime(Path.Combine(one, "sweep.csv")));
    }

    [Theory]
    [InlineData("sweep")]
    [InlineData("reproduce")]
    [InlineData("train")]
    [InlineData("eval")]
    [InlineData("simulate")]
    [InlineData("bench")]
    public void Help_ShowsTheOverlayOptions(string command)
    {
        // Option descriptions are rendered as markup: a stray bracket would make --help fail.
        var r = Run(command, "--help");
        Assert.Equal(0, r.Code);
        Assert.Contains("--set <PATH=VALUE>", r.Out);
        Assert.Contains("--config <C>", r.Out);
    }

    [Theory]
    [InlineData(new[] { "sweep", "--out", "x" }, "--vary is required")]
    [InlineData(new[] { "sweep", "--vary", "network.sbsCount=2,3" }, "--out is required")]
    [InlineData(new[] { "sweep", "--vary", "network.sbsCount=2,,3", "--out", "x" }, "--vary", "empty value")]
    [InlineData(new[] { "sweep", "--vary", "network.sbsCount=2", "--vary", "network.sbsCount=3", "--out", "x" }, "--vary", "varied twice")]
    [InlineData(new[] { "sweep", "--vary", "a=1", "--vary", "b=1", "--vary", "c=1", "--out", "x" }, "--vary", "one or two")]
    [InlineData(new[] { "sweep", "--vary", "network.sbsCount=2", "--jobs", "0", "--out", "x" }, "--jobs")]
    [InlineData(new[] { "sweep", "--vary", "network.foo=2", "--out", "x" }, "--vary network.foo=2", "network.foo", "unknown field")]
    public void Sweep_BadOptions_AreOneLineErrors(string[] args, params string[] mustContain)
    {
        AssertBadInput(Run(args), mustContain);
    }
}
