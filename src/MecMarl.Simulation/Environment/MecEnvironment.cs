using System.Numerics.Tensors;

namespace MecMarl.Simulation;

/// <summary>
/// The multi-agent environment of SPEC 7, PettingZoo-parallel style: agents are the M SBSs;
/// <see cref="Reset"/> gives every agent's observation; <see cref="Step(IReadOnlyList{float[]})"/>
/// decodes the agents' actions, evaluates the slot and gives the next observations, local and
/// cooperative rewards, terminations, truncations and per-UE infos. Arrays are indexed by agent;
/// buffers are reused (a step does not allocate).
/// </summary>
/// <remarks>
/// Randomness: positions come from the layout seed given at construction (fixed for the run; with
/// <c>redropEachEpisode</c> the UEs of each episode from the layout and episode seeds); fading and
/// tasks of every slot are counter-based draws of the episode seed (<see cref="SlotSampler"/>), so an
/// evaluation episode set (<see cref="EpisodeSeed(ulong, int)"/> of an evaluation seed) is the same
/// for every policy, whatever actions it takes. Only the gains needed are drawn: all own-cell gains
/// (observations) and, after decoding, the cross-cell gains of transmitting UEs on their channels.
/// </remarks>
public sealed class MecEnvironment
{

    private readonly ulong _layoutSeed;
    private readonly double[] _shadowingDb;
    private readonly IActionDecoder _decoder;
    private readonly SlotEvaluator _evaluator;
    private readonly ObservationNormalization _norm;
    private readonly double[] _gains;
    private readonly double[] _ownFading;
    private readonly float[] _ownXi;
    private readonly float[] _ownLog10;
    private readonly double[] _meanGainDb;
    private readonly GainRef[] _crossIndex;
    private readonly double[] _crossValue;
    private readonly double[] _interferenceFeature;
    private readonly double[] _previousInterference;
    private readonly int[] _previousChannels;
    private readonly SlotPowerControl? _powerControl;
    private readonly UeTask[] _tasks;
    private readonly double[] _actionScratch;
    private readonly float[][] _observations;
    private readonly StepResult _step;
    private readonly int[] _observationOffset;
    private SlotSampler _sampler;
    private DifferenceRewards? _difference;
    private bool _differenceOn;
    private bool _ueDifferenceOn;
    private IReadOnlyList<float[]>? _counterfactual;
    private ulong _episodeSeed;
    private int _slot;
    private bool _active;

    /// <summary>Creates the environment of <paramref name="config"/> on the layout of <paramref name="layoutSeed"/>.</summary>
    /// <param name="config">Configuration (validated here).</param>
    /// <param name="layoutSeed">Seed of the run's positions and shadowing.</param>
    /// <param name="decoderFactory">Action decoder for a layout; default the SPEC 7 <see cref="GreedyActionDecoder"/>.</param>
    public MecEnvironment(SimulationConfig config, ulong layoutSeed, Func<ScenarioLayout, IActionDecoder>? decoderFactory = null)
    {
        config.Validate();
        Config = config;
        _layoutSeed = layoutSeed;
        _shadowingDb = LayoutGenerator.Shadowing(config, layoutSeed);
        Layout = LayoutGenerator.Generate(config, layoutSeed);
        _sampler = new SlotSampler(Layout, config.Tasks, PathLoss.LinearGains(Layout, config, _shadowingDb));
        _decoder = decoderFactory?.Invoke(Layout) ?? ActionDecoders.Create(Layout, config.Environment);
        _evaluator = new SlotEvaluator(Layout);
        _norm = ObservationNormalization.For(config, Layout);

        int m = Layout.SbsCount, k = Layout.Channels, u = Layout.UeCount;
        _gains = new double[Layout.GainCount];
        _ownFading = new double[u * k];
        _ownXi = new float[u * k];
        _ownLog10 = new float[u * k];
        _meanGainDb = new double[u];
        _crossIndex = new GainRef[u * Math.Max(m - 1, 1)];
        _crossValue = new double[_crossIndex.Length];
        _interferenceFeature = new double[m * k];
        _previousInterference = new double[m * k];
        _previousChannels = new int[Layout.UeCount];
        Array.Fill(_previousChannels, SlotDecisions.NoChannel);
        _powerControl = config.Environment.PowerControlRounds > 0 ? new SlotPowerControl(Layout, config.Environment) : null;
        _tasks = new UeTask[u];
        _observations = new float[m][];
        _observationOffset = new int[m + 1];
        int maxAction = 0;
        for (int a = 0; a < m; a++)
        {
            _observations[a] = new float[ObservationSize(a)];
            _observationOffset[a + 1] = _observationOffset[a] + ObservationSize(a);
            maxAction = Math.Max(maxAction, ActionSize(a));
        }
        _actionScratch = new double[maxAction];
        _step = new StepResult(Layout, _observations);
        ComputeMeanGainDb();
    }

