using MecMarl.Learning;
using MecMarl.Simulation;

namespace MecMarl.Experiments.Tests;

/// <summary>The federated variants in the <c>schemes</c> section, and trained through the trainer and run folders.</summary>
public sealed class FederatedVariantConfigTests
{
    // The tiny scenario (3 SBSs, 10 slots per episode) with one scheme per family of variants.
    private const string Variants = """
        {
          "network": { "sbsCount": 3, "uesPerCell": 3 },
          "channel": { "channels": 4 },
          "environment": { "slotsPerEpisode": 10 },
          "training": {
            "episodes": 6, "actorHidden": [16], "criticHidden": [16], "batchSize": 8,
            "bufferCapacity": 200, "learningStarts": 16, "checkpointEveryEpisodes": 2
          },
          "schemes": {
            "f-hier": { "aggregation": { "periodSlots": 7, "participation": 0.67, "weighting": "samples", "quantization": "int8",
                                         "proximalMu": 0.01, "topology": "hierarchical", "clusterSize": 2, "globalEveryRounds": 2 } },
            "f-gossip": { "aggregation": { "periodEpisodes": 1, "networks": ["actor", "critic"], "targets": ["critic"],
                                           "quantization": "float16", "proximalMu": 0.01, "topology": "gossip", "degree": 1 } },
            "f-actor": { "aggregation": { "periodEpisodes": 2, "networks": ["actor"], "targets": [], "weighting": "equal", "participation": 0.5 } }
          },
          "evaluation": { "episodes": 2 }
        }
        """;

    private static ExperimentConfig Config => ExperimentConfig.Parse(Variants, "variants.json");

    [Fact]
    public void EveryField_IsRead_AndRoundTrips()
    {
        ExperimentConfig c = Config;
        Assert.Equal(new FedAvgAggregation(0, AggregatedNetworks.All)
        {
            PeriodSlots = 7,
            Participation = 0.67,
            Weighting = AggregationWeighting.Samples,
            Quantization = UploadQuantization.EightBit,
            ProximalMu = 0.01,
            Topology = AggregationTopology.Hierarchical,
            ClusterSize = 2,
            GlobalEveryRounds = 2,
        }, c.Schemes["f-hier"].Aggregation);
        Assert.Equal(new FedAvgAggregation(1, AggregatedNetworks.All)
        {
            Targets = AggregatedNetworks.Critic,
            Quantization = UploadQuantization.Float16,
            ProximalMu = 0.01,
            Topology = AggregationTopology.Gossip,
            Degree = 1,
        }, c.Schemes["f-gossip"].Aggregation);
        Assert.Equal(new FedAvgAggregation(2, AggregatedNetworks.Actor) { Targets = AggregatedNetworks.None, Weighting = AggregationWeighting.Equal, Participation = 0.5 },
            c.Schemes["f-actor"].Aggregation);
        ExperimentConfig back = ExperimentConfig.Parse(c.ToJson());
        Assert.Equal(c.Schemes, back.Schemes);
        Assert.Equal(c.ToJson(), back.ToJson());
    }

    [Fact]
    public void PaperFdrl_IsWrittenAsBefore_SoItsFingerprintStays()
    {
        string json = ExperimentConfig.Paper.ToJson();
        Assert.Contains("\"aggregation\": {\n        \"kind\": \"fedavg\",\n        \"periodEpisodes\": 5,\n        \"networks\": [\n          \"actor\",\n          \"critic\"\n        ]\n      }", json.Replace("\r\n", "\n"));
        // Giving the paper's values explicitly changes nothing.
        ExperimentConfig explicitPaper = ExperimentConfig.Parse("""
            { "schemes": { "f-drl": { "aggregation": { "targets": ["actor", "critic"], "weighting": "batch-size", "participation": 1,
              "quantization": "none", "proximalMu": 0, "topology": "coordinator" } } } }
            """);
        Assert.Equal(ExperimentConfig.Paper.TrainingFingerprint(), explicitPaper.TrainingFingerprint());
    }

    [Fact]
    public void PeriodInSlots_ReplacesTheInheritedPeriodInEpisodes_AndBack()
    {
        ExperimentConfig slots = ExperimentConfig.Parse("""{ "schemes": { "f-drl": { "aggregation": { "periodSlots": 250 } } } }""");
        Assert.Equal((0, (int?)250), (slots.Schemes["f-drl"].Aggregation!.PeriodEpisodes, slots.Schemes["f-drl"].Aggregation!.PeriodSlots));
        ExperimentConfig back = ExperimentConfig.Parse("""{ "schemes": { "f-drl": { "aggregation": { "periodEpisodes": 3 } } } }""");
        Assert.Null(back.Schemes["f-drl"].Aggregation!.PeriodSlots);
        // A budget that lowers periods in episodes leaves a period in slots alone.
        Assert.Equal(250, slots.Schemes.WithAggregationPeriodAtMost(2)["f-drl"].Aggregation!.PeriodSlots);
    }

