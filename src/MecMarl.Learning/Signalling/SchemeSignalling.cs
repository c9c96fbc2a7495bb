using MecMarl.Nn;

namespace MecMarl.Learning.Signalling;

/// <summary>
/// The signalling model of a learning scheme (docs/overhead.md): the messages its training needs,
/// derived from its <see cref="SchemeDescription"/> and from the sizes of what the agents hold,
/// never from a separate formula. Network sizes are those the learners build
/// (<see cref="MultiAgentLearners.Layouts"/>, <see cref="DdpgLearner.NetworkShapes"/>); what a
/// round moves is what <see cref="FederatedAveraging.AveragedIndices"/> says it averages.
/// <list type="bullet">
/// <item>A joint critic (<see cref="CriticView.Joint"/>, MA-DRL): every training slot each SBS's
/// experience (s_m, a_m, and its cell reward when the learned reward is cooperative) goes to the
/// central trainer, which returns to each SBS the others' (s_j, a_j) and the learned reward
/// (<see cref="SignallingTopology.Relay"/>), or to every other SBS (<see cref="SignallingTopology.Mesh"/>);
/// after every episode the same for the final observation (the last transition's s').</item>
/// <item>An aggregation (F-DRL, eq. 26): every round each SBS uploads the averaged networks to the
/// aggregator, which sends the average back to each SBS (under either topology: paper Algorithm 2's coordinator).</item>
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
    /// of the given observation and action widths (agent order) under <paramref name="topology"/>.
    /// </summary>
    public static IReadOnlyList<SignallingFlow> Flows(SchemeDescription scheme, DdpgOptions options,
        IReadOnlyList<int> observationWidths, IReadOnlyList<int> actionWidths, SignallingTopology topology)
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
            IReadOnlyList<LearnerLayout> layouts = MultiAgentLearners.Layouts(scheme, observationWidths, actionWidths);
            SignallingSchedule round = SignallingSchedule.EveryEpisodes(fedAvg.PeriodEpisodes);
            for (int a = 0; a < m; a++)
            {
                NetworkShape[] averaged = AveragedShapes(options, layouts[a], fedAvg.Networks);
                flows.Add(Training(SignallingMessage.Model(MessageKind.ModelUpload, averaged), a, SignallingFlow.Central, round));
                flows.Add(Training(SignallingMessage.Model(MessageKind.ModelBroadcast, averaged), SignallingFlow.Central, a, round));
            }
        }
        return flows;
    }

    /// <summary>The shapes of the networks an aggregation of <paramref name="networks"/> averages for an agent of <paramref name="layout"/>, in <see cref="DdpgLearner.Networks"/> order.</summary>
    public static NetworkShape[] AveragedShapes(DdpgOptions options, LearnerLayout layout, AggregatedNetworks networks)
    {
        IReadOnlyList<NetworkShape> shapes = DdpgLearner.NetworkShapes(options, layout);
        return [.. FederatedAveraging.AveragedIndices(shapes.Count, networks).Select(k => shapes[k])];
    }

    private static SignallingFlow Training(SignallingMessage message, int from, int to, SignallingSchedule schedule) =>
        new(message, from, to, SignallingPhase.Training, schedule);
}
