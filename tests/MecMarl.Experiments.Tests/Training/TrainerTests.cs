using MecMarl.Learning;
using MecMarl.Simulation;

namespace MecMarl.Experiments.Tests;

/// <summary>A small scenario and network so that training tests take a fraction of a second.</summary>
internal static class Tiny
{
    public const string Json = """
        {
          "network": { "sbsCount": 3, "uesPerCell": 3 },
          "channel": { "channels": 4 },
          "environment": { "slotsPerEpisode": 10 },
          "training": {
            "episodes": 6, "actorHidden": [16], "criticHidden": [16], "batchSize": 8,
            "bufferCapacity": 200, "learningStarts": 16, "checkpointEveryEpisodes": 2
          },
          "schemes": {
            "f-drl": { "aggregation": { "periodEpisodes": 2 } },
            "il-drl-mean": { "reward": "cooperative-mean", "initialModel": "own" }
          },
          "evaluation": { "episodes": 2 }
        }
        """;

    public static ExperimentConfig Config => ExperimentConfig.Parse(Json, "tiny.json");

    public static string TempDir() => Directory.CreateTempSubdirectory("mecmarl-exp-").FullName;

    /// <summary>episodes.csv without the wall-clock column, the only one allowed to differ between identical runs.</summary>
    public static string[] CurveWithoutWallTime(string path) =>
        [.. File.ReadAllLines(path).Select(l => l[..l.LastIndexOf(',')])];
}

public sealed class TrainerTests
{
    [Theory]
    [InlineData(SchemeIds.MaDrl)]
    [InlineData(SchemeIds.FDrl)]
    [InlineData(SchemeIds.IlDrl)]
    public void EachScheme_TrainsOnATinyBudget(string scheme)
    {
        var trainer = new MultiAgentTrainer(scheme, Tiny.Config, seed: 3);
        for (int e = 1; e <= 4; e++)
        {
            EpisodeRecord r = trainer.RunEpisode();
            Assert.Equal(e, r.Episode);
            Assert.Equal(3, r.AgentRewards.Length);
            Assert.True(double.IsFinite(r.SystemReward));
            Assert.Equal(r.SystemReward, r.AgentRewards.Sum(), 6);
            Assert.InRange(r.LatencyMetPct, 0, 100);
        }
        Assert.Equal(40, trainer.SlotsDone);
        // Learning starts once a buffer holds 16 transitions: slots 16..40 each take one step.
        Assert.Equal(25, trainer.UpdatesDone);
        EvaluationResult eval = Evaluation.Learned(trainer, 2, 99);
        Assert.True(double.IsFinite(eval.TotalEnergyJ));
    }

    [Theory]
    [InlineData(SchemeIds.FDrl)]
    [InlineData(SchemeIds.MaDrl)]
    public void SlotBudget_SplitsEachEpisodesWallTime_IntoFiniteParts_ThatSumToIt(string scheme)
    {
        var trainer = new MultiAgentTrainer(scheme, Tiny.Config, seed: 3);
        Assert.Equal(SlotBudget.Zero, trainer.LastEpisodeBudget);
        SlotBudget total = SlotBudget.Zero;
        for (int e = 1; e <= 4; e++)
        {
            EpisodeRecord r = trainer.RunEpisode();
            SlotBudget b = trainer.LastEpisodeBudget;
            AssertConsistent(b);
            Assert.Equal(r.WallSeconds, b.WallSeconds);
            Assert.Equal(10, b.Slots);
            Assert.Equal(1, b.Episodes);
            // In process nothing is sent: no messaging, and the agents' summed time is not measured.
            Assert.Equal(0, b.MessagingSeconds);
            Assert.Null(b.ActingAllAgentsSeconds);
            Assert.Null(b.UpdatingAllAgentsSeconds);
            Assert.Equal(scheme == SchemeIds.FDrl && e % 2 == 0 ? 1 : 0, b.Rounds);
            total = total.Add(b);
        }
        Assert.Equal(4, total.Episodes);
        Assert.Equal(40, total.Slots);
        Assert.Equal(scheme == SchemeIds.FDrl ? 2 : 0, total.Rounds);
        AssertConsistent(total);
        Assert.StartsWith("slot budget: 40 slots in ", total.Describe(), StringComparison.Ordinal);
        Assert.DoesNotContain("agents' compute", total.Describe(), StringComparison.Ordinal);

        // The per-episode table reads back what it wrote, to the microsecond.
        string dir = Tiny.TempDir();
        string path = Path.Combine(dir, "slot_budget.csv");
        File.WriteAllText(path, SlotBudgetCsv.Format([(1, total with { ActingAllAgentsSeconds = 0.25, UpdatingAllAgentsSeconds = 1.5 })]));
        (int episode, SlotBudget back) = Assert.Single(SlotBudgetCsv.Read(path));
        Assert.Equal(1, episode);
        // Within half a microsecond (a tolerance, not rounding both sides to 6 places: a value at a rounding midpoint,
        // such as 0.0039505 s, is written as 0.003951 and would fail a comparison of the two rounded values).
        Assert.Equal(total.WallSeconds, back.WallSeconds, 0.5e-6 + 1e-12);
        Assert.Equal(total.UpdatingSeconds, back.UpdatingSeconds, 0.5e-6 + 1e-12);
        Assert.Equal(0.25, back.ActingAllAgentsSeconds);
        Assert.Equal(total.Rounds, back.Rounds);
        File.WriteAllText(path, SlotBudgetCsv.Header + "\n1,10,0,NaN,0,0,0,0,0,0,,\n");
        Assert.Contains("line 2: 'NaN' is not a non-negative number of seconds", Assert.Throws<FormatException>(() => SlotBudgetCsv.Read(path)).Message, StringComparison.Ordinal);
        Directory.Delete(dir, true);
    }

