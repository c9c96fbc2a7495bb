using MecMarl.Experiments;
using MecMarl.Simulation;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MecMarl.Cli.Commands;

/// <summary><c>mecmarl scenario export</c>: draws a scenario from a seed and writes it as a scenario file.</summary>
public sealed class ScenarioExportCommand(CliIo io) : Command<ScenarioExportSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, ScenarioExportSettings settings, CancellationToken cancellationToken)
    {
        string output = CliFiles.Output(settings.Out, "--out", [.. settings.ConfigFiles]);
        ResolvedConfig resolved = CliFiles.Experiment(settings);
        SimulationConfig config = resolved.Config.Simulation;
        int slots = settings.Slots ?? config.Environment.SlotsPerEpisode;
        Scenario scenario = CliFiles.FromConfig(resolved.Layers, () => ScenarioGenerator.Generate(config, settings.Seed, MecEnvironment.EpisodeSeed(settings.Seed, 0), slots));
        AtomicFile.WriteAllText(output, ScenarioFile.ToJson(scenario));
        io.Console.MarkupLine($"wrote [bold]{Markup.Escape(output)}[/]: {scenario.Layout.SbsCount} SBSs, {scenario.Layout.UeCount} UEs, {scenario.Layout.Channels} channels, {slots} slots");
        return 0;
    }
}
