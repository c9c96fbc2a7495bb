using MecMarl.Simulation;

namespace MecMarl.Experiments.Tests;

public sealed class FixedPoliciesTests
{
    private static string Repo(string relative)
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "MecMarl.slnx")))
        {
            dir = Path.GetDirectoryName(dir);
        }
        return Path.Combine(dir ?? throw new InvalidOperationException("repository root not found"), relative);
    }

    // Two cells of three UEs on four channels, episodes of five slots.
    private static ExperimentConfig Small(DecoderKind decoder = DecoderKind.Greedy)
    {
        ExperimentConfig c = ExperimentConfig.Paper;
        SimulationConfig s = c.Simulation;
        return c with
        {
            Simulation = s with
            {
                Network = s.Network with { SbsCount = 2, UesPerCell = new EquatableArray<int>(3) },
                Channel = s.Channel with { Channels = 4 },
                Environment = s.Environment with { SlotsPerEpisode = 5, Decoder = decoder },
            },
        };
    }

    [Fact]
    public void Registry_HoldsTheSevenPolicies_AndEveryOneRuns()
    {
        Assert.Equal(["full-offload", "local", "random", "yardstick", "yardstick-local", "constant", "heuristic"], FixedPolicies.Ids);
        foreach (string id in FixedPolicies.Ids)
        {
            EvaluationResult r = FixedPolicies.Evaluate(id, Small(), 1, 7, 2);
            Assert.Equal(id, r.Scheme);
            Assert.True(double.IsFinite(r.TotalEnergyJ) && r.TotalEnergyJ > 0, id);
            Assert.InRange(r.LatencyMetPct, 0, 100);
            Assert.False(string.IsNullOrEmpty(FixedPolicies.DisplayName(id)));
        }
        Assert.Throws<ArgumentException>(() => FixedPolicies.Get("ma-drl"));
    }

    [Fact]
    public void EveryPolicy_RunsWhenUesAreRedroppedEachEpisode()
    {
        // The layout object changes every episode (new UE positions, same cells): the model-based
        // policies follow it instead of failing.
        ExperimentConfig c = Small();
        c = c with { Simulation = c.Simulation with { Network = c.Simulation.Network with { RedropEachEpisode = true } } };
        foreach (string id in FixedPolicies.Ids)
        {
            EvaluationResult r = FixedPolicies.Evaluate(id, c, 1, 7, 3);
            Assert.True(double.IsFinite(r.TotalEnergyJ), id);
        }
    }

    [Fact]
    public void Constant_IsDecodedWithTheConfigsDecoder()
    {
        // Given the deadline-aware decoder in the config, constant equals the same action stepped
        // through an environment built with that decoder, and differs from the greedy decoding.
        ExperimentConfig aware = Small(DecoderKind.DeadlineAware);
        EvaluationResult viaRegistry = FixedPolicies.Evaluate("constant", aware, 1, 7, 2);
        var env = new MecEnvironment(aware.Simulation, 1);
        EvaluationResult direct = PolicyEvaluation.Run("constant", env, new ConstantPolicy(env.Layout, [1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]), 7, 2);
        Assert.Equal(direct.TotalEnergyJ, viaRegistry.TotalEnergyJ);
        Assert.Equal(direct.SystemReward, viaRegistry.SystemReward);
        Assert.NotEqual(FixedPolicies.Evaluate("constant", Small(), 1, 7, 2).TotalEnergyJ, viaRegistry.TotalEnergyJ);
    }

    [Fact]
    public void ConstantAction_FromTheConfig_IsUsed()
    {
        // alpha 0 for every UE: all local, so no edge energy at all.
        ExperimentConfig local = Small() with { Policies = new PoliciesConfig { ConstantAction = new EquatableArray<double>(0, 1, 1, 1, 1, 1, 1) } };
        EvaluationResult r = FixedPolicies.Evaluate("constant", local, 1, 7, 1);
        Assert.Equal(0, r.EdgeEnergyJ);
        Assert.Equal(0, r.LatencyMetPct);
    }

    [Fact]
    public void FullOffloading_StaysSpec8_WhateverTheDecoder()
    {
        EvaluationResult greedy = FixedPolicies.Evaluate("full-offload", Small(), 1, 7, 2);
        EvaluationResult aware = FixedPolicies.Evaluate("full-offload", Small(DecoderKind.DeadlineAware), 1, 7, 2);
        Assert.Equal(greedy.TotalEnergyJ, aware.TotalEnergyJ);
        Assert.Equal(greedy.LatencyMetPct, aware.LatencyMetPct);
    }

    [Fact]
    public void PoliciesSection_RoundTrips_IsChecked_AndLeavesTheFingerprintAlone()
    {
        ExperimentConfig c = Small() with
        {
            Policies = new PoliciesConfig
            {
                ConstantAction = new EquatableArray<double>(1, 0.2, 0.5, 0.5, 0.5, 0.5, 0.9),
                Heuristic = new HeuristicOptions { PowerFactor = 3, Hopeless = HopelessUeHandling.Local, Objective = HeuristicObjective.Risk },
            },
        };
        ExperimentConfig back = ExperimentConfig.Parse(c.ToJson());
        Assert.Equal(c.Policies.Heuristic, back.Policies.Heuristic);
        Assert.Equal(c.Policies.ConstantAction, back.Policies.ConstantAction);
        Assert.Equal(Small().TrainingFingerprint(), c.TrainingFingerprint());

        var wrongLength = Assert.Throws<ConfigException>(() => ExperimentConfig.Parse("""{"policies":{"constant":{"action":[1,0.5,0.5]}}}""", "c.json"));
        Assert.Equal("policies.constant.action", wrongLength.JsonPath);
        Assert.Contains("3 + K = 19", wrongLength.Message);
        var outside = Assert.Throws<ConfigException>(() => ExperimentConfig.Parse(
            """{"channel":{"channels":2},"policies":{"constant":{"action":[1,0.5,-0.5,0.5,0.5]}}}""", "c.json"));
        Assert.Equal("policies.constant.action[2]", outside.JsonPath);
        var factor = Assert.Throws<ConfigException>(() => ExperimentConfig.Parse("""{"policies":{"heuristic":{"powerFactor":0.5}}}""", "c.json"));
        Assert.Equal("policies.heuristic.powerFactor", factor.JsonPath);
        var unknown = Assert.Throws<ConfigException>(() => ExperimentConfig.Parse("""{"policies":{"heuristic":{"hopeless":"ignore"}}}""", "c.json"));
        Assert.Equal("policies.heuristic.hopeless", unknown.JsonPath);
    }

    [Fact]
    public void YardstickSections_ReachThePolicies_RoundTrip_AndBadValuesNameTheirPath()
    {
        // Defaults are not written (run folders written before the sections existed keep their config.json).
        Assert.DoesNotContain("yardstick", Small().ToJson(), StringComparison.Ordinal);
        ExperimentConfig c = ExperimentConfig.Parse(
            """{"policies":{"yardstick":{"leaveOutInfeasible":true},"yardstick-local":{"crossGainMargin":3,"deadlineMargin":0.1}}}""", "c.json");
        Assert.True(c.Policies.Yardstick.LeaveOutInfeasible);
        Assert.False(c.Policies.Yardstick.Options().LargeScaleCrossGains);
        Assert.Equal(new YardstickOptions { LargeScaleCrossGains = true, CrossGainMargin = 3, DeadlineMargin = 0.1 }, c.Policies.YardstickLocal.Options());
        ExperimentConfig back = ExperimentConfig.Parse(c.ToJson());
        Assert.Equal(c.Policies.Yardstick, back.Policies.Yardstick);
        Assert.Equal(c.Policies.YardstickLocal, back.Policies.YardstickLocal);

        // The margin reaches yardstick-local: its evaluation changes, the full yardstick's does not.
        ExperimentConfig small = Small();
        ExperimentConfig margin = small with { Policies = small.Policies with { YardstickLocal = c.Policies.YardstickLocal with { DeadlineMargin = 0.05 } } };
        Assert.NotEqual(FixedPolicies.Evaluate("yardstick-local", small, 1, 7, 2).TotalEnergyJ, FixedPolicies.Evaluate("yardstick-local", margin, 1, 7, 2).TotalEnergyJ);
        Assert.Equal(FixedPolicies.Evaluate("yardstick", small, 1, 7, 2).TotalEnergyJ, FixedPolicies.Evaluate("yardstick", margin, 1, 7, 2).TotalEnergyJ);

        var kappa = Assert.Throws<ConfigException>(() => ExperimentConfig.Parse("""{"policies":{"yardstick-local":{"crossGainMargin":0.5}}}""", "c.json"));
        Assert.Equal("policies.yardstick-local.crossGainMargin", kappa.JsonPath);
        var deadline = Assert.Throws<ConfigException>(() => ExperimentConfig.Parse("""{"policies":{"yardstick":{"deadlineMargin":1}}}""", "c.json"));
        Assert.Equal("policies.yardstick.deadlineMargin", deadline.JsonPath);
        var notThere = Assert.Throws<ConfigException>(() => ExperimentConfig.Parse("""{"policies":{"yardstick":{"crossGainMargin":2}}}""", "c.json"));
        Assert.Equal("policies.yardstick.crossGainMargin", notThere.JsonPath);
    }

    [Fact]
    public void Reproduction_KeepsThePaperRowsByDefault_AndTakesOthersOnRequest()
    {
        string dir = Path.Combine(Path.GetTempPath(), "mecmarl-fixed-" + Guid.NewGuid().ToString("N"));
        Assert.Equal(["full-offload", "local", "yardstick"], new Reproduction(dir, Small(), [1], "smoke").FixedSchemesRun);
        var extra = new Reproduction(dir, Small(), [1], "smoke", ["constant", "heuristic"]);
        Assert.Equal(["constant", "heuristic"], extra.FixedSchemesRun);
        Assert.Equal(["constant", "heuristic"], extra.EvaluateFixed().Select(r => r.Scheme));
        Assert.Throws<ArgumentException>(() => new Reproduction(dir, Small(), [1], "smoke", ["best"]));
        // The evaluations are kept for the next run of the same folder (fixed/<id>.json).
        Assert.True(File.Exists(Path.Combine(dir, Reproduction.FixedFolder, "heuristic.json")));
    }

    [Fact]
    public void FixedResult_RemovesWhatAKilledWriterOfTheSameFileLeft()
    {
        // Given a fixed/ folder holding the temporary file of a writer killed while storing full-offload.json
        string dir = Path.Combine(Path.GetTempPath(), "mecmarl-fixed-" + Guid.NewGuid().ToString("N"));
        string fixedDir = Path.Combine(dir, Reproduction.FixedFolder);
        Directory.CreateDirectory(fixedDir);
        string left = Path.Combine(fixedDir, ".full-offload.json.4242.0123456789abcdef0123456789abcdef.tmp");
        string other = Path.Combine(fixedDir, ".local.json.4242.0123456789abcdef0123456789abcdef.tmp");
        File.WriteAllText(left, "{\"cut");
        File.WriteAllText(other, "{\"cut");
        // When the evaluation is stored again
        new Reproduction(dir, Small(), [1], "smoke", ["full-offload"]).FixedResult("full-offload");
        // Then the leftover of that file is gone, the result is there, and another file's temporary is left to its own writer
        Assert.False(File.Exists(left));
        Assert.True(File.Exists(Path.Combine(fixedDir, "full-offload.json")));
        Assert.True(File.Exists(other));
        Directory.Delete(dir, recursive: true);
    }

    [Theory]
    [InlineData("configs/paper.json")]
    [InlineData("configs/dense-9.json")]
    [InlineData("configs/dense-16.json")]
    public void Heuristic_MeetsAtLeastTheDeadlinesOfTheConstantAction(string preset)
    {
        // Two episodes of the preset's own layout: the heuristic's defaults are meant to beat the
        // constant action (through the preset's decoder) on every preset (docs/dense.md).
        ExperimentConfig c = ExperimentConfig.Load(Repo(preset));
        EvaluationResult heuristic = FixedPolicies.Evaluate("heuristic", c, 1, 5, 2);
        EvaluationResult constant = FixedPolicies.Evaluate("constant", c, 1, 5, 2);
        Assert.True(heuristic.LatencyMetPct >= constant.LatencyMetPct, $"{heuristic.LatencyMetPct} < {constant.LatencyMetPct}");
    }

    [Theory]
    [InlineData("configs/dense-9.json", 9, 72, 8)]
    [InlineData("configs/dense-16.json", 16, 80, 5)]
    public void DensePresets_LoadAndPlaceTheirLayouts(string preset, int sbs, int ues, int channels)
    {
        ExperimentConfig c = ExperimentConfig.Load(Repo(preset));
        var env = new MecEnvironment(c.Simulation, c.Training.LayoutSeed);
        Assert.Equal(sbs, env.Layout.SbsCount);
        Assert.Equal(ues, env.Layout.UeCount);
        Assert.Equal(channels, env.Layout.Channels);
        // The file holds only scenario sections: everything else is the paper preset's.
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Repo(preset)));
        Assert.All(doc.RootElement.EnumerateObject(), p => Assert.Contains(p.Name, new[] { "network", "channel", "tasks" }));
        Assert.Equal(ExperimentConfig.Paper.Simulation.Environment, c.Simulation.Environment);
        Assert.Equal(ExperimentConfig.Paper.TrainingFingerprint(), (ExperimentConfig.Paper with { Training = c.Training }).TrainingFingerprint());
    }
}
