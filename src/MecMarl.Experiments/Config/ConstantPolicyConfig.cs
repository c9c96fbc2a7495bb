using System.Text.Json.Serialization;
using MecMarl.Simulation;

namespace MecMarl.Experiments;

/// <summary>The <c>policies.constant</c> section: the settings of the <c>constant</c> fixed policy (<see cref="FixedPolicies"/>).</summary>
public sealed record ConstantPolicyConfig
{
    /// <summary>
    /// The <c>constant</c> policy's raw action per UE (SPEC 7 layout <c>[alpha, powerFraction, shareWeight,
    /// score_0 .. score_{K-1}]</c>, 3 + K values in [0, 1]), or null for the default: alpha 1 and every other
    /// component 0.5 (<see cref="ConstantPolicy.DefaultAction"/>). JSON <c>policies.constant.action</c>.
    /// </summary>
    [JsonConverter(typeof(NumberListConverter))]
    public EquatableArray<double>? Action { get; init; }
}