    [Fact]
    public void PeriodSlotsNull_IsAPeriodInEpisodes()
    {
        ExperimentConfig c = ExperimentConfig.Parse("""{ "schemes": { "f-drl": { "aggregation": { "periodSlots": null } } } }""");
        Assert.Equal(SchemesConfig.FDrl, c.Schemes[SchemeIds.FDrl]);
        var e = Assert.Throws<ConfigException>(() => ExperimentConfig.Parse("""{ "schemes": { "f-drl": { "aggregation": { "periodSlots": 2.5 } } } }""", "bad.json"));
        Assert.Equal(("schemes.f-drl.aggregation.periodSlots", "expected an integer, found 2.5"), (e.JsonPath, e.Problem));
    }

    [Theory]
    [InlineData("""{ "participation": 0 }""", "participation", "(0, 1]")]
    [InlineData("""{ "participation": 1.5 }""", "participation", "(0, 1]")]
    [InlineData("""{ "participation": -0.1 }""", "participation", "(0, 1]")]
    [InlineData("""{ "periodEpisodes": 0 }""", "periodEpisodes", ">= 1")]
    [InlineData("""{ "periodSlots": 0 }""", "periodSlots", ">= 1")]
    [InlineData("""{ "periodSlots": 10, "periodEpisodes": 2 }""", "periodSlots", "not both")]
    [InlineData("""{ "networks": ["actor"], "targets": ["critic"] }""", "targets", "averaged")]
    [InlineData("""{ "networks": ["actor", "actor"] }""", "networks[1]", "twice")]
    [InlineData("""{ "weighting": "by-samples" }""", "weighting", "unknown weighting 'by-samples'")]
    [InlineData("""{ "quantization": "int4" }""", "quantization", "unknown quantization 'int4'")]
    [InlineData("""{ "topology": "ring" }""", "topology", "unknown topology 'ring'")]
    [InlineData("""{ "proximalMu": -1 }""", "proximalMu", ">= 0")]
    [InlineData("""{ "topology": "hierarchical", "globalEveryRounds": 2 }""", "clusterSize", ">= 1")]
    [InlineData("""{ "topology": "hierarchical", "clusterSize": 2, "globalEveryRounds": 0 }""", "globalEveryRounds", ">= 1")]
    [InlineData("""{ "topology": "gossip" }""", "degree", ">= 1")]
    [InlineData("""{ "topology": "gossip", "degree": 2, "participation": 0.5 }""", "participation", "coordinator")]
    [InlineData("""{ "degree": 2 }""", "degree", "gossip")]
    [InlineData("""{ "clusterSize": 2 }""", "clusterSize", "hierarchical")]
    [InlineData("""{ "participaton": 0.5 }""", "participaton", "unknown field")]
    [InlineData("""[]""", "", "expected null or an object, found an array")]
    public void BadAggregation_NamesTheJsonPath(string aggregation, string field, string problem)
    {
        string json = $$"""{ "schemes": { "f-drl": { "aggregation": {{aggregation}} } } }""";
        var e = Assert.Throws<ConfigException>(() => ExperimentConfig.Parse(json, "bad.json"));
        Assert.Equal(field.Length == 0 ? "schemes.f-drl.aggregation" : "schemes.f-drl.aggregation." + field, e.JsonPath);
        Assert.Contains(problem, e.Problem);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Theory]
    [InlineData("""{ "topology": "gossip", "degree": 3 }""", "degree", "more than the 2 other SBSs")]
    [InlineData("""{ "topology": "hierarchical", "clusterSize": 4, "globalEveryRounds": 2 }""", "clusterSize", "more than the 3 SBSs")]
    public void LimitsOfTheNetwork_AreCheckedBeforeTraining(string aggregation, string field, string problem)
    {
        ExperimentConfig c = ExperimentConfig.Parse($$"""{ "network": { "sbsCount": 3 }, "schemes": { "f-x": { "aggregation": {{aggregation}} } } }""");
        var e = Assert.Throws<ConfigException>(() => MultiAgentTrainer.Validate("f-x", c));
        Assert.Equal("schemes.f-x.aggregation." + field, e.JsonPath);
        Assert.Contains(problem, e.Problem);
    }

    [Theory]
    [InlineData("""{ "periodEpisodes": 3 }""", "{}", "periodEpisodes", "(3 episodes x 50 slots = 150 slots) must be a whole number of rollouts (schemes.f-ppo.ppo.rolloutSlots = 250)")]
    [InlineData("""{ "periodSlots": 100 }""", """{ "rolloutSlots": 75, "minibatchSize": 25 }""", "periodSlots", "(100 slots) must be a whole number of rollouts (schemes.f-ppo.ppo.rolloutSlots = 75)")]
    public void FederatedPpo_RoundsBetweenUpdatesOnly(string aggregation, string ppo, string field, string problem)
    {
        ExperimentConfig c = ExperimentConfig.Parse($$"""{ "schemes": { "f-ppo": { "learner": "ppo", "ppo": {{ppo}}, "aggregation": {{aggregation}} } } }""");
        var e = Assert.Throws<ConfigException>(() => MultiAgentTrainer.Validate("f-ppo", c));
        Assert.Equal("schemes.f-ppo.aggregation." + field, e.JsonPath);
        Assert.Contains(problem, e.Problem, StringComparison.Ordinal);
        // F-DRL's own period (5 episodes of 50 slots) is one rollout of the default 250 slots.
        MultiAgentTrainer.Validate("f-drl", ExperimentConfig.Parse("""{ "schemes": { "f-drl": { "learner": "ppo" } } }"""));
    }

