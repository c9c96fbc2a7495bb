using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace MecMarl.Simulation;

/// <summary>Options of <see cref="HeuristicPolicy"/> (config section <c>policies.heuristic</c>, docs/dense.md).</summary>
public sealed record HeuristicOptions
{
    /// <summary>Fraction of each deadline kept as a margin: plans target (1 - margin) T~_n. Dimensionless, in [0, 1). Default 0.15 (docs/dense.md).</summary>
    [Range(0.0, 1.0, MaximumIsExclusive = true)]
    public double DeadlineMargin { get; init; } = 0.15;

    /// <summary>How this slot's interference is estimated from the previous slot's measurement. Default <see cref="InterferenceEstimate.Channel"/>.</summary>
    [JsonPropertyName("interferenceEstimate")]
    public InterferenceEstimate Estimate { get; init; } = InterferenceEstimate.Channel;

    /// <summary>Factor applied to the interference estimate (a safety margin against the slot's unknown interference). Dimensionless, &gt;= 0. Default 1.</summary>
    [Range(0.0, double.PositiveInfinity)]
    public double InterferenceFactor { get; init; } = 1.0;

    /// <summary>Factor applied to the least power that meets the deadline (capped at P_max): a margin against the slot's unknown interference. Dimensionless, &gt;= 1. Default 16 (docs/dense.md).</summary>
    [Range(1.0, double.PositiveInfinity)]
    public double PowerFactor { get; init; } = 16.0;

    /// <summary>Admission limit: a plan may ask for at most this fraction of P_max before the power factor (a UE that
    /// needs more is planned with partial offloading at this power, or left out), in (0, 1]. Default 1.</summary>
    [Range(0.0, 1.0, MinimumIsExclusive = true)]
    public double AdmitPowerFraction { get; init; } = 1.0;

    /// <summary>When the whole task cannot be offloaded in time at P_max, offload the largest fraction alpha that still can
    /// while the rest computes locally in time (alpha &gt;= 1 - (1 - margin) T~ C_n / omega). Default true.</summary>
    public bool PartialOffloading { get; init; } = true;

    /// <summary>What a UE that cannot meet its deadline does. Default <see cref="HopelessUeHandling.Drop"/>.</summary>
    public HopelessUeHandling Hopeless { get; init; } = HopelessUeHandling.Drop;

    /// <summary>When the SBS measured no interference at all in the previous slot (the first slot of an episode), the
    /// estimate says nothing: offloading UEs then transmit at P_max. Default true.</summary>
    public bool MaxPowerWithoutMeasurement { get; init; } = true;

    /// <summary>What the channel matching minimizes. Default <see cref="HeuristicObjective.Energy"/>.</summary>
    public HeuristicObjective Objective { get; init; } = HeuristicObjective.Energy;

    /// <summary>Risk objective: weight of a joule against one expected missed deadline, 1/J, &gt;= 0. Default 0.01.</summary>
    [Range(0.0, double.PositiveInfinity)]
    public double EnergyWeight { get; init; } = 0.01;

    /// <summary>Risk objective: a plan whose success probability is below this is hopeless, in [0, 1). Default 0.05.</summary>
    [Range(0.0, 1.0, MaximumIsExclusive = true)]
    public double MinSuccess { get; init; } = 0.05;

    /// <summary>Transmit power of a dropped task, as a fraction of P_max, in (0, 1]. Default 0.01 (SPEC 7's minPowerFraction,
    /// the least power an action can ask for through either decoder).</summary>
    [Range(0.0, 1.0, MinimumIsExclusive = true)]
    public double DropPowerFraction { get; init; } = 0.01;

    /// <summary>MEC share of a dropped task (and of a hopeless one sent at P_max), in (0, 1); the others share the rest. Default 0.001.</summary>
    [Range(0.0, 1.0, MinimumIsExclusive = true, MaximumIsExclusive = true)]
    public double DropShare { get; init; } = 0.001;

    /// <summary>Channel persistence (a hysteresis in the channel matching): the cost of a UE's plan on the channel it
    /// transmitted on in the previous slot, which its SBS decided and so knows, is divided by this factor, so UEs stay on
    /// their channels unless another is clearly cheaper, and the interference each SBS measured in the previous slot
    /// becomes a better estimate of this slot's. Dimensionless, &gt;= 1; unset (the default) or 1 turns it off
    /// (docs/dense.md). Written to a config only when set, so configs without it keep their training fingerprint.</summary>
    [Range(1.0, double.PositiveInfinity)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? ChannelPersistence { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first value out of range.</summary>
    public void Validate()
    {
        if (!(DeadlineMargin >= 0 && DeadlineMargin < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(DeadlineMargin), DeadlineMargin, "must be in [0, 1)");
        }
        if (!(InterferenceFactor >= 0) || !double.IsFinite(InterferenceFactor))
        {
            throw new ArgumentOutOfRangeException(nameof(InterferenceFactor), InterferenceFactor, "must be a finite number >= 0");
        }
        if (!(PowerFactor >= 1) || !double.IsFinite(PowerFactor))
        {
            throw new ArgumentOutOfRangeException(nameof(PowerFactor), PowerFactor, "must be a finite number >= 1");
        }
        if (!(AdmitPowerFraction > 0 && AdmitPowerFraction <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(AdmitPowerFraction), AdmitPowerFraction, "must be in (0, 1]");
        }
        if (!(DropPowerFraction > 0 && DropPowerFraction <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(DropPowerFraction), DropPowerFraction, "must be in (0, 1]");
        }
        if (!(EnergyWeight >= 0) || !double.IsFinite(EnergyWeight))
        {
            throw new ArgumentOutOfRangeException(nameof(EnergyWeight), EnergyWeight, "must be a finite number >= 0");
        }
        if (!(MinSuccess >= 0 && MinSuccess < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(MinSuccess), MinSuccess, "must be in [0, 1)");
        }
        if (!(DropShare > 0 && DropShare < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(DropShare), DropShare, "must be in (0, 1)");
        }
        if (ChannelPersistence is { } persistence && (!(persistence >= 1) || !double.IsFinite(persistence)))
        {
            throw new ArgumentOutOfRangeException(nameof(ChannelPersistence), persistence, "must be a finite number >= 1");
        }
    }
}
