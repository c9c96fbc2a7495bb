using MecMarl.Nn;

namespace MecMarl.Learning;

/// <summary>
/// F-DRL and IL-DRL (SPEC 8): every agent a local DDPG on its own (s_m, a_m) with its own buffer,
/// sampled with its own stream; the agents update in parallel. The aggregation hook: with a
/// <see cref="FedAvgAggregation"/>, after every <see cref="FedAvgAggregation.PeriodEpisodes"/>-th
/// episode (or <see cref="FedAvgAggregation.PeriodSlots"/>-th slot) a <see cref="FederatedAggregator"/>
/// round averages the chosen networks (paper Algorithm 2: every agent's, weighted by the agents'
/// batch sizes, eq. 26); without one (IL-DRL) the agents never meet.
/// </summary>
public sealed class IndependentLearners : DdpgMultiAgentLearner
{
    private readonly FederatedAggregator? _aggregator;
    private readonly DdpgLosses[] _losses;
    private readonly Action<int, int> _update;

    /// <summary>
    /// Builds one local learner per agent of the given widths, each from its own
    /// <see cref="AgentStreams"/> of <paramref name="seed"/> (<paramref name="commonInitialModel"/>:
    /// every agent whose shapes equal agent 0's starts from agent 0's draw, the coordinator's broadcast).
    /// <paramref name="sbsPositions"/> (x, y in metres, agent order) are needed by the hierarchical
    /// and gossip topologies only.
    /// </summary>
    public IndependentLearners(DdpgOptions options, IReadOnlyList<int> observationWidths, IReadOnlyList<int> actionWidths,
        ulong seed, int threads, bool commonInitialModel, FedAvgAggregation? aggregation,
        IReadOnlyList<(double X, double Y)>? sbsPositions = null)
        : base(CreateAgents(options, observationWidths, actionWidths, seed, commonInitialModel), threads)
    {
        if (aggregation is not null && !MultiAgentLearners.OfOneShape(observationWidths, actionWidths))
        {
            throw new ArgumentException("Federated averaging needs agents of one shape.", nameof(aggregation));
        }
        _aggregator = aggregation is null ? null : new FederatedAggregator(aggregation, [.. Agents.Select(a => a.Learner)], sbsPositions, seed);
        _losses = new DdpgLosses[AgentCount];
        _update = (a, _) => _losses[a] = Agents[a].UpdateFromOwnReplay();
        LearningStarts = options.LearningStarts;
    }

    private static DdpgAgent[] CreateAgents(DdpgOptions options, IReadOnlyList<int> obs, IReadOnlyList<int> act, ulong seed, bool common)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(obs);
        ArgumentNullException.ThrowIfNull(act);
        var agents = new DdpgAgent[obs.Count];
        for (int a = 0; a < agents.Length; a++)
        {
            AgentStreams streams = AgentStreams.For(seed, a);
            bool fromAgent0 = common && obs[a] == obs[0] && act[a] == act[0];
            agents[a] = new DdpgAgent(a, options, LearnerLayout.Local(obs[a], act[a]), streams,
                fromAgent0 ? AgentStreams.For(seed, 0).Init : streams.Init, ownReplay: true);
        }
        return agents;
    }

    private int LearningStarts { get; }

    /// <inheritdoc />
    public override bool CanUpdate => Agents[0].Replay!.Count >= LearningStarts;

    /// <inheritdoc />
    public override int AggregationRounds => _aggregator?.Rounds ?? 0;

    /// <summary>The aggregation rounds' state (clusters, neighbours, last participants), or null without aggregation.</summary>
    public FederatedAggregator? Aggregator => _aggregator;

    /// <inheritdoc />
    public override void Observe(ReadOnlySpan<float> rewards, IReadOnlyList<float[]> nextObservations)
    {
        ArgumentNullException.ThrowIfNull(nextObservations);
        for (int a = 0; a < AgentCount; a++)
        {
            Agents[a].Store(rewards[a], nextObservations[a]);
        }
    }

    /// <inheritdoc />
    public override IReadOnlyList<DdpgLosses> Update()
    {
        AgentParallel.For(AgentCount, Threads, _update);
        return _losses;
    }

    /// <inheritdoc />
    public override void EndEpisode(int episodesDone)
    {
        if (_aggregator is { } fed && fed.DueAfterEpisode(episodesDone))
        {
            RunRound(fed);
        }
    }

    /// <inheritdoc />
    public override void EndSlot(long slotsDone)
    {
        if (_aggregator is { } fed && fed.DueAfterSlot(slotsDone))
        {
            RunRound(fed);
        }
    }

    private void RunRound(FederatedAggregator fed)
    {
        int round = fed.Rounds + 1;
        BeforeAggregation?.Invoke(round);
        fed.Run();
        AfterAggregation?.Invoke(round);
    }

    /// <inheritdoc />
    public override void Save(CheckpointWriter writer)
    {
        base.Save(writer);
        if (_aggregator is null)
        {
            writer.AddInt64s("aggregation.rounds", [0L], 1);
        }
        else
        {
            _aggregator.Save(writer);
        }
    }

    /// <inheritdoc />
    public override void Restore(CheckpointRestore restore)
    {
        base.Restore(restore);
        if (_aggregator is null)
        {
            long rounds = restore.Int64s("aggregation.rounds", 1)[0];
            if (rounds != 0)
            {
                throw new CheckpointException($"Checkpoint: aggregation.rounds is {rounds} for a scheme without aggregation.");
            }
        }
        else
        {
            _aggregator.Restore(restore);
        }
    }
}
