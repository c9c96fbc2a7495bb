namespace MecMarl.Simulation;

/// <summary>What <see cref="HeuristicPolicy"/>'s channel matching minimizes.</summary>
public enum HeuristicObjective
{
    /// <summary>The planned energy of the cell (JSON "energy"); a plan is feasible when the estimate says it meets the deadline.</summary>
    Energy,

    /// <summary>
    /// The expected number of missed deadlines, then energy (JSON "risk"): this slot's interference on a channel is
    /// modelled as exponential with mean the (unscaled) estimate (one dominant Rayleigh-faded interferer), so a plan that
    /// tolerates interference x succeeds with probability 1 - exp(-x / I_est); the cost is the miss probability plus
    /// <see cref="HeuristicOptions.EnergyWeight"/> times the energy, and a plan below <see cref="HeuristicOptions.MinSuccess"/> is hopeless.
    /// </summary>
    Risk,
}
