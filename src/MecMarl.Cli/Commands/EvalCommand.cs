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

/// <summary><c>mecmarl eval</c>: SPEC 9 metrics of a trained run or of a fixed scheme.</summary>
public sealed class EvalCommand(CliIo io) : Command<EvalSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, EvalSettings settings, CancellationToken cancellationToken)
    {
        EvaluationResult result = null!;
        if (settings.Run is not null)
        {
            using TrainingRun run = CliFiles.Guard(() => TrainingRun.Open(settings.Run));
            int episodes = settings.Episodes ?? run.Config.Evaluation.Episodes;
            Progress.Run(io, $"eval {run.Scheme} seed {run.Seed}", episodes, advance =>
                result = CliFiles.Guard(() => run.Evaluate(settings.Episodes, settings.EvalSeed, advance, cancellationToken)));
        }
        else
        {
            ResolvedConfig resolved = CliFiles.Experiment(settings);
            ExperimentConfig config = resolved.Config;
            int episodes = settings.Episodes ?? config.Evaluation.Episodes;
            ulong seed = settings.EvalSeed ?? config.Evaluation.Seed;
            Progress.Run(io, $"eval {settings.Scheme}", episodes, advance =>
                result = CliFiles.FromConfig(resolved.Layers, () => Evaluation.Fixed(settings.Scheme!, config, episodes, seed, advance, cancellationToken)));
        }
        io.Console.Write(ResultTable.Of($"evaluation on {result.Episodes} episodes (eval seed {result.EvalSeed})", [result]));
        return 0;
    }
}
