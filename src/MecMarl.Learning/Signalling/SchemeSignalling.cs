using MecMarl.Nn;

namespace MecMarl.Learning.Signalling;

/// <summary>
/// The signalling model of a learning scheme (docs/overhead.md): the messages its training needs,
/// derived from its <see cref="SchemeDescription"/> and from the sizes of what the agents hold,
/// never from a separate formula. Network sizes are those the learners build
/// (<see cref="MultiAgentLearners.Layouts"/>, <see cref="DdpgLearner.NetworkShapes"/>); what a
/// round moves is what <see cref="FederatedAveraging.AveragedIndices(int, AggregatedNetworks, AggregatedNetworks)"/> says it averages.
/// <list type="bullet">
/// <item>A joint critic (<see cref="CriticView.Joint"/>, MA-DRL): every training slot each SBS's
/// experience (s_m, a_m, and its cell reward when the learned reward is cooperative) goes to the
/// central trainer, which returns to each SBS the others' (s_j, a_j) and the learned reward
/// (<see cref="SignallingTopology.Relay"/>), or to every other SBS (<see cref="SignallingTopology.Mesh"/>);
/// after every episode the same for the final observation (the last transition's s').</item>
/// <item>An aggregation (F-DRL, eq. 26): every round each SBS uploads the averaged networks to the
/// aggregator, which sends the average back to each SBS (under either topology: paper Algorithm 2's coordinator);
/// for a PPO learner the round moves <see cref="PpoAveragedArrays"/>.</item>
/// <item>Anything else (IL-DRL): nothing. Execution of the decentralized actors needs nothing:
/// each acts on its own observation.</item>
/// </list>
/// The common initial model is not counted: the agents draw it from a shared seed (agent 0's
/// initialisation stream), which costs no model transfer.
/// </summary>
public static class SchemeSignalling
{
    /// <summary>
    /// The flows of <paramref name="scheme"/> with DDPG options <paramref name="options"/> for agents
    /// of the given observation and action widths (agent order) under <paramref name="topology"/>;
    /// <paramref name="sbsPositions"/> (x, y in metres) place the hierarchical clusters and gossip neighbours.
    /// </summary>
    public static IReadOnlyList<SignallingFlow> Flows(SchemeDescription scheme, DdpgOptions options,
        IReadOnlyList<int> observationWidths, IReadOnlyList<int> actionWidths, SignallingTopology topology,
        IReadOnlyList<(double X, double Y)>? sbsPositions = null)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(observationWidths);
        ArgumentNullException.ThrowIfNull(actionWidths);
        if (observationWidths.Count == 0 || observationWidths.Count != actionWidths.Count)
        {
            throw new ArgumentException("Need one observation and one action width per agent.", nameof(actionWidths));
        }
        int m = observationWidths.Count;
        var flows = new List<SignallingFlow>();
        if (scheme.Critic == CriticView.Joint)
        {
            // The cell reward goes up only when the learned reward needs the others' (R^Co, eq. 12).
            int rewards = scheme.Reward == LearnedReward.Local ? 0 : 1;
            for (int a = 0; a < m; a++)
            {
                SignallingMessage own = SignallingMessage.Experience(observationWidths[a], actionWidths[a], rewards);
                SignallingMessage final = SignallingMessage.FinalObservation(observationWidths[a]);
                if (topology == SignallingTopology.Relay)
                {
                    int[] others = [.. Enumerable.Range(0, m).Where(j => j != a)];
                    flows.Add(Training(own, a, SignallingFlow.Central, SignallingSchedule.EverySlot));
                    flows.Add(Training(final, a, SignallingFlow.Central, SignallingSchedule.EveryEpisode));
                    flows.Add(Training(SignallingMessage.RelayedExperience(others.Select(j => (observationWidths[j], actionWidths[j])), rewards),
                        SignallingFlow.Central, a, SignallingSchedule.EverySlot));
                    flows.Add(Training(SignallingMessage.RelayedFinalObservations(others.Select(j => observationWidths[j])),
                        SignallingFlow.Central, a, SignallingSchedule.EveryEpisode));
                }
                else
                {
                    for (int j = 0; j < m; j++)
                    {
                        if (j != a)
                        {
                            flows.Add(Training(own, a, j, SignallingSchedule.EverySlot));
                            flows.Add(Training(final, a, j, SignallingSchedule.EveryEpisode));
                        }
                    }
                }
            }
        }
        if (scheme.Aggregation is { } fedAvg)
        {
            flows.AddRange(AggregationFlows(fedAvg, MultiAgentLearners.Layouts(scheme, observationWidths, actionWidths), options, sbsPositions,
                scheme.Learner == LearnerKind.Ppo));
        }
        return flows;
    }

    // One aggregation's model messages (docs/overhead.md, "Federated variants"): rounds every
    // periodEpisodes episodes or periodSlots slots; each message carries the averaged networks and
    // averaged targets in the variant's encoding; an SBS sends and receives in the fraction of rounds
    // it takes part in. Coordinator: every SBS uploads to the macro BS and gets the average back.
    // Hierarchical: on cluster rounds each member but the head uploads to its cluster head and gets
    // the cluster average back, on every k-th round the macro BS as the coordinator. Gossip: every
    // SBS sends its model to each SBS that has it among its nearest neighbours; nothing comes back.
    private static List<SignallingFlow> AggregationFlows(FedAvgAggregation fedAvg, IReadOnlyList<LearnerLayout> layouts, DdpgOptions options,
        IReadOnlyList<(double X, double Y)>? sbsPositions, bool ppo)
    {
        int m = layouts.Count;
        SignallingSchedule rounds = fedAvg.PeriodSlots is { } slots ? SignallingSchedule.EverySlots(slots) : SignallingSchedule.EveryEpisodes(fedAvg.PeriodEpisodes);
        int participants = FederatedAggregator.ParticipantCount(fedAvg.Participation, m);
        SignallingSchedule Share(SignallingSchedule s) => participants == m ? s : SignallingSchedule.Fraction(s, participants, m);
        SignallingMessage Message(MessageKind kind, int a) => ppo
            ? SignallingMessage.ModelArrays(kind, PpoAveragedArrays(options, layouts[a], fedAvg.Networks))
            : SignallingMessage.Model(kind, AveragedShapes(options, layouts[a], fedAvg.Networks, fedAvg.Targets), fedAvg.Quantization);
        var flows = new List<SignallingFlow>();
        if (fedAvg.Topology != AggregationTopology.Coordinator && (sbsPositions is null || sbsPositions.Count != m))
        {
            throw new ArgumentException($"The {fedAvg.Topology} topology needs one SBS position per agent.", nameof(sbsPositions));
        }
        switch (fedAvg.Topology)
        {
            case AggregationTopology.Gossip:
                for (int a = 0; a < m; a++)
                {
                    foreach (int j in FederatedAggregator.NearestNeighbours(sbsPositions!, a, fedAvg.Degree))
                    {
                        flows.Add(Training(Message(MessageKind.ModelUpload, j), j, a, rounds));
                    }
                }
                break;
            case AggregationTopology.Hierarchical:
                SignallingSchedule macro = Share(SignallingSchedule.RoundsOf(rounds, fedAvg.GlobalEveryRounds, macro: true));
                SignallingSchedule cluster = Share(SignallingSchedule.RoundsOf(rounds, fedAvg.GlobalEveryRounds, macro: false));
                foreach (int[] members in FederatedAggregator.Cluster(sbsPositions!, fedAvg.ClusterSize))
                {
                    foreach (int a in members.Skip(1))
                    {
                        flows.Add(Training(Message(MessageKind.ModelUpload, a), a, members[0], cluster));
                        flows.Add(Training(Message(MessageKind.ModelBroadcast, a), members[0], a, cluster));
                    }
                }
                for (int a = 0; a < m; a++)
                {
                    flows.Add(Training(Message(MessageKind.ModelUpload, a), a, SignallingFlow.Central, macro));
                    flows.Add(Training(Message(MessageKind.ModelBroadcast, a), SignallingFlow.Central, a, macro));
                }
                break;
            default:
                for (int a = 0; a < m; a++)
                {
                    flows.Add(Training(Message(MessageKind.ModelUpload, a), a, SignallingFlow.Central, Share(rounds)));
                    flows.Add(Training(Message(MessageKind.ModelBroadcast, a), SignallingFlow.Central, a, Share(rounds)));
                }
                break;
        }
        return flows;
    }

    /// <summary>The shapes of the networks an aggregation of <paramref name="networks"/> averages for an agent of <paramref name="layout"/>, in <see cref="DdpgLearner.Networks"/> order.</summary>
    public static NetworkShape[] AveragedShapes(DdpgOptions options, LearnerLayout layout, AggregatedNetworks networks) =>
        AveragedShapes(options, layout, networks, networks);

    /// <summary><see cref="AveragedShapes(DdpgOptions, LearnerLayout, AggregatedNetworks)"/> with the targets of <paramref name="targets"/> only (<see cref="FedAvgAggregation.Targets"/>).</summary>
    public static NetworkShape[] AveragedShapes(DdpgOptions options, LearnerLayout layout, AggregatedNetworks networks, AggregatedNetworks targets)
    {
        IReadOnlyList<NetworkShape> shapes = DdpgLearner.NetworkShapes(options, layout);
        return [.. FederatedAveraging.AveragedIndices(shapes.Count, networks, targets).Select(k => shapes[k])];
    }

    /// <summary>
    /// The lengths of the parameter arrays a federated PPO round (<see cref="PpoFederatedAveraging"/>) moves for an
    /// agent of <paramref name="layout"/> (a local layout): with <see cref="AggregatedNetworks.Actor"/> the policy
    /// network and the log-std vector, with <see cref="AggregatedNetworks.Critic"/> the value network.
    /// </summary>
    public static int[] PpoAveragedArrays(DdpgOptions options, LearnerLayout layout, AggregatedNetworks networks)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(layout);
        (NetworkShape actor, NetworkShape value) = PpoAgent.Shapes(options, layout.ObservationWidth, layout.ActionWidth, layout.ObservationWidth);
        var lengths = new List<int>();
        if ((networks & AggregatedNetworks.Actor) != 0)
        {
            lengths.Add(actor.ParameterCount);
            lengths.Add(layout.ActionWidth);
        }
        if ((networks & AggregatedNetworks.Critic) != 0)
        {
            lengths.Add(value.ParameterCount);
        }
        return [.. lengths];
    }

    private static SignallingFlow Training(SignallingMessage message, int from, int to, SignallingSchedule schedule) =>
        new(message, from, to, SignallingPhase.Training, schedule);
}
