using System.Runtime.CompilerServices;

namespace MecMarl.Simulation;

/// <summary>
/// Evaluates the decisions of one slot (SPEC 5-6, paper eqs. 1-13, with the dropped-task rule).
/// Allocation-free after construction. Decisions must be valid (see <see cref="DecisionValidator"/>).
/// </summary>
/// <remarks>
/// Reads only the gains it needs from the flat gain array: G[u, cell(u), k_u] and G[u, m', k_u]
/// (m' another cell) of every transmitting UE u. The environment fills only those.
/// </remarks>
public sealed class SlotEvaluator
{
    private readonly ScenarioLayout _layout;
    private readonly double[] _interference;
    private readonly bool[] _affected;

    /// <summary>Creates an evaluator for a layout (only its constants and cells are used, not positions).</summary>
    public SlotEvaluator(ScenarioLayout layout)
    {
        _layout = layout;
        _interference = new double[layout.SbsCount * layout.Channels];
        _affected = new bool[layout.Channels];
    }

    /// <summary>
    /// Interference I[k](m) of the last evaluated slot, flat [m * K + k], W: the sum over the
    /// transmitting UEs of other cells on channel k of p * G[u, m, k] (eq. 1).
    /// </summary>
    public ReadOnlySpan<double> InterferenceW => _interference;

    /// <summary>
    /// Evaluates one slot into <paramref name="result"/>.
    /// </summary>
    /// <param name="gains">Flat gains G[u, m, k] of the slot (see <see cref="ScenarioLayout.GainIndex"/>).</param>
    /// <param name="tasks">Each UE's task.</param>
    /// <param name="d">Valid decisions.</param>
    /// <param name="result">Output buffer.</param>
    public void Evaluate(ReadOnlySpan<double> gains, ReadOnlySpan<UeTask> tasks, SlotDecisions d, SlotResult result)
    {
        ScenarioLayout l = _layout;
        int sbsCount = l.SbsCount, ueCount = l.UeCount;
        int[] cells = l.UeCell;
        Span<double> interference = _interference;

        // Eq. 1: interference at every SBS on every channel from the transmitting UEs of other cells.
        Interference(l, gains, d, interference);

        Span<double> cellRewards = result.CellRewards;
        cellRewards.Clear();
        UeOutcome[] outcomes = result.Ues;
        for (int u = 0; u < ueCount; u++)
        {
            int m = cells[u];
            Outcome(l, u, gains, tasks[u], d, interference, ref outcomes[u]);
            cellRewards[m] += outcomes[u].Utility;                                            // eq. 23
        }

        result.SystemReward = Sum(cellRewards[..sbsCount]);                                  // eq. 12
    }

