using MecMarl.Nn;
using MecMarl.Randomness;

namespace MecMarl.Learning.Tests;

/// <summary>The arithmetic and determinism of the federated variants (FedAvgAggregation fields), on hand-computed small cases.</summary>
public sealed class FederatedVariantTests
{
    private static readonly DdpgOptions Tiny = new() { ActorHidden = [2], CriticHidden = [2], BatchSize = 4, BufferCapacity = 64, LearningStarts = 6 };

    private static readonly DdpgOptions Small = new()
    {
        ActorHidden = [8],
        CriticHidden = [8],
        BatchSize = 4,
        BufferCapacity = 64,
        LearningStarts = 6,
    };

    // Five SBSs on a line: 0 and 1 are 10 m apart, 2 and 3 too, 4 sits between the pairs at x = 50.
    private static readonly (double X, double Y)[] Line = [(0, 0), (10, 0), (100, 0), (110, 0), (50, 0)];

    private static DdpgLearner[] Learners(int count, DdpgOptions? options = null)
    {
        var rng = new Rng(3);
        return [.. Enumerable.Range(0, count).Select(_ => new DdpgLearner(options ?? Tiny, LearnerLayout.Local(2, 1), rng))];
    }

    // Every parameter of every network of agent m set to values[m].
    private static void Fill(DdpgLearner[] learners, params float[] values)
    {
        for (int m = 0; m < learners.Length; m++)
        {
            foreach (DenseNetwork n in learners[m].Networks)
            {
                n.Parameters.Fill(values[m]);
            }
        }
    }

    private static float[] ActorValues(DdpgLearner[] learners) => [.. learners.Select(l => l.Actor.Parameters[0])];

    [Fact]
    public void Int8_UsesOneScalePerTensor_AndRoundsToTheNearestCode()
    {
        // max |x| = 1.27 -> scale 0.01: 0.5 -> code 50, -1.27 -> -127, 0.013 -> 1 (1.3 rounds down), 0 -> 0.
        float[] t = [0.5f, -1.27f, 0.013f, 0f];
        ModelQuantization.RoundTripTensor(t, UploadQuantization.EightBit);
        Assert.Equal([0.5f, -1.27f, 0.01f, 0f], t, (a, b) => Math.Abs(a - b) < 1e-6f);
        Assert.Equal(1.27f / 127, ModelQuantization.Int8Scale([0.5f, -1.27f]));
        Assert.Equal(-127, ModelQuantization.Int8Code(-2f, 0.01f)); // clamped
        float[] zeros = [0f, 0f];
        ModelQuantization.RoundTripTensor(zeros, UploadQuantization.EightBit);
        Assert.Equal([0f, 0f], zeros);

        // A 1 -> 2 -> 1 network: weights of layer 0 [1, 100], bias [0.013, 0.5]: with one scale for the
        // whole network 0.013 would become 0; with its own tensor scale (0.5 / 127) it survives.
        var shape = NetworkShape.Mlp(1, [2], 1, Activation.Relu, Activation.Identity);
        float[] p = new float[shape.ParameterCount];
        p[shape.WeightOffset(0)] = 1f;
        p[shape.WeightOffset(0) + 1] = 100f;
        p[shape.BiasOffset(0)] = 0.013f;
        p[shape.BiasOffset(0) + 1] = 0.5f;
        ModelQuantization.RoundTrip(p, shape, UploadQuantization.EightBit);
        Assert.Equal(100f / 127, p[shape.WeightOffset(0)], 1e-5f);   // 1 -> code 1 of scale 100/127
        Assert.Equal(0.5f / 127 * 3, p[shape.BiasOffset(0)], 1e-7f); // 0.013 / (0.5/127) = 3.3 -> 3
        Assert.Equal(0.5f, p[shape.BiasOffset(0) + 1], 1e-6f);
    }

    [Fact]
    public void Float16_RoundsEachValueToHalfPrecision()
    {
        // 1/3 -> 0.333251953125 (11 significant bits), 1e-8 is below half's smallest subnormal (5.96e-8) / 2 -> 0, 65504 is exact.
        float[] t = [1f / 3, 1e-8f, 65504f, -2.5f];
        ModelQuantization.RoundTripTensor(t, UploadQuantization.Float16);
        Assert.Equal([0.333251953125f, 0f, 65504f, -2.5f], t);
    }

