namespace MecMarl.Simulation;

/// <summary>What happened to one UE in one slot (SPEC 5-6; the per-UE entry of a results file).</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1051", Justification = "A hot-path value written field by field through a ref by the slot evaluator.")]
public struct UeOutcome
{
    /// <summary>Uplink rate U_n, bit/s (eq. 2); 0 for a local UE.</summary>
    public double RateBps;

    /// <summary>Interference I[k_n](m) at the UE's own SBS on its channel, W (eq. 1); 0 for a local UE.</summary>
    public double InterferenceW;

    /// <summary>Local execution delay LocT_n, s (eq. 3).</summary>
    public double LocalDelayS;

    /// <summary>Offloading delay OffT_n = transmission + edge execution, s (eqs. 5, 7, 9); 0 for a local UE.</summary>
    public double OffloadDelayS;

    /// <summary>Completion delay T_n = max(LocT_n, OffT_n), s (eq. 11).</summary>
    public double DelayS;

    /// <summary>Deadline T~_n of the task, s.</summary>
    public double DeadlineS;

    /// <summary>Local energy LocE_n, J (eq. 4).</summary>
    public double LocalEnergyJ;

    /// <summary>Offloading energy OffE_n counted (transmission, capped by the dropped-task rule, plus edge execution), J (eqs. 6, 8, 10).</summary>
    public double OffloadEnergyJ;

    /// <summary>True iff T_n &lt;= T~_n.</summary>
    public bool Met;

    /// <summary>Delay term V_n (eq. 13 with the penalty clip of SPEC 6).</summary>
    public double V;

    /// <summary>Utility u_n = -LocE_n - OffE_n + V_n.</summary>
    public double Utility;
}