    /// <summary>
    /// Evaluates a slot whose decisions <paramref name="d"/> differ from <paramref name="baseline"/> only for the UEs
    /// of <paramref name="cell"/>, on the gains and tasks <paramref name="baseline"/> was evaluated on (into
    /// <paramref name="baselineResult"/>, with the interference <paramref name="baselineInterference"/>, flat m * K + k,
    /// W), into <paramref name="result"/>: the same values, bit for bit, as <see cref="Evaluate"/> of
    /// <paramref name="d"/>. Only the interference on the channels where the cell's transmissions changed (a UE
    /// starting or stopping to offload, or changing channel or power) is summed again, and only the outcomes of the
    /// cell's UEs and of the UEs offloading on those channels are computed again; the rest are the baseline's. When
    /// more than half the channels changed, the slot is evaluated in full instead. Used for the counterfactual slots
    /// of the difference rewards (docs/performance.md).
    /// </summary>
    /// <param name="gains">The flat gains <paramref name="baseline"/> was evaluated on, with the cross gains of the
    /// cell's transmitting UEs of <paramref name="d"/> as well.</param>
    /// <param name="tasks">Each UE's task, as for the baseline.</param>
    /// <param name="baseline">Valid decisions, evaluated into <paramref name="baselineResult"/>.</param>
    /// <param name="baselineResult">The evaluation of <paramref name="baseline"/> (not <paramref name="result"/>).</param>
    /// <param name="baselineInterference">The interference of that evaluation (<see cref="InterferenceW"/> then).</param>
    /// <param name="cell">The one cell whose UEs' decisions may differ.</param>
    /// <param name="d">Valid decisions equal to <paramref name="baseline"/> outside <paramref name="cell"/>.</param>
    /// <param name="result">Output buffer.</param>
    public void EvaluateCellChange(ReadOnlySpan<double> gains, ReadOnlySpan<UeTask> tasks, SlotDecisions baseline,
        SlotResult baselineResult, ReadOnlySpan<double> baselineInterference, int cell, SlotDecisions d, SlotResult result)
    {
        ArgumentNullException.ThrowIfNull(baselineResult);
        ArgumentNullException.ThrowIfNull(result);
        if (ReferenceEquals(baselineResult, result))
        {
            throw new ArgumentException("the result must not be the baseline's", nameof(result));
        }
        ScenarioLayout l = _layout;
        int sbsCount = l.SbsCount, ueCount = l.UeCount;
        int[] cells = l.UeCell;
        Span<bool> affected = _affected;
        affected.Clear();
        foreach (int u in l.CellUes(cell))
        {
            bool was = baseline.Alpha[u] > 0, now = d.Alpha[u] > 0;
            if (was && now && baseline.Channel[u] == d.Channel[u] && baseline.PowerW[u] == d.PowerW[u])
            {
                continue;
            }
            if (was)
            {
                affected[baseline.Channel[u]] = true;
            }
            if (now)
            {
                affected[d.Channel[u]] = true;
            }
        }
        if (affected.Count(true) * 2 > affected.Length)
        {
            // Most channels changed (a cell decided afresh): a full evaluation costs less than the update.
            Evaluate(gains, tasks, d, result);
            return;
        }

        Span<double> interference = _interference;
        baselineInterference.CopyTo(interference);
        for (int ch = 0; ch < affected.Length; ch++)
        {
            if (affected[ch])
            {
                ChannelInterference(l, gains, d, ch, interference);
            }
        }

        baselineResult.Ues.AsSpan().CopyTo(result.Ues);
        UeOutcome[] outcomes = result.Ues;
        Span<double> cellRewards = result.CellRewards;
        cellRewards.Clear();
        for (int u = 0; u < ueCount; u++)
        {
            int m = cells[u];
            if (m == cell || (d.Alpha[u] > 0 && affected[d.Channel[u]]))
            {
                Outcome(l, u, gains, tasks[u], d, interference, ref outcomes[u]);
            }
            cellRewards[m] += outcomes[u].Utility;                                            // eq. 23
        }

        result.SystemReward = Sum(cellRewards[..sbsCount]);                                  // eq. 12
    }

    // Eq. 12: the system reward, the cells' rewards added in cell order.
    private static double Sum(ReadOnlySpan<double> cellRewards)
    {
        double system = 0;
        foreach (double r in cellRewards)
        {
            system += r;
        }
        return system;
    }

