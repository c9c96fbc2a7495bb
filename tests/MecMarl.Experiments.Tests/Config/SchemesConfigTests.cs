using MecMarl.Learning;
using MecMarl.Simulation;

namespace MecMarl.Experiments.Tests;

public sealed class SchemesConfigTests
{
    [Fact]
    public void BuiltInTable_IsSpec8()
    {
        SchemesConfig s = ExperimentConfig.Paper.Schemes;
        Assert.Equal([SchemeIds.MaDrl, SchemeIds.FDrl, SchemeIds.IlDrl], s.Ids);
        SchemeDescription ma = s[SchemeIds.MaDrl], f = s[SchemeIds.FDrl], il = s[SchemeIds.IlDrl];
        Assert.Equal((CriticView.Joint, LearnedReward.Cooperative, ReplayLayout.Joint), (ma.Critic, ma.Reward, ma.Replay));
        Assert.Null(ma.Aggregation);
        Assert.Equal((CriticView.Local, LearnedReward.Local, ReplayLayout.PerAgent, InitialModel.Common), (f.Critic, f.Reward, f.Replay, f.InitialModel));
        Assert.Equal(new FedAvgAggregation(5, AggregatedNetworks.All), f.Aggregation);
        Assert.Equal(f with { Aggregation = null }, il);
    }

