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

    /// <summary>Creates an evaluator for a layout (only its constants and cells are used, not positions).</summary>
    public SlotEvaluator(ScenarioLayout layout)
    {
        _layout = layout;
        _interference = new double[layout.SbsCount * layout.Channels];
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
        int k = l.Channels, sbsCount = l.SbsCount, ueCount = l.UeCount;
        int[] cells = l.UeCell;
        Span<double> interference = _interference;

        // Eq. 1: interference at every SBS on every channel from the transmitting UEs of other cells.
        Interference(l, gains, d, interference);

        double noiseW = l.NoisePowerW, bandwidth = l.BandwidthHz, beta = l.Beta;
        double? clip = l.PenaltyClipS;
        Span<double> cellRewards = result.CellRewards;
        cellRewards.Clear();
        double[] ueCpu = l.UeCpuHz, ueEps = l.UeJoulesPerCycle, sbsCpu = l.SbsCpuHz, sbsEps = l.SbsJoulesPerCycle;
        UeOutcome[] outcomes = result.Ues;
        for (int u = 0; u < ueCount; u++)
        {
            int m = cells[u];
            UeTask task = tasks[u];
            double alpha = d.Alpha[u];
            ref UeOutcome o = ref outcomes[u];

            // Eqs. 3-4: local part.
            double localShare = 1.0 - alpha;
            o.LocalDelayS = localShare * task.Cycles / ueCpu[u];
            o.LocalEnergyJ = localShare * task.Cycles * ueEps[u];

            if (alpha > 0)
            {
                int ch = d.Channel[u];
                double p = d.PowerW[u];
                double i = interference[m * k + ch];
                double h = gains[(u * sbsCount + m) * k + ch];
                // Eq. 2: U = B log2(1 + p h / (N0 B + I)), as B log1p(x) / ln 2.
                double rate = bandwidth * LogOnePlus(p * h / (noiseW + i)) / Ln2;
                double transmitS = alpha * task.Bits / rate;                                 // eq. 5
                double executeS = alpha * task.Cycles / (d.Share[u] * sbsCpu[m]);            // eq. 7
                // Eq. 6 with the dropped-task rule: the upload stops at T~ + clip.
                double countedS = clip is { } c ? Math.Min(transmitS, task.DeadlineS + c) : transmitS;
                o.RateBps = rate;
                o.InterferenceW = i;
                o.OffloadDelayS = transmitS + executeS;                                      // eq. 9
                o.OffloadEnergyJ = p * countedS + alpha * task.Cycles * sbsEps[m];           // eqs. 6, 8, 10
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
            o.V = o.Met ? beta : clip is { } cl ? Math.Max(slack, -cl) : slack;
            o.Utility = -o.LocalEnergyJ - o.OffloadEnergyJ + o.V;
            cellRewards[m] += o.Utility;                                                     // eq. 23
        }

        double system = 0;
        for (int m = 0; m < sbsCount; m++)
        {
            system += cellRewards[m];                                                        // eq. 12
        }
        result.SystemReward = system;
    }

    /// <summary>
    /// Eq. 1: the interference I[k](m) at every SBS on every channel from the transmitting UEs of other cells at the
    /// powers of <paramref name="d"/>, into <paramref name="destination"/> (flat m * K + k, W; overwritten).
    /// </summary>
    internal static void Interference(ScenarioLayout l, ReadOnlySpan<double> gains, SlotDecisions d, Span<double> destination)
    {
        int k = l.Channels, sbsCount = l.SbsCount;
        int[] cells = l.UeCell;
        destination.Clear();
        for (int u = 0; u < l.UeCount; u++)
        {
            if (d.Alpha[u] > 0)
            {
                int ch = d.Channel[u], own = cells[u];
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
