using MecMarl.Learning;
using MecMarl.Learning.Signalling;

namespace MecMarl.Experiments.Tests;

/// <summary>
/// The signalling of the federated variants on the paper preset (docs/overhead.md), against a hand
/// computation: M = 6 SBSs, 300 episodes of 50 slots (15,000 training slots), observation 206 and
/// action 190 values per SBS, so the actor has 206 x 64 + 64 + 64 x 190 + 190 = 25,598 parameters
/// and the critic (206 + 190) x 64 + 64 + 64 + 1 = 25,473; the paper's model (both and their
/// targets) is 102,142 values, 408,568 bytes in float32. Each layer has a weight and a bias tensor:
/// 4 tensors per network.
/// </summary>
public sealed class FederatedSignallingTests
{
    private const double Slots = 15_000;
    private const long Model = 408_568;

    private static SignallingCounts Count(string aggregation)
    {
        ExperimentConfig c = ExperimentConfig.Parse($$"""{ "schemes": { "f-x": { "aggregation": {{aggregation}} } } }""");
        return SignallingAccounting.For("f-x", c);
    }

    [Fact]
    public void ThePaperAggregation_IsCountedAsBefore()
    {
        // 60 rounds, each SBS one upload and one broadcast of the whole model.
        SignallingCounts paper = SignallingAccounting.For(SchemeIds.FDrl, ExperimentConfig.Paper);
        Assert.Equal(6 * 2 * Model * 60 / Slots, paper.TrainingBytesPerSlot, 1e-9);
        Assert.Equal(paper.TrainingBytesTotal, Count("""{ "periodEpisodes": 5, "weighting": "equal", "proximalMu": 0.1 }""").TrainingBytesTotal);
    }

    [Fact]
    public void QuantizedUploads_CountTheirEncodedSize()
    {
        // float16: 2 bytes per value.
        Assert.Equal(6 * 2 * 204_284 * 60 / Slots, Count("""{ "quantization": "float16" }""").TrainingBytesPerSlot, 1e-9);
        // int8: 1 byte per value and a float32 scale for each of the 16 tensors: 102,142 + 64 bytes.
        SignallingCounts int8 = Count("""{ "quantization": "int8" }""");
        Assert.Equal(6 * 2 * 102_206 * 60 / Slots, int8.TrainingBytesPerSlot, 1e-9);
        Assert.Equal(6L * 2 * 102_206 * 60, int8.TrainingBytesTotal);
    }

    [Fact]
    public void WhatIsAveraged_IsWhatIsSent()
    {
        // The actor alone, without its target: 25,598 values.
        Assert.Equal(6 * 2 * 25_598 * 4 * 60 / Slots, Count("""{ "networks": ["actor"], "targets": [] }""").TrainingBytesPerSlot, 1e-9);
        // Actor and critic without targets: 51,071 values; with the critic's target only: 76,544.
        Assert.Equal(6 * 2 * 51_071 * 4 * 60 / Slots, Count("""{ "targets": [] }""").TrainingBytesPerSlot, 1e-9);
        Assert.Equal(6 * 2 * 76_544 * 4 * 60 / Slots, Count("""{ "targets": ["critic"] }""").TrainingBytesPerSlot, 1e-9);
    }

    [Fact]
    public void PeriodInSlots_AndPartialParticipation_ScaleTheRounds()
    {
        // A round every 125 slots: 120 rounds.
        Assert.Equal(6 * 2 * Model * 120 / Slots, Count("""{ "periodSlots": 125 }""").TrainingBytesPerSlot, 1e-9);
        // Half the SBSs per round (3 of 6): each SBS in 30 of the 60 rounds on average.
        SignallingCounts half = Count("""{ "participation": 0.5 }""");
        Assert.Equal(6 * 2 * Model * 30 / Slots, half.TrainingBytesPerSlot, 1e-9);
        Assert.All(half.TrainingUplinkBytes, b => Assert.Equal(Model * 30, b));
        // 0.4 of 6 SBSs is ceil(2.4) = 3 per round, the same.
        Assert.Equal(half.TrainingBytesTotal, Count("""{ "participation": 0.4 }""").TrainingBytesTotal);
    }

    [Fact]
    public void Hierarchical_CountsClusterRoundsBetweenSbsAndMacroRoundsAtTheMacroBs()
    {
        // Two clusters of 3: on the 45 cluster rounds of 60 the two members of each cluster upload
        // to their head and get the average back (8 SBS-to-SBS messages, counted at both ends); on
        // the 15 macro rounds every SBS uploads to the macro BS and gets the average (12 messages).
        SignallingCounts h = Count("""{ "topology": "hierarchical", "clusterSize": 3, "globalEveryRounds": 4 }""");
        Assert.Equal((8 * 2 * 45 + 12 * 15) * Model / Slots, h.TrainingBytesPerSlot, 1e-9);
        // A head sends 2 broadcasts per cluster round and 1 upload per macro round.
        Assert.Equal(2, h.TrainingUplinkBytes.Count(b => b == (2 * 45 + 15) * Model));
    }

    [Fact]
    public void Gossip_SendsEachModelToTheSbssThatListItsSender()
    {
        // Degree 2: 12 SBS-to-SBS messages per round, counted at both ends, no broadcast.
        SignallingCounts g = Count("""{ "topology": "gossip", "degree": 2 }""");
        Assert.Equal(12 * 2 * Model * 60 / Slots, g.TrainingBytesPerSlot, 1e-9);
        Assert.All(g.TrainingDownlinkBytes, b => Assert.Equal(2 * Model * 60, b));
        Assert.Equal(12 * Model * 60, g.TrainingUplinkBytes.Sum());
    }

    [Theory]
    [InlineData("""{ "periodEpisodes": 20 }""", 4_902.816)]
    [InlineData("""{ "networks": ["actor"] }""", 9_829.632)]
    [InlineData("""{ "targets": [], "quantization": "int8" }""", 2_452.944)]
    [InlineData("""{ "periodEpisodes": 10, "networks": ["actor"], "targets": [], "quantization": "int8" }""", 614.736)]
    public void TheTableOfDocsOverhead_MatchesTheCounts(string aggregation, double bytesPerSlot)
    {
        Assert.Equal(bytesPerSlot, Count(aggregation).TrainingBytesPerSlot, 1e-6);
    }

    [Fact]
    public void Schedules_OfVariants_CountSendsAndRates()
    {
        Assert.Equal(120, SignallingSchedule.EverySlots(125).Sends(300, 50));
        Assert.Equal(1.0 / 125, SignallingSchedule.EverySlots(125).SendsPerSlot(50));
        SignallingSchedule rounds = SignallingSchedule.EveryEpisodes(5);
        Assert.Equal(15, SignallingSchedule.RoundsOf(rounds, 4, macro: true).Sends(300, 50));
        Assert.Equal(45, SignallingSchedule.RoundsOf(rounds, 4, macro: false).Sends(300, 50));
        Assert.Equal(30, SignallingSchedule.Fraction(rounds, 3, 6).Sends(300, 50));
        Assert.Equal(0.5 / 250, SignallingSchedule.Fraction(rounds, 3, 6).SendsPerSlot(50), 1e-15);
        SignallingMessage m = SignallingMessage.Model(MessageKind.ModelUpload,
            [Nn.NetworkShape.Mlp(3, [4], 2, Nn.Activation.Relu, Nn.Activation.Sigmoid)], UploadQuantization.EightBit);
        Assert.Equal([12, 4, 8, 2], m.Arrays);
        Assert.Equal(26 + 4 * 4, MessageEncoder.PayloadBytes(m));
    }
}
