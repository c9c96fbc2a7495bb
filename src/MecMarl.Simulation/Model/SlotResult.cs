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

    /// <summary>A deep copy.</summary>
    public SlotResult Clone()
    {
        var copy = new SlotResult(Ues.Length, CellRewards.Length) { SystemReward = SystemReward };
        Ues.CopyTo(copy.Ues, 0);
        CellRewards.CopyTo(copy.CellRewards, 0);
        return copy;
    }
}
