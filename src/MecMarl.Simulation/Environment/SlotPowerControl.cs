namespace MecMarl.Simulation;

/// <summary>
/// Closed-loop power control within a slot (<see cref="EnvironmentConfig.PowerControlRounds"/>; docs/dense.md,
/// "Power control within the slot"): after the decisions of a slot are made and before the slot is evaluated,
/// every offloading UE transmits at its decided power, its SBS measures the interference on the UE's channel
/// and sends it the least power that would meet its deadline against that interference, and the UEs switch to
/// it; R rounds. Per UE n on channel k of cell m, round r:
/// <c>p_n(r) = min(P_max, gamma_n (N0 B + I_n(p(r - 1))) / h_n)</c>, with
/// <c>gamma_n = 2^(alpha_n d_n / (B t_n)) - 1</c>, <c>t_n = (1 - margin) T~_n - alpha_n omega_n / (f_n C_bar_m)</c>
/// (eqs. 4-10 solved for p, the offloaded part in time) and I_n the interference at SBS m on channel k from the
/// other cells' UEs at their powers of the round before (eq. 5), over the slot's actual gains, fading included.
/// This is the iteration of Foschini and Miljanic that the yardstick runs to convergence (docs/yardstick.md),
/// run here for R rounds from the decided powers; it is decentralized: a UE's new power depends only on what its
/// own SBS measures and knows (its UE's gain, task, offloaded fraction and MEC share), and no message passes
/// between cells. UEs whose offloaded part cannot meet the deadline whatever the power (t_n &lt;= 0, such as the
/// heuristic's dropped UEs with their token share) keep their decided power. With
/// <see cref="EnvironmentConfig.PowerControlLeaveOut"/>, after each round every cell gives up its UE whose needed
/// power exceeds P_max by the largest factor (it transmits at 1% of P_max from then on, as a dropped UE).
/// Allocation-free after construction.
/// </summary>
internal sealed class SlotPowerControl
{
    private const double LeftOutPowerFraction = 0.01;

    private readonly int _rounds;
    private readonly double _margin;
    private readonly bool _leaveOut;
    private readonly double[] _sinrTarget;
    private readonly double[] _interference; // I[k](m) at the powers of the round before, flat m * K + k, W (eq. 1)
    private readonly bool[] _controlled;

    /// <summary>Creates the control for a layout (or one of the same shape) and the environment's settings.</summary>
    public SlotPowerControl(ScenarioLayout layout, EnvironmentConfig config)
    {
        _rounds = config.PowerControlRounds;
        _margin = config.PowerControlMargin ?? EnvironmentConfig.DefaultPowerControlMargin;
        _leaveOut = config.PowerControlLeaveOut;
        _sinrTarget = new double[layout.UeCount];
        _interference = new double[layout.SbsCount * layout.Channels];
        _controlled = new bool[layout.UeCount];
    }

    /// <summary>
    /// Runs the rounds on <paramref name="decisions"/> (their powers are replaced) with the slot's gains
    /// <paramref name="gains"/> (own-cell gains and the cross gains of every transmitting UE's channel drawn) and tasks.
    /// </summary>
    public void Apply(ScenarioLayout layout, ReadOnlySpan<double> gains, ReadOnlySpan<UeTask> tasks, SlotDecisions decisions)
    {
        ScenarioLayout l = layout;
        int k = l.Channels;
        double noise = l.NoisePowerW, bandwidth = l.BandwidthHz;
        for (int u = 0; u < l.UeCount; u++)
        {
            _controlled[u] = false;
            if (decisions.Alpha[u] <= 0)
            {
                continue;
            }
            int cell = l.UeCell[u];
            double share = decisions.Share[u], alpha = decisions.Alpha[u];
            if (share <= 0)
            {
                continue;
            }
            UeTask t = tasks[u];
            double transmitTime = (1 - _margin) * t.DeadlineS - alpha * t.Cycles / (share * l.SbsCpuHz[cell]);
            if (transmitTime <= 0)
            {
                continue;
            }
            _sinrTarget[u] = Math.Exp(Math.Log(2) * alpha * t.Bits / (bandwidth * transmitTime)) - 1;
            _controlled[u] = true;
        }
        for (int r = 0; r < _rounds; r++)
        {
            SlotEvaluator.Interference(l, gains, decisions, _interference);
            for (int u = 0; u < l.UeCount; u++)
            {
                if (_controlled[u])
                {
                    int cell = l.UeCell[u], c = decisions.Channel[u];
                    double h = gains[l.GainIndex(u, cell, c)];
                    decisions.PowerW[u] = Math.Min(l.UeMaxPowerW[u], _sinrTarget[u] * (noise + _interference[cell * k + c]) / h);
                }
            }
            if (_leaveOut)
            {
                LeaveOutWorst(l, gains, decisions);
            }
        }
    }

    // Every cell gives up the UE whose least power against the interference just measured exceeds P_max by the
    // largest factor (ties: the lower UE).
    private void LeaveOutWorst(ScenarioLayout l, ReadOnlySpan<double> gains, SlotDecisions decisions)
    {
        SlotEvaluator.Interference(l, gains, decisions, _interference);
        double noise = l.NoisePowerW;
        int k = l.Channels;
        for (int m = 0; m < l.SbsCount; m++)
        {
            int worst = -1;
            double worstRatio = 1.0;
            foreach (int u in l.CellUes(m))
            {
                if (!_controlled[u])
                {
                    continue;
                }
                int c = decisions.Channel[u];
                double h = gains[l.GainIndex(u, m, c)];
                double ratio = _sinrTarget[u] * (noise + _interference[m * k + c]) / (h * l.UeMaxPowerW[u]);
                if (ratio > worstRatio * (1 + 1e-9))
                {
                    worstRatio = ratio;
                    worst = u;
                }
            }
            if (worst >= 0)
            {
                _controlled[worst] = false;
                decisions.PowerW[worst] = LeftOutPowerFraction * l.UeMaxPowerW[worst];
            }
        }
    }
}
