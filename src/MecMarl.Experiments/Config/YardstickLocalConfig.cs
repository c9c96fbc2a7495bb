using System.ComponentModel.DataAnnotations;
using MecMarl.Simulation;

namespace MecMarl.Experiments;

/// <summary>
/// The <c>policies.yardstick-local</c> section: settings of the partial-information yardstick
/// <c>yardstick-local</c> (<see cref="YardstickPolicy"/> with large-scale cross-cell gains,
/// docs/yardstick.md). Written to a run's config.json only when it differs from the defaults.
/// </summary>
public sealed record YardstickLocalConfig
{
    /// <summary>Fraction of each deadline kept as a margin: the powers target (1 - margin) T~_n. Dimensionless, in [0, 1). Default 0.05.</summary>
    [Range(0.0, 1.0, MaximumIsExclusive = true)]
    public double DeadlineMargin { get; init; } = 0.05;

    /// <summary>Leave out the UEs whose least power exceeds P_max instead of sending them at P_max (<see cref="YardstickOptions.LeaveOutInfeasible"/>). Default false.</summary>
    public bool LeaveOutInfeasible { get; init; }

    /// <summary>Factor kappa on the large-scale cross-cell gains, a margin against the fading the policy does not see (<see cref="YardstickOptions.CrossGainMargin"/>). Dimensionless, finite, &gt;= 1. Default 1.</summary>
    [Range(1.0, double.PositiveInfinity)]
    public double CrossGainMargin { get; init; } = 1.0;

    /// <summary>The policy's options: these settings with the cross-cell gains known at large scale only.</summary>
    public YardstickOptions Options() => new()
    {
        DeadlineMargin = DeadlineMargin,
        LeaveOutInfeasible = LeaveOutInfeasible,
        LargeScaleCrossGains = true,
        CrossGainMargin = CrossGainMargin,
    };
}