    [Theory]
    [InlineData(UploadQuantization.None, 4 * 31)]
    [InlineData(UploadQuantization.Float16, 2 * 31)]
    [InlineData(UploadQuantization.EightBit, 31 + 4 * 4)]
    public void Encode_HasTheAccountedSize_AndDecodesToTheRoundTrip(UploadQuantization quantization, int bytes)
    {
        // A 3 -> 4 -> 3 network: 12 + 4 + 12 + 3 = 31 values in 4 tensors; one all-zero tensor, extremes and a subnormal.
        var shape = NetworkShape.Mlp(3, [4], 3, Activation.Relu, Activation.Identity);
        var rng = new Rng(9);
        float[] p = [.. Enumerable.Range(0, shape.ParameterCount).Select(_ => (float)(rng.NextGaussian() * 3))];
        p.AsSpan(shape.BiasOffset(0), 4).Clear();
        p[0] = 1e-30f;
        p[1] = -70000f;
        byte[] encoded = ModelQuantization.Encode(p, shape, quantization);
        Assert.Equal(bytes, encoded.Length);
        Assert.Equal(bytes, ModelQuantization.EncodedBytes(shape, quantization));
        float[] expected = (float[])p.Clone();
        ModelQuantization.RoundTrip(expected, shape, quantization);
        float[] decoded = new float[p.Length];
        ModelQuantization.Decode(encoded, shape, quantization, decoded);
        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), decoded.Select(BitConverter.SingleToInt32Bits));
        Assert.Throws<ArgumentException>(() => ModelQuantization.Decode(encoded.AsSpan(1), shape, quantization, decoded));
    }

    [Fact]
    public void Coordinator_EqualAndBatchSizeWeights_AreThePlainMean_OfParticipantsOnly()
    {
        DdpgLearner[] l = Learners(4);
        Fill(l, 1, 2, 3, 6);
        new FederatedAggregator(new FedAvgAggregation(1, AggregatedNetworks.All) { Weighting = AggregationWeighting.Equal }, l, null, 1).Run();
        Assert.Equal([3f, 3f, 3f, 3f], ActorValues(l));
        Assert.All(l, x => Assert.Equal(3f, x.TargetCritic.Parameters[1]));
    }

    [Fact]
    public void SampleWeights_AreBatchTimesStepsSinceTheLastSync()
    {
        DdpgLearner[] l = Learners(4);
        Fill(l, 1, 2, 3, 4);
        long[] steps = [1, 1, 2, 0];
        for (int m = 0; m < 4; m++)
        {
            l[m].UpdateCount = steps[m];
        }
        var fed = new FederatedAggregator(new FedAvgAggregation(1, AggregatedNetworks.All) { Weighting = AggregationWeighting.Samples }, l, null, 1);
        fed.Run();
        // W = 4, 4, 8, 0: (1*4 + 2*4 + 3*8) / 16 = 2.25.
        Assert.Equal([2.25f, 2.25f, 2.25f, 2.25f], ActorValues(l));
        // Next round: only agent 0 stepped since the sync (W = 4, 0, 0, 0), so its model is the average.
        Fill(l, 1, 2, 3, 4);
        l[0].UpdateCount = 2;
        fed.Run();
        Assert.Equal([1f, 1f, 1f, 1f], ActorValues(l));
        // No steps at all since the last sync: the members weigh the same.
        Fill(l, 1, 2, 3, 6);
        fed.Run();
        Assert.Equal([3f, 3f, 3f, 3f], ActorValues(l));
    }

    [Fact]
    public void Targets_CanStayLocal()
    {
        DdpgLearner[] l = Learners(2);
        Fill(l, 1, 3);
        new FederatedAggregator(new FedAvgAggregation(1, AggregatedNetworks.All) { Targets = AggregatedNetworks.Critic }, l, null, 1).Run();
        Assert.Equal([2f, 2f], ActorValues(l));
        Assert.Equal([1f, 3f], l.Select(x => x.TargetActor.Parameters[0]));
        Assert.Equal([2f, 2f], l.Select(x => x.TargetCritic.Parameters[0]));
        Assert.Equal([2f, 2f], l.Select(x => x.Critic.Parameters[0]));

        // Actor only, no targets: critics and both targets stay.
        Fill(l, 1, 3);
        new FederatedAggregator(new FedAvgAggregation(1, AggregatedNetworks.Actor) { Targets = AggregatedNetworks.None }, l, null, 1).Run();
        Assert.Equal([2f, 2f], ActorValues(l));
        Assert.Equal([1f, 3f], l.Select(x => x.TargetActor.Parameters[0]));
        Assert.Equal([1f, 3f], l.Select(x => x.Critic.Parameters[0]));
    }

    [Fact]
    public void PartialParticipation_AveragesTheDrawnSbsOnly_FromItsOwnStream()
    {
        Assert.Equal(2, FederatedAggregator.ParticipantCount(0.5, 4));
        Assert.Equal(2, FederatedAggregator.ParticipantCount(0.3, 6)); // ceil(1.8)
        Assert.Equal(1, FederatedAggregator.ParticipantCount(0.01, 6));
        Assert.Equal(6, FederatedAggregator.ParticipantCount(1, 6));
        Assert.Equal(3, FederatedAggregator.ParticipantCount(0.5, 6));

        var settings = new FedAvgAggregation(1, AggregatedNetworks.All) { Participation = 0.5 };
        List<int[]> Draws(ulong seed)
        {
            DdpgLearner[] l = Learners(4);
            var fed = new FederatedAggregator(settings, l, null, seed);
            var draws = new List<int[]>();
            for (int r = 0; r < 8; r++)
            {
                Fill(l, 1, 2, 3, 6);
                fed.Run();
                int[] p = [.. fed.LastParticipants];
                draws.Add(p);
                Assert.Equal(2, p.Length);
                float mean = p.Select(m => new[] { 1f, 2f, 3f, 6f }[m]).Average();
                for (int m = 0; m < 4; m++)
                {
                    Assert.Equal(p.Contains(m) ? mean : new[] { 1f, 2f, 3f, 6f }[m], l[m].Actor.Parameters[0]);
                }
            }
            return draws;
        }
        Assert.Equal(Draws(5), Draws(5));
        Assert.NotEqual(Draws(5), Draws(6));
        Assert.True(Draws(5).Select(p => string.Join(",", p)).Distinct().Count() > 1);
    }

    [Fact]
    public void QuantizedUploads_AverageTheDecodedModels_AndBroadcastEncoded()
    {
        DdpgLearner[] l = Learners(2);
        Fill(l, 0, 0);
        // Agent 0's actor tensor 0 = [0.5, -1.27, 0.013, ...], agent 1's = [0.3, 0.3, 0.3, ...].
        var shape = l[0].Actor.Shape;
        Span<float> w0 = l[0].Actor.Weights(0), w1 = l[1].Actor.Weights(0);
        w0[0] = 0.5f; w0[1] = -1.27f; w0[2] = 0.013f;
        w1.Fill(0.3f);
        var fed = new FederatedAggregator(new FedAvgAggregation(1, AggregatedNetworks.Actor) { Quantization = UploadQuantization.EightBit }, l, null, 1);
        fed.Run();
        // Decoded uploads: [0.5, -1.27, 0.01, 0] and [0.3, 0.3, 0.3, 0.3] (scale 0.3/127 codes 127);
        // mean [0.4, -0.485, 0.155, 0.15]; broadcast in int8 with scale 0.485/127.
        float s = 0.485f / 127;
        float[] expected = [.. new[] { 0.4f, -0.485f, 0.155f, 0.15f }.Select(x => MathF.Round(x / s) * s)];
        Assert.Equal(expected, l[0].Actor.Weights(0).ToArray(), (a, b) => Math.Abs(a - b) < 2e-6f);
        Assert.True(l[0].Actor.Parameters.SequenceEqual(l[1].Actor.Parameters));
        Assert.Equal(shape, l[1].Actor.Shape);
    }

    [Fact]
    public void ProximalTerm_AddsMuTimesTheDistanceToTheAnchor()
    {
        var term = new ProximalTerm(0.5f, [0f, 4f], null, null);
        float[] g = [0.1f, 0.1f];
        term.AddGradient([1f, 2f], term.Actor, g);
        Assert.Equal([0.6f, -0.9f], g, (a, b) => Math.Abs(a - b) < 1e-6f);
        term.AddGradient([1f, 2f], term.Critic, g); // no anchor: unchanged
        Assert.Equal([0.6f, -0.9f], g, (a, b) => Math.Abs(a - b) < 1e-6f);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProximalTerm(0f, null, null, null));
    }

    [Fact]
    public void ProximalTerm_PullsTheLocalUpdatesTowardsTheLastGlobalModel()
    {
        // Two identical learners on the same batches; one has a strong proximal term anchored at
        // its starting point. After the same updates it has moved less.
        DdpgLearner Make() => new(Small, LearnerLayout.Local(3, 2), new Rng(8));
        DdpgLearner free = Make(), prox = Make();
        float[] start = prox.Actor.Parameters.ToArray();
        prox.Proximal = new ProximalTerm(50f, (float[])start.Clone(), prox.Critic.Parameters.ToArray(), null);
        var buffer = new ReplayBuffer(64, 3, 2, 1);
        var data = new Rng(2);
        for (int i = 0; i < 32; i++)
        {
            buffer.Add([data.NextSingle(), data.NextSingle(), data.NextSingle()], [data.NextSingle(), data.NextSingle()], [data.NextSingle()], [data.NextSingle(), data.NextSingle(), data.NextSingle()], false);
        }
        var batch = new ReplayBatch(4, 3, 2, 1);
        Rng sa = new(1), sb = new(1);
        for (int i = 0; i < 40; i++)
        {
            buffer.Sample(sa, batch);
            free.Update(batch);
            buffer.Sample(sb, batch);
            prox.Update(batch);
        }
        static double Distance(ReadOnlySpan<float> a, float[] b)
        {
            double d = 0;
            for (int i = 0; i < a.Length; i++)
            {
                d += (a[i] - b[i]) * (a[i] - b[i]);
            }
            return d;
        }
        Assert.True(Distance(prox.Actor.Parameters, start) < 0.5 * Distance(free.Actor.Parameters, start));
    }

    [Fact]
    public void FedAvgRound_AnchorsTheProximalTermAtTheReceivedModel()
    {
        DdpgLearner[] l = Learners(2);
        Fill(l, 1, 3);
        var fed = new FederatedAggregator(new FedAvgAggregation(1, AggregatedNetworks.Critic) { ProximalMu = 0.1 }, l, null, 1);
        Assert.Null(l[0].Proximal!.Actor);                    // the actor is not averaged: no term on it
        Assert.Equal(1f, l[0].Proximal!.Critic![0]);          // before the first round: the initial model
        fed.Run();
        Assert.Equal(2f, l[0].Proximal!.Critic![0]);
        Assert.Equal(2f, l[1].Proximal!.Critic![0]);
    }

    [Fact]
    public void Clusters_AreNeighbouringSbs_SeededByTheLowestFreeIndex()
    {
        Assert.Equal([[0, 1], [2, 3], [4]], FederatedAggregator.Cluster(Line, 2));
        Assert.Equal([[0, 1, 4], [2, 3]], FederatedAggregator.Cluster(Line, 3));
        Assert.Equal([[0, 1, 2, 3, 4]], FederatedAggregator.Cluster(Line, 5));
        // SBS 4 is 40 m from SBS 1 and 50 m from SBSs 0 and 2 (tie broken by index).
        Assert.Equal([1, 0], FederatedAggregator.NearestNeighbours(Line, 4, 2));
        Assert.Equal([1], FederatedAggregator.NearestNeighbours(Line, 0, 1));
    }

    [Fact]
    public void Hierarchical_AveragesClustersEveryRound_AndEveryoneEveryKthRound()
    {
        DdpgLearner[] l = Learners(5);
        Fill(l, 1, 2, 3, 4, 5);
        var fed = new FederatedAggregator(new FedAvgAggregation(1, AggregatedNetworks.All)
        {
            Topology = AggregationTopology.Hierarchical,
            ClusterSize = 2,
            GlobalEveryRounds = 2,
        }, l, Line, 1);
        fed.Run();
        Assert.False(fed.LastRoundWasGlobal);
        Assert.Equal([1.5f, 1.5f, 3.5f, 3.5f, 5f], ActorValues(l));
        fed.Run();
        Assert.True(fed.LastRoundWasGlobal);
        Assert.Equal([3f, 3f, 3f, 3f, 3f], ActorValues(l)); // (1.5 + 1.5 + 3.5 + 3.5 + 5) / 5
    }

    [Fact]
    public void QuantizedClusterRound_KeepsTheHeadsModelExact_TheMacroRoundDoesNot()
    {
        DdpgLearner[] l = Learners(5);
        Fill(l, 0, 0, 0, 0, 0);
        Span<float> head = l[0].Actor.Weights(0);
        head[0] = 1.27f;
        head[1] = 0.013f;
        var fed = new FederatedAggregator(new FedAvgAggregation(1, AggregatedNetworks.Actor)
        {
            Quantization = UploadQuantization.EightBit,
            Topology = AggregationTopology.Hierarchical,
            ClusterSize = 2,
            GlobalEveryRounds = 2,
        }, l, Line, 1);
        fed.Run();
        // Cluster {0, 1}, head 0: average of 0's exact model and 1's zeros: [0.635, 0.0065]; the head
        // keeps it, SBS 1 receives it in int8 (scale 0.635 / 127 = 0.005: 0.0065 -> code 1 -> 0.005).
        Assert.Equal(0.0065f, l[0].Actor.Weights(0)[1], 1e-7f);
        Assert.Equal(0.005f, l[1].Actor.Weights(0)[1], 1e-6f);
        Assert.Equal(0.635f, l[1].Actor.Weights(0)[0], 1e-6f);
        // Macro round: every upload and the broadcast in int8, so all five end equal.
        fed.Run();
        Assert.All(l, x => Assert.True(x.Actor.Parameters.SequenceEqual(l[0].Actor.Parameters)));
    }

    [Fact]
    public void Gossip_AveragesWithTheNearestNeighbours_FromTheModelsBeforeTheRound()
    {
        DdpgLearner[] l = Learners(5);
        Fill(l, 1, 2, 3, 4, 5);
        var fed = new FederatedAggregator(new FedAvgAggregation(1, AggregatedNetworks.All)
        {
            Topology = AggregationTopology.Gossip,
            Degree = 1,
        }, l, Line, 1);
        fed.Run();
        // Neighbours 0-1, 1-0, 2-3, 3-2, 4-1: SBS 4 averages with SBS 1's model before the round (2).
        Assert.Equal([1.5f, 1.5f, 3.5f, 3.5f, 3.5f], ActorValues(l));
        Fill(l, 1, 2, 3, 4, 5);
        new FederatedAggregator(new FedAvgAggregation(1, AggregatedNetworks.All) { Topology = AggregationTopology.Gossip, Degree = 2 }, l, Line, 1).Run();
        // 0: {0, 1, 4} -> 8/3; 4: {4, 1, 0} -> 8/3; 1: {1, 0, 4} -> 8/3; 2: {2, 3, 4} -> 4; 3: {3, 2, 4} -> 4.
        Assert.Equal([8f / 3, 8f / 3, 4f, 4f, 8f / 3], ActorValues(l), (a, b) => Math.Abs(a - b) < 1e-6f);
    }

    [Fact]
    public void QuantizedGossip_KeepsTheOwnModelExact_AndDecodesTheNeighbours()
    {
        DdpgLearner[] l = Learners(2);
        Fill(l, 0, 0);
        Span<float> w1 = l[1].Actor.Weights(0);
        w1[0] = 1.27f;
        w1[1] = 0.013f; // int8 with scale 0.01 sends it as 0.01
        new FederatedAggregator(new FedAvgAggregation(1, AggregatedNetworks.Actor) { Quantization = UploadQuantization.EightBit, Topology = AggregationTopology.Gossip, Degree = 1 },
            l, [(0, 0), (1, 0)], 1).Run();
        Assert.Equal(0.005f, l[0].Actor.Weights(0)[1], 1e-7f);  // (0 + 0.01) / 2
        Assert.Equal(0.0065f, l[1].Actor.Weights(0)[1], 1e-7f); // (0.013 exact + 0) / 2
        Assert.Equal(0.635f, l[0].Actor.Weights(0)[0], 1e-6f);
    }

    [Fact]
    public void PeriodInSlots_RunsRoundsFromTheSlotHook_NotTheEpisodeHook()
    {
        var learner = new IndependentLearners(Small, [5, 5], [3, 3], seed: 2, threads: 1, commonInitialModel: false,
            new FedAvgAggregation(0, AggregatedNetworks.All) { PeriodSlots = 3 });
        learner.EndEpisode(1);
        learner.EndSlot(1);
        learner.EndSlot(2);
        Assert.Equal(0, learner.AggregationRounds);
        learner.EndSlot(3);
        Assert.Equal(1, learner.AggregationRounds);
        learner.EndEpisode(5);
        learner.EndSlot(6);
        Assert.Equal(2, learner.AggregationRounds);
    }

    [Fact]
    public void BadSettings_NameTheField()
    {
        static string? Field(FedAvgAggregation a, int m = 6) => a.ProblemFor(m)?.Field;
        var ok = new FedAvgAggregation(5, AggregatedNetworks.All);
        Assert.Null(Field(ok));
        Assert.Equal("participation", Field(ok with { Participation = 0 }));
        Assert.Equal("participation", Field(ok with { Participation = 1.01 }));
        Assert.Equal("participation", Field(ok with { Participation = double.NaN }));
        Assert.Equal("periodEpisodes", Field(ok with { PeriodEpisodes = 0 }));
        Assert.Equal("periodSlots", Field(ok with { PeriodEpisodes = 0, PeriodSlots = 0 }));
        Assert.Equal("periodSlots", Field(ok with { PeriodSlots = 10 }));
        Assert.Equal("targets", Field(new FedAvgAggregation(5, AggregatedNetworks.Actor) { Targets = AggregatedNetworks.Critic }));
        Assert.Equal("proximalMu", Field(ok with { ProximalMu = -1 }));
        Assert.Equal("clusterSize", Field(ok with { Topology = AggregationTopology.Hierarchical, GlobalEveryRounds = 2 }));
        Assert.Equal("clusterSize", Field(ok with { Topology = AggregationTopology.Hierarchical, ClusterSize = 7, GlobalEveryRounds = 2 }));
        Assert.Equal("globalEveryRounds", Field(ok with { Topology = AggregationTopology.Hierarchical, ClusterSize = 2 }));
        Assert.Equal("degree", Field(ok with { Topology = AggregationTopology.Gossip, Degree = 6 }));
        Assert.Null(Field(ok with { Topology = AggregationTopology.Gossip, Degree = 5 }));
        Assert.Equal("participation", Field(ok with { Topology = AggregationTopology.Gossip, Degree = 2, Participation = 0.5 }));
        Assert.Equal("degree", Field(ok with { Degree = 2 }));
        Assert.Equal("aggregation.participation", new SchemeDescription { Aggregation = ok with { Participation = 0 } }.Problem()?.Field);
    }

    public static TheoryData<string> Variants => ["hierarchical", "gossip"];

    private static FedAvgAggregation Variant(string name) => name switch
    {
        "hierarchical" => new FedAvgAggregation(0, AggregatedNetworks.All)
        {
            PeriodSlots = 7,
            Participation = 0.75,
            Weighting = AggregationWeighting.Samples,
            Quantization = UploadQuantization.EightBit,
            ProximalMu = 0.05,
            Topology = AggregationTopology.Hierarchical,
            ClusterSize = 2,
            GlobalEveryRounds = 2,
        },
        _ => new FedAvgAggregation(1, AggregatedNetworks.All)
        {
            Targets = AggregatedNetworks.Critic,
            Quantization = UploadQuantization.Float16,
            ProximalMu = 0.05,
            Topology = AggregationTopology.Gossip,
            Degree = 2,
        },
    };

    private static readonly (double X, double Y)[] Square = [(0, 0), (0, 300), (400, 0), (400, 300)];

    private static IndependentLearners Make(string variant, int threads, ulong seed = 4) =>
        new(Small, [5, 5, 5, 5], [3, 3, 3, 3], seed, threads, commonInitialModel: true, Variant(variant), Square);

    // Slots of training with the per-slot and per-episode hooks (episodes of 10 slots).
    private static void Train(IndependentLearners learner, int fromSlot, int slots, ulong dataSeed)
    {
        var data = new Rng(dataSeed);
        float[][] Draw() => [.. Enumerable.Range(0, 4).Select(_ => new[] { data.NextSingle(), data.NextSingle(), data.NextSingle(), data.NextSingle(), data.NextSingle() })];
        float[][] obs = Draw();
        for (int t = fromSlot + 1; t <= fromSlot + slots; t++)
        {
            float[][] actions = learner.Act(obs, 0.2);
            float[][] next = Draw();
            learner.Observe([.. actions.Select(a => a.Sum() - 1f)], next);
            if (learner.CanUpdate)
            {
                learner.Update();
            }
            learner.EndSlot(t);
            if (t % 10 == 0)
            {
                learner.EndEpisode(t / 10);
            }
            obs = next;
        }
    }

    private static void AssertSameModels(IndependentLearners a, IndependentLearners b)
    {
        for (int m = 0; m < a.AgentCount; m++)
        {
            for (int k = 0; k < a.Agents[m].Learner.Networks.Count; k++)
            {
                Assert.True(a.Agents[m].Learner.Networks[k].Parameters.SequenceEqual(b.Agents[m].Learner.Networks[k].Parameters));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Variant_SameSeed_IdenticalOnOneThreadAndTwo_AndOtherSeedsDiffer(string variant)
    {
        IndependentLearners one = Make(variant, 1), two = Make(variant, 2), other = Make(variant, 1, seed: 5);
        Train(one, 0, 40, 1);
        Train(two, 0, 40, 1);
        Train(other, 0, 40, 1);
        Assert.True(one.AggregationRounds >= 4);
        Assert.Equal(one.AggregationRounds, two.AggregationRounds);
        AssertSameModels(one, two);
        Assert.Equal(one.Aggregator!.ParticipationRng.State, two.Aggregator!.ParticipationRng.State);
        Assert.False(one.Agents[0].Learner.Actor.Parameters.SequenceEqual(other.Agents[0].Learner.Actor.Parameters));
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Variant_SavedAndRestored_ContinuesExactlyAsWithoutInterruption(string variant)
    {
        IndependentLearners full = Make(variant, 1);
        Train(full, 0, 20, 1);
        var writer = new CheckpointWriter();
        full.Save(writer);
        IndependentLearners copy = Make(variant, 2, seed: 99);
        var restore = new CheckpointRestore(CheckpointReader.Parse(writer.ToBytes()));
        copy.Restore(restore);
        restore.Commit();
        Assert.Equal(full.AggregationRounds, copy.AggregationRounds);
        Train(full, 20, 20, 2);
        Train(copy, 20, 20, 2);
        AssertSameModels(full, copy);
        Assert.Equal(full.Aggregator!.LastParticipants, copy.Aggregator!.LastParticipants);
        for (int m = 0; m < 4; m++)
        {
            Assert.Equal(full.Agents[m].Learner.Proximal!.Critic, copy.Agents[m].Learner.Proximal!.Critic);
        }
    }

    [Fact]
    public void PaperAggregation_IsBitIdenticalToThePlainAverageOfEveryNetwork()
    {
        DdpgLearner[] a = Learners(3, Small), b = Learners(3, Small);
        for (int m = 0; m < 3; m++)
        {
            var r = new Rng(40, (ulong)m);
            foreach ((DenseNetwork x, DenseNetwork y) in a[m].Networks.Zip(b[m].Networks))
            {
                x.Initialize(r);
                y.CopyParametersFrom(x);
            }
        }
        FederatedAveraging.Aggregate(a, [4, 4, 4]); // the pre-variant path, W_m = batch size
        new FederatedAggregator(new FedAvgAggregation(5, AggregatedNetworks.All), b, null, 1).Run();
        for (int m = 0; m < 3; m++)
        {
            for (int k = 0; k < 4; k++)
            {
                Assert.True(a[m].Networks[k].Parameters.SequenceEqual(b[m].Networks[k].Parameters));
            }
        }
    }
}
