using MecMarl.Learning;
using MecMarl.Nn;
using MecMarl.Simulation;

namespace MecMarl.Experiments.Tests;

/// <summary><c>training.initPolicy</c>: a training whose actors start from a trained policy.</summary>
public sealed class InitPolicyTests
{
    // Tiny's scenario with a PPO scheme and a federated DDPG scheme with a proximal term beside its DDPG schemes.
    private static readonly ExperimentConfig Base = ExperimentConfig.Parse(Tiny.Json.Replace(
        "\"il-drl-mean\": { \"reward\": \"cooperative-mean\", \"initialModel\": \"own\" }",
        """
        "il-drl-mean": { "reward": "cooperative-mean", "initialModel": "own" },
        "ppo": { "learner": "ppo", "reward": "local" },
        "ppo-shared": { "learner": "ppo", "reward": "local", "parameterSharing": "shared-with-agent-id" },
        "f-drl-prox": { "aggregation": { "periodEpisodes": 2, "networks": ["actor", "critic"], "proximalMu": 0.1 } }
        """, StringComparison.Ordinal), "init-policy.json");

    private static ExperimentConfig From(string? path, ExperimentConfig? config = null)
    {
        ExperimentConfig c = config ?? Base;
        return c with { Training = c.Training with { InitPolicy = path } };
    }

    // A finished run of scheme on Base (2 episodes), in root/name.
    private static string Finished(string root, string name, string scheme, int seed, ExperimentConfig? config = null)
    {
        string dir = Path.Combine(root, name);
        ExperimentConfig c = config ?? Base;
        TrainingRun.Create(dir, scheme, c with { Training = c.Training with { Episodes = 2 } }, seed).Train();
        return dir;
    }

    private static float[] Parameters(DenseNetwork n) => n.Parameters.ToArray();

    [Theory]
    [InlineData("ppo", "ppo")]
    [InlineData(SchemeIds.IlDrl, SchemeIds.IlDrl)]
    [InlineData(SchemeIds.MaDrl, SchemeIds.IlDrl)]
    [InlineData("f-drl-prox", SchemeIds.FDrl)]
    public void TheActorsStartFromThePolicy_AndNothingElseDoes(string scheme, string sourceScheme)
    {
        string source = Finished(Tiny.TempDir(), "source", sourceScheme, 3);
        PolicyFile policy = PolicyFile.Load(Path.Combine(source, TrainingRun.PolicyFile));
        var fresh = new MultiAgentTrainer(scheme, Base, 5);
        var started = new MultiAgentTrainer(scheme, From(source), 5);
        started.StartFrom(MultiAgentTrainer.LoadInitPolicy(scheme, From(source), 5)!);
        for (int m = 0; m < policy.Actors.Count; m++)
        {
            Assert.Equal(Parameters(policy.Actors[m]), Parameters(started.Learner.Actors[m]));
            Assert.NotEqual(Parameters(fresh.Learner.Actors[m]), Parameters(started.Learner.Actors[m]));
        }
        for (int m = 0; m < started.Learners.Count; m++)
        {
            DdpgLearner l = started.Learners[m], f = fresh.Learners[m];
            Assert.Equal(Parameters(policy.Actors[m]), Parameters(l.TargetActor));
            Assert.Equal(Parameters(f.Critic), Parameters(l.Critic));
            if (l.Proximal is { } proximal)
            {
                Assert.Equal(Parameters(policy.Actors[m]), proximal.Actor);
            }
        }
        Assert.Equal(scheme == "f-drl-prox", started.Learners.Any(l => l.Proximal is not null));
    }

    [Fact]
    public void ARunStartedFromAPolicy_SaysSoAndTrainsFromIt()
    {
        string root = Tiny.TempDir();
        string source = Finished(root, "source", "ppo", 3);
        string started = Finished(root, "started", "ppo", 5, From(source));
        string fresh = Finished(root, "fresh", "ppo", 5);
        Assert.Contains($"actors start from {Path.Combine(source, TrainingRun.PolicyFile)}", File.ReadAllText(Path.Combine(started, "train.log")), StringComparison.Ordinal);
        Assert.DoesNotContain("actors start from", File.ReadAllText(Path.Combine(fresh, "train.log")), StringComparison.Ordinal);
        Assert.NotEqual(Tiny.CurveWithoutWallTime(Path.Combine(fresh, TrainingRun.EpisodesFile)), Tiny.CurveWithoutWallTime(Path.Combine(started, TrainingRun.EpisodesFile)));
        Assert.Contains("\"initPolicy\"", File.ReadAllText(Path.Combine(started, TrainingRun.ConfigFile)), StringComparison.Ordinal);
        Assert.DoesNotContain("initPolicy", File.ReadAllText(Path.Combine(fresh, TrainingRun.ConfigFile)), StringComparison.Ordinal);
    }