    /// <summary>Every part finite and non-negative, and the parts sum to the wall time.</summary>
    internal static void AssertConsistent(SlotBudget b)
    {
        double[] parts = [b.WallSeconds, b.ActingSeconds, b.SteppingSeconds, b.UpdatingSeconds, b.MessagingSeconds, b.AveragingSeconds, b.OtherSeconds];
        Assert.All(parts, p => Assert.True(double.IsFinite(p) && p >= 0, $"part {p}"));
        Assert.True(b.WallSeconds > 0);
        Assert.Equal(b.WallSeconds, b.PartsSeconds, 1e-9);
    }

    [Fact]
    public void MaDrl_CriticSeesTheJointObservationAndActionInAgentOrder()
    {
        var trainer = new MultiAgentTrainer(SchemeIds.MaDrl, Tiny.Config, seed: 1);
        trainer.RunEpisode();
        MecEnvironment env = trainer.Environment;
        int m = env.AgentCount;
        int obsTotal = env.StateSize, aw = env.ActionSize(0), actTotal = m * aw;
        ReplayBuffer joint = Assert.IsType<JointReplayLearner>(trainer.Learner).Buffer;
        Assert.Equal(obsTotal, joint.ObservationWidth);
        Assert.Equal(actTotal, joint.ActionWidth);

        // The newest transition: next observation = the environment's observations after the last
        // step, actions = what each agent took, both concatenated in agent order.
        var obs = new float[obsTotal];
        var act = new float[actTotal];
        var reward = new float[m];
        var next = new float[obsTotal];
        joint.CopyTransition(joint.WriteIndex - 1, obs, act, reward, next);
        Assert.Equal(env.State(), next);
        Assert.Equal(trainer.LastActions.SelectMany(a => a).ToArray(), act);
        Assert.All(reward, r => Assert.Equal(reward[0], r)); // R^Co is the same for every agent.

        // Critic m's input row is exactly [s_1 .. s_M, a_1 .. a_M], its own action at obsTotal + m * aw.
        var batch = new ReplayBatch(1, obsTotal, actTotal, m);
        obs.CopyTo(batch.Observations);
        act.CopyTo(batch.Actions);
        for (int a = 0; a < m; a++)
        {
            ICriticInput input = trainer.Learners[a].Layout.CriticInput;
            Assert.Equal(obsTotal + actTotal, input.Width);
            Assert.Equal(obsTotal + a * aw, input.ActionStart);
            Assert.Equal(aw, input.ActionWidth);
            var x = new float[input.Width];
            input.Build(batch.Observations, batch.Actions, 1, x);
            Assert.Equal(obs.Concat(act).ToArray(), x);
            Assert.Equal(a * env.ObservationSize(0), trainer.Learners[a].Layout.ObservationOffset);
        }
    }

