using System.ComponentModel;
using MecMarl.Experiments;
using MecMarl.Simulation;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MecMarl.Cli.Commands;

/// <summary>Options of <c>mecmarl scenario export</c>.</summary>
public sealed class ScenarioExportSettings : ConfigSettings
{
    /// <summary>Seed of the layout (SBS and UE positions) and of the episode (fading and tasks).</summary>
    [CommandOption("--seed <S>")]
    [Description("Seed: positions from it, fading and tasks from its first episode (default 1).")]
    [DefaultValue(1UL)]
    public ulong Seed { get; init; } = 1;

    /// <summary>Number of slots to export.</summary>
    [CommandOption("--slots <T>")]
    [Description("Number of slots (default: the config's slotsPerEpisode).")]
    public int? Slots { get; init; }

    /// <summary>Scenario file to write (SPEC 10).</summary>
    [CommandOption("--out <F>")]
    [Description("Scenario file to write (SPEC 10 format).")]
    public string? Out { get; init; }

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        if (Slots is < 1 or > 1_000_000)
        {
            return ValidationResult.Error($"--slots: {Slots} is not between 1 and 1000000.");
        }
        return Out is null ? ValidationResult.Error("--out is required.") : ValidationResult.Success();
    }
}

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
