using System.Text.Json.Serialization;

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

    /// <summary>
    /// Which action decoder turns actions into decisions: <see cref="DecoderKind.Greedy"/> (SPEC 7, the paper
    /// preset) or <see cref="DecoderKind.DeadlineAware"/> (a structured parametrization, docs/decoders.md).
    /// JSON <c>decoder</c>: "greedy" (default), "deadline-aware" or "heuristic" (<see cref="DecoderKind.Heuristic"/>).
    /// </summary>
    public DecoderKind Decoder { get; init; } = DecoderKind.Greedy;

    /// <summary>Deadline-aware decoder: the power targets a completion delay of (1 - margin) T~_n; dimensionless in [0, 1)
    /// (JSON <c>decoderDeadlineMargin</c>, default 0.05).</summary>
    public double DecoderDeadlineMargin { get; init; } = 0.05;

    /// <summary>Deadline-aware decoder: the power action a in [0, 1] scales the estimated required power by
    /// 10^(decades (a - 1/2)), decades (JSON <c>decoderPowerRangeDecades</c>, default 1: x0.32 to x3.2).</summary>
    public double DecoderPowerRangeDecades { get; init; } = 1.0;

    /// <summary>Deadline-aware decoder: channel preference = score + weight * observed gain feature
    /// ((10 log10 h + gainDbOffset) / gainDbScale); dimensionless, &gt;= 0 (JSON <c>decoderGainWeight</c>, default 1).</summary>
    public double DecoderGainWeight { get; init; } = 1.0;

    /// <summary>The deadline margin of in-slot power control when <see cref="PowerControlMargin"/> is not set: 0.05.</summary>
    public const double DefaultPowerControlMargin = 0.05;

    /// <summary>
    /// In-slot power control (an extension of SPEC 5 and 7; docs/dense.md, "Power control within the slot"): the
    /// number R of closed-loop rounds in which every offloading UE's SBS measures the interference on the UE's
    /// channel at the powers of the round before and sets the least power that meets the UE's deadline against it
    /// (Foschini-Miljanic; no message between cells), after the decisions are made and before the slot is
    /// evaluated. 0 (the default, SPEC) turns it off. JSON <c>powerControlRounds</c>, 0 to 1000; written to a config only when set.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int PowerControlRounds { get; init; }

    /// <summary>In-slot power control: the powers target a completion delay of (1 - margin) T~_n; dimensionless in [0, 1)
    /// (JSON <c>powerControlMargin</c>; unset: <see cref="DefaultPowerControlMargin"/>). Written to a config only when set.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? PowerControlMargin { get; init; }

    /// <summary>In-slot power control: after each round every cell gives up its UE whose needed power exceeds P_max by
    /// the largest factor (it then transmits at 1% of P_max). Needs <see cref="PowerControlRounds"/> &gt;= 1.
    /// JSON <c>powerControlLeaveOut</c>, default false; written to a config only when true.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool PowerControlLeaveOut { get; init; }

    /// <summary>
    /// Observation option (an extension of SPEC 7; docs/dense.md, "The UE's last channel as an observation"): when true,
    /// every agent's observation ends with N_m * K more values, per UE of the cell (in <c>ues</c> order) 1 on the channel
    /// the UE transmitted on in the previous slot and 0 on the others (all 0 for a UE that computed locally, and at the
    /// first slot). What the SBS knows of its own UEs, having decided it. JSON <c>observeLastChannel</c>, default false
    /// (SPEC 7's observation); written to a config only when true.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool ObserveLastChannel { get; init; }

    /// <summary>
    /// Heuristic decoder (<see cref="HeuristicDecoder"/>): the options of the heuristic it corrects. Not a field of the
    /// <c>environment</c> section: an experiment config sets it from <c>policies.heuristic</c>, so that an action of 0.5
    /// everywhere decodes to exactly what the <c>heuristic</c> policy decides.
    /// </summary>
    [JsonIgnore]
    public HeuristicOptions Heuristic { get; init; } = new();
}