    [Fact]
    public void FDrl_ModelsAreIdenticalRightAfterAggregationAndDifferBefore()
    {
        var trainer = new MultiAgentTrainer(SchemeIds.FDrl, Tiny.Config, seed: 2);
        int before = 0, after = 0;
        trainer.BeforeAggregation = _ =>
        {
            before++;
            if (trainer.UpdatesDone > 0)
            {
                Assert.False(trainer.Learners[0].Actor.Parameters.SequenceEqual(trainer.Learners[1].Actor.Parameters));
                Assert.False(trainer.Learners[0].Critic.Parameters.SequenceEqual(trainer.Learners[2].Critic.Parameters));
            }
        };
        trainer.AfterAggregation = _ =>
        {
            after++;
            foreach (DdpgLearner l in trainer.Learners.Skip(1))
            {
                Assert.True(l.Actor.Parameters.SequenceEqual(trainer.Learners[0].Actor.Parameters));
                Assert.True(l.Critic.Parameters.SequenceEqual(trainer.Learners[0].Critic.Parameters));
                Assert.True(l.TargetActor.Parameters.SequenceEqual(trainer.Learners[0].TargetActor.Parameters));
                Assert.True(l.TargetCritic.Parameters.SequenceEqual(trainer.Learners[0].TargetCritic.Parameters));
            }
        };
        for (int e = 0; e < 6; e++)
        {
            trainer.RunEpisode();
        }
        Assert.Equal(3, before); // every episodesPerRound = 2 episodes
        Assert.Equal(3, after);
    }

    [Fact]
    public void FDrl_StartsFromOneCommonModel_IlDrlNeverAggregates()
    {
        var f = new MultiAgentTrainer(SchemeIds.FDrl, Tiny.Config, seed: 4);
        Assert.True(f.Learners[1].Actor.Parameters.SequenceEqual(f.Learners[0].Actor.Parameters));
        var il = new MultiAgentTrainer(SchemeIds.IlDrl, Tiny.Config, seed: 4);
        int rounds = 0;
        il.AfterAggregation = _ => rounds++;
        for (int e = 0; e < 4; e++)
        {
            il.RunEpisode();
        }
        Assert.Equal(0, rounds);
        Assert.False(il.Learners[1].Actor.Parameters.SequenceEqual(il.Learners[0].Actor.Parameters));
    }

    [Theory]
    [InlineData(SchemeIds.MaDrl)]
    [InlineData(SchemeIds.FDrl)]
    [InlineData(SchemeIds.IlDrl)]
    [InlineData("il-drl-mean")]
    public void SameSeed_SameTrajectory_OnOneThreadAndTwo(string scheme)
    {
        ExperimentConfig config = Tiny.Config with { Training = Tiny.Config.Training with { TwinCritics = true, TargetPolicyNoise = 0.1, PolicyDelay = 2 } };
        var a = new MultiAgentTrainer(scheme, config, seed: 5, threads: 1);
        var b = new MultiAgentTrainer(scheme, config, seed: 5, threads: 2);
        for (int e = 0; e < 4; e++)
        {
            EpisodeRecord ra = a.RunEpisode(), rb = b.RunEpisode();
            Assert.Equal(ra with { WallSeconds = 0 }, rb with { WallSeconds = 0, AgentRewards = ra.AgentRewards });
            Assert.Equal(ra.AgentRewards, rb.AgentRewards);
        }
        for (int m = 0; m < a.Learners.Count; m++)
        {
            Assert.True(a.Learners[m].Actor.Parameters.SequenceEqual(b.Learners[m].Actor.Parameters));
            Assert.True(a.Learners[m].Critic2!.Parameters.SequenceEqual(b.Learners[m].Critic2!.Parameters));
        }
        var c = new MultiAgentTrainer(scheme, config, seed: 6);
        Assert.NotEqual(a.Learners[0].Actor.Parameters.ToArray(), c.Learners[0].Actor.Parameters.ToArray());
    }

