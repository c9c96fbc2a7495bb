using System.ComponentModel.DataAnnotations;
using MecMarl.Simulation;

namespace MecMarl.Experiments;

/// <summary>
/// The <c>policies.yardstick</c> section: settings of the model-based <c>yardstick</c>
/// (<see cref="YardstickPolicy"/>, docs/yardstick.md). Written to a run's config.json only when it
/// differs from the defaults.
/// </summary>
public sealed record YardstickConfig
{
    /// <summary>Fraction of each deadline kept as a margin: the powers target (1 - margin) T~_n. Dimensionless, in [0, 1). Default 0.05.</summary>
    [Range(0.0, 1.0, MaximumIsExclusive = true)]
    public double DeadlineMargin { get; init; } = 0.05;

    /// <summary>Leave out the UEs whose least power exceeds P_max instead of sending them at P_max (<see cref="YardstickOptions.LeaveOutInfeasible"/>). Default false.</summary>
    public bool LeaveOutInfeasible { get; init; }

    /// <summary>The policy's options: these settings with exact cross-cell gains.</summary>
    public YardstickOptions Options() => new() { DeadlineMargin = DeadlineMargin, LeaveOutInfeasible = LeaveOutInfeasible };
}
