using System.Globalization;
using System.Text.Json;
using MecMarl.Simulation;

namespace MecMarl.Experiments;

/// <summary>
/// The <c>policies</c> section of an experiment config: settings of the fixed policies of
/// <see cref="FixedPolicies"/> that have any. It changes no training trajectory, so it is left out of
/// <see cref="ExperimentConfig.TrainingFingerprint"/>. JSON:
/// <code>"policies": { "constant": { "action": null }, "heuristic": { "deadlineMargin": 0.05, ... },
/// "yardstick": { "leaveOutInfeasible": false }, "yardstick-local": { "crossGainMargin": 1, ... } }</code>
/// The two yardstick sections are written to a run's config.json only when they differ from the defaults.
/// </summary>
public sealed record PoliciesConfig
{
    /// <summary>
    /// The <c>constant</c> policy's raw action per UE (SPEC 7 layout <c>[alpha, powerFraction, shareWeight,
    /// score_0 .. score_{K-1}]</c>, 3 + K values in [0, 1]), or null for the default: alpha 1 and every other
    /// component 0.5 (<see cref="ConstantPolicy.DefaultAction"/>). JSON <c>policies.constant.action</c>.
    /// </summary>
    public EquatableArray<double>? ConstantAction { get; init; }

    /// <summary>Options of the <c>heuristic</c> policy (<see cref="HeuristicOptions"/>). JSON <c>policies.heuristic</c>.</summary>
    public HeuristicOptions Heuristic { get; init; } = new();

    /// <summary>
    /// Options of the <c>yardstick</c> (<see cref="YardstickOptions"/>; docs/yardstick.md). JSON
    /// <c>policies.yardstick</c>: <c>deadlineMargin</c> (fraction of T~, [0, 1), default 0.05) and
    /// <c>leaveOutInfeasible</c> (default false).
    /// </summary>
    public YardstickOptions Yardstick { get; init; } = DefaultYardstick;

    /// <summary>
    /// Options of the partial-information yardstick <c>yardstick-local</c> (<see cref="YardstickOptions"/>
    /// with <see cref="YardstickOptions.LargeScaleCrossGains"/> set). JSON <c>policies.yardstick-local</c>:
    /// <c>deadlineMargin</c>, <c>leaveOutInfeasible</c> and <c>crossGainMargin</c> (kappa >= 1, default 1).
    /// </summary>
    public YardstickOptions YardstickLocal { get; init; } = DefaultYardstickLocal;

    private static readonly YardstickOptions DefaultYardstick = new();
    private static readonly YardstickOptions DefaultYardstickLocal = new() { LargeScaleCrossGains = true };

    /// <summary>The constant action for <paramref name="channels"/> channels: the configured one or the default.</summary>
    public double[] ConstantActionFor(int channels) =>
        ConstantAction is { } a ? [.. a] : ConstantPolicy.DefaultAction(channels);

    internal static PoliciesConfig Read(JsonInput o, PoliciesConfig d) => new()
    {
        ConstantAction = o.Section("constant", d.ConstantAction, ReadConstant),
        Heuristic = o.Section("heuristic", d.Heuristic, ReadHeuristic),
        Yardstick = o.Section("yardstick", d.Yardstick, (y, yd) => yd with
        {
            DeadlineMargin = y.OptionalNumber("deadlineMargin", yd.DeadlineMargin),
            LeaveOutInfeasible = y.Optional("leaveOutInfeasible")?.Boolean() ?? yd.LeaveOutInfeasible,
        }),
        YardstickLocal = o.Section("yardstick-local", d.YardstickLocal, (y, yd) => yd with
        {
            DeadlineMargin = y.OptionalNumber("deadlineMargin", yd.DeadlineMargin),
            LeaveOutInfeasible = y.Optional("leaveOutInfeasible")?.Boolean() ?? yd.LeaveOutInfeasible,
            CrossGainMargin = y.OptionalNumber("crossGainMargin", yd.CrossGainMargin),
        }),
    };

    private static EquatableArray<double>? ReadConstant(JsonInput o, EquatableArray<double>? d)
    {
        JsonInput? v = o.Optional("action");
        if (v is null || v.IsNull)
        {
            return v is null ? d : null;
        }
        return new EquatableArray<double>([.. v.Items().Select(i => i.Number())]);
    }

