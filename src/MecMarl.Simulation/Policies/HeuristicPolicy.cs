namespace MecMarl.Simulation;

/// <summary>
/// The strongest non-learned decentralized policy MecMarl has (id <c>heuristic</c>; docs/dense.md): each
/// SBS decides for its own UEs from exactly what its agent observes (SPEC 7): its UEs' gains h[n,k](m)
/// of the slot, their tasks, and the interference I_prev[k](m) it measured on each channel in the
/// previous slot. No other cell's gains, tasks or decisions are read. Per cell and slot:
/// <list type="number">
/// <item>MEC shares proportional to the offloaded cycles (every offloading UE gets the same edge delay).</item>
/// <item>For every (UE, channel) pair a plan: the least power that meets (1 - margin) T~ with the whole task
/// offloaded against the estimated interference (<see cref="HeuristicOptions.InterferenceFactor"/> times
/// I_prev, eqs. 4-10 solved for p: p = (2^(d / (B t)) - 1) (N0 B + I) / h with t = (1 - margin) T~ - omega / (f C_bar));
/// if that exceeds P_max, the largest offloaded fraction alpha that meets the deadline at P_max with the rest
/// computed locally; otherwise the pair is hopeless. Its cost is the plan's energy (eqs. 6, 7, 9), or a
/// constant far above any energy for a hopeless pair.</item>
/// <item>UEs matched to channels by minimum total cost (<see cref="MinCostAssignment"/>): as many UEs meet
/// their deadline as the estimate allows, then with the least energy.</item>
/// <item>Hopeless UEs are left out (<see cref="HopelessUeHandling"/>; default: dropped at the least power with
/// a token share, so they spare the others' interference), and steps 1-3 are repeated once with the MEC
/// shared among the remaining UEs only.</item>
/// </list>
/// Allocation-free after construction.
/// </summary>
public sealed class HeuristicPolicy : IDecisionPolicy
{
    private const double HopelessCost = 1e6;

    private ScenarioLayout _layout;
    private readonly HeuristicOptions _options;
    private readonly MinCostAssignment _assignment;
    private readonly double[] _cost;
    private readonly double[] _planAlpha;
    private readonly double[] _planPower;
    private readonly bool[] _planFeasible;
    private readonly int[] _assigned;
    private readonly bool[] _active;
    private readonly double[] _share;
    private readonly double[] _interference;
    private readonly double[] _estimate;
    private readonly double[] _factor;
    private bool _adjusted;

    /// <summary>Creates the policy for a layout.</summary>
    public HeuristicPolicy(ScenarioLayout layout, HeuristicOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(layout);
        _options = options ?? new HeuristicOptions();
        _options.Validate();
        _layout = layout;
        int n = layout.MaxCellSize, k = layout.Channels;
        _assignment = new MinCostAssignment(Math.Max(n, k));
        _cost = new double[n * k];
        _planAlpha = new double[n * k];
        _planPower = new double[n * k];
        _planFeasible = new bool[n * k];
        _assigned = new int[n];
        _active = new bool[n];
        _share = new double[n];
        _interference = new double[k];
        _estimate = new double[k];
        _factor = new double[n * (3 + k)];
    }

    /// <summary>Range of the per-UE corrections of <see cref="HeuristicDecoder"/>: an action entry a scales its
    /// quantity by 10^(decades (a - 1/2)), decades (the environment's <c>decoderPowerRangeDecades</c>). Default 1.</summary>
    public double AdjustmentDecades { get; init; } = 1.0;

    // The correction factor 10^(decades (a - 1/2)) of entry e of UE i's action; 1 without an action. Computed once per
    // cell decision (DecideCell), since the shares, the plan and the channel costs read each factor several times.
    private double Factor(int i, int e) => _adjusted ? _factor[i * (3 + _layout.Channels) + e] : 1.0;

    // Channel scores: the cost of UE i on channel c is divided by 10^(decades (score - 1/2)), so a high score
    // makes the pair cheaper and the matching prefers it.
    private void AdjustChannelCosts(int n, int k)
    {
        if (!_adjusted)
        {
            return;
        }
        for (int i = 0; i < n; i++)
        {
            for (int c = 0; c < k; c++)
            {
                _cost[i * k + c] /= Factor(i, 3 + c);
            }
        }
    }

