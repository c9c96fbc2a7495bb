namespace MecMarl.Experiments.Tests;

/// <summary>
/// The resolved config (a run's config.json, part of its training fingerprint) of every preset and of scheme
/// variants is byte-identical to the files in ResolvedConfigs/, which were written by the code that read and wrote
/// the <c>schemes</c> section by hand, before it was bound declaratively.
/// </summary>
public sealed class ResolvedConfigWritingTests
{
    // Scheme variants: every aggregation field, the exclusive periods, topology changes, targets following networks,
    // PPO schemes (settings, switched to PPO and back), and a built-in scheme with aggregation turned off and on.
    public static TheoryData<string, string> Variants => new()
    {
        { "aggregation-fields", """
            { "schemes": {
                "f-hier": { "aggregation": { "periodSlots": 7, "participation": 0.67, "weighting": "samples", "quantization": "int8",
                                             "proximalMu": 0.01, "topology": "hierarchical", "clusterSize": 2, "globalEveryRounds": 2 } },
                "f-gossip": { "aggregation": { "periodEpisodes": 1, "networks": ["actor", "critic"], "targets": ["critic"],
                                               "quantization": "float16", "proximalMu": 0.01, "topology": "gossip", "degree": 1 } },
                "f-actor": { "aggregation": { "periodEpisodes": 2, "networks": ["critic"], "targets": [], "weighting": "equal", "participation": 0.5 } } } }
            """ },
        { "aggregation-deltas", """
            { "schemes": {
                "f-drl": { "aggregation": { "periodSlots": 250, "topology": "hierarchical", "clusterSize": 2, "globalEveryRounds": 3 } },
                "ma-drl": { "reward": "cooperative-mean", "initialModel": "common" },
                "il-drl": { "aggregation": { "networks": ["actor"] } },
                "x-on": { "aggregation": { "targets": ["critic"] } },
                "x-off": { "aggregation": null, "parameterSharing": "none" } } }
            """ },
        { "ppo", """
            { "schemes": {
                "mappo": { "learner": "ppo", "critic": "joint", "replay": "joint",
                           "ppo": { "rolloutSlots": 100, "minibatchSize": 25, "clipRange": 0.1, "std": "schedule", "maxGradientNorm": null,
                                    "entropyCoefficient": 0.001, "normalizeAdvantages": false, "zeroOutputLayer": true } },
                "ippo": { "learner": "ppo" },
                "shared": { "learner": "ppo", "parameterSharing": "shared-with-agent-id", "ppo": { "actorLearningRate": 1e-4, "initialStd": 0.3, "minStd": 0.01 } },
                "f-drl": { "aggregation": null, "learner": "ppo", "ppo": { "gaeLambda": 0.9, "valueLearningRate": 0.0025, "epochs": 10 } } } }
            """ },
        { "docs-variants", """
            { "schemes": {
                "f-drl-actor-int8": { "aggregation": { "periodEpisodes": 5, "networks": ["actor"], "quantization": "int8" } },
                "f-drl-half": { "aggregation": { "periodSlots": 125, "participation": 0.5, "weighting": "samples", "proximalMu": 0.01 } },
                "f-drl-hier": { "aggregation": { "periodEpisodes": 5, "topology": "hierarchical", "clusterSize": 3, "globalEveryRounds": 4 } },
                "f-drl-gossip": { "aggregation": { "periodEpisodes": 5, "topology": "gossip", "degree": 2 } },
                "il-drl-co": { "reward": "cooperative" } } }
            """ },
        { "tiny", Tiny.Json },
    };

    [Theory]
    [InlineData("paper")]
    [InlineData("tuned")]
    [InlineData("dense-9")]
    [InlineData("dense-16")]
    [InlineData("tuned-dense")]
    public void Preset_IsWrittenAsBefore(string name)
    {
        ExperimentConfig c = ExperimentConfig.Load(Path.Combine(Repo(), "configs", name + ".json"));
        Assert.Equal(Expected("preset-" + name), c.ToJson());
        Assert.Equal(c.ToJson(), ExperimentConfig.Parse(c.ToJson()).ToJson());
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Variant_IsWrittenAsBefore(string name, string json)
    {
        ExperimentConfig c = ExperimentConfig.Parse(json);
        Assert.Equal(Expected("variant-" + name), c.ToJson());
        ExperimentConfig back = ExperimentConfig.Parse(c.ToJson());
        Assert.Equal(c.Schemes, back.Schemes);
        Assert.Equal(c.ToJson(), back.ToJson());
    }

    private static string Expected(string name) =>
        File.ReadAllText(Path.Combine(Repo(), "tests", "MecMarl.Experiments.Tests", "ResolvedConfigs", name + ".json"));

    private static string Repo()
    {
        string repo = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(repo, "MecMarl.slnx")))
        {
            repo = Path.GetDirectoryName(repo)!;
        }
        return repo;
    }
}
