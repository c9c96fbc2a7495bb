using System.Globalization;
using System.Text.Json.Serialization;
using MecMarl.Simulation;

namespace MecMarl.Experiments;

/// <summary>
/// The <c>policies</c> section of an experiment config: settings of the fixed policies of
/// <see cref="FixedPolicies"/> that have any. It changes no training trajectory, so it is left out of
/// <see cref="ExperimentConfig.TrainingFingerprint"/>. Bound from JSON by <see cref="ConfigBinding"/>:
/// <code>"policies": { "constant": { "action": null }, "heuristic": { "deadlineMargin": 0.05, ... },
/// "yardstick": { "leaveOutInfeasible": false, ... }, "yardstick-local": { "crossGainMargin": 1, ... } }</code>
/// The two yardstick sections are written only when they differ from their defaults (<see cref="ExperimentConfig.ToJson()"/>),
/// so the config.json of runs that do not set them is what it was before they existed.
/// </summary>
public sealed record PoliciesConfig
{
    /// <summary>Settings of the <c>constant</c> policy. JSON <c>policies.constant</c>.</summary>
    public ConstantPolicyConfig Constant { get; init; } = new();

    /// <summary>The <c>constant</c> policy's action (<see cref="ConstantPolicyConfig.Action"/>), or null for the default.</summary>
    [JsonIgnore]
    public EquatableArray<double>? ConstantAction
    {
        get => Constant.Action;
        init => Constant = Constant with { Action = value };
    }

    /// <summary>Options of the <c>heuristic</c> policy (<see cref="HeuristicOptions"/>). JSON <c>policies.heuristic</c>.</summary>
    public HeuristicOptions Heuristic { get; init; } = new();

    /// <summary>Settings of the <c>yardstick</c> (<see cref="YardstickConfig"/>). JSON <c>policies.yardstick</c>.</summary>
    public YardstickConfig Yardstick { get; init; } = new();

    /// <summary>Settings of <c>yardstick-local</c> (<see cref="YardstickLocalConfig"/>). JSON <c>policies.yardstick-local</c>.</summary>
    [JsonPropertyName("yardstick-local")]
    public YardstickLocalConfig YardstickLocal { get; init; } = new();

    /// <summary>The constant action for <paramref name="channels"/> channels: the configured one or the default.</summary>
    public double[] ConstantActionFor(int channels) =>
        ConstantAction is { } a ? [.. a] : ConstantPolicy.DefaultAction(channels);

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
        ConfigBinding.CheckRanges(this, ExperimentJsonContext.Default.PoliciesConfig, file, "policies");
    }
}
