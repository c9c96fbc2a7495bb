using MecMarl.Nn;
using MecMarl.Randomness;

namespace MecMarl.Learning;

/// <summary>
/// MA-DRL (MADDPG, paper Algorithm 1; SPEC 8): decentralized actors, centralized critics. Critic m
/// sees the joint observation and joint action of all agents in agent order; transitions are
/// stored jointly (one reward column per agent) in one buffer; every slot one joint mini-batch is
/// drawn (indices from the joint replay's own stream, <see cref="AgentStreams.JointReplayStream"/>),
/// its rows copied by every worker in parallel, and every agent takes its step on it
/// (<see cref="JointUpdate"/>: shared target actions, eq. 16; actor step through the joint critic, eq. 18).
/// </summary>
public sealed class JointReplayLearner : DdpgMultiAgentLearner
{
    private readonly ReplayBuffer _buffer;
    private readonly ReplayBatch _batch;
    private readonly Rng _replayRng;
    private readonly JointUpdate _update;
    private readonly int _workers;
    private readonly float[] _obs, _nextObs, _actions, _rewards;
    private readonly Action<int, int> _gather;

    /// <summary>
    /// Builds the agents with joint critics for agents of the given observation and action widths
    /// (agent order), each from its own <see cref="AgentStreams"/> of <paramref name="seed"/>
    /// (<paramref name="commonInitialModel"/>: every agent whose shapes equal agent 0's starts from agent 0's draw).
    /// </summary>
    public JointReplayLearner(DdpgOptions options, IReadOnlyList<int> observationWidths, IReadOnlyList<int> actionWidths,
        ulong seed, int threads, bool commonInitialModel)
        : base(CreateAgents(options, observationWidths, actionWidths, seed, commonInitialModel), threads)
    {
        int obsTotal = observationWidths.Sum(), actTotal = actionWidths.Sum(), m = observationWidths.Count;
        _buffer = new ReplayBuffer(options.BufferCapacity, obsTotal, actTotal, m);
        _batch = new ReplayBatch(options.BatchSize, obsTotal, actTotal, m);
        _replayRng = new Rng(seed, AgentStreams.JointReplayStream);
        _update = new JointUpdate([.. Agents.Select(a => a.Learner)], threads);
        _workers = AgentParallel.Workers(m, threads);
        _obs = new float[obsTotal];
        _nextObs = new float[obsTotal];
        _actions = new float[actTotal];
        _rewards = new float[m];
        _gather = (w, _) =>
        {
            (int from, int to) = JointUpdate.Rows(_batch.Size, w, _workers);
            _buffer.Gather(_batch, from, to);
        };
        LearningStarts = options.LearningStarts;
    }

    private static DdpgAgent[] CreateAgents(DdpgOptions options, IReadOnlyList<int> obs, IReadOnlyList<int> act, ulong seed, bool common)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(obs);
        ArgumentNullException.ThrowIfNull(act);
        int m = obs.Count;
        var agents = new DdpgAgent[m];
        for (int a = 0; a < m; a++)
        {
            LearnerLayout layout = LearnerLayout.Joint(obs, act, a);
            AgentStreams streams = AgentStreams.For(seed, a);
            bool fromAgent0 = common && obs[a] == obs[0] && act[a] == act[0];
            agents[a] = new DdpgAgent(a, options, layout, streams, fromAgent0 ? AgentStreams.For(seed, 0).Init : streams.Init, ownReplay: false);
        }
        return agents;
    }

    private int LearningStarts { get; }

    /// <summary>The joint replay buffer: [s_1..s_M], [a_1..a_M], one reward per agent, [s'_1..s'_M].</summary>
    public ReplayBuffer Buffer => _buffer;

    /// <inheritdoc />
    public override bool CanUpdate => _buffer.Count >= LearningStarts;

    /// <inheritdoc />
    public override void Observe(ReadOnlySpan<float> rewards, IReadOnlyList<float[]> nextObservations)
    {
        ArgumentNullException.ThrowIfNull(nextObservations);
        int o = 0, k = 0;
        for (int a = 0; a < AgentCount; a++)
        {
            DdpgAgent agent = Agents[a];
            agent.Observation.CopyTo(_obs, o);
            nextObservations[a].CopyTo(_nextObs, o);
            o += agent.Observation.Length;
            agent.Action.CopyTo(_actions, k);
            k += agent.Action.Length;
        }
        rewards[..AgentCount].CopyTo(_rewards);
        _buffer.Add(_obs, _actions, _rewards, _nextObs, terminal: false);
    }

    /// <inheritdoc />
    public override IReadOnlyList<DdpgLosses> Update()
    {
        // Indices in order from the joint replay's stream, then the rows copied by every worker;
        // then every agent's step on the joint mini-batch.
        _buffer.SampleIndices(_replayRng, _batch);
        AgentParallel.For(_workers, Threads, _gather);
        _update.Run(_batch);
        return _update.Losses;
    }

    /// <inheritdoc />
    public override void Save(CheckpointWriter writer)
    {
        base.Save(writer);
        writer.AddReplayBuffer("replay", _buffer);
        writer.AddRng("replay.rng", _replayRng);
    }

    /// <inheritdoc />
    public override void Restore(CheckpointRestore restore)
    {
        base.Restore(restore);
        restore.ReplayBuffer("replay", _buffer).Rng("replay.rng", _replayRng);
    }
}
