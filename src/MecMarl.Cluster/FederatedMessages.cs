namespace MecMarl.Cluster;

/// <summary>
/// What an agent grain needs to build its SBS's agent exactly as the in-process F-DRL learner
/// builds it (<c>IndependentLearners</c>): the config, scheme, training seed, its index and every
/// agent's widths (the common initial model is agent 0's draw when the shapes match). Immutable.
/// </summary>
/// <param name="Generation">The training attempt this agent belongs to: calls of another attempt are refused, so a grain reactivated without its state is noticed, never used.</param>
/// <param name="ConfigJson">The run's resolved config (<c>ExperimentConfig.ToJson</c>).</param>
/// <param name="Scheme">Scheme id of the config's <c>schemes</c> section.</param>
/// <param name="Seed">Training seed (the agent's <c>AgentStreams</c>).</param>
/// <param name="Index">Agent index m (SBS m).</param>
/// <param name="ObservationWidths">Every agent's observation width, agent order.</param>
/// <param name="ActionWidths">Every agent's action width, agent order.</param>
[GenerateSerializer, Immutable]
public sealed record AgentSetup(
    [property: Id(0)] string Generation,
    [property: Id(1)] string ConfigJson,
    [property: Id(2)] string Scheme,
    [property: Id(3)] int Seed,
    [property: Id(4)] int Index,
    [property: Id(5)] int[] ObservationWidths,
    [property: Id(6)] int[] ActionWidths);

/// <summary>What the coordinator grain needs for its rounds: the config and scheme (the aggregation settings), the seed (participation stream) and the agents' grain keys in agent order. Immutable.</summary>
/// <param name="Generation">The training attempt (see <see cref="AgentSetup.Generation"/>).</param>
/// <param name="ConfigJson">The run's resolved config.</param>
/// <param name="Scheme">Scheme id.</param>
/// <param name="Seed">Training seed.</param>
/// <param name="AgentKeys">The agent grains' keys, agent order.</param>
/// <param name="ObservationWidth">Every agent's observation width (one shape, as averaging needs).</param>
/// <param name="ActionWidth">Every agent's action width.</param>
/// <param name="SbsX">Every SBS's x position (m), agent order: the clusters of the hierarchical topology and the neighbours of gossip.</param>
/// <param name="SbsY">Every SBS's y position (m), agent order.</param>
[GenerateSerializer, Immutable]
public sealed record CoordinatorSetup(
    [property: Id(0)] string Generation,
    [property: Id(1)] string ConfigJson,
    [property: Id(2)] string Scheme,
    [property: Id(3)] int Seed,
    [property: Id(4)] string[] AgentKeys,
    [property: Id(5)] int ObservationWidth,
    [property: Id(6)] int ActionWidth,
    [property: Id(7)] double[] SbsX,
    [property: Id(8)] double[] SbsY);

/// <summary>
/// An SBS's upload in an averaging round (paper Algorithm 2): every averaged network, in
/// <c>FederatedAveraging.AveragedIndices</c> order, in the variant's encoding
/// (<c>ModelQuantization.Encode</c>: float32, float16 or int8 with a scale per tensor, packed in
/// bytes), and the agent's gradient steps so far (the weight of weighting by samples). Immutable.
/// </summary>
/// <param name="Networks">The encoded parameters of each averaged network.</param>
/// <param name="UpdateCount">The agent's gradient steps so far.</param>
[GenerateSerializer, Immutable]
public sealed record ModelUpload(
    [property: Id(0)] byte[][] Networks,
    [property: Id(1)] long UpdateCount);

/// <summary>The coordinator's broadcast of a round: the average of every averaged network, in the upload's order and encoding. Immutable.</summary>
/// <param name="Networks">The encoded average of each network.</param>
[GenerateSerializer, Immutable]
public sealed record ModelBroadcast([property: Id(0)] byte[][] Networks);

