using System.Text.Json.Nodes;
using MecMarl.Learning;
using MecMarl.Nn;
using MecMarl.Simulation;

namespace MecMarl.Experiments.Tests;

/// <summary><c>training.selectionEpisodes</c>: the run keeps the better of its start and its trained actors.</summary>
public sealed class SelectionTests
{
    // Tiny's scenario over the heuristic decoder with a PPO scheme started at the decoder's plan (zero output layer).
    private static readonly ExperimentConfig Base = ExperimentConfig.Parse(Tiny.Json
        .Replace("\"environment\": { \"slotsPerEpisode\": 10 }", "\"environment\": { \"slotsPerEpisode\": 10, \"decoder\": \"heuristic\" }", StringComparison.Ordinal)
        .Replace(
        "\"il-drl-mean\": { \"reward\": \"cooperative-mean\", \"initialModel\": \"own\" }",
        """
        "il-drl-mean": { "reward": "cooperative-mean", "initialModel": "own" },
        "ppo": { "learner": "ppo", "reward": "difference", "decoderPowerRangeDecades": 8, "ppo": { "zeroOutputLayer": true, "rolloutSlots": 10, "minibatchSize": 10 } }
        """, StringComparison.Ordinal), "selection.json");

    private static ExperimentConfig Selecting(ExperimentConfig c, int? episodes = 3) => c with { Training = c.Training with { SelectionEpisodes = episodes } };

    private static float[][] Actors(string file) => [.. PolicyFile.Load(file).Actors.Select(a => a.Parameters.ToArray())];

    private static string Kept(string run) => JsonNode.Parse(File.ReadAllText(Path.Combine(run, TrainingRun.SelectionFile)))!["kept"]!.GetValue<string>();

    // PPO over the heuristic decoder (6 episodes move it from the decoder's plan to a lower reward) and
    // DDPG from its random start over the deadline-aware decoder (6 episodes raise the reward).
    public static TheoryData<bool, string, int> Runs => new()
    {
        { true, "ppo", 1 }, { true, "ppo", 2 }, { false, SchemeIds.IlDrl, 2 }, { false, SchemeIds.MaDrl, 1 },
    };

    private static ExperimentConfig On(bool heuristicDecoder) => heuristicDecoder ? Base : Tiny.Config;

    [Theory]
    [MemberData(nameof(Runs))]
    public void TheRunKeepsTheActorsWithTheHigherRewardOnTheSelectionEpisodes_AndTrainsAsWithout(bool heuristicDecoder, string scheme, int seed)
    {
        ExperimentConfig config = On(heuristicDecoder);
        string root = Tiny.TempDir();
        string plain = Path.Combine(root, "plain"), selecting = Path.Combine(root, "selecting");
        TrainingRun.Create(plain, scheme, config, seed).Train();
        TrainingRun.Create(selecting, scheme, Selecting(config), seed).Train();

        // Training is the same; the start file holds the actors before the first episode.
        Assert.Equal(Tiny.CurveWithoutWallTime(Path.Combine(plain, TrainingRun.EpisodesFile)), Tiny.CurveWithoutWallTime(Path.Combine(selecting, TrainingRun.EpisodesFile)));
        var fresh = new MultiAgentTrainer(scheme, config, seed);
        float[][] start = Actors(Path.Combine(selecting, TrainingRun.StartPolicyFile));
        Assert.Equal([.. fresh.Learner.Actors.Select(a => a.Parameters.ToArray())], start);
        Assert.False(File.Exists(Path.Combine(plain, TrainingRun.StartPolicyFile)));
        Assert.False(File.Exists(Path.Combine(plain, TrainingRun.SelectionFile)));

        // Both candidates played the selection episodes again, independently: the higher reward is kept.
        float[][] trained = Actors(Path.Combine(plain, TrainingRun.PolicyFile));
        ulong selectionSeed = TrainingRun.SelectionSeed(seed);
        Assert.NotEqual(config.Evaluation.Seed, selectionSeed);
        Assert.InRange(selectionSeed, 0UL, 1UL << 53);
        double Reward(string file) => Evaluation.Learned(scheme, seed, config, new ActorPolicy(PolicyFile.Load(file).Actors), 3, selectionSeed).SystemReward;
        double ofTrained = Reward(Path.Combine(plain, TrainingRun.PolicyFile));
        double ofStart = Reward(Path.Combine(selecting, TrainingRun.StartPolicyFile));
        JsonNode selection = JsonNode.Parse(File.ReadAllText(Path.Combine(selecting, TrainingRun.SelectionFile)))!;
        Assert.Equal(ofTrained, selection["trained"]!["systemReward"]!.GetValue<double>());
        Assert.Equal(ofStart, selection["start"]!["systemReward"]!.GetValue<double>());
        Assert.Equal(3, selection["episodes"]!.GetValue<int>());
        Assert.Equal(selectionSeed, selection["seed"]!.GetValue<ulong>());
        bool keepStart = ofStart > ofTrained;
        Assert.Equal(keepStart ? "start" : "trained", Kept(selecting));
        Assert.Equal(keepStart ? start : trained, Actors(Path.Combine(selecting, TrainingRun.PolicyFile)));
        Assert.Contains($"kept the {Kept(selecting)} actors", File.ReadAllText(Path.Combine(selecting, TrainingRun.LogFile)), StringComparison.Ordinal);

        // evaluation.json is the kept actors' evaluation, as eval computes it from policy.ckpt.
        TrainingRun done = TrainingRun.Open(selecting);
        Assert.Equal(EvaluationJson.Write(done.Evaluate(config.Evaluation.Episodes, config.Evaluation.Seed)), File.ReadAllText(Path.Combine(selecting, TrainingRun.EvaluationFile)));
        if (!keepStart)
        {
            Assert.Equal(File.ReadAllText(Path.Combine(plain, TrainingRun.EvaluationFile)), File.ReadAllText(Path.Combine(selecting, TrainingRun.EvaluationFile)));
        }
    }

