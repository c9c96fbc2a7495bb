using MecMarl.Nn;

namespace MecMarl.Learning;

/// <summary>Builds the <see cref="IMultiAgentLearner"/> a <see cref="SchemeDescription"/> describes.</summary>
public static class MultiAgentLearners
{
    /// <summary>
    /// The learner of <paramref name="scheme"/> for agents of the given observation and action widths
    /// (agent order): a <see cref="SharedPpoLearner"/> for <see cref="LearnerKind.Ppo"/> with parameter sharing,
    /// a <see cref="PpoLearner"/> for <see cref="LearnerKind.Ppo"/> without (with the scheme's aggregation); for DDPG a
    /// <see cref="JointReplayLearner"/> for joint replay, <see cref="IndependentLearners"/>
    /// (with the scheme's aggregation) for per-agent replay. Throws <see cref="ArgumentException"/>
    /// for a description whose <see cref="SchemeDescription.Problem"/> is not null.
    /// <paramref name="sbsPositions"/> (x, y in metres, agent order) feed the hierarchical and gossip aggregation topologies.
    /// </summary>
    public static IMultiAgentLearner Create(SchemeDescription scheme, DdpgOptions options, IReadOnlyList<int> observationWidths,
        IReadOnlyList<int> actionWidths, ulong seed, int threads, IReadOnlyList<(double X, double Y)>? sbsPositions = null) =>
        CreateForCells(scheme, options, observationWidths, actionWidths, seed, threads, sbsPositions, null);

    /// <summary>
    /// <see cref="Create(SchemeDescription, DdpgOptions, IReadOnlyList{int}, IReadOnlyList{int}, ulong, int, IReadOnlyList{ValueTuple{double, double}}?)"/>
    /// with every agent's number of UEs (<paramref name="cellUes"/>, agent order), which the
    /// <see cref="LearnedReward.DifferencePerUe"/> reward credits separately (null: the scheme does not need them).
    /// </summary>
    public static IMultiAgentLearner CreateForCells(SchemeDescription scheme, DdpgOptions options, IReadOnlyList<int> observationWidths,
        IReadOnlyList<int> actionWidths, ulong seed, int threads, IReadOnlyList<(double X, double Y)>? sbsPositions, IReadOnlyList<int>? cellUes)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        ArgumentNullException.ThrowIfNull(observationWidths);
        ArgumentNullException.ThrowIfNull(actionWidths);
        if (scheme.Problem() is { } p)
        {
            throw new ArgumentException($"Scheme description {p.Field}: {p.Problem}.", nameof(scheme));
        }
        if (observationWidths.Count == 0 || observationWidths.Count != actionWidths.Count)
        {
            throw new ArgumentException("Need one observation and one action width per agent.", nameof(actionWidths));
        }
        bool common = scheme.InitialModel == InitialModel.Common;
        if (scheme.Learner == LearnerKind.Ppo && scheme.Sharing == ParameterSharing.SharedWithAgentId)
        {
            if (!OfOneShape(observationWidths, actionWidths))
            {
                throw new ArgumentException("Parameter sharing needs agents of one shape.", nameof(observationWidths));
            }
            return new SharedPpoLearner(options, scheme.Ppo ?? new PpoOptions(), scheme.Critic, observationWidths.Count, observationWidths[0], actionWidths[0], seed);
        }
        if (scheme.Learner == LearnerKind.Ppo)
        {
            IReadOnlyList<int>? groups = null;
            if (scheme.Reward == LearnedReward.DifferencePerUe)
            {
                groups = cellUes ?? throw new ArgumentException("The \"difference-ue\" reward needs every cell's UE count.", nameof(cellUes));
            }
            return new PpoLearner(options, scheme.Ppo ?? new PpoOptions(), scheme.Critic, observationWidths, actionWidths, seed, threads, common, scheme.Aggregation,
                groups);
        }
        return scheme.Replay switch
        {
            ReplayLayout.Joint => new JointReplayLearner(options, observationWidths, actionWidths, seed, threads, common),
            _ => new IndependentLearners(options, observationWidths, actionWidths, seed, threads, common, scheme.Aggregation, sbsPositions),
        };
    }

    /// <summary>
    /// Every agent's <see cref="LearnerLayout"/> under <paramref name="scheme"/>, in agent order, as its
    /// learner builds them: <see cref="LearnerLayout.Joint(IReadOnlyList{int}, IReadOnlyList{int}, int)"/> for joint replay,
    /// <see cref="LearnerLayout.Local"/> otherwise (what the signalling accounting sizes networks from).
    /// </summary>
    public static IReadOnlyList<LearnerLayout> Layouts(SchemeDescription scheme, IReadOnlyList<int> observationWidths, IReadOnlyList<int> actionWidths)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        ArgumentNullException.ThrowIfNull(observationWidths);
        ArgumentNullException.ThrowIfNull(actionWidths);
        return scheme.Replay == ReplayLayout.Joint
            ? [.. Enumerable.Range(0, observationWidths.Count).Select(a => LearnerLayout.Joint(observationWidths, actionWidths, a))]
            : [.. Enumerable.Range(0, observationWidths.Count).Select(a => LearnerLayout.Local(observationWidths[a], actionWidths[a]))];
    }

    /// <summary>Whether every agent has the same observation width and the same action width (the networks of one shape that averaging and parameter sharing need).</summary>
    /// <summary>
    /// Throws unless <paramref name="actors"/> holds one network per entry of <paramref name="own"/>, each of
    /// that entry's shape (the check of <see cref="IMultiAgentLearner.StartFrom"/> before anything is copied).
    /// </summary>
    internal static void RequireSameShapes(IReadOnlyList<DenseNetwork> own, IReadOnlyList<DenseNetwork> actors)
    {
        ArgumentNullException.ThrowIfNull(actors);
        if (actors.Count != own.Count)
        {
            throw new ArgumentException($"Expected {own.Count} actors, got {actors.Count}.", nameof(actors));
        }
        for (int a = 0; a < own.Count; a++)
        {
            own[a].RequireSameShape(actors[a]);
        }
    }

    internal static bool OfOneShape(IReadOnlyList<int> observationWidths, IReadOnlyList<int> actionWidths) =>
        observationWidths.Distinct().Count() == 1 && actionWidths.Distinct().Count() == 1;
}
