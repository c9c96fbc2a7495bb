using System.Text.Json.Nodes;
using MecMarl.Learning;
using MecMarl.Learning.Signalling;
using MecMarl.Simulation;

namespace MecMarl.Experiments.Tests;

/// <summary>
/// The signalling counts of the paper preset against a hand computation (docs/overhead.md, "Worked example").
/// Paper preset: M = 6 SBSs, N = 10 UEs per cell, K = 16 channels, 300 episodes of 50 slots, hidden layers of 64.
/// Observation N (K + 3) + K = 206 values, action N (3 + K) = 190 values (SPEC 7).
/// Actor 206-64-190: 206*64 + 64 + 64*190 + 190 = 25,598 parameters.
/// Local critic (206 + 190 = 396)-64-1: 396*64 + 64 + 64 + 1 = 25,473 parameters.
/// </summary>
public sealed class SignallingAccountingTests
{
    private const int M = 6, Obs = 206, Act = 190, Slots = 15_000, Episodes = 300;
    private const long Actor = 206 * 64 + 64 + 64 * 190 + 190;      // 25,598
    private const long LocalCritic = 396 * 64 + 64 + 64 + 1;         // 25,473

    private static string Repo(string relative)
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "MecMarl.slnx")))
        {
            dir = Path.GetDirectoryName(dir);
        }
        return Path.Combine(dir ?? throw new InvalidOperationException("repository root not found"), relative);
    }

    private static ExperimentConfig Paper() => ExperimentConfig.Load(Repo("configs/paper.json"));

    private static ExperimentConfig With(ExperimentConfig c, SignallingTopology topology, int header = 0) =>
        c with { Signalling = new SignallingConfig { Topology = topology, HeaderBytes = header } };

    [Fact]
    public void FDrl_PaperPreset_MovesActorCriticAndTargetsEveryRound()
    {
        Assert.Equal(25_598, Actor);
        Assert.Equal(25_473, LocalCritic);
        SignallingCounts c = SignallingAccounting.For(SchemeIds.FDrl, Paper());
        // One round: each SBS uploads 2 (actor + critic) = 102,142 float32 = 408,568 B and receives as much.
        const long perSbsPerDirection = 2 * (Actor + LocalCritic) * 4;
        Assert.Equal(408_568, perSbsPerDirection);
        // 4.9 MB per round of 5 episodes = 250 slots (6 SBSs, both directions); 300 / 5 = 60 rounds.
        Assert.Equal(4_902_816, 2 * M * perSbsPerDirection);
        Assert.All(c.TrainingUplinkBytes, b => Assert.Equal(60 * perSbsPerDirection, b));
        Assert.All(c.TrainingDownlinkBytes, b => Assert.Equal(60 * perSbsPerDirection, b));
        Assert.Equal(60L * 4_902_816, c.TrainingBytesTotal);
        // About 19.6 kB per slot: 4,902,816 / 250 = 19,611.264 B.
        Assert.Equal(19_611.264, c.TrainingBytesPerSlot, 6);
        Assert.Equal(9_805.632, c.TrainingUplinkPerSlot, 6);
        Assert.Equal(0, c.ExecutionUplinkPerSlot + c.ExecutionDownlinkPerSlot);
    }

    [Fact]
    public void MaDrl_Relay_PaperPreset_ExperienceUpAndTheOthersExperienceDown()
    {
        SignallingCounts c = SignallingAccounting.For(SchemeIds.MaDrl, With(Paper(), SignallingTopology.Relay));
        // Up per SBS per slot: s_m, a_m, R^Fl_m = 206 + 190 + 1 = 397 values = 1,588 B (6 SBSs: 9,528 B, "about 9.5 kB");
        // plus the final observation of every episode (206 values = 824 B).
        long up = Slots * 1_588L + Episodes * 824L;
        Assert.All(c.TrainingUplinkBytes, b => Assert.Equal(up, b));
        Assert.Equal(M * up / (double)Slots, c.TrainingUplinkPerSlot, 6);
        Assert.Equal(9_626.88, c.TrainingUplinkPerSlot, 6);
        // Down per SBS per slot: the 5 others' (s_j, a_j) and R^Co = 5 * 396 + 1 = 1,981 values = 7,924 B;
        // per episode the 5 others' final observations, 5 * 824 = 4,120 B.
        long down = Slots * 7_924L + Episodes * 4_120L;
        Assert.All(c.TrainingDownlinkBytes, b => Assert.Equal(down, b));
        Assert.Equal(48_038.4, c.TrainingDownlinkPerSlot, 6);
        Assert.Equal(M * (up + down), c.TrainingBytesTotal);
    }

    [Fact]
    public void MaDrl_Mesh_PaperPreset_EverySbsSendsToEveryOther()
    {
        SignallingCounts c = SignallingAccounting.For(SchemeIds.MaDrl, With(Paper(), SignallingTopology.Mesh));
        // Each SBS sends its 1,588 B per slot to 5 others: 6 * 5 * 1,588 = 47,640 B per slot ("47.6 kB all-to-all"),
        // plus 5 * 824 B per episode; it receives the same.
        long perSbs = 5 * (Slots * 1_588L + Episodes * 824L);
        Assert.All(c.TrainingUplinkBytes, b => Assert.Equal(perSbs, b));
        Assert.All(c.TrainingDownlinkBytes, b => Assert.Equal(perSbs, b));
        Assert.Equal(48_134.4, c.TrainingUplinkPerSlot, 6);
        Assert.Equal(47_640 + 6 * 5 * 824 / 50.0, c.TrainingUplinkPerSlot, 6);
    }

    [Fact]
    public void IlDrl_AndDecentralizedFixedPolicies_SignalNothing()
    {
        ExperimentConfig paper = Paper();
        foreach (string s in new[] { SchemeIds.IlDrl, SchemeIds.FullOffload, SchemeIds.Local, SchemeIds.Random, SchemeIds.Constant, SchemeIds.Heuristic })
        {
            SignallingCounts c = SignallingAccounting.For(s, paper);
            Assert.Equal(0, c.TrainingBytesTotal);
            Assert.Equal(0, c.ExecutionUplinkPerSlot + c.ExecutionDownlinkPerSlot);
        }
    }

    [Fact]
    public void Yardsticks_GatherChannelStateEverySlot()
    {
        ExperimentConfig paper = Paper();
        SignallingCounts full = SignallingAccounting.For(SchemeIds.Yardstick, paper);
        // Up per SBS: 60 UEs x 16 channels of gains + 10 tasks x 3 values = 990 values = 3,960 B; down: 10 UEs x 4 decisions = 160 B.
        Assert.Equal(M * 3_960.0, full.ExecutionUplinkPerSlot);
        Assert.Equal(M * 160.0, full.ExecutionDownlinkPerSlot);
        Assert.Equal(0, full.TrainingBytesTotal);
        SignallingCounts local = SignallingAccounting.For(SchemeIds.YardstickLocal, paper);
        // Own-cell gains 10 x 16 + tasks 30 = 190 values = 760 B per slot; large-scale cross gains once per layout (0 per slot).
        Assert.Equal(M * 760.0, local.ExecutionUplinkPerSlot);
        Assert.Equal(M * 160.0, local.ExecutionDownlinkPerSlot);
    }

    [Fact]
    public void Header_IsAddedOncePerMessage()
    {
        SignallingCounts plain = SignallingAccounting.For(SchemeIds.FDrl, Paper());
        SignallingCounts framed = SignallingAccounting.For(SchemeIds.FDrl, With(Paper(), SignallingTopology.Relay, header: 40));
        // 60 rounds, one upload and one broadcast per SBS per round.
        Assert.Equal(plain.TrainingBytesTotal + 60L * 2 * M * 40, framed.TrainingBytesTotal);
        SignallingCounts mesh = SignallingAccounting.For(SchemeIds.MaDrl, With(Paper(), SignallingTopology.Mesh, header: 40));
        SignallingCounts meshPlain = SignallingAccounting.For(SchemeIds.MaDrl, With(Paper(), SignallingTopology.Mesh));
        // Every slot and every episode end, each of 6 SBSs sends one message to each of 5 others; each counts at both ends.
        Assert.Equal(meshPlain.TrainingBytesTotal + 2L * M * 5 * (Slots + Episodes) * 40, mesh.TrainingBytesTotal);
    }

    [Fact]
    public void TunedPreset_TwinCriticsAddTheSecondCriticAndItsTarget_AndTheLocalRewardIsNotSent()
    {
        ExperimentConfig tuned = ExperimentConfig.Load(Repo("configs/tuned.json"));
        Assert.True(tuned.Training.Learner.TwinCritics);
        SignallingCounts c = SignallingAccounting.For(SchemeIds.FDrl, tuned);
        Assert.Equal(60L * (2 * Actor + 4 * LocalCritic) * 4, c.TrainingUplinkBytes[0]);
        // A joint critic learning from its own cell's reward needs no reward from the others.
        ExperimentConfig local = tuned with { Schemes = ExperimentConfig.Parse("""{"schemes": {"ma-drl": {"reward": "local"}}}""").Schemes };
        Assert.Equal(Slots * (Obs + Act) * 4L + Episodes * Obs * 4L, SignallingAccounting.For(SchemeIds.MaDrl, local).TrainingUplinkBytes[0]);
    }

    [Fact]
    public void ModelMessages_AreTheSizeOfTheLearnersRealParameterArrays()
    {
        // The accounting sizes networks from shapes; the learners the trainer builds must hold exactly those arrays.
        ExperimentConfig tuned = ExperimentConfig.Load(Repo("configs/tuned.json"));
        DdpgOptions options = tuned.Training.Learner with { BufferCapacity = 64, LearningStarts = 32 };
        var env = new MecEnvironment(tuned.Simulation, tuned.Training.LayoutSeed);
        int[] obs = [.. Enumerable.Range(0, env.AgentCount).Select(env.ObservationSize)];
        int[] act = [.. Enumerable.Range(0, env.AgentCount).Select(env.ActionSize)];
        foreach (string id in new[] { SchemeIds.FDrl, SchemeIds.MaDrl })
        {
            SchemeDescription scheme = tuned.Schemes[id] with { Aggregation = new FedAvgAggregation(5, AggregatedNetworks.All) };
            if (scheme.Replay == ReplayLayout.Joint)
            {
                scheme = scheme with { Aggregation = null };
            }
            var learner = (DdpgMultiAgentLearner)MultiAgentLearners.Create(scheme, options, obs, act, 1, 1);
            IReadOnlyList<LearnerLayout> layouts = MultiAgentLearners.Layouts(scheme, obs, act);
            for (int a = 0; a < env.AgentCount; a++)
            {
                DdpgLearner real = learner.Agents[a].Learner;
                Assert.Equal(real.Networks.Select(n => n.Parameters.Length),
                    DdpgLearner.NetworkShapes(options, layouts[a]).Select(s => s.ParameterCount));
                Assert.Equal(SignallingMessage.Model(MessageKind.ModelUpload, real.Networks).Arrays,
                    SignallingMessage.Model(MessageKind.ModelUpload, SchemeSignalling.AveragedShapes(options, layouts[a], AggregatedNetworks.All)).Arrays);
            }
        }
    }

    [Theory]
    [InlineData("""{"signalling": {"topology": "star"}}""", "signalling.topology", "unknown topology 'star'")]
    [InlineData("""{"signalling": {"headerBytes": -1}}""", "signalling.headerBytes", "must be between 0 and 65536")]
    [InlineData("""{"signalling": {"headerBytes": 1.5}}""", "signalling.headerBytes", "")]
    [InlineData("""{"signalling": {"header": 4}}""", "signalling.header", "unknown field")]
    public void BadSignallingSection_NamesThePath(string json, string path, string problem)
    {
        var e = Assert.Throws<ConfigException>(() => ExperimentConfig.Parse(json));
        Assert.Contains(path, e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void SignallingSection_ReadsThroughSet_AndLeavesTheTrainingFingerprintAlone()
    {
        ExperimentConfig c = ConfigLayers.Of(null, ["signalling.topology=mesh", "signalling.headerBytes=40"]).Resolve();
        Assert.Equal(SignallingTopology.Mesh, c.Signalling.Topology);
        Assert.Equal(40, c.Signalling.HeaderBytes);
        Assert.Equal(ExperimentConfig.Paper.TrainingFingerprint(), c.TrainingFingerprint());
        Assert.Contains("\"topology\": \"mesh\"", c.ToJson());
        Assert.Equal(c.ToJson(), ExperimentConfig.Parse(c.ToJson()).ToJson());
    }

    [Fact]
    public void Report_CarriesSignallingIntoSummaryJsonAndMarkdown()
    {
        Report synthetic = ReportTests.Synthetic(seeds: 2);
        IReadOnlyDictionary<string, SignallingCounts> counts = SignallingAccounting.For(synthetic.Schemes, Paper());
        var report = new Report(synthetic.Episodes, synthetic.Evaluations, counts, Paper().Signalling);
        JsonNode f = JsonNode.Parse(report.SummaryJson())!["schemes"]![SchemeIds.FDrl]!["signalling"]!;
        Assert.Equal(9_805.632, f["trainingBytesPerSlot"]!["uplink"]!.GetValue<double>(), 6);
        Assert.Equal(9_805.632, f["trainingBytesPerSlot"]!["downlink"]!.GetValue<double>(), 6);
        Assert.Equal(0, f["executionBytesPerSlot"]!["uplink"]!.GetValue<double>());
        Assert.Equal(60L * 4_902_816, f["trainingBytesTotal"]!.GetValue<long>());
        Assert.Equal("relay", f["topology"]!.GetValue<string>());
        string md = report.SummaryMarkdown();
        Assert.Contains("signalling (kB/slot, uplink / downlink)", md);
        Assert.Contains("| 9.81 / 9.81 (training) |", md);
        Assert.Contains("| 9.63 / 48.04 (training) |", md);
        Assert.Contains("Fig. 8", string.Join("\n", FigureCaptions.Captions(report)));
        // Without counts the summary stays as before.
        Assert.DoesNotContain("signalling", synthetic.SummaryJson());
        Assert.DoesNotContain("signalling", synthetic.SummaryMarkdown());
    }
}
