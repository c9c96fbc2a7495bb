using MecMarl.Learning;
using MecMarl.Nn;
using MecMarl.Simulation;

namespace MecMarl.Experiments.Tests;

/// <summary><c>mecmarl imitate</c>'s engine: actors cloned from the yardstick through the heuristic decoder.</summary>
public sealed class YardstickImitationTests
{
    // Tiny's scenario on the heuristic decoder with PPO schemes (one with 12 decades of range, one sharing its model),
    // and the yardstick leaving infeasible UEs out.
    private static readonly ExperimentConfig Base = Build();

    private static ExperimentConfig Build()
    {
        string json = Tiny.Json.Replace("\"environment\": { \"slotsPerEpisode\": 10 }",
            "\"environment\": { \"slotsPerEpisode\": 10, \"decoder\": \"heuristic\" }, \"policies\": { \"yardstick\": { \"leaveOutInfeasible\": true } }",
            StringComparison.Ordinal);
        return ExperimentConfig.Parse(json.Replace(
            "\"il-drl-mean\": { \"reward\": \"cooperative-mean\", \"initialModel\": \"own\" }",
            """
            "il-drl-mean": { "reward": "cooperative-mean", "initialModel": "own" },
            "ppo-h": { "learner": "ppo", "reward": "difference", "decoderPowerRangeDecades": 12 },
            "ppo-h-shared": { "learner": "ppo", "reward": "local", "parameterSharing": "shared-with-agent-id" },
            "ppo-plain": { "learner": "ppo", "reward": "local" }
            """, StringComparison.Ordinal), "imitate.json");
    }

    private static readonly ImitationOptions Small = new() { Episodes = 3, Epochs = 4, Batch = 16 };

    [Fact]
    public void Imitation_IsDeterministic_AndWritesActorsTheSchemesTrainingStartsFrom()
    {
        ImitationResult a = YardstickImitation.Run("ppo-h", Base, 4, Small);
        ImitationResult b = YardstickImitation.Run("ppo-h", Base, 4, Small);
        ImitationResult other = YardstickImitation.Run("ppo-h", Base, 5, Small);
        int slots = Base.Simulation.Environment.SlotsPerEpisode;
        Assert.Equal(3 * slots, a.PairsPerAgent);
        Assert.True(a.LabelsSent > 0 && a.LabelsOnHeuristicChannel <= a.LabelsSent);
        Assert.All(a.MeanSquaredError, e => Assert.True(double.IsFinite(e) && e >= 0));
        for (int m = 0; m < a.Policy.Actors.Count; m++)
        {
            Assert.Equal(a.Policy.Actors[m].Parameters.ToArray(), b.Policy.Actors[m].Parameters.ToArray());
            Assert.NotEqual(a.Policy.Actors[m].Parameters.ToArray(), other.Policy.Actors[m].Parameters.ToArray());
        }

        // The policy file fits the scheme: a training of it starts from the cloned actors.
        string dir = Tiny.TempDir(), file = Path.Combine(dir, TrainingRun.PolicyFile);
        a.Policy.Save(file);
        ExperimentConfig from = Base with { Training = Base.Training with { InitPolicy = dir } };
        var trainer = new MultiAgentTrainer("ppo-h", from, 4);
        trainer.StartFrom(MultiAgentTrainer.LoadInitPolicy("ppo-h", from, 4)!);
        for (int m = 0; m < a.Policy.Actors.Count; m++)
        {
            Assert.Equal(a.Policy.Actors[m].Parameters.ToArray(), trainer.Learner.Actors[m].Parameters.ToArray());
        }
    }

    [Fact]
    public void TheLabelCheck_PlaysTheEvaluationEpisodes_AsTheFixedYardstickAndHeuristicDo()
    {
        LabelCheck check = YardstickImitation.CheckLabels("ppo-h", Base, 2, 99);
        Assert.Equal(Evaluation.Fixed(SchemeIds.Yardstick, Base, 2, 99).LatencyMetPct, check.YardstickPct, 9);
        Assert.Equal(Evaluation.Fixed(SchemeIds.Heuristic, Base, 2, 99).LatencyMetPct, check.HeuristicPct, 9);
        Assert.InRange(check.LabelsPct, 0, 100);
    }

    [Fact]
    public void MoreEpochs_FitTheTeacherBetter()
    {
        double few = YardstickImitation.Run("ppo-h", Base, 4, Small with { Epochs = 1 }).MeanSquaredError.Average();
        double many = YardstickImitation.Run("ppo-h", Base, 4, Small with { Epochs = 40 }).MeanSquaredError.Average();
        Assert.True(many < few, $"40 epochs: {many}, 1 epoch: {few}");
    }

    [Fact]
    public void ASchemeWithoutTheHeuristicDecoder_OrSharingItsModel_IsRefusedNamingTheField()
    {
        ExperimentConfig greedy = Base with { Simulation = Base.Simulation with { Environment = Base.Simulation.Environment with { Decoder = DecoderKind.Greedy } } };
        var decoder = Assert.Throws<ConfigException>(() => YardstickImitation.Run("ppo-plain", greedy, 1, Small));
        Assert.Contains("environment.decoder", decoder.Message, StringComparison.Ordinal);
        var shared = Assert.Throws<ConfigException>(() => YardstickImitation.Run("ppo-h-shared", Base, 1, Small));
        Assert.Contains("schemes.ppo-h-shared.parameterSharing", shared.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => YardstickImitation.Run("ppo-h", Base, 1, Small with { Epochs = 0 }));
    }
}
