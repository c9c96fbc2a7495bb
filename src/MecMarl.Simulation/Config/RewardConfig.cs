namespace MecMarl.Simulation;

/// <summary>The reward of SPEC section 6 (paper eqs. 12, 13, 23). JSON section <c>reward</c>.</summary>
public sealed record RewardConfig
{
    /// <summary>Reward beta for a met deadline, in the delay-term unit s (SPEC 6 [choice]; JSON <c>beta</c>, default 1.0).</summary>
    public double Beta { get; init; } = 1.0;

    /// <summary>
    /// Penalty clip, s: a missed deadline costs at most this much, and a task not finished by
    /// deadline + clip is dropped then (its transmission energy stops). Null = the paper's unbounded
    /// formulas (SPEC 6 [choice]; JSON <c>penaltyClipS</c>, a number &gt;= 0 or null, default 1.0).
    /// </summary>
    public double? PenaltyClipS { get; init; } = 1.0;
}