    // Channel persistence: the cost of a feasible plan on the channel the UE used in the previous slot is divided by
    // the persistence factor, so the matching keeps a UE on its channel unless another is clearly cheaper.
    private void PreferPreviousChannels(ReadOnlySpan<int> ues, int k, ReadOnlySpan<int> previousChannels)
    {
        double persistence = _options.ChannelPersistence ?? 1.0;
        if (persistence == 1.0 || previousChannels.IsEmpty)
        {
            return;
        }
        for (int i = 0; i < ues.Length; i++)
        {
            int c = previousChannels[ues[i]];
            if (c >= 0 && c < k && _planFeasible[i * k + c])
            {
                _cost[i * k + c] /= persistence;
            }
        }
    }

    /// <summary>The options in use.</summary>
    public HeuristicOptions Options => _options;

    /// <inheritdoc />
    public void Decide(MecEnvironment env, SlotDecisions decisions)
    {
        ArgumentNullException.ThrowIfNull(env);
        if (!ReferenceEquals(env.Layout, _layout))
        {
            // Redropped UEs (network.redropEachEpisode): same cells and devices, new positions.
            if (!_layout.SameShape(env.Layout))
            {
                throw new ArgumentException("the environment's layout has another shape (cells, UEs or channels): create the heuristic for it", nameof(env));
            }
            _layout = env.Layout;
        }
        Decide(env.CurrentGains, env.CurrentTasks, env.PreviousInterferenceW, decisions, env.PreviousChannels);
    }