    // Eqs. 2-11 and 13 for UE u (SPEC 5-6): its outcome from its decisions, its gains and the interference I[k](m).
    // The one place these are computed, so a full and an incremental evaluation give the same bits.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Outcome(ScenarioLayout l, int u, ReadOnlySpan<double> gains, UeTask task, SlotDecisions d,
        ReadOnlySpan<double> interference, ref UeOutcome o)
    {
        int m = l.UeCell[u];
        double alpha = d.Alpha[u];
        double? clip = l.PenaltyClipS;

        // Eqs. 3-4: local part.
        double localShare = 1.0 - alpha;
        o.LocalDelayS = localShare * task.Cycles / l.UeCpuHz[u];
        o.LocalEnergyJ = localShare * task.Cycles * l.UeJoulesPerCycle[u];

        if (alpha > 0)
        {
            int ch = d.Channel[u];
            double p = d.PowerW[u];
            double i = interference[m * l.Channels + ch];
            double h = gains[(u * l.SbsCount + m) * l.Channels + ch];
            // Eq. 2: U = B log2(1 + p h / (N0 B + I)), as B log1p(x) / ln 2.
            double rate = l.BandwidthHz * LogOnePlus(p * h / (l.NoisePowerW + i)) / Ln2;
            double transmitS = alpha * task.Bits / rate;                                     // eq. 5
            double executeS = alpha * task.Cycles / (d.Share[u] * l.SbsCpuHz[m]);            // eq. 7
            // Eq. 6 with the dropped-task rule: the upload stops at T~ + clip.
            double countedS = clip is { } c ? Math.Min(transmitS, task.DeadlineS + c) : transmitS;
            o.RateBps = rate;
            o.InterferenceW = i;
            o.OffloadDelayS = transmitS + executeS;                                          // eq. 9
            o.OffloadEnergyJ = p * countedS + alpha * task.Cycles * l.SbsJoulesPerCycle[m];  // eqs. 6, 8, 10
        }
        else
        {
            o.RateBps = 0;
            o.InterferenceW = 0;
            o.OffloadDelayS = 0;
            o.OffloadEnergyJ = 0;
        }

        // Eq. 11 and the deadline; eq. 13 with the penalty clip.
        o.DelayS = Math.Max(o.LocalDelayS, o.OffloadDelayS);
        o.DeadlineS = task.DeadlineS;
        double slack = task.DeadlineS - o.DelayS;
        o.Met = slack >= 0;
        o.V = o.Met ? l.Beta : clip is { } cl ? Math.Max(slack, -cl) : slack;
        o.Utility = -o.LocalEnergyJ - o.OffloadEnergyJ + o.V;
    }

    /// <summary>
    /// Eq. 1: the interference I[k](m) at every SBS on every channel from the transmitting UEs of other cells at the
    /// powers of <paramref name="d"/>, into <paramref name="destination"/> (flat m * K + k, W; overwritten).
    /// </summary>
    internal static void Interference(ScenarioLayout l, ReadOnlySpan<double> gains, SlotDecisions d, Span<double> destination)
    {
        destination.Clear();
        for (int u = 0; u < l.UeCount; u++)
        {
            if (d.Alpha[u] > 0)
            {
                AddTransmitter(l, gains, d, u, destination);
            }
        }
    }

    // Eq. 1 on channel ch only: I[ch](m) at every SBS, summed in the same order as Interference (so the same bits).
    private static void ChannelInterference(ScenarioLayout l, ReadOnlySpan<double> gains, SlotDecisions d, int ch, Span<double> destination)
    {
        int k = l.Channels;
        for (int m = 0; m < l.SbsCount; m++)
        {
            destination[m * k + ch] = 0;
        }
        for (int u = 0; u < l.UeCount; u++)
        {
            if (d.Alpha[u] > 0 && d.Channel[u] == ch)
            {
                AddTransmitter(l, gains, d, u, destination);
            }
        }
    }

    // Adds transmitting UE u's interference p G[u, m, k_u] at every other cell's SBS on its channel (eq. 1).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddTransmitter(ScenarioLayout l, ReadOnlySpan<double> gains, SlotDecisions d, int u, Span<double> destination)
    {
        int k = l.Channels, sbsCount = l.SbsCount;
        int ch = d.Channel[u], own = l.UeCell[u];
        double p = d.PowerW[u];
        int g0 = u * sbsCount * k + ch;
        for (int m = 0; m < sbsCount; m++)
        {
            if (m != own)
            {
                destination[m * k + ch] += p * gains[g0 + m * k];
            }
        }
    }

    private static readonly double Ln2 = Math.Log(2.0);

    /// <summary>
    /// log(1 + x), accurate for small x (Goldberg's correction: log(u) * x / (u - 1) with u = 1 + x
    /// cancels the rounding of u); <c>double.LogP1</c> is plain <c>Log(1 + x)</c>.
    /// </summary>
    public static double LogOnePlus(double x)
    {
        double u = 1.0 + x;
        return u == 1.0 ? x : Math.Log(u) * x / (u - 1.0);
    }
}
