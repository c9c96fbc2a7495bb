namespace MecMarl.Simulation;

/// <summary>The evaluation of one slot: per-UE outcomes, cell rewards and the system reward. A reusable buffer.</summary>
public sealed class SlotResult
{
    /// <summary>Creates a result buffer for <paramref name="ueCount"/> UEs and <paramref name="sbsCount"/> cells.</summary>
    public SlotResult(int ueCount, int sbsCount)
    {
        Ues = new UeOutcome[ueCount];
        CellRewards = new double[sbsCount];
    }

    /// <summary>Outcome of each UE (scenario <c>ues</c> order).</summary>
    public UeOutcome[] Ues { get; }

    /// <summary>Local (cell) reward R^Fl_m = sum over the cell's UEs of u_n (eq. 23).</summary>
    public double[] CellRewards { get; }

    /// <summary>System reward = sum over cells of R^Fl_m = the cooperative reward R^Co (eq. 12).</summary>
    public double SystemReward { get; set; }

    /// <summary>Deadlines met in the slot (UEs whose completion delay is within the deadline, SPEC 5).</summary>
    public int DeadlinesMet()
    {
        int met = 0;
        for (int n = 0; n < Ues.Length; n++)
        {
            met += Ues[n].Met ? 1 : 0;
        }
        return met;
    }

    /// <summary>Deadlines met in the slot by the UEs <paramref name="ues"/> (indices, e.g. one cell's, <see cref="ScenarioLayout.CellUes"/>).</summary>
    public int DeadlinesMet(ReadOnlySpan<int> ues)
    {
        int met = 0;
        foreach (int n in ues)
        {
            met += Ues[n].Met ? 1 : 0;
        }
        return met;
    }

    /// <summary>A deep copy.</summary>
    public SlotResult Clone()
    {
        var copy = new SlotResult(Ues.Length, CellRewards.Length) { SystemReward = SystemReward };
        Ues.CopyTo(copy.Ues, 0);
        CellRewards.CopyTo(copy.CellRewards, 0);
        return copy;
    }
}
