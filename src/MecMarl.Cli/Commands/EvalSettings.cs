using System.ComponentModel;
using MecMarl.Experiments;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MecMarl.Cli.Commands;

/// <summary>Options of <c>mecmarl eval</c>.</summary>
public sealed class EvalSettings : ConfigSettings
{
    /// <summary>Run folder of a trained scheme.</summary>
    [CommandOption("--run <DIR>")]
    [Description("Run folder of a finished training (mecmarl train).")]
    public string? Run { get; init; }

    /// <summary>A fixed scheme to evaluate instead of a run.</summary>
    [CommandOption("--scheme <S>")]
    [Description("Evaluate a fixed policy instead of a run: full-offload, local, random, yardstick, yardstick-local, constant or heuristic (mecmarl simulate --help describes them), on training.layoutSeed's layout.")]
    public string? Scheme { get; init; }

    /// <summary>Evaluation episodes.</summary>
    [CommandOption("--episodes <E>")]
    [Description("Evaluation episodes (default: evaluation.episodes of the config, 20).")]
    public int? Episodes { get; init; }

    /// <summary>Evaluation seed.</summary>
    [CommandOption("--eval-seed <S>")]
    [Description("Seed of the evaluation episodes' fading and tasks (default: evaluation.seed of the config).")]
    public ulong? EvalSeed { get; init; }

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        if ((Run is null) == (Scheme is null))
        {
            return ValidationResult.Error($"give either --run DIR (a trained scheme) or --scheme {string.Join("|", FixedPolicies.Ids)}.");
        }
        if (Scheme is not null && !FixedPolicies.Contains(Scheme))
        {
            return ValidationResult.Error($"--scheme: '{Scheme}' is not a fixed scheme; expected one of {string.Join(", ", FixedPolicies.Ids)} (learned schemes are evaluated with --run).");
        }
        if (Run is not null && HasConfig)
        {
            return ValidationResult.Error("--config/--set: a run is evaluated with its own config.json; --config and --set go with --scheme.");
        }
        if (Episodes is < 1 or > 1_000_000)
        {
            return ValidationResult.Error($"--episodes: {Episodes} is not between 1 and 1000000.");
        }
        return ValidationResult.Success();
    }
}