    private void ComputeMeanGainDb()
    {
        ReadOnlySpan<double> mean = _sampler.MeanGains;
        for (int u = 0; u < Layout.UeCount; u++)
        {
            _meanGainDb[u] = 10.0 * Math.Log10(mean[u * Layout.SbsCount + Layout.Ues[u].Cell]);
        }
    }

    /// <summary>The configuration.</summary>
    public SimulationConfig Config { get; }

    /// <summary>The current layout (changes per episode only with <c>redropEachEpisode</c>).</summary>
    public ScenarioLayout Layout { get; private set; }

    /// <summary>Number of agents M.</summary>
    public int AgentCount => Layout.SbsCount;

    /// <summary>Slots per episode.</summary>
    public int SlotsPerEpisode => Config.Environment.SlotsPerEpisode;

    /// <summary>Current slot (the one the next step evaluates).</summary>
    public int Slot => _slot;

    /// <summary>Seed of the current episode.</summary>
    public ulong CurrentEpisodeSeed => _episodeSeed;

    /// <summary>Observation length of agent <paramref name="agent"/>: N_m * (K + 3) + K, plus N_m * K with
    /// <see cref="EnvironmentConfig.ObserveLastChannel"/>.</summary>
    public int ObservationSize(int agent) => ObservationBuilder.Size(Layout, agent, Config.Environment.ObserveLastChannel);

    /// <summary>Action length of agent <paramref name="agent"/>: N_m * (3 + K).</summary>
    public int ActionSize(int agent) => Layout.CellSize(agent) * (3 + Layout.Channels);

    /// <summary>Every agent's observation length (<see cref="ObservationSize"/>), in agent order.</summary>
    public int[] ObservationSizes() => [.. Enumerable.Range(0, AgentCount).Select(ObservationSize)];

    /// <summary>Every agent's action length (<see cref="ActionSize"/>), in agent order.</summary>
    public int[] ActionSizes() => [.. Enumerable.Range(0, AgentCount).Select(ActionSize)];

    /// <summary>Length of the joint observation (<see cref="State()"/>): the sum of the observation lengths.</summary>
    public int StateSize => _observationOffset[^1];

    /// <summary>The current observation of every agent (float, for learners); overwritten by the next step.</summary>
    public float[][] Observations => _observations;

    /// <summary>Flat gains of the current slot; only own-cell gains (and, after a step, the cross gains it drew) are meaningful.</summary>
    public ReadOnlySpan<double> CurrentGains => _gains;

    /// <summary>Tasks of the current slot.</summary>
    public ReadOnlySpan<UeTask> CurrentTasks => _tasks;

    /// <summary>
    /// The interference I[k](m) of SPEC 5 measured during the previous slot at every SBS, flat
    /// m * K + k, W (zeros at the first slot of an episode): what agent m observes of the other
    /// cells (SPEC 7) and what a decoder's <see cref="IActionDecoder.BeginSlot"/> receives.
    /// </summary>
    public ReadOnlySpan<double> PreviousInterferenceW => _previousInterference;

    /// <summary>
    /// The channel every UE transmitted on in the previous slot (-1 for a UE that computed locally, and for
    /// every UE at the first slot of an episode), per UE. Each SBS knows it of its own UEs, having decided it
    /// (SPEC 7); <c>policies.heuristic.channelPersistence</c> reads it (docs/dense.md).
    /// </summary>
    public ReadOnlySpan<int> PreviousChannels => _previousChannels;

    /// <summary>
    /// Large-scale gain of every (UE, SBS) pair, flat u * M + m: path loss (SPEC 2) times the
    /// log-normal shadowing of the layout, without the slot's Rayleigh fading (the mean of G over
    /// slots). Fixed for the layout.
    /// </summary>
    public ReadOnlySpan<double> MeanGains => _sampler.MeanGains;

    /// <summary>The seed of episode <paramref name="index"/> of the sequence of <paramref name="baseSeed"/> (training or evaluation episodes).</summary>
    public static ulong EpisodeSeed(ulong baseSeed, int index) =>
        CounterRandom.Bits(CounterRandom.Key(baseSeed, 0xE91), (ulong)index);