    [Fact]
    public void FDrl_WithUnequalCells_IsAConfigError()
    {
        ExperimentConfig config = ExperimentConfig.Parse("""{ "network": { "sbsCount": 2, "uesPerCell": [2, 3] }, "channel": { "channels": 4 } }""");
        var e = Assert.Throws<ConfigException>(() => new MultiAgentTrainer(SchemeIds.FDrl, config, 1));
        Assert.Equal("network.uesPerCell", e.JsonPath);
        // MA-DRL and IL-DRL handle unequal cells.
        _ = new MultiAgentTrainer(SchemeIds.MaDrl, config, 1);
        _ = new MultiAgentTrainer(SchemeIds.IlDrl, config, 1);
    }
}

public sealed class TrainingRunTests
{
    [Theory]
    [InlineData(SchemeIds.MaDrl)]
    [InlineData(SchemeIds.FDrl)]
    public void InterruptedAndResumed_EqualsUninterrupted(string scheme)
    {
        string root = Tiny.TempDir();
        string full = Path.Combine(root, "full"), cut = Path.Combine(root, "cut"), killed = Path.Combine(root, "killed");
        TrainingRun.Create(full, scheme, Tiny.Config, 7).Train();

        // Clean stop (Ctrl-C) after episode 3: the episode is finished and checkpointed.
        using (var cts = new CancellationTokenSource())
        {
            TrainingRun run = TrainingRun.Create(cut, scheme, Tiny.Config, 7);
            Assert.Throws<OperationCanceledException>(() => run.Train(1, r =>
            {
                if (r.Episode == 3)
                {
                    cts.Cancel();
                }
            }, cts.Token));
        }
        TrainingRun reopened = TrainingRun.Open(cut);
        Assert.Equal("interrupted", reopened.Status);
        Assert.Equal(3, reopened.EpisodesDone);
        reopened.Train(threads: 2);

        // A crash (as SIGKILL) in episode 5: nothing after the checkpoint of episode 4 is saved.
        TrainingRun k = TrainingRun.Create(killed, scheme, Tiny.Config, 7);
        Assert.Throws<InvalidOperationException>(() => k.Train(1, r =>
        {
            if (r.Episode == 5)
            {
                throw new InvalidOperationException("killed");
            }
        }));
        Assert.Equal(5, File.ReadAllLines(Path.Combine(killed, TrainingRun.EpisodesFile)).Length - 1);
        TrainingRun.Open(killed).Train();

        foreach (string dir in new[] { cut, killed })
        {
            Assert.Equal(Tiny.CurveWithoutWallTime(Path.Combine(full, TrainingRun.EpisodesFile)), Tiny.CurveWithoutWallTime(Path.Combine(dir, TrainingRun.EpisodesFile)));
            Assert.Equal(File.ReadAllBytes(Path.Combine(full, TrainingRun.PolicyFile)), File.ReadAllBytes(Path.Combine(dir, TrainingRun.PolicyFile)));
            Assert.Equal(File.ReadAllText(Path.Combine(full, TrainingRun.EvaluationFile)), File.ReadAllText(Path.Combine(dir, TrainingRun.EvaluationFile)));
            Assert.False(File.Exists(Path.Combine(dir, TrainingRun.CheckpointFile)));
            Assert.True(TrainingRun.Open(dir).IsComplete);
        }
    }

    [Fact]
    public void SameSeed_SameEpisodesCsv()
    {
        string root = Tiny.TempDir();
        TrainingRun.Create(Path.Combine(root, "a"), SchemeIds.IlDrl, Tiny.Config, 9).Train();
        TrainingRun.Create(Path.Combine(root, "b"), SchemeIds.IlDrl, Tiny.Config, 9).Train(threads: 2);
        Assert.Equal(Tiny.CurveWithoutWallTime(Path.Combine(root, "a", TrainingRun.EpisodesFile)), Tiny.CurveWithoutWallTime(Path.Combine(root, "b", TrainingRun.EpisodesFile)));
        string[] header = File.ReadAllLines(Path.Combine(root, "a", TrainingRun.EpisodesFile))[0].Split(',');
        Assert.Equal(["scheme", "seed", "episode", "systemReward", "localReward0", "localReward1", "localReward2", "latencyMetPct", "energyJ", "criticLoss", "actorLoss", "noiseStd", "wallSeconds"], header);
    }

