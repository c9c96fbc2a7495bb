namespace MecMarl.Simulation;

/// <summary>
/// The action of <see cref="HeuristicDecoder"/> that reproduces given decisions (docs/dense.md, "Imitation of the
/// yardstick"): for one cell and slot, the N_m (3 + K) entries in [0, 1] whose decoding, from what the cell's agent
/// observes, comes closest to <c>target</c>, typically the full-CSI yardstick's decisions. These are the labels that
/// <c>mecmarl imitate</c> fits an actor to. Per UE of the cell:
/// <list type="bullet">
/// <item>left out by the target (no channel, or a share at most <see cref="YardstickOptions.LeftOutShare"/>): alpha
/// and share entries 0, so the heuristic's plan for it is infeasible and it is dropped without taking MEC share;</item>
/// <item>sent on channel c at power p with share s: score entry c at 1/2 + <see cref="ChannelScoreDecades"/> /
/// decades (its cost in the matching divided by 10^ChannelScoreDecades, the other channels left at 1/2); the alpha
/// entry raised just enough that the heuristic admits the UE on c; the power and share entries at
/// 1/2 + log10(p / p_plan) / decades and 1/2 + log10(s / s_plan) / decades, refined by decoding the action again
/// (<see cref="RefineRounds"/> times), since the planned power depends on the shares and the shares on who is
/// admitted.</item>
/// </list>
/// Entries are clamped to [0, 1], so a correction beyond decades / 2 orders of magnitude (decades =
/// <see cref="EnvironmentConfig.DecoderPowerRangeDecades"/>) is cut there and the decoded power is not the target's.
/// The target's offloaded fraction is not reproduced (the yardstick offloads whole tasks). Allocation-free after
/// construction.
/// </summary>
public sealed class HeuristicDecoderInverse
{
    private readonly ScenarioLayout _layout;
    private readonly HeuristicOptions _options;
    private readonly HeuristicPolicy _decoder;
    private readonly SlotDecisions _decoded;
    private readonly double[] _estimate;
    private readonly double[] _planned;
    private readonly double[] _action;
    private readonly double _decades;