    /// <summary>Starts the episode of <paramref name="episodeSeed"/> and returns every agent's first observation.</summary>
    public float[][] Reset(ulong episodeSeed)
    {
        StartEpisode(episodeSeed);
        Array.Clear(_previousInterference);
        Array.Fill(_previousChannels, SlotDecisions.NoChannel);
        _slot = 0;
        _active = true;
        DrawSlotAndObserve(hasPrevious: false);
        return _observations;
    }

    private void StartEpisode(ulong episodeSeed)
    {
        if (Config.Network.RedropEachEpisode)
        {
            Layout = LayoutGenerator.Generate(Config, _layoutSeed, episodeSeed);
            _sampler = new SlotSampler(Layout, Config.Tasks, PathLoss.LinearGains(Layout, Config, _shadowingDb));
            ComputeMeanGainDb();
        }
        _episodeSeed = episodeSeed;
        _sampler.BeginEpisode(episodeSeed);
    }

    /// <summary>
    /// Decodes every agent's action (float, length <see cref="ActionSize"/>), evaluates the slot and
    /// advances. Throws <see cref="InvalidOperationException"/> before a reset or after the last slot,
    /// <see cref="ArgumentException"/> for wrong lengths or a NaN.
    /// </summary>
    public StepResult Step(IReadOnlyList<float[]> actions)
    {
        RequireActive();
        if (actions.Count != AgentCount)
        {
            throw new ArgumentException($"expected {AgentCount} actions (one per agent), found {actions.Count}", nameof(actions));
        }
        _decoder.BeginSlotWithHistory(_gains, _tasks, _previousInterference, _previousChannels);
        for (int m = 0; m < AgentCount; m++)
        {
            float[] a = actions[m];
            if (a.Length != ActionSize(m))
            {
                throw new ArgumentException($"agent {m}: action has {a.Length} values, expected {ActionSize(m)}", nameof(actions));
            }
            Span<double> d = _actionScratch.AsSpan(0, a.Length);
            for (int i = 0; i < a.Length; i++)
            {
                d[i] = a[i];
            }
            _decoder.Decode(m, d, _step.Decisions);
        }
        if (_ueDifferenceOn)
        {
            _difference!.KeepActions(actions);
        }
        return Advance();
    }

    /// <summary>Decodes every agent's action given in double precision (as actions files are), evaluates the slot and advances.</summary>
    public StepResult Step(IReadOnlyList<double[]> actions)
    {
        RequireActive();
        RequireNoUeDifference();
        if (actions.Count != AgentCount)
        {
            throw new ArgumentException($"expected {AgentCount} actions (one per agent), found {actions.Count}", nameof(actions));
        }
        _decoder.BeginSlotWithHistory(_gains, _tasks, _previousInterference, _previousChannels);
        for (int m = 0; m < AgentCount; m++)
        {
            _decoder.Decode(m, actions[m], _step.Decisions);
        }
        return Advance();
    }

    /// <summary>
    /// Evaluates decisions made without the decoder (they are validated first; a violation throws
    /// <see cref="ExchangeFormatException"/>) and advances.
    /// </summary>
    public StepResult StepDecisions(SlotDecisions decisions)
    {
        RequireActive();
        RequireNoUeDifference();
        if (DecisionValidator.FindFirst(Layout, decisions, _slot) is { } v)
        {
            throw v.ToException("<decisions>");
        }
        decisions.CopyTo(_step.Decisions);
        return Advance();
    }

    private void RequireNoUeDifference()
    {
        if (_ueDifferenceOn)
        {
            throw new InvalidOperationException("Per-UE difference rewards (ComputeUeDifferenceRewards) need steps with float actions.");
        }
    }

    private void RequireActive()
    {
        if (!_active)
        {
            throw new InvalidOperationException(_slot == 0
                ? "Reset the environment before stepping."
                : "The episode is over (truncated at its last slot): reset before stepping again.");
        }
    }

    /// <summary>
    /// When true, every step also fills <see cref="StepResult.DifferenceRewards"/> (agent m: the system
    /// reward minus that of the same slot with cell m at the centre action; <c>DifferenceRewards</c>,
    /// docs/dense.md), at the cost of one more evaluation of the slot per agent. False by default;
    /// a training whose scheme learns the difference reward turns it on. Changes no other output.
    /// </summary>
    public bool ComputeDifferenceRewards
    {
        get => _differenceOn;
        set
        {
            _differenceOn = value;
            UpdateDifference();
        }
    }

