using System.ComponentModel;
using System.Globalization;
using MecMarl.Experiments;
using MecMarl.Simulation;
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

/// <summary><c>mecmarl simulate</c>: runs a fixed policy and reports the SPEC 9 metrics.</summary>
public sealed class SimulateCommand(CliIo io) : Command<SimulateSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, SimulateSettings settings, CancellationToken cancellationToken)
    {
        ResolvedConfig resolved = CliFiles.Experiment(settings);
        ExperimentConfig config = resolved.Config;
        ulong layoutSeed = settings.LayoutSeed ?? settings.Seed;
        FixedPolicy policy = CliFiles.FromConfig(resolved.Layers, () =>
            FixedPolicies.Create(settings.Policy!, FixedPolicies.Environment(settings.Policy!, config, layoutSeed), config, settings.Seed));
        MecEnvironment env = policy.Environment;
        EvaluationResult result = null!;
        Progress.Run(io, $"simulate {settings.Policy}", settings.Episodes, advance =>
            result = policy.Evaluate(settings.Seed, settings.Episodes, advance, cancellationToken));

        var table = new Table().Title($"{settings.Policy}: {settings.Episodes} episodes x {env.SlotsPerEpisode} slots, {env.Layout.UeCount} UEs, seed {settings.Seed}, layout seed {layoutSeed}")
            .AddColumns("metric", "value");
        table.AddRow("local energy (J per UE per slot)", F(result.LocalEnergyJ, "G5"));
        table.AddRow("edge energy (J per UE per slot)", F(result.EdgeEnergyJ, "G5"));
        table.AddRow("total energy (J per UE per slot)", F(result.TotalEnergyJ, "G5"));
        table.AddRow("deadlines met (%)", F(result.LatencyMetPct, "F2"));
        table.AddRow("system reward per episode", F(result.SystemReward, "F2"));
        io.Console.Write(table);
        return 0;
    }

    private static string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
}
