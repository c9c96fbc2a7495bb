using System.ComponentModel;
using System.Globalization;
using MecMarl.Experiments;
using MecMarl.Randomness;
using MecMarl.Simulation;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MecMarl.Cli.Commands;

/// <summary>Options of <c>mecmarl simulate</c>.</summary>
public sealed class SimulateSettings : ConfigSettings
{
    /// <summary>The fixed policies <c>simulate</c> runs.</summary>
    public static readonly string[] PolicyNames = ["local", "full-offload", "random", "yardstick"];

    /// <summary>Fixed policy to run: local, full-offload or random.</summary>
    [CommandOption("--policy <P>")]
    [Description("Fixed policy: local (all local computing), full-offload (SPEC 8 full offloading), random (random actions through the SPEC 7 decoder) or yardstick (model-based reference with full channel knowledge; docs/yardstick.md).")]
    public string? Policy { get; init; }

    /// <summary>Episodes to run.</summary>
    [CommandOption("--episodes <E>")]
    [Description("Episodes to run (default 20, SPEC 9's evaluation episodes).")]
    [DefaultValue(20)]
    public int Episodes { get; init; } = 20;

    /// <summary>Seed of positions, episodes and the policy's own randomness.</summary>
    [CommandOption("--seed <S>")]
    [Description("Seed: UE and SBS positions, fading, tasks and the policy's random draws (default 1).")]
    [DefaultValue(1UL)]
    public ulong Seed { get; init; } = 1;

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        if (Policy is null)
        {
            return ValidationResult.Error($"--policy is required: one of {string.Join(", ", PolicyNames)}.");
        }
        if (!PolicyNames.Contains(Policy))
        {
            return ValidationResult.Error($"--policy: unknown policy '{Policy}', expected one of {string.Join(", ", PolicyNames)}.");
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
        SimulationConfig config = resolved.Config.Simulation;
        if (settings.Policy is "local" or "full-offload")
        {
            config = Evaluation.FixedPolicySimulation(config);
        }
        var env = CliFiles.FromConfig(resolved.Layers, () => new MecEnvironment(config, settings.Seed));
        var policyRng = new Rng(settings.Seed, 0x5011C7);
        EvaluationResult result = null!;
        Progress.Run(io, $"simulate {settings.Policy}", settings.Episodes, advance =>
            result = settings.Policy switch
            {
                "yardstick" => PolicyEvaluation.Run(settings.Policy, env, new YardstickPolicy(env.Layout), settings.Seed, settings.Episodes, 0, advance, cancellationToken),
                "local" => PolicyEvaluation.Run(settings.Policy, env, new LocalComputingPolicy(), settings.Seed, settings.Episodes, 0, advance, cancellationToken),
                "full-offload" => PolicyEvaluation.Run(settings.Policy, env, new FullOffloadingPolicy(env.Layout, policyRng), settings.Seed, settings.Episodes, 0, advance, cancellationToken),
                _ => PolicyEvaluation.Run(settings.Policy!, env, new RandomPolicy(policyRng), settings.Seed, settings.Episodes, 0, advance, cancellationToken),
            });

        var table = new Table().Title($"{settings.Policy}: {settings.Episodes} episodes x {env.SlotsPerEpisode} slots, {env.Layout.UeCount} UEs, seed {settings.Seed}")
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
