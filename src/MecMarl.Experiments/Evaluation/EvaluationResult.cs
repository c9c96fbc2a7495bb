namespace MecMarl.Experiments;

/// <summary>
/// The SPEC 9 metrics of one scheme (one training seed for a learning scheme) over the evaluation
/// episodes: energy pooled over all UEs and slots (Fig. 6), latency-guaranteed percentage (Fig. 7),
/// rewards.
/// </summary>
public sealed record EvaluationResult
{
    /// <summary>Scheme id (<see cref="SchemeIds"/>).</summary>
    public required string Scheme { get; init; }

    /// <summary>Training seed (0 for fixed policies, which do not train).</summary>
    public required int Seed { get; init; }

    /// <summary>Seed of the evaluation episodes (fading and tasks).</summary>
    public required ulong EvalSeed { get; init; }

    /// <summary>Number of evaluation episodes.</summary>
    public required int Episodes { get; init; }

    /// <summary>Local computing energy LocE, J per UE per slot (eq. 7; Fig. 6 "local").</summary>
    public required double LocalEnergyJ { get; init; }

    /// <summary>Offloading energy OffE (transmission + edge execution), J per UE per slot (eqs. 4, 6; Fig. 6 "edge").</summary>
    public required double EdgeEnergyJ { get; init; }

    /// <summary>Total energy, J per UE per slot (Fig. 6 "total").</summary>
    public double TotalEnergyJ => LocalEnergyJ + EdgeEnergyJ;

    /// <summary>Deadlines met, percent of (UE, slot) pairs, local UEs included (Fig. 7).</summary>
    public required double LatencyMetPct { get; init; }

    /// <summary>System reward per episode, mean over the evaluation episodes (SPEC 6).</summary>
    public required double SystemReward { get; init; }

    /// <summary>Local reward R^Fl_m per episode of each agent, mean over the evaluation episodes (eq. 23).</summary>
    public required double[] AgentRewards { get; init; }
}
