using MecMarl.Learning.Signalling;
using MecMarl.Nn;

namespace MecMarl.Learning.Tests;

public sealed class SignallingTests
{
    [Fact]
    public void Encoder_CountsFourBytesPerValuePlusTheHeader()
    {
        // An experience of a 5-value observation, a 3-value action and a reward: 9 float32 = 36 B.
        SignallingMessage m = SignallingMessage.Experience(5, 3, 1);
        Assert.Equal(9, m.Values);
        Assert.Equal(36, new MessageEncoder(0).EncodedBytes(m));
        Assert.Equal(36 + 20, new MessageEncoder(20).EncodedBytes(m));
        Assert.Equal(36, MessageEncoder.PayloadBytes(m));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MessageEncoder(-1).EncodedBytes(m));
    }

    [Fact]
    public void ModelMessage_CarriesOneArrayPerNetwork_OfItsParameterCount()
    {
        // 3-4-2 network: 3*4 + 4 + 4*2 + 2 = 26 parameters; 2-1 network: 2 + 1 = 3.
        var a = new DenseNetwork(NetworkShape.Mlp(3, [4], 2, Activation.Relu, Activation.Sigmoid), 1);
        var b = new DenseNetwork(NetworkShape.Mlp(2, [], 1, Activation.Relu, Activation.Identity), 1);
        SignallingMessage m = SignallingMessage.Model(MessageKind.ModelUpload, [a, b]);
        Assert.Equal([26, 3], m.Arrays);
        Assert.Equal(a.Parameters.Length + b.Parameters.Length, m.Values);
        Assert.Equal(29 * 4, new MessageEncoder(0).EncodedBytes(m));
        Assert.Throws<ArgumentException>(() => SignallingMessage.Model(MessageKind.Experience, [a]));
    }

    [Fact]
    public void Tally_CountsUplinkAtTheSenderAndDownlinkAtTheReceiver()
    {
        var encoder = new MessageEncoder(0);
        SignallingMessage eight = SignallingMessage.FinalObservation(2); // 8 B
        SignallingFlow[] flows =
        [
            new(eight, 0, SignallingFlow.Central, SignallingPhase.Training, SignallingSchedule.EverySlot),     // SBS 0 up
            new(eight, SignallingFlow.Central, 1, SignallingPhase.Training, SignallingSchedule.EveryEpisode),  // SBS 1 down
            new(eight, 1, 2, SignallingPhase.Training, SignallingSchedule.EveryEpisodes(2)),                   // SBS 1 up, SBS 2 down
            new(eight, 2, SignallingFlow.Central, SignallingPhase.Execution, SignallingSchedule.EverySlot),    // SBS 2 up, per slot
            new(eight, 2, SignallingFlow.Central, SignallingPhase.Execution, SignallingSchedule.OncePerLayout), // 0 per slot
        ];
        // 5 episodes of 10 slots: 50 slots, 5 episode ends, 2 rounds of 2 episodes.
        SignallingCounts c = SignallingCounts.Tally(3, flows, encoder, 5, 10);
        Assert.Equal([50 * 8, 2 * 8, 0], c.TrainingUplinkBytes);
        Assert.Equal([0, 5 * 8, 2 * 8], c.TrainingDownlinkBytes);
        Assert.Equal([0, 0, 8.0], c.ExecutionUplinkBytesPerSlot);
        Assert.Equal(50, c.TrainingSlots);
        Assert.Equal((50 + 2 + 5 + 2) * 8, c.TrainingBytesTotal);
        Assert.Equal((50 + 2) * 8 / 50.0, c.TrainingUplinkPerSlot, 12);
        Assert.Equal(8, c.ExecutionUplinkPerSlot);
        Assert.Throws<ArgumentException>(() => SignallingCounts.Tally(2, [new(eight, 0, 0, SignallingPhase.Training, SignallingSchedule.EverySlot)], encoder, 1, 1));
        Assert.Throws<ArgumentException>(() => SignallingCounts.Tally(2, [new(eight, 0, 2, SignallingPhase.Training, SignallingSchedule.EverySlot)], encoder, 1, 1));
    }

    [Fact]
    public void SchemeFlows_FollowTheDescription()
    {
        var options = new DdpgOptions { ActorHidden = [4], CriticHidden = [4] };
        int[] obs = [5, 5, 5], act = [3, 3, 3];
        var encoder = new MessageEncoder(0);
        // Independent learners without aggregation: nothing.
        Assert.Empty(SchemeSignalling.Flows(new SchemeDescription(), options, obs, act, SignallingTopology.Relay));
        // FedAvg of the actor only: actor 5-4-3 (5*4 + 4 + 4*3 + 3 = 39) and its target, up and down, once per round.
        var fedAvg = new SchemeDescription { Aggregation = new FedAvgAggregation(2, AggregatedNetworks.Actor) };
        SignallingCounts f = SignallingCounts.Tally(3, SchemeSignalling.Flows(fedAvg, options, obs, act, SignallingTopology.Relay), encoder, 4, 10);
        Assert.Equal([2 * 2 * 39 * 4L, 2 * 2 * 39 * 4L, 2 * 2 * 39 * 4L], f.TrainingUplinkBytes);
        Assert.Equal(f.TrainingUplinkBytes, f.TrainingDownlinkBytes);
        // Joint critic, cooperative reward, relay: up s, a, r = 9 values per slot; down the 2 others' s, a and R^Co = 17 values.
        var joint = new SchemeDescription { Critic = CriticView.Joint, Replay = ReplayLayout.Joint, Reward = LearnedReward.Cooperative };
        SignallingCounts r = SignallingCounts.Tally(3, SchemeSignalling.Flows(joint, options, obs, act, SignallingTopology.Relay), encoder, 1, 10);
        Assert.Equal(10 * 9 * 4 + 5 * 4, r.TrainingUplinkBytes[0]);
        Assert.Equal(10 * 17 * 4 + 2 * 5 * 4, r.TrainingDownlinkBytes[0]);
        // Mesh: 9 values to each of the 2 others every slot, and the final observation to each at the episode's end.
        SignallingCounts mesh = SignallingCounts.Tally(3, SchemeSignalling.Flows(joint, options, obs, act, SignallingTopology.Mesh), encoder, 1, 10);
        Assert.Equal(2 * (10 * 9 * 4 + 5 * 4), mesh.TrainingUplinkBytes[0]);
        Assert.Equal(mesh.TrainingUplinkBytes, mesh.TrainingDownlinkBytes);
    }

    [Fact]
    public void AveragedIndices_AreTheNetworksAggregateAverages()
    {
        Assert.Equal([0, 1, 2, 3], FederatedAveraging.AveragedIndices(4, AggregatedNetworks.All));
        Assert.Equal([0, 2], FederatedAveraging.AveragedIndices(6, AggregatedNetworks.Actor));
        Assert.Equal([1, 3, 4, 5], FederatedAveraging.AveragedIndices(6, AggregatedNetworks.Critic));
    }
}