    [Fact]
    public void QuantizedAggregation_OnUnequalCells_IsAConfigError()
    {
        ExperimentConfig c = ExperimentConfig.Parse("""
            { "network": { "sbsCount": 2, "uesPerCell": [2, 3] }, "channel": { "channels": 4 },
              "schemes": { "f-q": { "aggregation": { "quantization": "int8" } } } }
            """);
        var e = Assert.Throws<ConfigException>(() => MultiAgentTrainer.Validate("f-q", c));
        Assert.Equal("network.uesPerCell", e.JsonPath);
        Assert.Contains("schemes.f-q.aggregation", e.Problem);
    }

    [Theory]
    [InlineData("f-hier")]
    [InlineData("f-gossip")]
    [InlineData("f-actor")]
    public void Variant_SameSeed_SameTrajectory_OnOneThreadAndTwo(string scheme)
    {
        var a = new MultiAgentTrainer(scheme, Config, seed: 5, threads: 1);
        var b = new MultiAgentTrainer(scheme, Config, seed: 5, threads: 2);
        for (int e = 0; e < 4; e++)
        {
            EpisodeRecord ra = a.RunEpisode(), rb = b.RunEpisode();
            Assert.Equal(ra with { WallSeconds = 0, AgentRewards = [] }, rb with { WallSeconds = 0, AgentRewards = [] });
            Assert.Equal(ra.AgentRewards, rb.AgentRewards);
        }
        Assert.True(a.RoundsDone >= 2);
        for (int m = 0; m < a.Learners.Count; m++)
        {
            Assert.True(a.Learners[m].Actor.Parameters.SequenceEqual(b.Learners[m].Actor.Parameters));
            Assert.True(a.Learners[m].TargetCritic.Parameters.SequenceEqual(b.Learners[m].TargetCritic.Parameters));
        }
    }

    [Fact]
    public void SlotPeriod_RunsRoundsInsideEpisodes()
    {
        var t = new MultiAgentTrainer("f-hier", Config, seed: 1);
        t.RunEpisode();
        t.RunEpisode();
        Assert.Equal(2, t.RoundsDone); // slots 7 and 14 of 20
    }

    [Theory]
    [InlineData("f-hier")]
    [InlineData("f-gossip")]
    public void Variant_InterruptedAndResumed_EqualsUninterrupted(string scheme)
    {
        string root = Tiny.TempDir();
        string full = Path.Combine(root, "full"), cut = Path.Combine(root, "cut");
        TrainingRun.Create(full, scheme, Config, 7).Train();
        using (var cts = new CancellationTokenSource())
        {
            TrainingRun run = TrainingRun.Create(cut, scheme, Config, 7);
            Assert.Throws<OperationCanceledException>(() => run.Train(1, r =>
            {
                if (r.Episode == 3)
                {
                    cts.Cancel();
                }
            }, cts.Token));
        }
        TrainingRun.Open(cut).Train(threads: 2);
        Assert.Equal(Tiny.CurveWithoutWallTime(Path.Combine(full, TrainingRun.EpisodesFile)), Tiny.CurveWithoutWallTime(Path.Combine(cut, TrainingRun.EpisodesFile)));
        Assert.Equal(File.ReadAllBytes(Path.Combine(full, TrainingRun.PolicyFile)), File.ReadAllBytes(Path.Combine(cut, TrainingRun.PolicyFile)));
        Assert.Equal(File.ReadAllText(Path.Combine(full, TrainingRun.EvaluationFile)), File.ReadAllText(Path.Combine(cut, TrainingRun.EvaluationFile)));
    }

    [Fact]
    public void TheExampleOfDocsSchemes_Parses()
    {
        string repo = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(repo, "MecMarl.slnx")))
        {
            repo = Path.GetDirectoryName(repo)!;
        }
        string doc = File.ReadAllText(Path.Combine(repo, "docs", "schemes.md"));
        int at = doc.IndexOf("Example: F-DRL variants", StringComparison.Ordinal);
        int from = doc.IndexOf("```json\n", at, StringComparison.Ordinal) + 8, to = doc.IndexOf("```", from, StringComparison.Ordinal);
        ExperimentConfig c = ExperimentConfig.Parse(doc[from..to], "docs/schemes.md");
        Assert.Equal(AggregationTopology.Gossip, c.Schemes["f-drl-gossip"].Aggregation!.Topology);
        Assert.Equal(125, c.Schemes["f-drl-half"].Aggregation!.PeriodSlots);
        foreach (string id in new[] { "f-drl-actor-int8", "f-drl-half", "f-drl-hier", "f-drl-gossip" })
        {
            MultiAgentTrainer.Validate(id, c);
        }
    }
}