    [Fact]
    public void EpisodesCsv_WrittenLineByLine_EqualsTheWholeFileFormattedAtOnce()
    {
        // The file grows by one line per episode, and is rewritten from the checkpoint's episodes on a resume.
        string root = Tiny.TempDir();
        string full = Path.Combine(root, "full");
        TrainingRun.Create(full, SchemeIds.FDrl, Tiny.Config, 4).Train();
        string path = Path.Combine(full, TrainingRun.EpisodesFile);
        List<EpisodeRecord> records = EpisodeCsv.Read(path);
        Assert.Equal(Tiny.Config.Training.Episodes, records.Count);
        Assert.Equal(EpisodeCsv.Format(records, 3), File.ReadAllText(path));

        string resumed = Path.Combine(root, "resumed");
        using (var cts = new CancellationTokenSource())
        {
            Assert.Throws<OperationCanceledException>(() => TrainingRun.Create(resumed, SchemeIds.FDrl, Tiny.Config, 4).Train(onEpisode: r =>
            {
                if (r.Episode == 2)
                {
                    cts.Cancel();
                }
            }, cancellationToken: cts.Token));
        }
        // A line cut by a kill after the checkpoint: the resume drops it like any line after the checkpoint.
        File.AppendAllText(Path.Combine(resumed, TrainingRun.EpisodesFile), "f-drl,4,3,12.5,1");
        TrainingRun.Open(resumed).Train();
        string again = Path.Combine(resumed, TrainingRun.EpisodesFile);
        Assert.Equal(EpisodeCsv.Format(EpisodeCsv.Read(again), 3), File.ReadAllText(again));
        Assert.Equal(Tiny.CurveWithoutWallTime(path), Tiny.CurveWithoutWallTime(again));
    }

    [Fact]
    public void CreateRefusesANonEmptyFolder_OpenRefusesANonRun()
    {
        string root = Tiny.TempDir();
        File.WriteAllText(Path.Combine(root, "x.txt"), "keep");
        Assert.Throws<RunFolderException>(() => TrainingRun.Create(root, SchemeIds.MaDrl, Tiny.Config, 1));
        Assert.Equal("keep", File.ReadAllText(Path.Combine(root, "x.txt")));
        var e = Assert.Throws<RunFolderException>(() => TrainingRun.Open(root));
        Assert.Contains("run.json", e.Message);
        Assert.Throws<RunFolderException>(() => TrainingRun.Open(Path.Combine(root, "missing")));
    }

    [Fact]
    public void ChangedConfig_IsRefusedOnResume()
    {
        string dir = Path.Combine(Tiny.TempDir(), "run");
        TrainingRun run = TrainingRun.Create(dir, SchemeIds.IlDrl, Tiny.Config, 1);
        using (var cts = new CancellationTokenSource())
        {
            Assert.Throws<OperationCanceledException>(() => run.Train(1, _ => cts.Cancel(), cts.Token));
        }
        string configPath = Path.Combine(dir, TrainingRun.ConfigFile);
        File.WriteAllText(configPath, File.ReadAllText(configPath).Replace("\"gamma\": 0.9", "\"gamma\": 0.5"));
        var e = Assert.Throws<RunFolderException>(() => TrainingRun.Open(dir));
        Assert.Contains("config", e.Message);
    }

    [Fact]
    public void CorruptCheckpoint_IsAClearError_AndNothingIsOverwritten()
    {
        string dir = Path.Combine(Tiny.TempDir(), "run");
        TrainingRun run = TrainingRun.Create(dir, SchemeIds.MaDrl, Tiny.Config, 1);
        using (var cts = new CancellationTokenSource())
        {
            Assert.Throws<OperationCanceledException>(() => run.Train(1, r => { if (r.Episode == 2) { cts.Cancel(); } }, cts.Token));
        }
        string ckpt = Path.Combine(dir, TrainingRun.CheckpointFile);
        byte[] bytes = File.ReadAllBytes(ckpt);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(ckpt, bytes);
        string csv = File.ReadAllText(Path.Combine(dir, TrainingRun.EpisodesFile));
        var e = Assert.Throws<RunFolderException>(() => TrainingRun.Open(dir).Train());
        Assert.Contains("checksum", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(bytes, File.ReadAllBytes(ckpt));
        Assert.Equal(csv, File.ReadAllText(Path.Combine(dir, TrainingRun.EpisodesFile)));
    }

    [Fact]
    public void CheckpointOfAnotherConfig_IsRefused()
    {
        string root = Tiny.TempDir();
        string a = Path.Combine(root, "a"), b = Path.Combine(root, "b");
        ExperimentConfig other = Tiny.Config with { Training = Tiny.Config.Training with { Tau = 0.02 } };
        foreach ((string dir, ExperimentConfig c) in new[] { (a, Tiny.Config), (b, other) })
        {
            TrainingRun run = TrainingRun.Create(dir, SchemeIds.IlDrl, c, 1);
            using var cts = new CancellationTokenSource();
            Assert.Throws<OperationCanceledException>(() => run.Train(1, _ => cts.Cancel(), cts.Token));
        }
        File.Copy(Path.Combine(b, TrainingRun.CheckpointFile), Path.Combine(a, TrainingRun.CheckpointFile), overwrite: true);
        var e = Assert.Throws<RunFolderException>(() => TrainingRun.Open(a).Train());
        Assert.Contains("another config", e.Message);
    }
}

public sealed class ExperimentConfigTests
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

