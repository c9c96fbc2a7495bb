namespace MecMarl.Simulation;

/// <summary>
/// The multi-agent environment of SPEC section 7: episode length, action decoder and observation
/// normalization. JSON section <c>environment</c>.
/// </summary>
public sealed record EnvironmentConfig
{
    /// <summary>Slots per episode; the last is a time-limit truncation (SPEC 7 [choice]; JSON <c>slotsPerEpisode</c>, default 50).</summary>
    public int SlotsPerEpisode { get; init; } = 50;

    /// <summary>Decoder: a UE is an offloading candidate iff its alpha action &gt;= alphaMin (SPEC 7 step 1 [choice]; JSON <c>alphaMin</c>, default 0.01).</summary>
    public double AlphaMin { get; init; } = 0.01;

    /// <summary>Decoder: transmit power is max(powerFraction, minPowerFraction) * P_max (SPEC 7 step 3 [choice]; JSON <c>minPowerFraction</c>, default 0.01).</summary>
    public double MinPowerFraction { get; init; } = 0.01;

    /// <summary>Decoder: MEC shares are proportional to max(shareWeight, minShareWeight) (SPEC 7 step 4 [choice]; JSON <c>minShareWeight</c>, default 0.01).</summary>
    public double MinShareWeight { get; init; } = 0.01;

    /// <summary>Observation: gains are observed as (10 log10(h) + gainDbOffset) / gainDbScale; offset in dB (SPEC 7 [choice]; JSON <c>gainDbOffset</c>, default 115).</summary>
    public double GainDbOffset { get; init; } = 115.0;

    /// <summary>Observation: scale of the gain feature, dB (SPEC 7 [choice]; JSON <c>gainDbScale</c>, default 15).</summary>
    public double GainDbScale { get; init; } = 15.0;
}