/// <summary>
/// What an SBS that averages itself needs (a hierarchical cluster's head, or every SBS in gossip):
/// the models of its group in agent order, with null at its own place (its own model enters exact,
/// it does not travel), and the group's weights. Immutable.
/// </summary>
/// <param name="Models">The group's uploads in member order; null at the averaging SBS's own place.</param>
/// <param name="Weights">The members' weights W_m, member order (<c>FederatedAggregator.GroupWeights</c>).</param>
/// <param name="Broadcast">Whether the SBS sends the average on to the group (a cluster head) or only keeps it (gossip).</param>
[GenerateSerializer, Immutable]
public sealed record GroupAverage(
    [property: Id(0)] ModelUpload?[] Models,
    [property: Id(1)] double[] Weights,
    [property: Id(2)] bool Broadcast);

/// <summary>The losses of one agent's gradient step (zero without a step) and the time the agent spent storing the transition and stepping. Immutable.</summary>
/// <param name="CriticLoss">Critic loss before its step.</param>
/// <param name="ActorLoss">Actor loss.</param>
/// <param name="Seconds">Wall time inside the agent grain's call, s (the updating part of <c>SlotBudget</c>).</param>
[GenerateSerializer, Immutable]
public readonly record struct AgentLosses([property: Id(0)] float CriticLoss, [property: Id(1)] float ActorLoss, [property: Id(2)] double Seconds);

/// <summary>An agent's action for a slot and the time it spent computing it. Immutable.</summary>
/// <param name="Action">a_m = clip(mu_m(s_m) + noise, 0, 1).</param>
/// <param name="Seconds">Wall time inside the agent grain's call, s (the acting part of <c>SlotBudget</c>).</param>
[GenerateSerializer, Immutable]
public sealed record AgentAction([property: Id(0)] float[] Action, [property: Id(1)] double Seconds);

/// <summary>What <see cref="IAgentGrain.StoreAndAct"/> returns: the last slot's store and step, then this slot's action. Immutable.</summary>
/// <param name="Stored">The losses of the last slot's gradient step (zero without one) and the time of its store and step.</param>
/// <param name="Acted">This slot's action and the time it took.</param>
[GenerateSerializer, Immutable]
public sealed record AgentSlot([property: Id(0)] AgentLosses Stored, [property: Id(1)] AgentAction Acted);

/// <summary>
/// One averaging round as it went over the cluster: the bytes of the messages as Orleans serializes
/// them (<c>Serializer.SerializeToArray</c> of each <see cref="ModelUpload"/> and
/// <see cref="ModelBroadcast"/>, payload only: Orleans' message headers are not counted). Immutable.
/// </summary>
/// <param name="Round">Round number (1, 2, ...).</param>
/// <param name="Participants">SBSs that received a model (0 when nothing was exchanged: no group of two).</param>
/// <param name="BytesUp">Bytes the SBSs sent (uploads to the macro BS, and every SBS-to-SBS message: to a cluster head, a head's broadcast, a gossip model).</param>
/// <param name="BytesDown">Bytes the SBSs received (the macro BS's broadcasts, and every SBS-to-SBS message again): the directions of docs/overhead.md.</param>
/// <param name="Values">Parameters in one upload (values of the averaged networks).</param>
[GenerateSerializer, Immutable]
public sealed record RoundBytes(
    [property: Id(0)] int Round,
    [property: Id(1)] int Participants,
    [property: Id(2)] long BytesUp,
    [property: Id(3)] long BytesDown,
    [property: Id(4)] long Values);

/// <summary>
/// The agent of one SBS in a federated training on a cluster: its DDPG learner (networks,
/// optimisers), replay buffer and random streams, built from <see cref="AgentSetup"/> exactly as
/// in one process. Every call names the training attempt; a grain that does not hold that attempt
/// (reactivated after its silo was lost) refuses it, and the training resumes from its last checkpoint.
/// </summary>
public interface IAgentGrain : IGrainWithStringKey
{
    /// <summary>Builds the agent (discarding any other attempt's) and returns the name of the silo it lives on.</summary>
    Task<string> Init(AgentSetup setup);

