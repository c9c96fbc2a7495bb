using System.ComponentModel;
using MecMarl.Experiments;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MecMarl.Cli.Commands;

/// <summary>Options of <c>mecmarl simulate</c>.</summary>
public sealed class SimulateSettings : ConfigSettings
{
    /// <summary>Fixed policy to run: an id of <see cref="FixedPolicies"/>.</summary>
    [CommandOption("--policy <P>")]
    [Description("Fixed policy: full-offload (SPEC 8), local (SPEC 8), random (random actions through the config's decoder), yardstick (model-based, full channel knowledge; docs/yardstick.md), yardstick-local (the yardstick with large-scale cross-cell gains only), constant (policies.constant.action through the config's decoder) or heuristic (decentralized, from each agent's observation; docs/dense.md).")]
    public string? Policy { get; init; }

    /// <summary>Episodes to run.</summary>
    [CommandOption("--episodes <E>")]
    [Description("Episodes to run (default 20, SPEC 9's evaluation episodes).")]
    [DefaultValue(20)]
    public int Episodes { get; init; } = 20;

    /// <summary>Seed of the episodes and the policy's own randomness, and of the positions unless <see cref="LayoutSeed"/> is given.</summary>
    [CommandOption("--seed <S>")]
    [Description("Seed: fading, tasks and the policy's random draws, and the UE and SBS positions unless --layout-seed is given (default 1). simulate --seed S --layout-seed L gives the numbers of eval --scheme with --eval-seed S and training.layoutSeed L.")]
    [DefaultValue(1UL)]
    public ulong Seed { get; init; } = 1;

    /// <summary>Seed of the positions, when it differs from <see cref="Seed"/>.</summary>
    [CommandOption("--layout-seed <L>")]
    [Description("Seed of the UE and SBS positions and shadowing (default: --seed).")]
    public ulong? LayoutSeed { get; init; }

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        if (Policy is null)
        {
            return ValidationResult.Error($"--policy is required: one of {string.Join(", ", FixedPolicies.Ids)}.");
        }
        if (!FixedPolicies.Contains(Policy))
        {
            return ValidationResult.Error($"--policy: unknown policy '{Policy}', expected one of {string.Join(", ", FixedPolicies.Ids)}.");
        }
        if (Episodes is < 1 or > 1_000_000)
        {
            return ValidationResult.Error($"--episodes: {Episodes} is not between 1 and 1000000.");
        }
        return ValidationResult.Success();
    }
}