    [Fact]
    public void PaperPreset_IsTheDefaults()
    {
        ExperimentConfig paper = ExperimentConfig.Load(Repo("configs/paper.json"));
        Assert.Equal(ExperimentConfig.Paper.ToJson(), paper.ToJson());
        // The preset lists every field, so it documents the whole config.
        Assert.Equal(Keys(System.Text.Json.Nodes.JsonNode.Parse(ExperimentConfig.Paper.ToJson())!), Keys(System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Repo("configs/paper.json")))!));
    }

    private static List<string> Keys(System.Text.Json.Nodes.JsonNode node, string prefix = "")
    {
        List<string> keys = [];
        if (node is System.Text.Json.Nodes.JsonObject o)
        {
            foreach (var (k, v) in o)
            {
                keys.Add(prefix + k);
                if (v is not null)
                {
                    keys.AddRange(Keys(v, prefix + k + "."));
                }
            }
        }
        return keys;
    }

    [Fact]
    public void TunedPreset_Loads()
    {
        ExperimentConfig tuned = ExperimentConfig.Load(Repo("configs/tuned.json"));
        Assert.NotEqual(ExperimentConfig.Paper.TrainingFingerprint(), tuned.TrainingFingerprint());
    }

    [Fact]
    public void RoundTrip_KeepsEveryField()
    {
        ExperimentConfig c = Tiny.Config;
        Assert.Equal(c.ToJson(), ExperimentConfig.Parse(c.ToJson()).ToJson());
    }

    [Theory]
    [InlineData("""{ "training": { "gama": 0.9 } }""", "training.gama", "unknown field")]
    [InlineData("""{ "training": { "gamma": "high" } }""", "training.gamma", "expected")]
    [InlineData("""{ "training": { "gamma": 1.5 } }""", "training.gamma", "[0, 1]")]
    [InlineData("""{ "training": { "batchSize": 0 } }""", "training.batchSize", "between")]
    [InlineData("""{ "training": { "learningStarts": 5 } }""", "training.learningStarts", "training.batchSize")]
    [InlineData("""{ "training": { "actorHidden": [64, -1] } }""", "training.actorHidden[1]", "width")]
    [InlineData("""{ "training": { "criticLoss": "l1" } }""", "training.criticLoss", "unknown critic loss")]
    [InlineData("""{ "training": { "layoutSeed": -3 } }""", "training.layoutSeed", "seed")]
    [InlineData("""{ "evaluation": { "episodes": 0 } }""", "evaluation.episodes", "between")]
    [InlineData("""{ "evaluations": {} }""", "evaluations", "unknown field")]
    public void BadValues_NameTheField(string json, string path, string problem)
    {
        var e = Assert.Throws<ConfigException>(() => ExperimentConfig.Parse(json, "bad.json"));
        Assert.Equal(path, e.JsonPath);
        Assert.Contains(problem, e.Problem);
        Assert.StartsWith("bad.json: ", e.Message);
    }
}

