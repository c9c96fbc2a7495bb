using System.Text.Json.Nodes;
using MecMarl.Simulation;

namespace MecMarl.Experiments.Tests;

/// <summary>
/// The config sections bound from JSON (<see cref="ConfigBinding"/>): the written config and its training
/// fingerprint stay those of the hand-written reader and writer they replaced (so run folders written before
/// still resume), partial sections keep their defaults, bad values and values out of their declared range are
/// one line with the JSON path, and the hyperparameter table of docs/schemes.md lists every <c>training</c> field.
/// </summary>
public sealed class ConfigBindingTests
{
    private static string Repo()
    {
        string repo = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(repo, "MecMarl.slnx")))
        {
            repo = Path.GetDirectoryName(repo)!;
        }
        return repo;
    }

    // Fingerprints of the presets as the hand-written writer produced them (before the sections were bound
    // from JSON): a checkpoint resumes only under the same fingerprint, so these must never change by accident.
    // configs/tuned-dense.json changed on purpose when it gained the scheme ippo-dr and 4,000 episodes, and again
    // with 8,000 episodes and ippo-dr's annealed learning rates, when f-drl became federated PPO there, and when
    // ma-drl became MAPPO and il-drl IPPO with the difference reward.
    [Theory]
    [InlineData("configs/paper.json", "93aecd49ef540621")]
    [InlineData("configs/tuned.json", "34de574f4ef35fce")]
    [InlineData("configs/dense-9.json", "2c149b71a50a8ae9")]
    [InlineData("configs/dense-16.json", "49b36d0058aeb094")]
    [InlineData("configs/tuned-dense.json", "1d717a4e9d7ba626")]
    [InlineData("docs/configs/dense-16-k4.json", "9b1dc699d4399d64")]
    [InlineData("docs/configs/federated-variants.json", "9658060c8fcc31c5")]
    public void Presets_KeepTheirTrainingFingerprint_AndConfigJsonReadsBackToTheSameBytes(string file, string fingerprint)
    {
        ExperimentConfig c = ExperimentConfig.Load(Path.Combine(Repo(), file));
        Assert.Equal(fingerprint, c.TrainingFingerprint());
        string json = c.ToJson();
        ExperimentConfig back = ExperimentConfig.Parse(json, "config.json");
        Assert.Equal(json, back.ToJson());
    }

    [Fact]
    public void TheDdpgLayer_GivesBackTheOverlayOfTheDdpgMeasurements()
    {
        // docs/dense.md measured MA-DRL, F-DRL and IL-DRL as DDPG under the overlay before the overlay made them PPO
        // schemes; docs/configs/ddpg-dense.json laid over it gives back that config exactly ("ppo": null on a DDPG scheme is
        // no PPO settings, "decoderPowerRangeDecades": null the environment's range).
        ExperimentConfig c = ConfigLayers.Of([Path.Combine(Repo(), "configs/tuned-dense.json"), Path.Combine(Repo(), "docs/configs/ddpg-dense.json")], null).Resolve();
        Assert.Equal("6246d484c50e2116", c.TrainingFingerprint());
        foreach (string id in new[] { "ma-drl", "f-drl", "il-drl" })
        {
            Assert.Equal(MecMarl.Learning.LearnerKind.Ddpg, c.Schemes[id].Learner);
            Assert.Null(c.Schemes[id].Ppo);
            Assert.Null(c.Schemes[id].DecoderPowerRangeDecades);
        }
        Assert.Equal(c.Schemes["ippo-dr"], ExperimentConfig.Load(Path.Combine(Repo(), "configs/tuned-dense.json")).Schemes["ippo-dr"]);
    }

    [Fact]
    public void TheOverlaysIlDrl_IsIppoDr()
    {
        // docs/dense.md reads the ippo-dr measurements as IL-DRL's: the two descriptions are equal and the agents'
        // random streams depend on the training seed and agent index only (AgentStreams), so they train the same bits.
        ExperimentConfig c = ExperimentConfig.Load(Path.Combine(Repo(), "configs/tuned-dense.json"));
        Assert.Equal(c.Schemes["ippo-dr"], c.Schemes["il-drl"]);
        Assert.Equal(MecMarl.Learning.CriticView.Joint, c.Schemes["ma-drl"].Critic);
        Assert.Equal(MecMarl.Learning.LearnedReward.Difference, c.Schemes["ma-drl"].Reward);
    }

    [Fact]
    public void TheMeanCounterfactualLayer_ChangesOnlyTheRewardOfTheOverlaysPpoSchemes()
    {
        // docs/dense.md, "The policy's mean as the counterfactual": docs/configs/difference-mean.json laid over the overlay.
        ExperimentConfig overlay = ExperimentConfig.Load(Path.Combine(Repo(), "configs/tuned-dense.json"));
        ExperimentConfig c = ConfigLayers.Of([Path.Combine(Repo(), "configs/tuned-dense.json"), Path.Combine(Repo(), "docs/configs/difference-mean.json")], null).Resolve();
        foreach (string id in new[] { "ma-drl", "f-drl", "il-drl", "ippo-dr" })
        {
            Assert.Equal(overlay.Schemes[id] with { Reward = MecMarl.Learning.LearnedReward.DifferenceFromMean }, c.Schemes[id]);
        }
        Assert.Equal(c.Schemes["ippo-dr"], c.Schemes["il-drl"]);
        // Nothing else: the resolved config is the overlay's with those four rewards renamed.
        string before = overlay.ToJson(), renamed = before.Replace("\"reward\": \"difference\"", "\"reward\": \"difference-mean\"", StringComparison.Ordinal);
        Assert.Equal(4, (renamed.Length - before.Length) / "-mean".Length);
        Assert.Equal(renamed, c.ToJson());
    }

    [Fact]
    public void ThePowerControlLayer_SetsTheControlAndTheHeuristicsEstimate_AndNothingElse()
    {
        // docs/dense.md, "The overlay's learner under control": docs/configs/power-control.json laid over the overlay.
        ExperimentConfig overlay = ExperimentConfig.Load(Path.Combine(Repo(), "configs/tuned-dense.json"));
        ExperimentConfig c = ConfigLayers.Of([Path.Combine(Repo(), "configs/tuned-dense.json"), Path.Combine(Repo(), "docs/configs/power-control.json")], null).Resolve();
        Assert.Equal(50, c.Simulation.Environment.PowerControlRounds);
        Assert.True(c.Simulation.Environment.PowerControlLeaveOut);
        Assert.Null(c.Simulation.Environment.PowerControlMargin);
        Assert.Equal(InterferenceEstimate.Mean, c.Policies.Heuristic.Estimate);
        // The decoder of every learning scheme is the heuristic with the same estimate.
        Assert.Equal(InterferenceEstimate.Mean, c.Simulation.Environment.Heuristic.Estimate);
        ExperimentConfig back = c with
        {
            Simulation = c.Simulation with { Environment = overlay.Simulation.Environment },
            Policies = overlay.Policies,
        };
        Assert.Equal(overlay.ToJson(), back.ToJson());
    }

    [Fact]
    public void TheMeanCounterfactual_BindsOnAPpoScheme_AndIsRefusedOnADdpgOneWithItsPath()
    {
        ExperimentConfig c = ExperimentConfig.Parse("""{ "schemes": { "x": { "learner": "ppo", "reward": "difference-mean" } } }""");
        Assert.Equal(MecMarl.Learning.LearnedReward.DifferenceFromMean, c.Schemes["x"].Reward);
        Assert.Contains("\"reward\": \"difference-mean\"", c.ToJson());
        var e = Assert.Throws<ConfigException>(() => ExperimentConfig.Parse("""{ "schemes": { "il-drl": { "reward": "difference-mean" } } }""", "bad.json"));
        Assert.Equal("schemes.il-drl.reward", e.JsonPath);
        Assert.Contains("needs \"learner\": \"ppo\"", e.Problem);
    }

    [Fact]
    public void CreditPerUe_BindsOnIppoMappoAndFederatedPpo_AndIsRefusedWithSharedParametersWithItsPath()
    {
        ExperimentConfig c = ExperimentConfig.Parse("""
            { "schemes": { "i": { "learner": "ppo", "reward": "difference-ue" },
                           "j": { "learner": "ppo", "critic": "joint", "replay": "joint", "reward": "difference-ue" },
                           "f": { "learner": "ppo", "reward": "difference-ue", "aggregation": { "networks": ["critic"] } } } }
            """);
        Assert.All(["i", "j", "f"], id => Assert.Equal(MecMarl.Learning.LearnedReward.DifferencePerUe, c.Schemes[id].Reward));
        var e = Assert.Throws<ConfigException>(() => ExperimentConfig.Parse("""
            { "schemes": { "s": { "learner": "ppo", "parameterSharing": "shared-with-agent-id", "reward": "difference-ue" } } }
            """, "bad.json"));
        Assert.Equal("schemes.s.reward", e.JsonPath);
        Assert.Contains("shared parameters", e.Problem);
    }

    [Fact]
    public void APartialSection_KeepsTheDefaultsOfTheFieldsItLeavesOut()
    {
        ExperimentConfig c = ExperimentConfig.Parse("""
            {"network": {"sbsCount": 4}, "tasks": {"bitsPerKb": 1000}, "training": {"gamma": 0.5},
             "policies": {"heuristic": {"powerFactor": 2}}}
            """);
        Assert.Equal(4, c.Simulation.Network.SbsCount);
        Assert.Equal(10.0, c.Simulation.Network.MinUeDistanceM);
        Assert.Equal(200 * 1000.0, c.Simulation.Tasks.SizeMinBits);
        Assert.Equal(0.5, c.Training.Gamma);
        Assert.Equal(32, c.Training.BatchSize);
        Assert.Equal(300, c.Training.Episodes);
        Assert.Equal(2.0, c.Policies.Heuristic.PowerFactor);
        Assert.Equal(0.15, c.Policies.Heuristic.DeadlineMargin);
        Assert.Equal(c.Policies.Heuristic, c.Simulation.Environment.Heuristic);
    }

    [Theory]
    [InlineData("300.0")]
    [InlineData("3e2")]
    public void AnIntegerWrittenAsADecimal_ReadsAsBefore(string episodes)
    {
        Assert.Equal(300, ExperimentConfig.Parse("{\"training\": {\"episodes\": " + episodes + "}}").Training.Episodes);
    }

    [Theory]
    [InlineData("""{"training": {"gama": 0.5}}""", "training.gama", "unknown field (known here: episodes, layoutSeed, actorHidden,")]
    [InlineData("""{"training": {"actorAdamBeta1": 0.5}}""", "training.actorAdamBeta1", "unknown field")]
    [InlineData("""{"training": {"adamBeta1": 0.5}}""", "training.adamBeta1", "unknown field")]
    [InlineData("""{"environment": {"heuristic": {}}}""", "environment.heuristic", "unknown field")]
    [InlineData("""{"network": {"totalUes": 3}}""", "network.totalUes", "unknown field")]
    [InlineData("""{"training": {"actorHidden": [64, "x"]}}""", "training.actorHidden[1]", "expected a number, found a string")]
    [InlineData("""{"training": {"actorHidden": []}}""", "training.actorHidden", "expected a non-empty list of layer widths")]
    [InlineData("""{"training": {"actorHidden": null}}""", "training.actorHidden", "expected an array, found null")]
    [InlineData("""{"training": {"maxGradientNorm": "x"}}""", "training.maxGradientNorm", "expected a number, found a string")]
    [InlineData("""{"training": {"episodesPerRound": 5}}""", "training.episodesPerRound", "moved: the F-DRL aggregation period")]
    [InlineData("""{"evaluation": {"seed": 1.5}}""", "evaluation.seed", "expected a non-negative integer seed (at most 2^53), found 1.5")]
    [InlineData("""{"network": {"ueCpuGhz": [1, true]}}""", "network.ueCpuGhz[1]", "expected a number, found a boolean")]
    [InlineData("""{"network": {"uesPerCell": [1, 2.5]}}""", "network.uesPerCell[1]", "expected an integer, found 2.5")]
    [InlineData("""{"policies": {"constant": {"action": [0.5, {}]}}}""", "policies.constant.action[1]", "expected a number, found an object")]
    [InlineData("""{"policies": {"heuristic": null}}""", "policies.heuristic", "expected an object, found null")]
    [InlineData("""{"policies": {"heuristic": {"hopeless": "x"}}}""", "policies.heuristic.hopeless", "unknown handling 'x', expected \"drop\", \"local\" or \"max-power\"")]
    [InlineData("""{"reward": {"beta": null}}""", "reward.beta", "expected a number, found null")]
    [InlineData("""{"training": {"policyDelay": 0}}""", "training.policyDelay", "must be between 1 and 1000, found 0")]
    [InlineData("""{"training": {"checkpointEveryEpisodes": 0}}""", "training.checkpointEveryEpisodes", "must be >= 1, found 0")]
    [InlineData("""{"training": {"selectionEpisodes": 0}}""", "training.selectionEpisodes", "must be between 1 and 100000, found 0")]
    [InlineData("""{"training": {"selectionEpisodes": 2.5}}""", "training.selectionEpisodes", "expected an integer, found 2.5")]
    [InlineData("""{"training": {"noiseStdStart": -0.5}}""", "training.noiseStdStart", "must be a finite number >= 0, found -0.5")]
    [InlineData("""{"training": {"maxGradientNorm": 0}}""", "training.maxGradientNorm", "must be a finite number > 0, found 0")]
    [InlineData("""{"training": {"tau": 0}}""", "training.tau", "must be in (0, 1], found 0")]
    [InlineData("""{"training": {"rewardScale": 5000}}""", "training.rewardScale", "must be between 1E-06 and 1000, found 5000")]
    [InlineData("""{"signalling": {"headerBytes": 70000}}""", "signalling.headerBytes", "must be between 0 and 65536 bytes, found 70000")]
    [InlineData("""{"policies": {"heuristic": {"dropShare": 1}}}""", "policies.heuristic.dropShare", "must be in (0, 1), found 1")]
    [InlineData("""{"policies": {"heuristic": {"powerFactor": 0.5}}}""", "policies.heuristic.powerFactor", "must be a finite number >= 1, found 0.5")]
    [InlineData("""{"policies": {"heuristic": {"channelPersistence": 0.5}}}""", "policies.heuristic.channelPersistence", "must be a finite number >= 1, found 0.5")]
    [InlineData("""{"environment": {"powerControlRounds": -1}}""", "environment.powerControlRounds", "must be between 0 and 1000, found -1")]
    [InlineData("""{"environment": {"powerControlRounds": 2000}}""", "environment.powerControlRounds", "must be between 0 and 1000, found 2000")]
    [InlineData("""{"environment": {"powerControlRounds": 5, "powerControlMargin": 1}}""", "environment.powerControlMargin", "must be in [0, 1), found 1")]
    [InlineData("""{"environment": {"powerControlLeaveOut": true}}""", "environment.powerControlLeaveOut", "needs environment.powerControlRounds >= 1 (the rounds it leaves UEs out in)")]
    public void ABadValue_IsOneLineNamingTheFileThePathAndTheProblem(string json, string path, string problem)
    {
        var e = Assert.Throws<ConfigException>(() => ExperimentConfig.Parse(json, "x.json"));
        Assert.Equal("x.json", e.File);
        Assert.Equal(path, e.JsonPath);
        Assert.StartsWith(problem, e.Problem, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void TheTrainingTableOfDocsSchemes_ListsEveryTrainingField()
    {
        string doc = File.ReadAllText(Path.Combine(Repo(), "docs", "schemes.md"));
        int from = doc.IndexOf("## Config values (`training` section)", StringComparison.Ordinal);
        int to = doc.IndexOf("\n## ", from + 1, StringComparison.Ordinal);
        string table = doc[from..to];
        JsonObject training = JsonNode.Parse(ExperimentConfig.Paper.ToJson())!["training"]!.AsObject();
        foreach (KeyValuePair<string, JsonNode?> field in training)
        {
            Assert.Contains($"`{field.Key}`", table, StringComparison.Ordinal);
        }
    }
}
