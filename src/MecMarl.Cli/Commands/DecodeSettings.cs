using System.ComponentModel;
using Spectre.Console.Cli;

namespace MecMarl.Cli.Commands;

/// <summary>Options of <c>mecmarl decode</c>.</summary>
public sealed class DecodeSettings : ConfigSettings
{
    /// <summary>Scenario file (SPEC 10).</summary>
    [CommandOption("--scenario <S>")]
    [Description("Scenario file (SPEC 10).")]
    public string? Scenario { get; init; }

    /// <summary>Actions file (SPEC 10): one raw action vector per agent per slot.</summary>
    [CommandOption("--actions <A>")]
    [Description("Actions file (SPEC 10): one raw action vector of N_m*(3+K) numbers per agent per slot.")]
    public string? Actions { get; init; }

    /// <summary>Decisions file to write.</summary>
    [CommandOption("--out <D>")]
    [Description("Decisions file to write (the decoder's output).")]
    public string? Out { get; init; }

    /// <summary>Observations file to write, optional.</summary>
    [CommandOption("--observations <O>")]
    [Description("Also write the observations file: what each agent observes in each slot (SPEC 7).")]
    public string? Observations { get; init; }
}