public sealed class PpoTrainingTests
{
    // Tiny with an IPPO and a MAPPO scheme whose rollouts (15 slots) end inside episodes of 10 slots,
    // so checkpoints (every 2 episodes) fall in the middle of a rollout.
    private static ExperimentConfig Config => ExperimentConfig.Parse(Tiny.Json.Replace("\"schemes\": {", """
        "schemes": {
            "ippo": { "learner": "ppo", "ppo": { "rolloutSlots": 15, "minibatchSize": 5, "epochs": 2, "gaeLambda": 0.9 } },
            "mappo": { "learner": "ppo", "critic": "joint", "replay": "joint", "reward": "cooperative-mean",
                       "ppo": { "rolloutSlots": 15, "minibatchSize": 5, "epochs": 2, "std": "schedule" } },
            "mappo-shared": { "learner": "ppo", "critic": "joint", "replay": "joint", "parameterSharing": "shared-with-agent-id",
                              "ppo": { "rolloutSlots": 15, "minibatchSize": 5, "epochs": 2, "gaeLambda": 0.9 } },
            "ippo-shared": { "learner": "ppo", "parameterSharing": "shared-with-agent-id", "ppo": { "rolloutSlots": 15, "minibatchSize": 5 } },
            "ippo-ue": { "learner": "ppo", "reward": "difference-ue", "ppo": { "rolloutSlots": 15, "minibatchSize": 5, "epochs": 2, "gaeLambda": 0.9 } },
            "mappo-ue": { "learner": "ppo", "critic": "joint", "replay": "joint", "reward": "difference-ue", "ppo": { "rolloutSlots": 15, "minibatchSize": 5, "epochs": 2 } },
            "fppo-ue": { "learner": "ppo", "reward": "difference-ue", "aggregation": { "periodSlots": 15, "networks": ["critic", "actor"] },
                         "ppo": { "rolloutSlots": 15, "minibatchSize": 5, "epochs": 2 } },
        """, StringComparison.Ordinal), "tiny-ppo.json");

    [Theory]
    [InlineData("ippo")]
    [InlineData("mappo")]
    [InlineData("mappo-shared")]
    [InlineData("ippo-shared")]
    [InlineData("ippo-ue")]
    [InlineData("mappo-ue")]
    [InlineData("fppo-ue")]
    public void PpoScheme_TrainsUpdatesPerRollout_AndIsTheSameOnOneThreadAndTwo(string scheme)
    {
        var a = new MultiAgentTrainer(scheme, Config, seed: 5, threads: 1);
        var b = new MultiAgentTrainer(scheme, Config, seed: 5, threads: 2);
        Assert.True(a.Learner is PpoLearner or SharedPpoLearner);
        Assert.Empty(a.Learners);
        for (int e = 0; e < 4; e++)
        {
            EpisodeRecord ra = a.RunEpisode(), rb = b.RunEpisode();
            Assert.Equal(ra with { WallSeconds = 0, AgentRewards = [] }, rb with { WallSeconds = 0, AgentRewards = [] });
            Assert.Equal(ra.AgentRewards, rb.AgentRewards);
            // Updates after slots 15 and 30: episode 1 has none (no loss yet), later ones report the last update's losses.
            Assert.Equal(e == 0, double.IsNaN(ra.CriticLoss));
        }
        Assert.Equal(2, a.UpdatesDone);
        Assert.Equal(scheme == "fppo-ue" ? 2 : 0, a.Learner.AggregationRounds);
        for (int m = 0; m < a.Learner.AgentCount; m++)
        {
            Assert.True(a.Learner.Actors[m].Parameters.SequenceEqual(b.Learner.Actors[m].Parameters));
        }
        Assert.False(a.Learner.Actors[0].Parameters.SequenceEqual(new MultiAgentTrainer(scheme, Config, seed: 5).Learner.Actors[0].Parameters));
    }

    [Theory]
    [InlineData("ippo")]
    [InlineData("mappo")]
    [InlineData("mappo-shared")]
    [InlineData("ippo-ue")]
    [InlineData("mappo-ue")]
    [InlineData("fppo-ue")]
    public void PpoScheme_InterruptedAndResumed_EqualsUninterrupted(string scheme)
    {
        string root = Tiny.TempDir();
        string full = Path.Combine(root, "full"), killed = Path.Combine(root, "killed");
        TrainingRun.Create(full, scheme, Config, 7).Train();
        // A crash (as SIGKILL) in episode 5: the checkpoint of episode 4 holds 10 slots of the third rollout.
        TrainingRun k = TrainingRun.Create(killed, scheme, Config, 7);
        Assert.Throws<InvalidOperationException>(() => k.Train(1, r =>
        {
            if (r.Episode == 5)
            {
                throw new InvalidOperationException("killed");
            }
        }));
        TrainingRun.Open(killed).Train(threads: 2);
        Assert.Equal(Tiny.CurveWithoutWallTime(Path.Combine(full, TrainingRun.EpisodesFile)), Tiny.CurveWithoutWallTime(Path.Combine(killed, TrainingRun.EpisodesFile)));
        Assert.Equal(File.ReadAllBytes(Path.Combine(full, TrainingRun.PolicyFile)), File.ReadAllBytes(Path.Combine(killed, TrainingRun.PolicyFile)));
        Assert.Equal(File.ReadAllText(Path.Combine(full, TrainingRun.EvaluationFile)), File.ReadAllText(Path.Combine(killed, TrainingRun.EvaluationFile)));
    }

