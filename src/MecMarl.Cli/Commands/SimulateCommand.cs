using System.Globalization;
using MecMarl.Experiments;
using MecMarl.Simulation;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MecMarl.Cli.Commands;

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
