using System.ComponentModel;
using Spectre.Console.Cli;

namespace MecMarl.Cli.Commands;

/// <summary>Options of <c>mecmarl evaluate</c>.</summary>
public sealed class EvaluateSettings : CommandSettings
{
    /// <summary>Scenario file (SPEC 10).</summary>
    [CommandOption("--scenario <S>")]
    [Description("Scenario file (SPEC 10).")]
    public string? Scenario { get; init; }

    /// <summary>Decisions file (SPEC 10), one entry per UE per slot.</summary>
    [CommandOption("--decisions <D>")]
    [Description("Decisions file (SPEC 10): alpha, channel, powerW, share per UE per slot.")]
    public string? Decisions { get; init; }

    /// <summary>Results file to write (SPEC 10).</summary>
    [CommandOption("--out <R>")]
    [Description("Results file to write (SPEC 10): per-UE rates, delays, energies, rewards.")]
    public string? Out { get; init; }
}