    /// <summary>
    /// Decides every cell from what its agent observes: <paramref name="gains"/> (flat, <see cref="ScenarioLayout.GainIndex"/>;
    /// only own-cell entries are read), <paramref name="tasks"/> (only the cell's own UEs are read) and
    /// <paramref name="previousInterferenceW"/> (flat m * K + k; only the cell's own row is read), and
    /// <paramref name="previousChannels"/> (per UE, the channel it used in the previous slot, -1 none; only the cell's own
    /// UEs are read; empty: none known), which only <see cref="HeuristicOptions.ChannelPersistence"/> uses.
    /// </summary>
    public void Decide(ReadOnlySpan<double> gains, ReadOnlySpan<UeTask> tasks, ReadOnlySpan<double> previousInterferenceW, SlotDecisions decisions,
        ReadOnlySpan<int> previousChannels = default)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        for (int m = 0; m < _layout.SbsCount; m++)
        {
            DecideCell(m, gains, tasks, previousInterferenceW.Slice(m * _layout.Channels, _layout.Channels), decisions, default, previousChannels);
        }
    }

    /// <summary>
    /// Decides the UEs of <paramref name="cell"/> from what its agent observes (see <see cref="Decide(ReadOnlySpan{double}, ReadOnlySpan{UeTask}, ReadOnlySpan{double}, SlotDecisions, ReadOnlySpan{int})"/>;
    /// <paramref name="measured"/> is the cell's own row of I_prev, K values, W), corrected per UE by
    /// <paramref name="adjustment"/>: empty for the plain heuristic, or an action of the SPEC 7 layout (N_m (3 + K)
    /// values in [0, 1], UE-major) read by <see cref="HeuristicDecoder"/>, where 0.5 everywhere is the plain heuristic.
    /// <paramref name="previousChannels"/>: per UE of the layout, the channel it used in the previous slot (-1 none; empty:
    /// none known), read for the cell's own UEs by <see cref="HeuristicOptions.ChannelPersistence"/>.
    /// </summary>
    public void DecideCell(int cell, ReadOnlySpan<double> gains, ReadOnlySpan<UeTask> tasks, ReadOnlySpan<double> measured, SlotDecisions decisions,
        ReadOnlySpan<double> adjustment = default, ReadOnlySpan<int> previousChannels = default)
    {
        ScenarioLayout l = _layout;
        ReadOnlySpan<int> ues = l.CellUes(cell);
        int n = ues.Length, k = l.Channels;
        int stride = 3 + k;
        _adjusted = !adjustment.IsEmpty;
        if (_adjusted)
        {
            if (adjustment.Length != n * stride)
            {
                throw new ArgumentException($"agent {cell}: action has {adjustment.Length} values, expected N_m*(3+K) = {n * stride}", nameof(adjustment));
            }
            for (int i = 0; i < adjustment.Length; i++)
            {
                double v = adjustment[i];
                if (double.IsNaN(v))
                {
                    throw new ArgumentException($"agent {cell}: action value {i} (UE {i / stride} of the cell, entry {i % stride}) is NaN", nameof(adjustment));
                }
                double a = v < 0 ? 0 : v > 1 ? 1 : v;
                _factor[i] = a == 0.5 ? 1.0 : Math.Pow(10, AdjustmentDecades * (a - 0.5));
            }
        }
        EstimateInterference(measured);
        Array.Fill(_active, true, 0, n);
        int dropped = 0;
        for (int pass = 0; pass < 2; pass++)
        {
            AssignShares(ues, tasks, dropped);
            Plan(cell, ues, gains, tasks);
            AdjustChannelCosts(n, k);
            PreferPreviousChannels(ues, k, previousChannels);
            _assignment.Solve(_cost.AsSpan(0, n * k), n, k, _assigned.AsSpan(0, n));
            dropped = 0;
            bool changed = false;
            for (int i = 0; i < n; i++)
            {
                bool ok = _assigned[i] >= 0 && _active[i] && _planFeasible[i * k + _assigned[i]];
                if (!ok && _assigned[i] >= 0 && _options.Hopeless != HopelessUeHandling.Local)
                {
                    dropped++;
                }
                changed |= ok != _active[i];
                _active[i] = ok;
            }
            if (!changed)
            {
                break;
            }
        }
        AssignShares(ues, tasks, dropped);
        bool unmeasured = _options.MaxPowerWithoutMeasurement && !measured.ContainsAnyExcept(0.0);
        for (int i = 0; i < n; i++)
        {
            int u = ues[i], c = _assigned[i];
            double pMax = l.UeMaxPowerW[u];
            if (c < 0)
            {
                decisions.SetLocal(u);
            }
            else if (_active[i])
            {
                decisions.Set(u, _planAlpha[i * k + c], c, unmeasured ? pMax : _planPower[i * k + c], _share[i]);
            }
            else
            {
                switch (_options.Hopeless)
                {
                    case HopelessUeHandling.Drop:
                        decisions.Set(u, 1.0, c, _options.DropPowerFraction * pMax, _options.DropShare);
                        break;
                    case HopelessUeHandling.Local:
                        decisions.SetLocal(u);
                        break;
                    default:
                        decisions.Set(u, 1.0, c, pMax, _options.DropShare);
                        break;
                }
            }
        }
    }

    private void EstimateInterference(ReadOnlySpan<double> measured) => EstimateInterference(_options, measured, _estimate, _interference);

    /// <summary>The heuristic's interference estimate per channel from the cell's measured row (<paramref name="estimate"/>,
    /// W; <see cref="HeuristicOptions.Estimate"/>) and the interference it plans against (<paramref name="planned"/>,
    /// <see cref="HeuristicOptions.InterferenceFactor"/> times the estimate).</summary>
    internal static void EstimateInterference(HeuristicOptions options, ReadOnlySpan<double> measured, Span<double> estimate, Span<double> planned)
    {
        double mean = 0;
        foreach (double v in measured)
        {
            mean += v;
        }
        mean /= measured.Length;
        for (int c = 0; c < measured.Length; c++)
        {
            double e = options.Estimate switch
            {
                InterferenceEstimate.Mean => mean,
                InterferenceEstimate.ChannelOrMean => Math.Max(measured[c], mean),
                _ => measured[c],
            };
            estimate[c] = e;
            planned[c] = options.InterferenceFactor * e;
        }
    }

    // Shares proportional to omega among the active UEs; dropped UEs (when dropping) keep a token share each.
    private void AssignShares(ReadOnlySpan<int> ues, ReadOnlySpan<UeTask> tasks, int dropped)
    {
        double total = 0;
        for (int i = 0; i < ues.Length; i++)
        {
            if (_active[i])
            {
                total += tasks[ues[i]].Cycles * Factor(i, 2);
            }
        }
        double available = 1.0 - dropped * _options.DropShare;
        for (int i = 0; i < ues.Length; i++)
        {
            _share[i] = _active[i] && total > 0 ? available * tasks[ues[i]].Cycles * Factor(i, 2) / total : 0.0;
        }
    }

    // Records a feasible plan; with the risk objective its cost is the miss probability plus weighted energy.
    private void SetPlan(int j, double alpha, double powerW, double energyJ, double toleratedInterferenceW, int channel)
    {
        double cost = energyJ;
        if (_options.Objective == HeuristicObjective.Risk)
        {
            double mean = _estimate[channel];
            double success = toleratedInterferenceW <= 0 ? 0 : mean > 0 ? 1 - Math.Exp(-toleratedInterferenceW / mean) : 1;
            if (success < _options.MinSuccess)
            {
                return;
            }
            cost = 1 - success + _options.EnergyWeight * energyJ;
        }
        _planFeasible[j] = true;
        _planAlpha[j] = alpha;
        _planPower[j] = powerW;
        _cost[j] = cost;
    }

    /// <summary>The SINR a UE needs to upload its whole task within <paramref name="targetS"/> (s) minus its edge delay at
    /// MEC share <paramref name="share"/> of <paramref name="edgeCpuHz"/> (eqs. 2, 5, 7 solved for the SINR); infinite
    /// when the edge delay alone takes the time.</summary>
    internal static double SinrNeeded(UeTask task, double targetS, double share, double edgeCpuHz, double bandwidthHz)
    {
        double edgeDelay = share > 0 ? task.Cycles / (share * edgeCpuHz) : double.PositiveInfinity;
        double transmitTime = targetS - edgeDelay;
        return transmitTime > 0 ? Math.Exp(Math.Log(2) * task.Bits / (bandwidthHz * transmitTime)) - 1 : double.PositiveInfinity;
    }

    private void Plan(int cell, ReadOnlySpan<int> ues, ReadOnlySpan<double> gains, ReadOnlySpan<UeTask> tasks)
    {
        ScenarioLayout l = _layout;
        int k = l.Channels;
        double noise = l.NoisePowerW, bandwidth = l.BandwidthHz, edgeCpu = l.SbsCpuHz[cell], edgeJ = l.SbsJoulesPerCycle[cell];
        double keep = 1 - _options.DeadlineMargin;
        for (int i = 0; i < ues.Length; i++)
        {
            int u = ues[i];
            UeTask t = tasks[u];
            // Entry 0 scales the admission limit (above P_max: a UE is sent at P_max even when the estimate says it
            // will miss), entry 1 the planned power.
            double pMax = l.UeMaxPowerW[u], admit = _options.AdmitPowerFraction * pMax * Factor(i, 0);
            double pAdmit = Math.Min(admit, pMax), powerFactor = _options.PowerFactor * Factor(i, 1), localHz = l.UeCpuHz[u], localJ = l.UeJoulesPerCycle[u];
            double target = keep * t.DeadlineS;
            double sinrNeeded = SinrNeeded(t, target, _share[i], edgeCpu, bandwidth);
            double alphaLow = Math.Max(0, 1 - target * localHz / t.Cycles);
            for (int c = 0; c < k; c++)
            {
                int j = i * k + c;
                double h = gains[l.GainIndex(u, cell, c)];
                double noiseAndInterference = noise + _interference[c];
                double least = sinrNeeded * noiseAndInterference / h;
                _planFeasible[j] = false;
                _cost[j] = HopelessCost;
                _planAlpha[j] = 1.0;
                _planPower[j] = pMax;
                if (!_active[i])
                {
                    continue;
                }
                if (least <= admit)
                {
                    double p = Math.Min(pMax, least * powerFactor);
                    double rate = bandwidth * Math.Log2(1 + p * h / noiseAndInterference);
                    SetPlan(j, 1.0, p, p * t.Bits / rate + t.Cycles * edgeJ, p * h / sinrNeeded - noise, c);
                }
                else if (_options.PartialOffloading && _share[i] > 0)
                {
                    // Largest alpha with alpha (d / U(p) + omega / (f C_bar)) <= target at the admitted power p; the rest local in time.
                    double rate = bandwidth * Math.Log2(1 + pAdmit * h / noiseAndInterference);
                    double alpha = rate > 0 ? target / (t.Bits / rate + t.Cycles / (_share[i] * edgeCpu)) : 0;
                    if (alpha >= alphaLow && alpha > 0)
                    {
                        alpha = Math.Min(alpha, 1.0);
                        double time = target - alpha * t.Cycles / (_share[i] * edgeCpu);
                        double sinr = Math.Exp(Math.Log(2) * alpha * t.Bits / (bandwidth * time)) - 1;
                        SetPlan(j, alpha, pAdmit, pAdmit * alpha * t.Bits / rate + alpha * t.Cycles * edgeJ + (1 - alpha) * t.Cycles * localJ,
                            pAdmit * h / sinr - noise, c);
                    }
                }
            }
        }
    }
}