    [Fact]
    public void ASchemesOwnCorrectionRange_TrainsAndEvaluatesAsTheEnvironmentsRangeWould()
    {
        // Heuristic decoder, IPPO: with its own range of 4 decades (the environment's 0.2) the scheme
        // trains and evaluates exactly as with the environment's range at 4, and not as at 0.2.
        string Json(string environmentRange, string schemeRange) => Tiny.Json
            .Replace("\"slotsPerEpisode\": 10", $"\"slotsPerEpisode\": 10, \"decoder\": \"heuristic\", \"decoderPowerRangeDecades\": {environmentRange}", StringComparison.Ordinal)
            .Replace("\"schemes\": {", $"\"schemes\": {{ \"ippo\": {{ \"learner\": \"ppo\", {schemeRange}\"ppo\": {{ \"rolloutSlots\": 15, \"minibatchSize\": 5 }} }},", StringComparison.Ordinal);
        ExperimentConfig own = ExperimentConfig.Parse(Json("0.2", "\"decoderPowerRangeDecades\": 4, "));
        ExperimentConfig wide = ExperimentConfig.Parse(Json("4", "")), narrow = ExperimentConfig.Parse(Json("0.2", ""));
        Assert.Equal(4, own.SimulationFor("ippo").Environment.DecoderPowerRangeDecades);
        Assert.Equal(0.2, own.SimulationFor("f-drl").Environment.DecoderPowerRangeDecades);
        string root = Tiny.TempDir();
        string[] Curve(ExperimentConfig c, string name, out string evaluation)
        {
            string dir = Path.Combine(root, name);
            TrainingRun.Create(dir, "ippo", c, 3).Train();
            using TrainingRun run = TrainingRun.Open(dir);
            evaluation = EvaluationJson.Write(run.Evaluate(episodes: 2, evalSeed: 99));
            return Tiny.CurveWithoutWallTime(Path.Combine(dir, TrainingRun.EpisodesFile));
        }
        string[] ownCurve = Curve(own, "own", out string ownEval), wideCurve = Curve(wide, "wide", out string wideEval), narrowCurve = Curve(narrow, "narrow", out string narrowEval);
        Assert.Equal(wideCurve, ownCurve);
        Assert.Equal(wideEval, ownEval);
        Assert.NotEqual(narrowCurve, ownCurve);
        Assert.NotEqual(narrowEval, ownEval);
        // The field is written only when set, so configs without it keep their fingerprints.
        Assert.Contains("\"decoderPowerRangeDecades\": 4", own.ToJson(), StringComparison.Ordinal);
        Assert.Equal(1, narrow.ToJson().Split("decoderPowerRangeDecades").Length - 1);
        Assert.Equal(own.ToJson(), ExperimentConfig.Parse(own.ToJson()).ToJson());
    }

    [Fact]
    public void SharedParameters_OnCellsOfDifferentSizes_IsAConfigError()
    {
        ExperimentConfig config = ExperimentConfig.Parse("""
            { "network": { "sbsCount": 2, "uesPerCell": [2, 3] }, "channel": { "channels": 4 },
              "schemes": { "shared": { "learner": "ppo", "parameterSharing": "shared-with-agent-id" }, "ippo": { "learner": "ppo" } } }
            """);
        var e = Assert.Throws<ConfigException>(() => new MultiAgentTrainer("shared", config, 1));
        Assert.Equal("network.uesPerCell", e.JsonPath);
        Assert.Contains("schemes.shared.parameterSharing", e.Problem);
        _ = new MultiAgentTrainer("ippo", config, 1);
    }
}
