using MecMarl.Experiments;
using Spectre.Console.Cli;

namespace MecMarl.Cli.Commands;

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
