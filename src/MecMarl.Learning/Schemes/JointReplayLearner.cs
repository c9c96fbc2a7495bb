using MecMarl.Nn;
using MecMarl.Randomness;

namespace MecMarl.Learning;

/// <summary>
/// MA-DRL (MADDPG, paper Algorithm 1; SPEC 8): decentralized actors, centralized critics. Critic m
/// sees the joint observation and joint action of all agents in agent order; transitions are
/// stored jointly (one reward column per agent) in one buffer; every slot one joint mini-batch is
/// drawn (indices from the joint replay's own stream, <see cref="AgentStreams.JointReplayStream"/>),
/// its rows copied by every worker in parallel, and every agent takes its step on it
/// (<see cref="Update(ReplayBatch)"/>). The joint target action (mu'_1(s'_1), ..., mu'_M(s'_M)) of
/// eq. 16 and the joint critic rows [s, a] and [s', a'] are the same for every agent, so they are
/// built once per update instead of once per agent:
/// <list type="number">
/// <item>every agent writes its target action; each worker builds its own copy of [s, a];</item>
/// <item>the workers build [s', a'] by row ranges (it needs every target action);</item>
/// <item>every agent takes its step (<see cref="DdpgLearner.Update(ReplayBatch, ReadOnlySpan{float}, Span{float}, ReadOnlySpan{float})"/>)
/// on its worker's copy of [s, a], where its actor step (eq. 18, through the joint critic) puts mu(s)
/// and then the stored actions back.</item>
/// </list>
/// Agents run on <see cref="AgentParallel"/> workers; the results are bit-identical for any thread count.
/// </summary>
public sealed class JointReplayLearner : DdpgMultiAgentLearner
{
    private readonly ReplayBuffer _buffer;
    private readonly ReplayBatch _batch;
    private readonly Rng _replayRng;
    private readonly int _workers;
    private readonly float[] _obs, _nextObs, _actions, _rewards;
    private readonly Action<int, int> _gather;

    // The joint update (eqs. 16, 18): the agents' learners, the shared target actions and critic
    // rows, each agent's last losses, and the batch being learned from during Update(ReplayBatch).
    private readonly DdpgLearner[] _learners;
    private readonly ICriticInput _input;
    private readonly float[] _nextActions;
    private readonly float[][] _rows;
    private readonly float[] _nextRows;
    private readonly DdpgLosses[] _losses;
    private readonly Action<int, int> _targets, _nextRowRanges, _steps;
    private ReplayBatch? _stepBatch;

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
        _workers = AgentParallel.Workers(m, threads);
        _obs = new float[obsTotal];
        _nextObs = new float[obsTotal];
        _actions = new float[actTotal];
        _rewards = new float[m];
        _gather = (w, _) =>
        {
            (int from, int to) = Rows(_batch.Size, w, _workers);
            _buffer.Gather(_batch, from, to);
        };
        LearningStarts = options.LearningStarts;

        _learners = [.. Agents.Select(a => a.Learner)];
        _input = _learners[0].Layout.CriticInput;
        _nextActions = new float[options.BatchSize * _learners[0].Layout.BufferActionWidth];
        _rows = new float[_workers][];
        for (int w = 0; w < _rows.Length; w++)
        {
            _rows[w] = new float[options.BatchSize * _input.Width];
        }
        _nextRows = new float[options.BatchSize * _input.Width];
        _losses = new DdpgLosses[_learners.Length];
        _targets = (a, w) =>
        {
            _learners[a].WriteTargetActions(_stepBatch!, _nextActions);
            if (a == w)
            {
                _input.Build(_stepBatch!.Observations, _stepBatch.Actions, _stepBatch.Size, _rows[w]);
            }
        };
        _nextRowRanges = (w, _) =>
        {
            (int from, int to) = Rows(_stepBatch!.Size, w, _rows.Length);
            _input.Build(_stepBatch.NextObservations[(from * _stepBatch.ObservationWidth)..], _nextActions.AsSpan(from * _stepBatch.ActionWidth),
                to - from, _nextRows.AsSpan(from * _input.Width));
        };
        _steps = (a, w) => _losses[a] = _learners[a].Update(_stepBatch!, _nextActions, _rows[w], _nextRows);
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
        return Update(_batch);
    }

    /// <summary>
    /// One step of every agent on <paramref name="batch"/> (a joint mini-batch of this learner's
    /// widths and batch size, filled by the caller): the joint update of <see cref="Update()"/>
    /// without the sampling; returns every agent's losses, in agent order.
    /// </summary>
    public IReadOnlyList<DdpgLosses> Update(ReplayBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        _stepBatch = batch;
        try
        {
            AgentParallel.For(_learners.Length, Threads, _targets);
            AgentParallel.For(_rows.Length, Threads, _nextRowRanges);
            AgentParallel.For(_learners.Length, Threads, _steps);
        }
        finally
        {
            _stepBatch = null;
        }
        return _losses;
    }

    /// <summary>Worker <paramref name="worker"/>'s share [from, to) of <paramref name="n"/> batch rows split over <paramref name="workers"/> workers.</summary>
    public static (int From, int To) Rows(int n, int worker, int workers) => (n * worker / workers, n * (worker + 1) / workers);

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
