using MecMarl.Nn;

namespace MecMarl.Learning;

/// <summary>
/// The PPO-family schemes (<see cref="LearnerKind.Ppo"/>): every agent a <see cref="PpoAgent"/> with
/// a Gaussian policy (decentralized actors), on-policy. Every slot each agent samples its action
/// from its own noise stream and the slot is stored as one rollout row of every agent; when the
/// rollout holds <see cref="PpoOptions.RolloutSlots"/> rows (<see cref="CanUpdate"/>), one
/// <see cref="Update"/> runs every agent's PPO epochs on it (in parallel, each on its own rows and
/// streams) and the rollout starts again. With <see cref="CriticView.Local"/> each value network sees
/// its own observation (IPPO); with <see cref="CriticView.Joint"/> it sees the joint observation of
/// all agents in agent order (MAPPO's centralized value; the actors still see their own
/// observation only). With a <see cref="FedAvgAggregation"/> (federated PPO), a
/// <see cref="PpoFederatedAveraging"/> round averages the agents' networks after every
/// <see cref="FedAvgAggregation.PeriodEpisodes"/>-th episode (or <see cref="FedAvgAggregation.PeriodSlots"/>-th
/// slot), always between two updates. Results are identical for any thread count.
/// </summary>
public sealed class PpoLearner : IMultiAgentLearner, IPolicyMeanActions, IGroupRewardLearner
{
    private readonly PpoAgent[] _agents;
    private readonly float[][] _actions;
    private readonly int _threads;
    private readonly int _t;
    private readonly float[] _episodeEnd;
    private readonly float[] _jointObs;
    private readonly float[] _jointNextObs;
    private readonly int[] _obsOffsets;
    private readonly int _jointWidth;
    private readonly DdpgLosses[] _losses;
    private readonly Action<int, int> _act;
    private readonly Action<int, int> _update;
    private readonly PpoFederatedAveraging? _aggregator;
    private IReadOnlyList<float[]> _observations = [];
    private double _noiseStd;
    private int _count;

