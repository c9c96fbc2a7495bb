using MecMarl.Nn;

namespace MecMarl.Learning;

/// <summary>
/// What every DDPG scheme shares: one <see cref="DdpgAgent"/> per SBS acting on its own worker
/// (<see cref="AgentParallel"/>; agent m on worker m mod T), and saving and restoring the agents.
/// Subclasses decide how transitions are stored, how agents update and what happens between episodes.
/// </summary>
public abstract class DdpgMultiAgentLearner : IMultiAgentLearner
{
    private readonly DdpgAgent[] _agents;
    private readonly float[][] _actions;
    private readonly Action<int, int> _act;
    private IReadOnlyList<float[]> _observations = [];
    private double _noiseStd;

    /// <summary>Wraps <paramref name="agents"/> (agent order) run on up to <paramref name="threads"/> threads.</summary>
    protected DdpgMultiAgentLearner(IReadOnlyList<DdpgAgent> agents, int threads)
    {
        ArgumentNullException.ThrowIfNull(agents);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threads);
        if (agents.Count == 0)
        {
            throw new ArgumentException("No agents.", nameof(agents));
        }
        _agents = [.. agents];
        Threads = threads;
        _actions = [.. _agents.Select(a => a.Action)];
        Actors = [.. _agents.Select(a => a.Learner.Actor)];
        _act = (a, _) => _agents[a].Act(_observations[a], _noiseStd);
    }

    /// <summary>The agents, in agent order.</summary>
    public IReadOnlyList<DdpgAgent> Agents => _agents;

    /// <summary>Threads for the per-agent work.</summary>
    protected int Threads { get; }

    /// <inheritdoc />
    public int AgentCount => _agents.Length;

    /// <inheritdoc />
    public IReadOnlyList<DenseNetwork> Actors { get; }

    /// <inheritdoc />
    public abstract bool CanUpdate { get; }

    /// <inheritdoc />
    public virtual int AggregationRounds => 0;

    /// <inheritdoc />
    public Action<int>? BeforeAggregation { get; set; }

    /// <inheritdoc />
    public Action<int>? AfterAggregation { get; set; }

    /// <inheritdoc />
    public float[][] Act(IReadOnlyList<float[]> observations, double noiseStd)
    {
        ArgumentNullException.ThrowIfNull(observations);
        if (observations.Count != _agents.Length)
        {
            throw new ArgumentException($"Expected {_agents.Length} observations, found {observations.Count}.", nameof(observations));
        }
        _observations = observations;
        _noiseStd = noiseStd;
        try
        {
            AgentParallel.For(_agents.Length, Threads, _act);
        }
        finally
        {
            _observations = [];
        }
        return _actions;
    }

    /// <inheritdoc />
    public abstract void Observe(ReadOnlySpan<float> rewards, IReadOnlyList<float[]> nextObservations);

    /// <inheritdoc />
    public abstract IReadOnlyList<DdpgLosses> Update();

    /// <inheritdoc />
    public virtual void EndEpisode(int episodesDone)
    {
    }

    /// <inheritdoc />
    public virtual void EndSlot(long slotsDone)
    {
    }

    /// <inheritdoc />
    public string? StartFrom(IReadOnlyList<DenseNetwork> actors)
    {
        MultiAgentLearners.RequireSameShapes(Actors, actors);
        for (int a = 0; a < _agents.Length; a++)
        {
            DdpgLearner learner = _agents[a].Learner;
            learner.Actor.CopyParametersFrom(actors[a]);
            learner.TargetActor.CopyParametersFrom(actors[a]);
            // The proximal term is anchored at the model the agent starts from (FederatedAggregator.Anchor).
            if (learner.Proximal?.Actor is { } anchor)
            {
                actors[a].Parameters.CopyTo(anchor);
            }
        }
        return null;
    }

    /// <inheritdoc />
    public string? NonFiniteParameter()
    {
        foreach (DdpgAgent agent in _agents)
        {
            if (NonFiniteParameter(agent.Learner) is { } network)
            {
                return $"a non-finite parameter in agent {agent.Index}'s {network}";
            }
        }
        return null;
    }

    /// <summary>The first of <paramref name="learner"/>'s actor, critic and second critic holding a non-finite parameter ("actor", "critic", "second critic"), or null.</summary>
    public static string? NonFiniteParameter(DdpgLearner learner)
    {
        ArgumentNullException.ThrowIfNull(learner);
        foreach ((string name, DenseNetwork? net) in new[] { ("actor", learner.Actor), ("critic", learner.Critic), ("second critic", learner.Critic2) })
        {
            if (net is not null && !Finite.All(net.Parameters))
            {
                return name;
            }
        }
        return null;
    }

    /// <inheritdoc />
    public virtual void Save(CheckpointWriter writer)
    {
        foreach (DdpgAgent agent in _agents)
        {
            agent.Save(writer);
        }
    }

    /// <inheritdoc />
    public virtual void Restore(CheckpointRestore restore)
    {
        foreach (DdpgAgent agent in _agents)
        {
            agent.Restore(restore);
        }
    }
}
