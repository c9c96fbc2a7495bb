using MecMarl.Nn;

namespace MecMarl.Learning;

/// <summary>
/// A PPO scheme with <see cref="ParameterSharing.SharedWithAgentId"/>: one policy and one value
/// network for all M agents (cells of one shape), whose inputs end with a one-hot agent index
/// (actor: [s_m, e_m]; value: [s_m, e_m] with a local critic, [s_1..s_M, e_m] with a joint one).
/// Every slot gives one rollout row per agent and an update trains the one model on all of them
/// (<see cref="PpoAgent"/> with M rows per slot). The model draws from agent 0's streams
/// (<see cref="AgentStreams"/>), the agents' samples in agent order on the trainer's thread, so
/// results do not depend on the thread count.
/// <para>
/// For evaluation and policy files every agent has its own actor of the unshared shape
/// (<see cref="Actors"/>), refreshed after every update and restore: the shared first layer's
/// observation rows, and its bias plus the agent's one-hot row (x W + e_m W_e + b = x W + (b + W_e[m])),
/// then the other layers unchanged: the same function up to float rounding.
/// </para>
/// </summary>
public sealed class SharedPpoLearner : IMultiAgentLearner, IPolicyMeanActions
{
    private readonly PpoAgent _model;
    private readonly DenseNetwork[] _views;
    private readonly float[][] _means;
    private readonly float[][] _actions;
    private readonly int _m;
    private readonly int _ow;
    private readonly int _t;
    private readonly int _jointWidth;
    private readonly float[] _input;
    private readonly float[] _episodeEnd;
    private readonly float[] _jointObs;
    private readonly float[] _jointNextObs;
    private readonly float[] _slotObs;
    private int _count;

    /// <summary>
    /// Builds the shared model for <paramref name="agents"/> agents of observation width
    /// <paramref name="observationWidth"/> and action width <paramref name="actionWidth"/>.
    /// </summary>
    public SharedPpoLearner(DdpgOptions options, PpoOptions ppo, CriticView valueView, int agents, int observationWidth, int actionWidth, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(ppo);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(agents);
        options.Validate();
        _m = agents;
        _ow = observationWidth;
        _t = ppo.RolloutSlots;
        Options = ppo;
        ValueView = valueView;
        _jointWidth = agents * observationWidth;
        bool joint = valueView == CriticView.Joint;
        int valueWidth = joint ? _jointWidth + agents : observationWidth + agents;
        AgentStreams streams = AgentStreams.For(seed, 0);
        _model = new PpoAgent(0, options, ppo, observationWidth + agents, actionWidth, valueWidth, streams, streams.Init, agents, "shared");
        (NetworkShape viewShape, _) = PpoAgent.Shapes(options, observationWidth, actionWidth, 1);
        _views = [.. Enumerable.Range(0, agents).Select(_ => new DenseNetwork(viewShape, 1))];
        _actions = [.. Enumerable.Range(0, agents).Select(_ => new float[actionWidth])];
        _means = [.. Enumerable.Range(0, agents).Select(_ => new float[actionWidth])];
        _input = new float[observationWidth + agents];
        _episodeEnd = new float[_t];
        _jointObs = joint ? new float[_t * agents * valueWidth] : [];
        _jointNextObs = joint ? new float[_t * agents * valueWidth] : [];
        _slotObs = new float[_jointWidth];
        RefreshViews();
    }

    /// <summary>The PPO hyperparameters.</summary>
    public PpoOptions Options { get; }

    /// <summary>What the value network sees besides the agent index: the agent's observation or the joint one.</summary>
    public CriticView ValueView { get; }

    /// <summary>The one shared model (actor over [s_m, e_m], log-std, value network, optimisers, rollout).</summary>
    public PpoAgent Model => _model;

    /// <summary>Rows of the current rollout stored so far, in slots.</summary>
    public int RolloutCount => _count;

    /// <inheritdoc />
    public int AgentCount => _m;

    /// <summary>Every agent's actor of the unshared shape, equal in function to the shared actor with the agent's one-hot index.</summary>
    public IReadOnlyList<DenseNetwork> Actors => _views;

    /// <inheritdoc />
    public bool CanUpdate => _count == _t;

    /// <inheritdoc />
    public int AggregationRounds => 0;

    /// <inheritdoc />
    public Action<int>? BeforeAggregation { get; set; }

    /// <inheritdoc />
    public Action<int>? AfterAggregation { get; set; }

    /// <inheritdoc />
    public IReadOnlyList<float[]> MeanActions => _means;

    /// <inheritdoc />
    public float[][] Act(IReadOnlyList<float[]> observations, double noiseStd)
    {
        ArgumentNullException.ThrowIfNull(observations);
        if (observations.Count != _m)
        {
            throw new ArgumentException($"Expected {_m} observations, found {observations.Count}.", nameof(observations));
        }
        if (_count == _t)
        {
            throw new InvalidOperationException("The rollout is full: call Update before acting again.");
        }
        for (int a = 0; a < _m; a++)
        {
            Input(observations[a], a);
            _model.Act(_input, noiseStd, _count * _m + a);
            _model.Action.CopyTo(_actions[a], 0);
            _model.MeanAction.CopyTo(_means[a], 0);
            observations[a].AsSpan(0, _ow).CopyTo(_slotObs.AsSpan(a * _ow));
        }
        return _actions;
    }