    [Fact]
    public void BothOutcomesOccur_AmongTheRunsAbove()
    {
        // The runs of the theory above keep the start at least once and the trained actors at least once,
        // so that the theory checks both branches.
        string root = Tiny.TempDir();
        var kept = new HashSet<string>(StringComparer.Ordinal);
        foreach (object[] row in Runs)
        {
            string dir = Path.Combine(root, $"{row[1]}-{row[2]}");
            TrainingRun.Create(dir, (string)row[1], Selecting(On((bool)row[0])), (int)row[2]).Train();
            kept.Add(Kept(dir));
        }
        Assert.Equal(["start", "trained"], kept.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ATie_KeepsTheTrainedActors()
    {
        // One episode of 10 slots and learning from 16 transitions on: no update, the trained actors are the start.
        ExperimentConfig c = Selecting(Tiny.Config with { Training = Tiny.Config.Training with { Episodes = 1 } });
        string dir = Path.Combine(Tiny.TempDir(), "run");
        TrainingRun.Create(dir, SchemeIds.IlDrl, c, 4).Train();
        Assert.Equal("trained", Kept(dir));
        JsonNode selection = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, TrainingRun.SelectionFile)))!;
        Assert.Equal(selection["start"]!["systemReward"]!.GetValue<double>(), selection["trained"]!["systemReward"]!.GetValue<double>());
    }

    [Fact]
    public void InterruptedAndResumed_EqualsUninterrupted()
    {
        string root = Tiny.TempDir();
        string full = Path.Combine(root, "full"), cut = Path.Combine(root, "cut");
        TrainingRun.Create(full, "ppo", Selecting(Base), 2).Train();
        using (var cts = new CancellationTokenSource())
        {
            TrainingRun run = TrainingRun.Create(cut, "ppo", Selecting(Base), 2);
            Assert.Throws<OperationCanceledException>(() => run.Train(1, r =>
            {
                if (r.Episode == 3)
                {
                    cts.Cancel();
                }
            }, cts.Token));
        }
        Assert.False(File.Exists(Path.Combine(cut, TrainingRun.SelectionFile)));
        TrainingRun.Open(cut).Train(threads: 2);
        foreach (string file in new[] { TrainingRun.PolicyFile, TrainingRun.StartPolicyFile, TrainingRun.SelectionFile, TrainingRun.EvaluationFile })
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(full, file)), File.ReadAllBytes(Path.Combine(cut, file)));
        }
    }

    [Fact]
    public void AResumeWithoutTheStartFile_IsARunFolderError_AndChangesNothing()
    {
        string cut = Path.Combine(Tiny.TempDir(), "cut");
        using (var cts = new CancellationTokenSource())
        {
            TrainingRun run = TrainingRun.Create(cut, "ppo", Selecting(Base), 2);
            Assert.Throws<OperationCanceledException>(() => run.Train(1, _ => cts.Cancel(), cts.Token));
        }
        File.Delete(Path.Combine(cut, TrainingRun.StartPolicyFile));
        byte[] checkpoint = File.ReadAllBytes(Path.Combine(cut, TrainingRun.CheckpointFile));
        var e = Assert.Throws<RunFolderException>(() => TrainingRun.Open(cut).Train());
        Assert.Contains("training.selectionEpisodes", e.Message, StringComparison.Ordinal);
        Assert.Contains(TrainingRun.StartPolicyFile, e.Message, StringComparison.Ordinal);
        Assert.Equal(checkpoint, File.ReadAllBytes(Path.Combine(cut, TrainingRun.CheckpointFile)));
        Assert.False(File.Exists(Path.Combine(cut, TrainingRun.PolicyFile)));
    }

    [Fact]
    public void TheFieldIsWrittenOnlyWhenSet_AndChangesTheFingerprint()
    {
        Assert.DoesNotContain("selectionEpisodes", Base.ToJson(), StringComparison.Ordinal);
        Assert.Contains("\"selectionEpisodes\": 3", Selecting(Base).ToJson(), StringComparison.Ordinal);
        Assert.NotEqual(Base.TrainingFingerprint(), Selecting(Base).TrainingFingerprint());
        ExperimentConfig parsed = ExperimentConfig.Parse(Selecting(Base).ToJson(), "again.json");
        Assert.Equal(3, parsed.Training.SelectionEpisodes);
    }
}