    /// <summary>Creates the inverse of the heuristic decoder that <paramref name="config"/> describes on <paramref name="layout"/>.</summary>
    public HeuristicDecoderInverse(ScenarioLayout layout, EnvironmentConfig config)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(config);
        _layout = layout;
        _options = config.Heuristic;
        _decades = config.DecoderPowerRangeDecades;
        _decoder = new HeuristicPolicy(layout, config.Heuristic) { AdjustmentDecades = _decades };
        _decoded = new SlotDecisions(layout.UeCount);
        _estimate = new double[layout.Channels];
        _planned = new double[layout.Channels];
        _action = new double[layout.MaxCellSize * (3 + layout.Channels)];
    }

    /// <summary>How strongly the target's channel is preferred in the matching: its cost is divided by
    /// 10^ChannelScoreDecades (score entry 1/2 + ChannelScoreDecades / decades). Default 3.</summary>
    public double ChannelScoreDecades { get; init; } = 3.0;

    /// <summary>Times the power and share entries are corrected by decoding the action again. Default 4.</summary>
    public int RefineRounds { get; init; } = 4;

    /// <summary>When true the power entries stay at 1/2 (the heuristic's own margin over its least power); only
    /// admission, channel and share follow the target. Default false.</summary>
    public bool KeepPower { get; init; }

    /// <summary>
    /// <see cref="Invert(int, ReadOnlySpan{double}, ReadOnlySpan{UeTask}, ReadOnlySpan{double}, ReadOnlySpan{int}, SlotDecisions, Span{float})"/>
    /// from the observation of <paramref name="cell"/> in the environment's current slot.
    /// </summary>
    public void Invert(MecEnvironment env, int cell, SlotDecisions target, Span<float> action)
    {
        ArgumentNullException.ThrowIfNull(env);
        int k = _layout.Channels;
        Invert(cell, env.CurrentGains, env.CurrentTasks, env.PreviousInterferenceW.Slice(cell * k, k), env.PreviousChannels, target, action);
    }

    /// <summary>
    /// Writes into <paramref name="action"/> (N_m (3 + K) values, UE-major as SPEC 7) the action for
    /// <paramref name="cell"/> whose decoding comes closest to <paramref name="target"/>'s decisions for the cell's UEs,
    /// from the cell's observation: <paramref name="gains"/> and <paramref name="tasks"/> (flat, as the environment holds
    /// them; only the cell's own entries are read), <paramref name="measured"/> (the cell's K interference values of the
    /// previous slot, W) and <paramref name="previousChannels"/> (per UE, the channel of the previous slot; may be empty).
    /// </summary>
    public void Invert(int cell, ReadOnlySpan<double> gains, ReadOnlySpan<UeTask> tasks, ReadOnlySpan<double> measured,
        ReadOnlySpan<int> previousChannels, SlotDecisions target, Span<float> action)
    {
        ArgumentNullException.ThrowIfNull(target);
        ScenarioLayout l = _layout;
        ReadOnlySpan<int> ues = l.CellUes(cell);
        int k = l.Channels, stride = 3 + k, width = ues.Length * stride;
        if (action.Length != width)
        {
            throw new ArgumentException($"agent {cell}: action has {action.Length} values, expected N_m*(3+K) = {width}", nameof(action));
        }
        HeuristicPolicy.EstimateInterference(_options, measured, _estimate, _planned);
        double keep = 1 - _options.DeadlineMargin;
        for (int i = 0; i < ues.Length; i++)
        {
            int u = ues[i];
            Span<float> a = action.Slice(i * stride, stride);
            a.Fill(0.5f);
            int c = target.Channel[u];
            if (YardstickOptions.IsLeftOut(target, u))
            {
                a[0] = 0f;
                a[2] = 0f;
                continue;
            }
            UeTask task = tasks[u];
            double sinr = HeuristicPolicy.SinrNeeded(task, keep * task.DeadlineS, target.Share[u], l.Sbs[cell].CpuHz, l.BandwidthHz);
            double least = sinr * (l.NoisePowerW + _planned[c]) / gains[l.GainIndex(u, cell, c)];
            double admit = _options.AdmitPowerFraction * l.Ues[u].MaxPowerW;
            if (least > admit)
            {
                a[0] = Entry(double.IsFinite(least) ? Math.Log10(least / admit * 1.05) : _decades);
            }
            a[1] = KeepPower ? 0.5f : Entry(Math.Log10(target.PowerW[u] / (least * _options.PowerFactor)));
            a[3 + c] = Entry(ChannelScoreDecades);
        }
        for (int round = 0; round < RefineRounds; round++)
        {
            for (int q = 0; q < width; q++)
            {
                _action[q] = action[q];
            }
            _decoder.DecideCell(cell, gains, tasks, measured, _decoded, _action.AsSpan(0, width), previousChannels);
            for (int i = 0; i < ues.Length; i++)
            {
                int u = ues[i];
                if (YardstickOptions.IsLeftOut(target, u) || _decoded.Channel[u] != target.Channel[u] || _decoded.PowerW[u] <= 0 || _decoded.Share[u] <= 0)
                {
                    continue;
                }
                if (!KeepPower)
                {
                    Correct(action, i * stride + 1, target.PowerW[u] / _decoded.PowerW[u]);
                }
                Correct(action, i * stride + 2, target.Share[u] / _decoded.Share[u]);
            }
        }
    }

    // Moves entry q by log10(ratio) / decades when the decoded quantity is off by more than 0.2%.
    private void Correct(Span<float> action, int q, double ratio)
    {
        double step = Math.Log10(ratio);
        if (double.IsFinite(step) && Math.Abs(step) > 1e-3)
        {
            action[q] = (float)Math.Clamp(action[q] + step / _decades, 0, 1);
        }
    }

    private float Entry(double log10Factor) => (float)Math.Clamp(0.5 + log10Factor / _decades, 0, 1);
}