    /// <summary>
    /// When true, every step also fills <see cref="StepResult.UeDifferenceRewards"/> (every UE: the system reward
    /// minus that of the same slot with only the UE's entries of its cell's action at the counterfactual, its cell
    /// decoded again; the <c>difference-ue</c> reward, docs/dense.md), at the cost of one more evaluation of the
    /// slot per UE. Needs steps with float actions (<see cref="Step(IReadOnlyList{float[]})"/>). False by default;
    /// a training whose scheme learns per-UE difference rewards turns it on. Changes no other output.
    /// </summary>
    public bool ComputeUeDifferenceRewards
    {
        get => _ueDifferenceOn;
        set
        {
            _ueDifferenceOn = value;
            UpdateDifference();
        }
    }

    private void UpdateDifference() =>
        _difference = _differenceOn || _ueDifferenceOn ? _difference ?? new DifferenceRewards(Layout, [.. Enumerable.Range(0, AgentCount).Select(ActionSize)]) : null;

    /// <summary>
    /// Gives the counterfactual actions of the next step's difference rewards (one per agent, length
    /// <see cref="ActionSize"/>, in [0, 1]) in place of the centre action: a PPO policy's mean actions, for the
    /// <c>difference-mean</c> reward (docs/dense.md, "Difference rewards"). They hold for the next step only
    /// (the arrays are read during it); without a call the step uses the centre action. Needs
    /// <see cref="ComputeDifferenceRewards"/> or <see cref="ComputeUeDifferenceRewards"/> (whose per-UE counterfactual entries
    /// are these actions' entries of the UE).
    /// </summary>
    public void SetDifferenceCounterfactual(IReadOnlyList<float[]> actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        if (_difference is null)
        {
            throw new InvalidOperationException("Counterfactual actions need ComputeDifferenceRewards or ComputeUeDifferenceRewards.");
        }
        if (actions.Count != AgentCount)
        {
            throw new ArgumentException($"expected {AgentCount} counterfactual actions (one per agent), found {actions.Count}", nameof(actions));
        }
        for (int m = 0; m < AgentCount; m++)
        {
            if (actions[m].Length != ActionSize(m))
            {
                throw new ArgumentException($"agent {m}: counterfactual action has {actions[m].Length} values, expected {ActionSize(m)}", nameof(actions));
            }
        }
        _counterfactual = actions;
    }

    private StepResult Advance()
    {
        SlotDecisions d = _step.Decisions;
        _difference?.Keep(d);
        ScenarioLayout l = Layout;
        int sbsCount = l.SbsCount;
        _sampler.DrawTransmitterGains(_slot, d, _crossIndex, _crossValue, _gains);
        _powerControl?.Apply(l, _gains, _tasks, d);
        _evaluator.Evaluate(_gains, _tasks, d, _step.Result);

        double system = _step.Result.SystemReward;
        for (int m = 0; m < sbsCount; m++)
        {
            _step.LocalRewards[m] = _step.Result.CellRewards[m];
            _step.CooperativeRewards[m] = system;
            _step.Terminations[m] = false;
        }
        if (_differenceOn)
        {
            _difference!.Compute(_slot, system, _step.Result.DeadlinesMet(), _gains, _tasks, _step.Result, _evaluator.InterferenceW,
                _decoder, _sampler, _powerControl, _counterfactual, _step.DifferenceRewards, _step.DifferenceMet);
        }
        if (_ueDifferenceOn)
        {
            _difference!.ComputePerUe(_slot, system, _step.Result.DeadlinesMet(), _gains, _tasks, _step.Result, _evaluator.InterferenceW,
                _decoder, _sampler, _powerControl, _counterfactual, _step.UeDifferenceRewards, _step.UeDifferenceMet);
        }
        _counterfactual = null;
        _evaluator.InterferenceW.CopyTo(_previousInterference);
        d.TransmitChannels(_previousChannels);
        _step.Slot = _slot;
        _slot++;
        bool truncated = _slot >= SlotsPerEpisode;
        Array.Fill(_step.Truncations, truncated);
        _active = !truncated;
        // The next slot is drawn even after the last one: its observation is the bootstrap target.
        DrawSlotAndObserve(hasPrevious: true);
        return _step;
    }