    [Fact]
    public void TunedPreset_ChangesOnlyMaDrlsReward()
    {
        string repo = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(repo, "MecMarl.slnx")))
        {
            repo = Path.GetDirectoryName(repo)!;
        }
        SchemesConfig tuned = ExperimentConfig.Load(Path.Combine(repo, "configs", "tuned.json")).Schemes;
        Assert.Equal(SchemesConfig.MaDrl with { Reward = LearnedReward.CooperativeMean }, tuned[SchemeIds.MaDrl]);
        Assert.Equal(SchemesConfig.FDrl, tuned[SchemeIds.FDrl]);
        Assert.Equal(SchemesConfig.IlDrl, tuned[SchemeIds.IlDrl]);
    }

    [Fact]
    public void NewScheme_StartsFromIlDrl_AndRoundTrips()
    {
        ExperimentConfig c = ExperimentConfig.Parse("""
            { "schemes": { "il-drl-co": { "reward": "cooperative" },
                           "f-drl-actors": { "aggregation": { "periodEpisodes": 3, "networks": ["actor"] } } } }
            """);
        Assert.Equal([SchemeIds.MaDrl, SchemeIds.FDrl, SchemeIds.IlDrl, "il-drl-co", "f-drl-actors"], c.Schemes.Ids);
        Assert.Equal(SchemesConfig.IlDrl with { Reward = LearnedReward.Cooperative }, c.Schemes["il-drl-co"]);
        Assert.Equal(new FedAvgAggregation(3, AggregatedNetworks.Actor), c.Schemes["f-drl-actors"].Aggregation);
        ExperimentConfig back = ExperimentConfig.Parse(c.ToJson());
        Assert.Equal(c.ToJson(), back.ToJson());
        Assert.Equal(c.Schemes, back.Schemes);
        Assert.NotEqual(ExperimentConfig.Paper.TrainingFingerprint(), c.TrainingFingerprint());
    }

    [Theory]
    [InlineData("""{ "schemes": { "ma-drl": { "critc": "joint" } } }""", "schemes.ma-drl.critc", "unknown field")]
    [InlineData("""{ "schemes": { "x": { "critic": "joint" } } }""", "schemes.x.replay", "joint critic")]
    [InlineData("""{ "schemes": { "x": { "replay": "joint" } } }""", "schemes.x.replay", "critic")]
    [InlineData("""{ "schemes": { "x": { "parameterSharing": "shared-with-agent-id" } } }""", "schemes.x.parameterSharing", "\"learner\": \"ppo\" only")]
    [InlineData("""{ "schemes": { "x": { "reward": "global" } } }""", "schemes.x.reward", "unknown reward 'global', expected \"local\", \"cooperative\", \"cooperative-mean\", \"difference\", \"difference-mean\" or \"difference-ue\"")]
    [InlineData("""{ "schemes": { "x": { "learner": "sac" } } }""", "schemes.x.learner", "unknown learner 'sac', expected \"ddpg\" or \"ppo\"")]
    [InlineData("""{ "schemes": { "x": { "learner": "ppo", "learnedBeta": 2e6 } } }""", "schemes.x.learnedBeta", "must be a number in [-1e6, 1e6], found 2000000")]
    [InlineData("""{ "schemes": { "x": { "learnedBeta": "high" } } }""", "schemes.x.learnedBeta", "expected a number")]
    [InlineData("""{ "schemes": { "x": { "learner": "ppo", "ppo": { "clipRange": 1.5 } } } }""", "schemes.x.ppo.clipRange", "(0, 1)")]
    [InlineData("""{ "schemes": { "x": { "learner": "ppo", "ppo": { "rolloutSlots": 0 } } } }""", "schemes.x.ppo.rolloutSlots", "1..100000")]
    [InlineData("""{ "schemes": { "x": { "learner": "ppo", "ppo": { "minibatchSize": 300 } } } }""", "schemes.x.ppo.minibatchSize", "rolloutSlots (250)")]
    [InlineData("""{ "schemes": { "x": { "learner": "ppo", "ppo": { "std": "adaptive" } } } }""", "schemes.x.ppo.std", "unknown std 'adaptive', expected \"learned\" or \"schedule\"")]
    [InlineData("""{ "schemes": { "x": { "learner": "ppo", "ppo": { "epoch": 4 } } } }""", "schemes.x.ppo.epoch", "unknown field")]
    [InlineData("""{ "schemes": { "x": { "learner": "ppo", "ppo": { "entropyCoefficient": -0.1 } } } }""", "schemes.x.ppo.entropyCoefficient", ">= 0")]
    [InlineData("""{ "schemes": { "x": { "learner": "ppo", "ppo": { "maxGradientNorm": 0 } } } }""", "schemes.x.ppo.maxGradientNorm", "> 0")]
    [InlineData("""{ "schemes": { "x": { "learner": "ppo", "ppo": { "anchorCoefficient": -1 } } } }""", "schemes.x.ppo.anchorCoefficient", ">= 0")]
    [InlineData("""{ "schemes": { "x": { "learner": "ppo", "ppo": [] } } }""", "schemes.x.ppo", "object")]
    [InlineData("""{ "schemes": { "f-drl": { "ppo": {} } } }""", "schemes.f-drl.ppo", "\"learner\": \"ppo\" only")]
    [InlineData("""{ "schemes": { "x": { "learner": "ppo", "aggregation": { "topology": "gossip", "degree": 2 } } } }""", "schemes.x.aggregation.topology", "only \"coordinator\"")]
    [InlineData("""{ "schemes": { "x": { "learner": "ppo", "parameterSharing": "shared-with-agent-id", "aggregation": {} } } }""", "schemes.x.aggregation", "nothing to average")]
    [InlineData("""{ "schemes": { "ma-drl": { "aggregation": {} } } }""", "schemes.ma-drl.aggregation", "per-agent")]
    [InlineData("""{ "schemes": { "f-drl": { "aggregation": { "periodEpisodes": 0 } } } }""", "schemes.f-drl.aggregation.periodEpisodes", ">= 1")]
    [InlineData("""{ "schemes": { "f-drl": { "aggregation": { "networks": ["target"] } } } }""", "schemes.f-drl.aggregation.networks[0]", "unknown network")]
    [InlineData("""{ "schemes": { "f-drl": { "aggregation": { "networks": [] } } } }""", "schemes.f-drl.aggregation.networks", "at least one")]
    [InlineData("""{ "schemes": { "f-drl": { "aggregation": { "kind": "gossip" } } } }""", "schemes.f-drl.aggregation.kind", "unknown aggregation")]
    [InlineData("""{ "schemes": { "f-drl": { "aggregation": { "every": 2 } } } }""", "schemes.f-drl.aggregation.every", "unknown field")]
    [InlineData("""{ "schemes": { "f-drl": { "aggregation": { "kind": "fedavg", "every": 2 } } } }""", "schemes.f-drl.aggregation.every", "unknown field (known here: kind, periodEpisodes, ")]
    [InlineData("""{ "schemes": { "x": { "aggregation": { "every": 2 } } } }""", "schemes.x.aggregation.every", "unknown field (known here: kind, periodEpisodes, ")]
    [InlineData("""{ "schemes": { "x": { "foo": 2 } } }""", "schemes.x.foo", "unknown field (known here: critic, ")]
    [InlineData("""{ "schemes": { "local": {} } }""", "schemes.local", "fixed scheme")]
    [InlineData("""{ "schemes": { "My Scheme": {} } }""", "schemes.My Scheme", "lowercase")]
    [InlineData("""{ "schemes": [] }""", "schemes", "object")]
    [InlineData("""{ "schemes": { "x": 5 } }""", "schemes.x", "expected an object, found a number")]
    [InlineData("""{ "schemes": { "x": { "learner": "ppo", "ppo": null } } }""", "schemes.x.ppo", "expected an object of PPO settings, found null")]
    [InlineData("""{ "schemes": { "x": { "learner": "ppo", "ppo": { "normalizeAdvantages": 1 } } } }""", "schemes.x.ppo.normalizeAdvantages", "expected true or false, found a number")]
    [InlineData("""{ "schemes": { "x": { "learner": "ppo", "ppo": { "epochs": 2.5 } } } }""", "schemes.x.ppo.epochs", "expected an integer, found 2.5")]
    [InlineData("""{ "schemes": { "f-drl": { "aggregation": { "kind": 3 } } } }""", "schemes.f-drl.aggregation.kind", "expected a string, found a number")]
    [InlineData("""{ "schemes": { "f-drl": { "aggregation": { "networks": ["actor", 1] } } } }""", "schemes.f-drl.aggregation.networks[1]", "expected a string, found a number")]
    [InlineData("""{ "schemes": { "f-drl": { "aggregation": { "targets": "actor" } } } }""", "schemes.f-drl.aggregation.targets", "expected an array, found a string")]
    [InlineData("""{ "schemes": { "x": { "aggregation": { "participation": "all" } } } }""", "schemes.x.aggregation.participation", "expected a number, found a string")]
    [InlineData("""{ "schemes": { "x": { "critic": null } } }""", "schemes.x.critic", "expected a string, found null")]
    [InlineData("""{ "training": { "episodesPerRound": 5 } }""", "training.episodesPerRound", "schemes.f-drl.aggregation.periodEpisodes")]
    [InlineData("""{ "training": { "cooperativeRewardMean": true } }""", "training.cooperativeRewardMean", "cooperative-mean")]
    public void BadSchemes_NameTheFileAndPath(string json, string path, string problem)
    {
        var e = Assert.Throws<ConfigException>(() => ExperimentConfig.Parse(json, "bad.json"));
        Assert.Equal(path, e.JsonPath);
        Assert.Contains(problem, e.Problem);
        Assert.StartsWith("bad.json: ", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void PpoScheme_ReadsItsSettings_RoundTrips_AndLeavesDdpgSchemesAsTheyWere()
    {
        ExperimentConfig c = ExperimentConfig.Parse("""
            { "schemes": { "mappo": { "learner": "ppo", "critic": "joint", "replay": "joint",
                                      "ppo": { "rolloutSlots": 100, "minibatchSize": 25, "clipRange": 0.1, "std": "schedule", "maxGradientNorm": null } },
                           "ippo": { "learner": "ppo" } } }
            """);
        PpoOptions mappo = c.Schemes["mappo"].Ppo!;
        Assert.Equal(new PpoOptions { RolloutSlots = 100, MinibatchSize = 25, ClipRange = 0.1, Std = PpoStd.Schedule, MaxGradientNorm = null }, mappo);
        Assert.Equal(new PpoOptions(), c.Schemes["ippo"].Ppo);
        Assert.Equal(CriticView.Joint, c.Schemes["mappo"].Critic);
        ExperimentConfig back = ExperimentConfig.Parse(c.ToJson());
        Assert.Equal(c.ToJson(), back.ToJson());
        Assert.Equal(c.Schemes, back.Schemes);
        // DDPG schemes write no "ppo" object: their resolved config and fingerprint are as before.
        Assert.DoesNotContain("\"ppo\"", ExperimentConfig.Paper.ToJson(), StringComparison.Ordinal);
        Assert.Equal(ExperimentConfig.Paper.TrainingFingerprint(), ExperimentConfig.Parse(ExperimentConfig.Paper.ToJson()).TrainingFingerprint());
    }

    [Theory]
    [InlineData("cooperative", 1.0)]
    [InlineData("cooperative-mean", 1.0 / 3)]
    public void ConfigDefinedScheme_LearnsTheRewardItsDescriptionNames(string reward, double factor)
    {
        // Given IL-DRL and a scheme that differs from it only in the reward: before learning starts
        // (16 transitions, 10 slots an episode) both act identically in episode 1.
        ExperimentConfig config = ExperimentConfig.Parse(Tiny.Json.Replace("\"schemes\": {", $"\"schemes\": {{ \"il-drl-co\": {{ \"reward\": \"{reward}\" }},"));
        var local = new MultiAgentTrainer(SchemeIds.IlDrl, config, seed: 4);
        var co = new MultiAgentTrainer("il-drl-co", config, seed: 4);
        local.RunEpisode();
        co.RunEpisode();
        // Then at every slot each agent of the new scheme stored factor x (sum of the three local rewards, eq. 12).
        var agentsLocal = ((DdpgMultiAgentLearner)local.Learner).Agents;
        var agentsCo = ((DdpgMultiAgentLearner)co.Learner).Agents;
        var o = new float[agentsLocal[0].Observation.Length];
        var act = new float[agentsLocal[0].Action.Length];
        var r = new float[1];
        for (int t = 0; t < 10; t++)
        {
            double sum = 0;
            foreach (DdpgAgent a in agentsLocal)
            {
                a.Replay!.CopyTransition(t, o, act, r, o);
                sum += r[0];
            }
            foreach (DdpgAgent a in agentsCo)
            {
                a.Replay!.CopyTransition(t, o, act, r, o);
                Assert.Equal(factor * sum, r[0], 1e-3 * Math.Max(1, Math.Abs(sum)));
            }
        }
    }

    [Fact]
    public void Aggregation_NotTheId_DecidesTheEqualCellCheck()
    {
        ExperimentConfig config = ExperimentConfig.Parse("""
            { "network": { "sbsCount": 2, "uesPerCell": [2, 3] }, "channel": { "channels": 4 },
              "schemes": { "gossip-like": { "aggregation": { "periodEpisodes": 3 } }, "f-drl": { "aggregation": null } } }
            """);
        var e = Assert.Throws<ConfigException>(() => new MultiAgentTrainer("gossip-like", config, 1));
        Assert.Equal("network.uesPerCell", e.JsonPath);
        Assert.Contains("gossip-like", e.Problem);
        // F-DRL without aggregation trains on unequal cells.
        _ = new MultiAgentTrainer(SchemeIds.FDrl, config, 1);
    }
}