    private static HeuristicOptions ReadHeuristic(JsonInput o, HeuristicOptions d) => new()
    {
        DeadlineMargin = o.OptionalNumber("deadlineMargin", d.DeadlineMargin),
        Estimate = o.Optional("interferenceEstimate") is { } e ? ReadEstimate(e) : d.Estimate,
        InterferenceFactor = o.OptionalNumber("interferenceFactor", d.InterferenceFactor),
        PowerFactor = o.OptionalNumber("powerFactor", d.PowerFactor),
        AdmitPowerFraction = o.OptionalNumber("admitPowerFraction", d.AdmitPowerFraction),
        PartialOffloading = o.Optional("partialOffloading")?.Boolean() ?? d.PartialOffloading,
        Hopeless = o.Optional("hopeless") is { } h ? ReadHopeless(h) : d.Hopeless,
        MaxPowerWithoutMeasurement = o.Optional("maxPowerWithoutMeasurement")?.Boolean() ?? d.MaxPowerWithoutMeasurement,
        Objective = o.Optional("objective") is { } ob ? ReadObjective(ob) : d.Objective,
        EnergyWeight = o.OptionalNumber("energyWeight", d.EnergyWeight),
        MinSuccess = o.OptionalNumber("minSuccess", d.MinSuccess),
        DropPowerFraction = o.OptionalNumber("dropPowerFraction", d.DropPowerFraction),
        DropShare = o.OptionalNumber("dropShare", d.DropShare),
    };

    private static InterferenceEstimate ReadEstimate(JsonInput v) => v.String() switch
    {
        "channel" => InterferenceEstimate.Channel,
        "mean" => InterferenceEstimate.Mean,
        "max" => InterferenceEstimate.ChannelOrMean,
        string other => throw v.Fail($"unknown interference estimate '{other}', expected \"channel\", \"mean\" or \"max\""),
    };

    private static string EstimateName(InterferenceEstimate e) => e switch
    {
        InterferenceEstimate.Mean => "mean",
        InterferenceEstimate.ChannelOrMean => "max",
        _ => "channel",
    };

    private static HeuristicObjective ReadObjective(JsonInput v) => v.String() switch
    {
        "energy" => HeuristicObjective.Energy,
        "risk" => HeuristicObjective.Risk,
        string other => throw v.Fail($"unknown objective '{other}', expected \"energy\" or \"risk\""),
    };

    private static HopelessUeHandling ReadHopeless(JsonInput v) => v.String() switch
    {
        "drop" => HopelessUeHandling.Drop,
        "local" => HopelessUeHandling.Local,
        "max-power" => HopelessUeHandling.MaxPower,
        string other => throw v.Fail($"unknown handling '{other}', expected \"drop\", \"local\" or \"max-power\""),
    };

    private static string HopelessName(HopelessUeHandling h) => h switch
    {
        HopelessUeHandling.Local => "local",
        HopelessUeHandling.MaxPower => "max-power",
        _ => "drop",
    };