    private void DrawSlotAndObserve(bool hasPrevious)
    {
        ScenarioLayout l = Layout;
        int k = l.Channels;
        bool lastChannel = Config.Environment.ObserveLastChannel;
        _sampler.SampleTasks(_slot, _tasks);
        _sampler.SampleOwnGains(_slot, _gains, _ownFading);

        // Gain features (10 log10(h) + offset) / scale with 10 log10(h) = 10 log10(meanGain) + 10 log10(xi);
        // log10(xi) in single precision, all UEs at once (the observation handed out is float).
        for (int i = 0; i < _ownXi.Length; i++)
        {
            _ownXi[i] = (float)_ownFading[i];
        }
        TensorPrimitives.Log10(_ownXi, _ownLog10);
        double offset = _norm.GainDbOffset, inverseScale = 1.0 / _norm.GainDbScale;

        // Interference features log10(1 + I / (N0 B)) of the previous slot.
        if (hasPrevious)
        {
            TensorPrimitives.Divide(_previousInterference, l.NoisePowerW, _interferenceFeature);
            TensorPrimitives.Add(_interferenceFeature, 1.0, _interferenceFeature);
            TensorPrimitives.Log10(_interferenceFeature, _interferenceFeature);
        }
        else
        {
            Array.Clear(_interferenceFeature);
        }

        for (int m = 0; m < l.SbsCount; m++)
        {
            float[] obs = _observations[m];
            int o = 0;
            foreach (int u in l.CellUes(m))
            {
                double db = _meanGainDb[u] + offset;
                for (int c = 0; c < k; c++)
                {
                    obs[o++] = (float)((db + 10.0 * _ownLog10[u * k + c]) * inverseScale);
                }
                UeTask t = _tasks[u];
                obs[o++] = (float)(t.Bits / _norm.MaxBits);
                obs[o++] = (float)(t.Cycles / _norm.MaxCycles);
                obs[o++] = (float)(t.DeadlineS / _norm.MaxDeadlineS);
            }
            for (int c = 0; c < k; c++)
            {
                obs[o++] = (float)_interferenceFeature[m * k + c];
            }
            if (lastChannel)
            {
                foreach (int u in l.CellUes(m))
                {
                    int previous = _previousChannels[u];
                    for (int c = 0; c < k; c++)
                    {
                        obs[o++] = previous == c ? 1f : 0f;
                    }
                }
            }
        }
    }

    /// <summary>
    /// Full channel knowledge for model-based policies: the gains G of the current slot (the one the
    /// next step evaluates) for the (UE, SBS, channel) triples <paramref name="gains"/>, into
    /// <paramref name="values"/>. They are the very numbers the step will use (counter-based draws),
    /// so asking does not change the episode.
    /// </summary>
    public void CurrentSlotGains(ReadOnlySpan<GainRef> gains, Span<double> values)
    {
        RequireActive();
        if (values.Length < gains.Length)
        {
            throw new ArgumentException($"values has {values.Length} entries for {gains.Length} gains", nameof(values));
        }
        _sampler.Draw(_slot, gains, values);
    }

    /// <summary>The joint observation (concatenation of every agent's observation in agent order), for centralized critics.</summary>
    public float[] State()
    {
        var state = new float[StateSize];
        State(state);
        return state;
    }

    /// <summary>Writes the joint observation into <paramref name="destination"/> (length <see cref="StateSize"/>) without allocating.</summary>
    public void State(Span<float> destination)
    {
        if (destination.Length != StateSize)
        {
            throw new ArgumentException($"state buffer has {destination.Length} values, expected {StateSize}", nameof(destination));
        }
        for (int m = 0; m < AgentCount; m++)
        {
            _observations[m].CopyTo(destination[_observationOffset[m]..]);
        }
    }

    /// <summary>The dynamic state, for checkpoints.</summary>
    public EnvironmentState GetState() => new(_episodeSeed, _slot, _active, (double[])_previousInterference.Clone(), (int[])_previousChannels.Clone());

    /// <summary>Restores a state from <see cref="GetState"/>: the following steps are exactly those of the saved environment.</summary>
    public void SetState(EnvironmentState state)
    {
        if (state.PreviousInterferenceW.Length != _previousInterference.Length || state.Slot < 0 || state.Slot > SlotsPerEpisode
            || (state.PreviousChannels is { } channels && channels.Length != _previousChannels.Length))
        {
            throw new ArgumentException("The state does not belong to an environment of this configuration.", nameof(state));
        }
        StartEpisode(state.EpisodeSeed);
        state.PreviousInterferenceW.CopyTo(_previousInterference, 0);
        if (state.PreviousChannels is { } previousChannels)
        {
            previousChannels.CopyTo(_previousChannels, 0);
        }
        else
        {
            Array.Fill(_previousChannels, SlotDecisions.NoChannel);
        }
        _slot = state.Slot;
        _active = state.Active;
        DrawSlotAndObserve(hasPrevious: _slot > 0);
    }
}
