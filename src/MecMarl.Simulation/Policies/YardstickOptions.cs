namespace MecMarl.Simulation;

/// <summary>Options of <see cref="YardstickPolicy"/>.</summary>
public sealed record YardstickOptions
{
    /// <summary>Fraction of each deadline kept as a margin: the power targets a completion delay of
    /// (1 - margin) T~_n. Dimensionless, in [0, 1). Default 0.05.</summary>
    public double DeadlineMargin { get; init; } = 0.05;

    /// <summary>Maximum iterations of the joint power fixed point. Default 200.</summary>
    public int MaxIterations { get; init; } = 200;

    /// <summary>The fixed point stops when no power moves by more than this fraction. Default 1e-9.</summary>
    public double RelativeTolerance { get; init; } = 1e-9;

    /// <summary>
    /// False (the yardstick, id <c>yardstick</c>): the power fixed point uses the current slot's
    /// cross-cell gains, fading included. True (the partial-information yardstick, id
    /// <c>yardstick-local</c>): it uses only their large-scale part, path loss times shadowing
    /// (<see cref="MecEnvironment.MeanGains"/>), as a controller without instantaneous cross-cell
    /// channel knowledge would; own-cell gains stay exact. Default false.
    /// </summary>
    public bool LargeScaleCrossGains { get; init; }

    /// <summary>
    /// Factor kappa on the large-scale cross-cell gains the power fixed point uses when
    /// <see cref="LargeScaleCrossGains"/> is set: a margin against the fading that the controller does
    /// not see (the powers are solved as if every cross gain were kappa times its mean). Dimensionless,
    /// finite, at least 1; 1 (the default) is the mean itself. Only the partial-information yardstick
    /// reads it (JSON <c>policies.yardstick-local.crossGainMargin</c>; docs/yardstick.md).
    /// </summary>
    public double CrossGainMargin { get; init; } = 1.0;

    /// <summary>
    /// False (the default): a UE whose least power exceeds P_max transmits at P_max. True: such UEs
    /// are left out one cell at a time, the one needing the most power beyond P_max first, with the
    /// MEC shares and the fixed point solved again after each round, until every UE left in is
    /// feasible; a UE left out offloads at 1% of P_max with a 0.1% MEC share (given up: it costs
    /// almost no energy and causes almost no interference, as the heuristic's dropped UEs).
    /// JSON <c>policies.yardstick.leaveOutInfeasible</c> and <c>policies.yardstick-local.leaveOutInfeasible</c>.
    /// </summary>
    public bool LeaveOutInfeasible { get; init; }

    /// <summary>Power of a UE left out by <see cref="LeaveOutInfeasible"/>, as a fraction of its P_max.</summary>
    public const double LeftOutPowerFraction = 0.01;

    /// <summary>MEC share of a UE left out by <see cref="LeaveOutInfeasible"/> (fraction of its SBS's CPU).</summary>
    public const double LeftOutShare = 0.001;

    /// <summary>True when decisions <paramref name="d"/> leave UE <paramref name="u"/> out as the yardstick does
    /// (<see cref="LeaveOutInfeasible"/>: a share of at most <see cref="LeftOutShare"/>) or give it no channel.</summary>
    public static bool IsLeftOut(SlotDecisions d, int u)
    {
        ArgumentNullException.ThrowIfNull(d);
        return d.Channel[u] < 0 || d.Share[u] <= LeftOutShare * (1 + 1e-9);
    }

    /// <summary>Checks the ranges.</summary>
    public void Validate()
    {
        if (!(CrossGainMargin >= 1 && double.IsFinite(CrossGainMargin)))
        {
            throw new ArgumentOutOfRangeException(nameof(CrossGainMargin), CrossGainMargin, "cross-gain margin must be a finite number >= 1");
        }
        if (!(DeadlineMargin >= 0 && DeadlineMargin < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(DeadlineMargin), DeadlineMargin, "deadline margin must be in [0, 1)");
        }
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxIterations);
        if (!(RelativeTolerance > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(RelativeTolerance), RelativeTolerance, "tolerance must be > 0");
        }
    }
}
