namespace MecMarl.Simulation;

/// <summary>
/// The model-based yardstick: a centralized heuristic with full knowledge of the current slot's
/// channel gains (own and cross) and tasks. It is a reference for the learned schemes, not a
/// learned scheme and not an optimum.
/// <list type="number">
/// <item>Every UE offloads all of its task (alpha = 1): edge cycles cost 1e-11 J against 1e-9 J locally
/// (SPEC 1), and local computing alone can never meet T~ = 0.9 omega / C_n.</item>
/// <item>Channels per cell by greedy maximum signal gain h[n,k](m) over all (UE, channel) pairs of the
/// cell, each UE and channel used once; when N_m &gt; K the UEs left without a channel compute locally.</item>
/// <item>MEC shares proportional to the offloaded cycles omega_n within the cell (eq. 8 then gives every
/// offloading UE of a cell the same edge delay sum(omega) / C_bar_m).</item>
/// <item>Transmit powers by a joint fixed point over all cells (Foschini-Miljanic): each UE's power is
/// the least that meets its deadline with a margin given the others' interference,
/// p_n = gamma_n (N0 B + I_n(p)) / h_n with gamma_n = 2^(d_n / (B t_n)) - 1 and
/// t_n = (1 - margin) T~_n - omega_n / (f_n C_bar_m), capped at P_max; iterated from p = 0, which
/// converges monotonically to the least power vector when the targets are feasible. A UE whose edge
/// delay alone exceeds its target transmits at P_max.</item>
/// </list>
/// Transmission energy p d / U(p) increases with p, so the least power that meets the deadline is
/// also the least transmission energy for that channel assignment. Options: cross gains known only
/// at large scale, with a margin (<see cref="YardstickOptions.LargeScaleCrossGains"/>,
/// <see cref="YardstickOptions.CrossGainMargin"/>), and infeasible UEs left out
/// (<see cref="YardstickOptions.LeaveOutInfeasible"/>).
/// </summary>
public sealed class YardstickPolicy : IDecisionPolicy
{
    private readonly YardstickOptions _options;
    private ScenarioLayout _layout;
    private readonly int[] _channel;
    private readonly double[] _signal;
    private readonly double[] _sinrTarget;
    private readonly double[] _power;
    private readonly double[] _next;
    private readonly double[] _share;
    private readonly double[] _crossGain;
    private readonly GainRef[] _crossRef;
    private readonly int[] _crossStart;
    private readonly bool[] _ueTaken;
    private readonly bool[] _channelTaken;
    private readonly int[] _byChannel;
    private readonly bool[] _leftOut;

    /// <summary>Creates the yardstick for the environment's layout.</summary>
    public YardstickPolicy(ScenarioLayout layout, YardstickOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(layout);
        _options = options ?? new YardstickOptions();
        _options.Validate();
        _layout = layout;
        int u = layout.UeCount, m = layout.SbsCount, k = layout.Channels;
        _channel = new int[u];
        _signal = new double[u];
        _sinrTarget = new double[u];
        _power = new double[u];
        _next = new double[u];
        _share = new double[u];
        _crossRef = new GainRef[u * m];
        _crossGain = new double[u * m];
        _crossStart = new int[u + 1];
        _ueTaken = new bool[layout.MaxCellSize];
        _channelTaken = new bool[k];
        _byChannel = new int[m * k];
        _leftOut = new bool[u];
    }

