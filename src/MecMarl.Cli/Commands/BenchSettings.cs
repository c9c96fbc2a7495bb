using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MecMarl.Cli.Commands;

/// <summary>Options of <c>mecmarl bench</c>.</summary>
public sealed class BenchSettings : ConfigSettings
{
    /// <summary>Measure one DDPG update of all 6 agents (MA-DRL and F-DRL paper shapes) instead of environment and training throughput.</summary>
    [CommandOption("--updates")]
    [Description("Measure the learner: mean time of one full update of all 6 agents (critic step, actor step, soft update) on random data, paper shapes, batch 32.")]
    public bool Updates { get; init; }

    /// <summary>Threads for the parallelism over agents (results are bit-identical for any count).</summary>
    [CommandOption("--threads <T>")]
    [Description("Threads used for the per-agent work (default 1).")]
    [DefaultValue(1)]
    public int Threads { get; init; } = 1;

    /// <summary>Environment slots to time.</summary>
    [CommandOption("--slots <N>")]
    [Description("Environment slots to time for the throughput figures (default 20000).")]
    [DefaultValue(20000)]
    public int Slots { get; init; } = 20000;

    /// <summary>Training slots to time per learning scheme.</summary>
    [CommandOption("--train-slots <N>")]
    [Description("Training slots to time per learning scheme, after learning starts (default 1000).")]
    [DefaultValue(1000)]
    public int TrainSlots { get; init; } = 1000;

    /// <summary>Timed runs per learning scheme; the reported figure is their median.</summary>
    [CommandOption("--runs <N>")]
    [Description("Timed runs of --train-slots slots per learning scheme, one after another on one trainer after a 1 s warm-up; the reported figure is their median (default 3).")]
    [DefaultValue(3)]
    public int Runs { get; init; } = 3;

    /// <summary>Number of timed updates per scheme with <c>--updates</c>.</summary>
    [CommandOption("--repeats <N>")]
    [Description("Timed updates per scheme with --updates, after 30 warm-up updates (default 300).")]
    [DefaultValue(300)]
    public int Repeats { get; init; } = 300;

    /// <summary>Where to write the figures as JSON.</summary>
    [CommandOption("--json <F>")]
    [Description("Write the measured figures to this JSON file.")]
    public string? Json { get; init; }

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        if (Threads < 1 || Threads > 256)
        {
            return ValidationResult.Error($"--threads: {Threads} is not a thread count between 1 and 256.");
        }
        if (Slots < 100)
        {
            return ValidationResult.Error($"--slots: {Slots} is too few to time (at least 100).");
        }
        if (TrainSlots < 50)
        {
            return ValidationResult.Error($"--train-slots: {TrainSlots} is too few to time (at least 50).");
        }
        if (Runs < 1 || Runs > 1000)
        {
            return ValidationResult.Error($"--runs: {Runs} is not a run count between 1 and 1000.");
        }
        if (Repeats < 1)
        {
            return ValidationResult.Error($"--repeats: {Repeats} must be at least 1.");
        }
        return ValidationResult.Success();
    }
}
