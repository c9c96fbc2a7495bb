using System.ComponentModel;
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
