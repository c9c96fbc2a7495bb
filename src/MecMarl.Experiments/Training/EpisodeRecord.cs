namespace MecMarl.Experiments;

/// <summary>
/// One training episode of one scheme and seed: a row of a run's <c>episodes.csv</c> (tidy data:
/// figures and statistics read these rows back).
/// </summary>
public sealed record EpisodeRecord
{
    /// <summary>Scheme id (<see cref="SchemeIds"/>).</summary>
    public required string Scheme { get; init; }

    /// <summary>Training seed of the run.</summary>
    public required int Seed { get; init; }

    /// <summary>Episode index, from 0.</summary>
    public required int Episode { get; init; }

    /// <summary>System reward of the episode: sum over its slots of sum over all UEs of u_n (SPEC 6; Fig. 4).</summary>
    public required double SystemReward { get; init; }

    /// <summary>Local reward R^Fl_m of each agent (SBS) summed over the episode's slots (eq. 23; Fig. 5).</summary>
    public required double[] AgentRewards { get; init; }

    /// <summary>Deadlines met in the episode, percent of (UE, slot) pairs (SPEC 9).</summary>
    public required double LatencyMetPct { get; init; }

    /// <summary>Energy counted in the episode, J per UE per slot (LocE + OffE, SPEC 5-6).</summary>
    public required double EnergyJ { get; init; }

    /// <summary>Mean critic loss of the episode's updates; NaN before learning starts.</summary>
    public required double CriticLoss { get; init; }

    /// <summary>Mean actor loss of the episode's updates; NaN before learning starts.</summary>
    public required double ActorLoss { get; init; }

    /// <summary>Exploration noise standard deviation at the end of the episode.</summary>
    public required double NoiseStd { get; init; }

    /// <summary>Wall-clock seconds of the episode: its slot loop and aggregation hooks (checkpoints and the divergence check after it are not counted); <see cref="SlotBudget"/> splits it.</summary>
    public required double WallSeconds { get; init; }
}