    /// <summary>
    /// Builds one agent per entry of the widths (agent order), each from its own
    /// <see cref="AgentStreams"/> of <paramref name="seed"/> (<paramref name="commonInitialModel"/>:
    /// every agent whose shapes equal agent 0's starts from agent 0's draw). <paramref name="aggregation"/>:
    /// federated averaging of the agents' networks (null: none), which needs agents of one shape.
    /// <paramref name="creditGroups"/>: every agent's number of separately credited action groups (its cell's UE
    /// count, for the <c>difference-ue</c> reward; <see cref="PpoAgent"/>), or null for one group each; a joint
    /// value network then has one output per group from the joint observation, and averaging needs equal counts
    /// (which agents of one shape have).
    /// </summary>
    public PpoLearner(DdpgOptions options, PpoOptions ppo, CriticView valueView, IReadOnlyList<int> observationWidths,
        IReadOnlyList<int> actionWidths, ulong seed, int threads, bool commonInitialModel, FedAvgAggregation? aggregation = null,
        IReadOnlyList<int>? creditGroups = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(ppo);
        ArgumentNullException.ThrowIfNull(observationWidths);
        ArgumentNullException.ThrowIfNull(actionWidths);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threads);
        options.Validate();
        if (ppo.Problem() is { } p)
        {
            throw new ArgumentException($"Invalid PPO option {p.Field}: {p.Problem}.", nameof(ppo));
        }
        int m = observationWidths.Count;
        if (m == 0 || actionWidths.Count != m)
        {
            throw new ArgumentException("Need one observation and one action width per agent.", nameof(actionWidths));
        }
        if (creditGroups is not null && creditGroups.Count != m)
        {
            throw new ArgumentException("Credit groups need one count per agent.", nameof(creditGroups));
        }
        Options = ppo;
        ValueView = valueView;
        _threads = threads;
        _t = ppo.RolloutSlots;
        bool joint = valueView == CriticView.Joint;
        _jointWidth = observationWidths.Sum();
        _obsOffsets = new int[m];
        for (int a = 1; a < m; a++)
        {
            _obsOffsets[a] = _obsOffsets[a - 1] + observationWidths[a - 1];
        }
        _agents = new PpoAgent[m];
        for (int a = 0; a < m; a++)
        {
            AgentStreams streams = AgentStreams.For(seed, a);
            bool fromAgent0 = commonInitialModel && observationWidths[a] == observationWidths[0] && actionWidths[a] == actionWidths[0];
            _agents[a] = new PpoAgent(a, options, ppo, observationWidths[a], actionWidths[a], joint ? _jointWidth : observationWidths[a],
                streams, fromAgent0 ? AgentStreams.For(seed, 0).Init : streams.Init, creditGroups: creditGroups?[a] ?? 1);
        }
        _actions = [.. _agents.Select(x => x.Action)];
        MeanActions = [.. _agents.Select(x => x.MeanAction)];
        Actors = [.. _agents.Select(x => x.Actor)];
        _episodeEnd = new float[_t];
        _jointObs = joint ? new float[_t * _jointWidth] : [];
        _jointNextObs = joint ? new float[_t * _jointWidth] : [];
        _losses = new DdpgLosses[m];
        _act = (a, _) => _agents[a].Act(_observations[a], _noiseStd, _count);
        _update = (a, _) => _losses[a] = _agents[a].Update(_episodeEnd, _jointObs, _jointNextObs);
        if (aggregation is not null)
        {
            if (!MultiAgentLearners.OfOneShape(observationWidths, actionWidths))
            {
                throw new ArgumentException("Federated averaging needs agents of one shape.", nameof(aggregation));
            }
            _aggregator = new PpoFederatedAveraging(aggregation, _agents, seed);
        }
    }

    /// <summary>The aggregation rounds' state, or null without aggregation.</summary>
    public PpoFederatedAveraging? Aggregator => _aggregator;

    /// <summary>The PPO hyperparameters.</summary>
    public PpoOptions Options { get; }

    /// <summary>What the value networks see: own observation (IPPO) or the joint observation (MAPPO).</summary>
    public CriticView ValueView { get; }

    /// <summary>The agents, in agent order.</summary>
    public IReadOnlyList<PpoAgent> Agents => _agents;

    /// <summary>Rows of the current rollout stored so far.</summary>
    public int RolloutCount => _count;

    /// <inheritdoc />
    public int AgentCount => _agents.Length;

    /// <inheritdoc />
    public IReadOnlyList<DenseNetwork> Actors { get; }

    /// <inheritdoc />
    public bool CanUpdate => _count == _t;

    /// <inheritdoc />
    public int AggregationRounds => _aggregator?.Rounds ?? 0;

    /// <inheritdoc />
    public Action<int>? BeforeAggregation { get; set; }

    /// <inheritdoc />
    public Action<int>? AfterAggregation { get; set; }

    /// <inheritdoc />
    public IReadOnlyList<float[]> MeanActions { get; }

    /// <summary>
    /// Every agent's sampled action, clipped to [0, 1]. <paramref name="noiseStd"/> is the trainer's
    /// exploration schedule, used as the std only with <see cref="PpoStd.Schedule"/>.
    /// </summary>
    public float[][] Act(IReadOnlyList<float[]> observations, double noiseStd)
    {
        ArgumentNullException.ThrowIfNull(observations);
        if (observations.Count != _agents.Length)
        {
            throw new ArgumentException($"Expected {_agents.Length} observations, found {observations.Count}.", nameof(observations));
        }
        if (_count == _t)
        {
            throw new InvalidOperationException("The rollout is full: call Update before acting again.");
        }
        _observations = observations;
        _noiseStd = noiseStd;
        try
        {
            AgentParallel.For(_agents.Length, _threads, _act);
        }
        finally
        {
            _observations = [];
        }
        return _actions;
    }

    /// <inheritdoc />
    public IReadOnlyList<int> CreditGroups => [.. _agents.Select(x => x.CreditGroups)];

    /// <inheritdoc />
    public void ObserveGroupRewards(IReadOnlyList<float[]> groupRewards)
    {
        ArgumentNullException.ThrowIfNull(groupRewards);
        if (_count == _t)
        {
            throw new InvalidOperationException("The rollout is full: call Update before storing more.");
        }
        if (groupRewards.Count != _agents.Length)
        {
            throw new ArgumentException($"Expected {_agents.Length} group reward arrays, found {groupRewards.Count}.", nameof(groupRewards));
        }
        for (int a = 0; a < _agents.Length; a++)
        {
            _agents[a].StoreGroupRewards(_count, groupRewards[a]);
        }
    }

    /// <inheritdoc />
    public void Observe(ReadOnlySpan<float> rewards, IReadOnlyList<float[]> nextObservations)
    {
        ArgumentNullException.ThrowIfNull(nextObservations);
        if (_count == _t)
        {
            throw new InvalidOperationException("The rollout is full: call Update before storing more.");
        }
        for (int a = 0; a < _agents.Length; a++)
        {
            PpoAgent agent = _agents[a];
            agent.Store(_count, rewards[a], nextObservations[a]);
            if (_jointObs.Length > 0)
            {
                int o = _count * _jointWidth + _obsOffsets[a];
                agent.Observation.CopyTo(_jointObs, o);
                nextObservations[a].AsSpan(0, agent.Observation.Length).CopyTo(_jointNextObs.AsSpan(o));
            }
        }
        _episodeEnd[_count] = 0f;
        _count++;
    }

    /// <summary>Every agent's PPO update on the full rollout, then an empty rollout; returns (value loss, surrogate loss) per agent.</summary>
    public IReadOnlyList<DdpgLosses> Update()
    {
        if (_count != _t)
        {
            throw new InvalidOperationException($"The rollout holds {_count} of {_t} slots.");
        }
        AgentParallel.For(_agents.Length, _threads, _update);
        _count = 0;
        Array.Clear(_episodeEnd);
        return _losses;
    }

    /// <summary>Marks the last stored row as the end of an episode (GAE does not chain across it), then runs the aggregation round when one is due.</summary>
    public void EndEpisode(int episodesDone)
    {
        if (_count > 0)
        {
            _episodeEnd[_count - 1] = 1f;
        }
        if (_aggregator is { } fed && fed.DueAfterEpisode(episodesDone))
        {
            RunRound(fed);
        }
    }

    // A round between two updates only: the rows of a rollout must come from the policy whose
    // log-probs the update takes as the old ones (MultiAgentTrainer.Validate makes the period a
    // whole number of rollouts).
    private void RunRound(PpoFederatedAveraging fed)
    {
        if (_count != 0)
        {
            throw new InvalidOperationException($"An aggregation round is due with {_count} of {_t} rollout slots filled; the period must be a whole number of rollouts.");
        }
        int round = fed.Rounds + 1;
        BeforeAggregation?.Invoke(round);
        fed.Run();
        AfterAggregation?.Invoke(round);
    }

    /// <inheritdoc />
    public void SetTrainingSlots(long totalSlots)
    {
        foreach (PpoAgent agent in _agents)
        {
            agent.TrainingSlots = totalSlots;
        }
    }

    /// <inheritdoc />
    public void EndSlot(long slotsDone)
    {
        if (_aggregator is { } fed && fed.DueAfterSlot(slotsDone))
        {
            RunRound(fed);
        }
    }

    /// <summary>Adds every agent's state and the shared rollout state (docs/checkpoint-format.md, "PPO schemes").</summary>
    public void Save(CheckpointWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        foreach (PpoAgent agent in _agents)
        {
            agent.Save(writer);
        }
        PpoRolloutCheckpoint.Save(writer, _count, _t, _episodeEnd, _jointObs, _jointNextObs);
        _aggregator?.Save(writer);
    }

    /// <inheritdoc />
    public void Restore(CheckpointRestore restore)
    {
        ArgumentNullException.ThrowIfNull(restore);
        int count = PpoRolloutCheckpoint.Count(restore, _t);
        foreach (PpoAgent agent in _agents)
        {
            agent.Restore(restore);
        }
        PpoRolloutCheckpoint.RestoreArrays(restore, _episodeEnd, _jointObs, _jointNextObs);
        _aggregator?.Restore(restore);
        restore.Then(() => _count = count);
    }

    /// <inheritdoc />
    public string? StartFrom(IReadOnlyList<DenseNetwork> actors)
    {
        MultiAgentLearners.RequireSameShapes(Actors, actors);
        for (int a = 0; a < _agents.Length; a++)
        {
            _agents[a].Actor.CopyParametersFrom(actors[a]);
        }
        return null;
    }

    /// <inheritdoc />
    public string? NonFiniteParameter()
    {
        foreach (PpoAgent agent in _agents)
        {
            if (agent.NonFiniteParameter() is { } network)
            {
                return $"a non-finite parameter in agent {agent.Index}'s {network}";
            }
        }
        return null;
    }
}
