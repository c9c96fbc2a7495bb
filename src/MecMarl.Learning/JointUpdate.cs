using MecMarl.Nn;

namespace MecMarl.Learning;

/// <summary>
/// MA-DRL's gradient step of every agent on one joint mini-batch (SPEC 8, paper Algorithm 1: one
/// joint mini-batch per slot used by every agent). The joint target action
/// (mu'_1(s'_1), ..., mu'_M(s'_M)) of eq. 16 and the joint critic rows [s, a] and [s', a'] are the
/// same for every agent, so they are built once per update instead of once per agent:
/// <list type="number">
/// <item>every agent writes its target action; each worker builds its own copy of [s, a];</item>
/// <item>the workers build [s', a'] by row ranges (it needs every target action);</item>
/// <item>every agent takes its step (<see cref="DdpgLearner.Update(ReplayBatch, ReadOnlySpan{float}, Span{float}, ReadOnlySpan{float})"/>)
/// on its worker's copy of [s, a], where its actor step puts mu(s) and then the stored actions back.</item>
/// </list>
/// Agents run on <see cref="AgentParallel"/> workers; the results are bit-identical for any thread count.
/// </summary>
public sealed class JointUpdate
{
    private readonly DdpgLearner[] _learners;
    private readonly int _threads;
    private readonly ICriticInput _input;
    private readonly float[] _nextActions;
    private readonly float[][] _rows;
    private readonly float[] _nextRows;
    private readonly DdpgLosses[] _losses;
    private readonly Action<int, int> _targets, _nextRowRanges, _steps;
    private ReplayBatch? _batch;

    /// <summary>Prepares the update of <paramref name="learners"/> (one joint layout, agent order) on up to <paramref name="threads"/> threads.</summary>
    public JointUpdate(IReadOnlyList<DdpgLearner> learners, int threads)
    {
        ArgumentNullException.ThrowIfNull(learners);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threads);
        if (learners.Count == 0)
        {
            throw new ArgumentException("No learners to update.", nameof(learners));
        }
        _learners = [.. learners];
        _threads = threads;
        LearnerLayout layout = _learners[0].Layout;
        _input = layout.CriticInput;
        int batch = _learners[0].Options.BatchSize;
        _nextActions = new float[batch * layout.BufferActionWidth];
        _rows = new float[AgentParallel.Workers(_learners.Length, threads)][];
        for (int w = 0; w < _rows.Length; w++)
        {
            _rows[w] = new float[batch * _input.Width];
        }
        _nextRows = new float[batch * _input.Width];
        _losses = new DdpgLosses[_learners.Length];
        _targets = (a, w) =>
        {
            _learners[a].WriteTargetActions(_batch!, _nextActions);
            if (a == w)
            {
                _input.Build(_batch!.Observations, _batch.Actions, _batch.Size, _rows[w]);
            }
        };
        _nextRowRanges = (w, _) =>
        {
            (int from, int to) = Rows(_batch!.Size, w, _rows.Length);
            _input.Build(_batch.NextObservations[(from * _batch.ObservationWidth)..], _nextActions.AsSpan(from * _batch.ActionWidth),
                to - from, _nextRows.AsSpan(from * _input.Width));
        };
        _steps = (a, w) => _losses[a] = _learners[a].Update(_batch!, _nextActions, _rows[w], _nextRows);
    }

    /// <summary>Losses of every agent's last step, in agent order.</summary>
    public IReadOnlyList<DdpgLosses> Losses => _losses;

    /// <summary>One step of every agent on <paramref name="batch"/> (the joint mini-batch).</summary>
    public void Run(ReplayBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        _batch = batch;
        try
        {
            AgentParallel.For(_learners.Length, _threads, _targets);
            AgentParallel.For(_rows.Length, _threads, _nextRowRanges);
            AgentParallel.For(_learners.Length, _threads, _steps);
        }
        finally
        {
            _batch = null;
        }
    }

    /// <summary>Worker <paramref name="worker"/>'s share [from, to) of <paramref name="n"/> batch rows split over <paramref name="workers"/> workers.</summary>
    public static (int From, int To) Rows(int n, int worker, int workers) => (n * worker / workers, n * (worker + 1) / workers);
}