    /// <inheritdoc />
    public void Observe(ReadOnlySpan<float> rewards, IReadOnlyList<float[]> nextObservations)
    {
        ArgumentNullException.ThrowIfNull(nextObservations);
        if (_count == _t)
        {
            throw new InvalidOperationException("The rollout is full: call Update before storing more.");
        }
        for (int a = 0; a < _m; a++)
        {
            Input(nextObservations[a], a);
            _model.Store(_count * _m + a, rewards[a], _input);
        }
        if (_jointObs.Length > 0)
        {
            int vw = _jointWidth + _m;
            for (int a = 0; a < _m; a++)
            {
                int o = (_count * _m + a) * vw;
                _slotObs.CopyTo(_jointObs, o);
                for (int j = 0; j < _m; j++)
                {
                    nextObservations[j].AsSpan(0, _ow).CopyTo(_jointNextObs.AsSpan(o + j * _ow));
                }
                _jointObs.AsSpan(o + _jointWidth, _m).Clear();
                _jointNextObs.AsSpan(o + _jointWidth, _m).Clear();
                _jointObs[o + _jointWidth + a] = 1f;
                _jointNextObs[o + _jointWidth + a] = 1f;
            }
        }
        _episodeEnd[_count] = 0f;
        _count++;
    }

    /// <summary>The shared model's PPO update on every agent's rows of the rollout, then an empty rollout; the same losses for every agent.</summary>
    public IReadOnlyList<DdpgLosses> Update()
    {
        if (_count != _t)
        {
            throw new InvalidOperationException($"The rollout holds {_count} of {_t} slots.");
        }
        DdpgLosses losses = _model.Update(_episodeEnd, _jointObs, _jointNextObs);
        _count = 0;
        Array.Clear(_episodeEnd);
        RefreshViews();
        return [.. Enumerable.Repeat(losses, _m)];
    }

    /// <summary>Marks the last stored slot as the end of an episode.</summary>
    public void EndEpisode(int episodesDone)
    {
        if (_count > 0)
        {
            _episodeEnd[_count - 1] = 1f;
        }
    }

    /// <inheritdoc />
    public void SetTrainingSlots(long totalSlots)
    {
        _model.TrainingSlots = totalSlots;
    }

    /// <inheritdoc />
    public void EndSlot(long slotsDone)
    {
    }

    /// <summary>Adds the shared model under <c>shared</c> and the rollout state (docs/checkpoint-format.md, "PPO schemes").</summary>
    public void Save(CheckpointWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _model.Save(writer);
        PpoRolloutCheckpoint.Save(writer, _count, _t, _episodeEnd, _jointObs, _jointNextObs);
    }

    /// <inheritdoc />
    public void Restore(CheckpointRestore restore)
    {
        ArgumentNullException.ThrowIfNull(restore);
        int count = PpoRolloutCheckpoint.Count(restore, _t);
        _model.Restore(restore);
        PpoRolloutCheckpoint.RestoreArrays(restore, _episodeEnd, _jointObs, _jointNextObs);
        restore.Then(() =>
        {
            _count = count;
            RefreshViews();
        });
    }

    // [observation, one-hot agent index] into _input.
    private void Input(float[] observation, int agent)
    {
        observation.AsSpan(0, _ow).CopyTo(_input);
        _input.AsSpan(_ow).Clear();
        _input[_ow + agent] = 1f;
    }

    // Every agent's actor from the shared one (see the class remarks).
    private void RefreshViews()
    {
        DenseNetwork shared = _model.Actor;
        int hidden = shared.Shape.FanOut(0);
        ReadOnlySpan<float> w0 = shared.Weights(0);
        ReadOnlySpan<float> b0 = shared.Biases(0);
        int tail = shared.Shape.LayerCount > 1 ? shared.Shape.WeightOffset(1) : shared.Shape.ParameterCount;
        for (int a = 0; a < _m; a++)
        {
            DenseNetwork view = _views[a];
            w0[..(_ow * hidden)].CopyTo(view.Weights(0));
            Span<float> b = view.Biases(0);
            ReadOnlySpan<float> idRow = w0.Slice((_ow + a) * hidden, hidden);
            for (int j = 0; j < hidden; j++)
            {
                b[j] = b0[j] + idRow[j];
            }
            if (shared.Shape.LayerCount > 1)
            {
                shared.Parameters[tail..].CopyTo(view.Parameters[view.Shape.WeightOffset(1)..]);
            }
        }
    }

    /// <inheritdoc />
    public string? StartFrom(IReadOnlyList<DenseNetwork> actors) =>
        "one model shared by all agents (parameterSharing) cannot start from per-agent actors";

    /// <inheritdoc />
    public string? NonFiniteParameter() =>
        _model.NonFiniteParameter() is { } network ? $"a non-finite parameter in the shared model's {network}" : null;
}