    /// <inheritdoc />
    public void Decide(MecEnvironment env, SlotDecisions decisions)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(decisions);
        if (!ReferenceEquals(env.Layout, _layout))
        {
            // Redropped UEs (network.redropEachEpisode): same cells and devices, new positions.
            if (!_layout.SameShape(env.Layout))
            {
                throw new ArgumentException("the environment's layout has another shape (cells, UEs or channels): create the yardstick for it", nameof(env));
            }
            _layout = env.Layout;
        }
        ScenarioLayout l = _layout;
        ReadOnlySpan<double> gains = env.CurrentGains;
        ReadOnlySpan<UeTask> tasks = env.CurrentTasks;
        Array.Clear(_leftOut);
        for (int m = 0; m < l.SbsCount; m++)
        {
            AssignChannels(m, gains);
            AssignShares(m, tasks);
        }
        DrawCrossGains(env);
        SolvePowers(tasks);
        if (_options.LeaveOutInfeasible)
        {
            // At most one UE per cell per round, so at most max N_m rounds.
            while (LeaveOutWorst())
            {
                for (int m = 0; m < l.SbsCount; m++)
                {
                    AssignShares(m, tasks);
                }
                SolvePowers(tasks);
            }
        }
        for (int u = 0; u < l.UeCount; u++)
        {
            if (_leftOut[u])
            {
                decisions.Set(u, 1.0, _channel[u], YardstickOptions.LeftOutPowerFraction * l.Ues[u].MaxPowerW, YardstickOptions.LeftOutShare);
            }
            else if (_channel[u] == SlotDecisions.NoChannel)
            {
                decisions.SetLocal(u);
            }
            else
            {
                decisions.Set(u, 1.0, _channel[u], _power[u], _share[u]);
            }
        }
    }

    private void AssignChannels(int cell, ReadOnlySpan<double> gains)
    {
        ScenarioLayout l = _layout;
        ReadOnlySpan<int> ues = l.CellUes(cell);
        Array.Clear(_ueTaken);
        Array.Clear(_channelTaken);
        foreach (int u in ues)
        {
            _channel[u] = SlotDecisions.NoChannel;
        }
        int rounds = Math.Min(ues.Length, l.Channels);
        for (int r = 0; r < rounds; r++)
        {
            // Greedy: the largest remaining (UE, channel) gain; ties to the lower UE, then channel.
            double best = -1;
            int bestUe = -1, bestCh = -1;
            for (int i = 0; i < ues.Length; i++)
            {
                if (_ueTaken[i])
                {
                    continue;
                }
                int g0 = l.GainIndex(ues[i], cell, 0);
                for (int c = 0; c < l.Channels; c++)
                {
                    if (!_channelTaken[c] && gains[g0 + c] > best)
                    {
                        best = gains[g0 + c];
                        bestUe = i;
                        bestCh = c;
                    }
                }
            }
            _ueTaken[bestUe] = true;
            _channelTaken[bestCh] = true;
            _channel[ues[bestUe]] = bestCh;
            _signal[ues[bestUe]] = best;
        }
    }

    // Leaves out, in every cell, the UE whose least power exceeds P_max by the largest factor (ties: the
    // lower UE); true when any UE was left out. Uses _next, the interference of the last fixed point.
    private bool LeaveOutWorst()
    {
        ScenarioLayout l = _layout;
        bool any = false;
        for (int m = 0; m < l.SbsCount; m++)
        {
            int worst = -1;
            double worstRatio = 1.0;
            foreach (int u in l.CellUes(m))
            {
                if (_channel[u] == SlotDecisions.NoChannel || _leftOut[u])
                {
                    continue;
                }
                double ratio = _sinrTarget[u] * (l.NoisePowerW + _next[u]) / (_signal[u] * l.Ues[u].MaxPowerW);
                if (ratio > worstRatio * (1 + 1e-9))
                {
                    worstRatio = ratio;
                    worst = u;
                }
            }
            if (worst >= 0)
            {
                _leftOut[worst] = true;
                any = true;
            }
        }
        return any;
    }

    // Shares proportional to omega among the cell's offloading UEs that are not left out; each UE left
    // out keeps the token share LeftOutShare.
    private void AssignShares(int cell, ReadOnlySpan<UeTask> tasks)
    {
        double total = 0, available = 1.0;
        foreach (int u in _layout.CellUes(cell))
        {
            if (_leftOut[u])
            {
                available -= YardstickOptions.LeftOutShare;
            }
            else if (_channel[u] != SlotDecisions.NoChannel)
            {
                total += tasks[u].Cycles;
            }
        }
        foreach (int u in _layout.CellUes(cell))
        {
            _share[u] = _channel[u] != SlotDecisions.NoChannel && !_leftOut[u] ? available * tasks[u].Cycles / total : 0.0;
        }
    }

    private void DrawCrossGains(MecEnvironment env)
    {
        ScenarioLayout l = _layout;
        int n = 0;
        for (int u = 0; u < l.UeCount; u++)
        {
            _crossStart[u] = n;
            if (_channel[u] == SlotDecisions.NoChannel)
            {
                continue;
            }
            for (int m = 0; m < l.SbsCount; m++)
            {
                if (m != l.Ues[u].Cell)
                {
                    _crossRef[n++] = new GainRef(u, m, _channel[u]);
                }
            }
        }
        _crossStart[l.UeCount] = n;
        if (_options.LargeScaleCrossGains)
        {
            ReadOnlySpan<double> mean = env.MeanGains;
            double margin = _options.CrossGainMargin;
            for (int i = 0; i < n; i++)
            {
                _crossGain[i] = margin * mean[_crossRef[i].Ue * l.SbsCount + _crossRef[i].Sbs];
            }
            return;
        }
        env.CurrentSlotGains(_crossRef.AsSpan(0, n), _crossGain.AsSpan(0, n));
    }

    private void SolvePowers(ReadOnlySpan<UeTask> tasks)
    {
        ScenarioLayout l = _layout;
        double noise = l.NoisePowerW, bandwidth = l.BandwidthHz;
        for (int u = 0; u < l.UeCount; u++)
        {
            _power[u] = _leftOut[u] ? YardstickOptions.LeftOutPowerFraction * l.Ues[u].MaxPowerW : 0;
            if (_channel[u] == SlotDecisions.NoChannel || _leftOut[u])
            {
                continue;
            }
            UeTask t = tasks[u];
            double edgeDelay = t.Cycles / (_share[u] * l.Sbs[l.Ues[u].Cell].CpuHz);
            double transmitTime = (1 - _options.DeadlineMargin) * t.DeadlineS - edgeDelay;
            // Required SINR 2^(d / (B t)) - 1; infinite when the edge delay alone misses the target.
            _sinrTarget[u] = transmitTime > 0 ? Math.Exp(Math.Log(2) * t.Bits / (bandwidth * transmitTime)) - 1 : double.PositiveInfinity;
        }
        for (int it = 0; it < _options.MaxIterations; it++)
        {
            Interference();
            bool moved = false;
            for (int u = 0; u < l.UeCount; u++)
            {
                if (_channel[u] == SlotDecisions.NoChannel || _leftOut[u])
                {
                    continue;
                }
                double pMax = l.Ues[u].MaxPowerW;
                double p = Math.Min(pMax, _sinrTarget[u] * (noise + _next[u]) / _signal[u]);
                if (Math.Abs(p - _power[u]) > _options.RelativeTolerance * Math.Max(p, 1e-30))
                {
                    moved = true;
                }
                _power[u] = p;
            }
            if (!moved)
            {
                break;
            }
        }
    }

    // _next[u] := interference at u's SBS on u's channel from the other cells' transmitters.
    private void Interference()
    {
        ScenarioLayout l = _layout;
        int k = l.Channels;
        Array.Fill(_byChannel, -1);
        Array.Clear(_next);
        // Each cell has at most one transmitter per channel.
        for (int u = 0; u < l.UeCount; u++)
        {
            if (_channel[u] != SlotDecisions.NoChannel)
            {
                _byChannel[l.Ues[u].Cell * k + _channel[u]] = u;
            }
        }
        for (int u = 0; u < l.UeCount; u++)
        {
            if (_channel[u] == SlotDecisions.NoChannel)
            {
                continue;
            }
            int own = l.Ues[u].Cell, c = _channel[u];
            // u interferes at every other SBS m on channel c, with gain G[u, m, c] (the cross list of u, SBS order skipping own).
            int idx = _crossStart[u];
            for (int m = 0; m < l.SbsCount; m++)
            {
                if (m == own)
                {
                    continue;
                }
                int victim = _byChannel[m * k + c];
                if (victim >= 0)
                {
                    _next[victim] += _power[u] * _crossGain[idx];
                }
                idx++;
            }
        }
    }
}