    [Fact]
    public void ThePathMayBeThePolicyFile_ARunFolder_OrAReproduceFolder()
    {
        string root = Tiny.TempDir();
        string run = Finished(root, Path.Combine("study", "runs", "ppo-seed4"), "ppo", 4);
        string file = Path.Combine(run, TrainingRun.PolicyFile);
        Assert.Equal(file, MultiAgentTrainer.InitPolicyFile("ppo", From(file), 1));
        Assert.Equal(file, MultiAgentTrainer.InitPolicyFile("ppo", From(run), 1));
        Assert.Equal(file, MultiAgentTrainer.InitPolicyFile("ppo", From(Path.Combine(root, "study")), 4));
        Assert.Null(MultiAgentTrainer.InitPolicyFile("ppo", Base, 4));
    }

    public static TheoryData<string> Refusals => new() { "missing", "no-run-of-this-seed", "unfinished", "not-a-policy", "other-shapes", "shared" };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void AnUnusablePolicy_IsAConfigErrorNamingTheField_AndNothingIsWritten(string what)
    {
        string root = Tiny.TempDir();
        string study = Path.Combine(root, "study");
        Finished(root, Path.Combine("study", "runs", "ppo-seed1"), "ppo", 1);
        Directory.CreateDirectory(Path.Combine(study, "runs", "ppo-seed2"));
        File.WriteAllText(Path.Combine(root, "junk.ckpt"), "not a checkpoint");
        ExperimentConfig fewer = ExperimentConfig.Parse(Tiny.Json.Replace("\"uesPerCell\": 3", "\"uesPerCell\": 2", StringComparison.Ordinal), "fewer.json");
        (string scheme, int seed, ExperimentConfig config, string expected) = what switch
        {
            "missing" => ("ppo", 1, From(Path.Combine(root, "nowhere")), "does not exist"),
            "no-run-of-this-seed" => ("ppo", 3, From(study), "runs/ppo-seed3"),
            "unfinished" => ("ppo", 2, From(study), "unfinished"),
            "not-a-policy" => ("ppo", 1, From(Path.Combine(root, "junk.ckpt")), "junk.ckpt"),
            "other-shapes" => (SchemeIds.IlDrl, 1, From(Path.Combine(study, "runs", "ppo-seed1"), fewer), "agent 0's actor"),
            _ => ("ppo-shared", 1, From(Path.Combine(study, "runs", "ppo-seed1")), "parameterSharing"),
        };
        var e = Assert.Throws<ConfigException>(() => MultiAgentTrainer.LoadInitPolicy(scheme, config, seed));
        Assert.Equal("training.initPolicy", e.JsonPath);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        string target = Path.Combine(root, "target");
        Assert.Throws<ConfigException>(() => TrainingRun.Create(target, scheme, config, seed));
        Assert.False(Directory.Exists(target));
    }

    [Fact]
    public void AnEmptyPath_IsAConfigError()
    {
        var e = Assert.Throws<ConfigException>(() => ExperimentConfig.Parse(Tiny.Json.Replace("\"episodes\": 6,", "\"episodes\": 6, \"initPolicy\": \"\",", StringComparison.Ordinal), "empty.json"));
        Assert.Equal("training.initPolicy", e.JsonPath);
    }

    [Fact]
    public void ALearnerOfAgentsElsewhere_CannotStartFromAPolicy()
    {
        string source = Finished(Tiny.TempDir(), "source", SchemeIds.IlDrl, 3);
        IMultiAgentLearner? inner = null;
        var trainer = new MultiAgentTrainer(SchemeIds.IlDrl, From(source), 5, learners: (s, o, obs, act, seed, threads, sbs) =>
            new Elsewhere(inner = MultiAgentLearners.Create(s, o, obs, act, seed, threads, sbs)));
        float[] before = Parameters(inner!.Actors[0]);
        var e = Assert.Throws<ConfigException>(() => trainer.StartFrom(MultiAgentTrainer.LoadInitPolicy(SchemeIds.IlDrl, From(source), 5)!));
        Assert.Equal("training.initPolicy", e.JsonPath);
        Assert.Equal(before, Parameters(inner.Actors[0]));
    }

    // A learner that keeps the interface's default StartFrom (as one whose agents run elsewhere does).
    private sealed class Elsewhere(IMultiAgentLearner inner) : IMultiAgentLearner
    {
        public int AgentCount => inner.AgentCount;

        public IReadOnlyList<DenseNetwork> Actors => inner.Actors;

        public bool CanUpdate => inner.CanUpdate;

        public int AggregationRounds => inner.AggregationRounds;

        public Action<int>? BeforeAggregation { get => inner.BeforeAggregation; set => inner.BeforeAggregation = value; }

        public Action<int>? AfterAggregation { get => inner.AfterAggregation; set => inner.AfterAggregation = value; }

        public float[][] Act(IReadOnlyList<float[]> observations, double noiseStd) => inner.Act(observations, noiseStd);

        public void Observe(ReadOnlySpan<float> rewards, IReadOnlyList<float[]> nextObservations) => inner.Observe(rewards, nextObservations);

        public IReadOnlyList<DdpgLosses> Update() => inner.Update();

        public void EndEpisode(int episodesDone) => inner.EndEpisode(episodesDone);

        public void EndSlot(long slotsDone) => inner.EndSlot(slotsDone);

        public string? NonFiniteParameter() => inner.NonFiniteParameter();

        public void Save(CheckpointWriter writer) => inner.Save(writer);

        public void Restore(CheckpointRestore restore) => inner.Restore(restore);
    }
}