    /// <summary>a_m = clip(mu_m(s_m) + noise, 0, 1) from the agent's noise stream, with the time it took; the observation is kept as the transition's s.</summary>
    Task<AgentAction> Act(string generation, float[] observation, double noiseStd);

    /// <summary>Stores the transition (learned <paramref name="reward"/>, <paramref name="nextObservation"/>) and, when <paramref name="update"/>, takes one gradient step; returns its losses and the time it took.</summary>
    Task<AgentLosses> StoreAndLearn(string generation, float reward, float[] nextObservation, bool update);

    /// <summary>
    /// <see cref="StoreAndLearn"/> for the last slot, then <see cref="Act"/> for this one, in one
    /// message: the trainer sends the last slot's transition (and gradient step) with the next slot's
    /// observation, so that a slot costs one round trip per agent. The agent does what the two calls do, in the same order.
    /// </summary>
    Task<AgentSlot> StoreAndAct(string generation, float reward, float[] nextObservation, bool update, float[] observation, double noiseStd);

    /// <summary>The agent's upload for an averaging round.</summary>
    Task<ModelUpload> Upload(string generation);

    /// <summary>Writes the round's average into the averaged networks (and moves the proximal anchors there).</summary>
    Task Download(string generation, ModelBroadcast broadcast);

    /// <summary>Its gradient steps so far (the weight of a cluster head, whose model does not travel).</summary>
    Task<long> UpdateCount(string generation);

    /// <summary>
    /// Averages its own exact model with the group's decoded uploads (a hierarchical cluster's head,
    /// or an SBS with its gossip neighbours), keeps the exact average and moves its proximal anchors
    /// there; returns the encoded average to send on when <see cref="GroupAverage.Broadcast"/>, else null.
    /// </summary>
    Task<ModelBroadcast?> Average(string generation, GroupAverage group);

    /// <summary>The agent's checkpoint sections (<c>agent{m}.*</c>, then its proximal anchors), as a checkpoint image.</summary>
    Task<byte[]> Save(string generation);

    /// <summary>Restores the sections of <see cref="Save"/> from a checkpoint image; returns null, or why they do not fit (nothing changed then).</summary>
    Task<string?> Restore(string generation, byte[] sections);

    /// <summary>Transitions in the agent's replay buffer.</summary>
    Task<int> ReplayCount(string generation);

    /// <summary>The first of actor, critic and second critic holding a non-finite parameter, or null.</summary>
    Task<string?> NonFiniteParameter(string generation);

    /// <summary>The actor's parameters (the trained policy).</summary>
    Task<float[]> Actor(string generation);

    /// <summary>Drops the agent once the training is over.</summary>
    Task Release(string generation);
}

/// <summary>
/// The coordinator of a federated training on a cluster: runs each averaging round as the
/// in-process <c>FederatedAggregator</c> does. Coordinator topology: the macro BS of paper
/// Algorithm 2 collects the participants' uploads, averages them in agent order and sends the
/// average back. Hierarchical: it has each cluster's members upload to their head's agent grain,
/// which averages and sends the average on (the macro BS averages every k-th round, and a cluster
/// whose head does not take part). Gossip: it hands every SBS its neighbours' uploads.
/// </summary>
public interface ICoordinatorGrain : IGrainWithStringKey
{
    /// <summary>Starts the attempt's rounds from none.</summary>
    Task Init(CoordinatorSetup setup);

    /// <summary>Runs the next round and returns what it sent.</summary>
    Task<RoundBytes> Round(string generation);

    /// <summary>The rounds' state as checkpoint sections (<c>aggregation.rounds</c>, the participation stream, the last syncs).</summary>
    Task<byte[]> Save(string generation);

    /// <summary>Restores what <see cref="Save"/> wrote; returns null, or why it does not fit (nothing changed then).</summary>
    Task<string?> Restore(string generation, byte[] sections);

    /// <summary>Drops the coordinator once the training is over.</summary>
    Task Release(string generation);
}