    internal void Write(Utf8JsonWriter w)
    {
        w.WriteStartObject("policies");
        w.WriteStartObject("constant");
        if (ConstantAction is { } a)
        {
            w.WriteStartArray("action");
            foreach (double v in a)
            {
                w.WriteNumberValue(v);
            }
            w.WriteEndArray();
        }
        else
        {
            w.WriteNull("action");
        }
        w.WriteEndObject();
        HeuristicOptions h = Heuristic;
        w.WriteStartObject("heuristic");
        w.WriteNumber("deadlineMargin", h.DeadlineMargin);
        w.WriteString("interferenceEstimate", EstimateName(h.Estimate));
        w.WriteNumber("interferenceFactor", h.InterferenceFactor);
        w.WriteNumber("powerFactor", h.PowerFactor);
        w.WriteNumber("admitPowerFraction", h.AdmitPowerFraction);
        w.WriteBoolean("partialOffloading", h.PartialOffloading);
        w.WriteString("hopeless", HopelessName(h.Hopeless));
        w.WriteBoolean("maxPowerWithoutMeasurement", h.MaxPowerWithoutMeasurement);
        w.WriteString("objective", h.Objective == HeuristicObjective.Risk ? "risk" : "energy");
        w.WriteNumber("energyWeight", h.EnergyWeight);
        w.WriteNumber("minSuccess", h.MinSuccess);
        w.WriteNumber("dropPowerFraction", h.DropPowerFraction);
        w.WriteNumber("dropShare", h.DropShare);
        w.WriteEndObject();
        if (Yardstick != DefaultYardstick)
        {
            w.WriteStartObject("yardstick");
            w.WriteNumber("deadlineMargin", Yardstick.DeadlineMargin);
            w.WriteBoolean("leaveOutInfeasible", Yardstick.LeaveOutInfeasible);
            w.WriteEndObject();
        }
        if (YardstickLocal != DefaultYardstickLocal)
        {
            w.WriteStartObject("yardstick-local");
            w.WriteNumber("deadlineMargin", YardstickLocal.DeadlineMargin);
            w.WriteBoolean("leaveOutInfeasible", YardstickLocal.LeaveOutInfeasible);
            w.WriteNumber("crossGainMargin", YardstickLocal.CrossGainMargin);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    /// <summary>Checks the section against the scenario's channel count K; throws <see cref="ConfigException"/> naming the JSON path.</summary>
    internal void Validate(string file, int channels)
    {
        if (ConstantAction is { } a)
        {
            if (a.Count != 3 + channels)
            {
                throw new ConfigException(file, "policies.constant.action",
                    $"must hold 3 + K = {3 + channels} numbers (alpha, power, share weight and one score per channel; channel.channels = {channels}), found {a.Count}");
            }
            for (int i = 0; i < a.Count; i++)
            {
                if (!(a[i] >= 0 && a[i] <= 1))
                {
                    throw new ConfigException(file, $"policies.constant.action[{i}]", $"must be in [0, 1], found {a[i].ToString("R", CultureInfo.InvariantCulture)}");
                }
            }
        }
        HeuristicOptions h = Heuristic;
        Check("deadlineMargin", h.DeadlineMargin, h.DeadlineMargin >= 0 && h.DeadlineMargin < 1, "in [0, 1)");
        Check("interferenceFactor", h.InterferenceFactor, h.InterferenceFactor >= 0 && double.IsFinite(h.InterferenceFactor), "a finite number >= 0");
        Check("powerFactor", h.PowerFactor, h.PowerFactor >= 1 && double.IsFinite(h.PowerFactor), "a finite number >= 1");
        Check("admitPowerFraction", h.AdmitPowerFraction, h.AdmitPowerFraction > 0 && h.AdmitPowerFraction <= 1, "in (0, 1]");
        Check("dropPowerFraction", h.DropPowerFraction, h.DropPowerFraction > 0 && h.DropPowerFraction <= 1, "in (0, 1]");
        Check("energyWeight", h.EnergyWeight, h.EnergyWeight >= 0 && double.IsFinite(h.EnergyWeight), "a finite number >= 0");
        Check("minSuccess", h.MinSuccess, h.MinSuccess >= 0 && h.MinSuccess < 1, "in [0, 1)");
        Check("dropShare", h.DropShare, h.DropShare > 0 && h.DropShare < 1, "in (0, 1)");
        Check("yardstick.deadlineMargin", Yardstick.DeadlineMargin, Yardstick.DeadlineMargin >= 0 && Yardstick.DeadlineMargin < 1, "in [0, 1)", "policies.");
        Check("yardstick-local.deadlineMargin", YardstickLocal.DeadlineMargin, YardstickLocal.DeadlineMargin >= 0 && YardstickLocal.DeadlineMargin < 1, "in [0, 1)", "policies.");
        Check("yardstick-local.crossGainMargin", YardstickLocal.CrossGainMargin, YardstickLocal.CrossGainMargin >= 1 && double.IsFinite(YardstickLocal.CrossGainMargin), "a finite number >= 1", "policies.");

        void Check(string name, double value, bool ok, string range, string prefix = "policies.heuristic.")
        {
            if (!ok)
            {
                throw new ConfigException(file, prefix + name, $"must be {range}, found {value.ToString("R", CultureInfo.InvariantCulture)}");
            }
        }
    }
}
