using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using MecMarl.Experiments;
using MecMarl.Reports;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MecMarl.Cli.Commands;

/// <summary>Options of <c>mecmarl reproduce</c>.</summary>
public sealed class ReproduceSettings : CommandSettings
{
    /// <summary>Experiment config file.</summary>
    [CommandOption("--config <C>")]
    [Description("Experiment config JSON (default: the paper preset, as configs/paper.json; configs/tuned.json is the tuned preset).")]
    public string? Config { get; init; }

    /// <summary>Training budget.</summary>
    [CommandOption("--budget <B>")]
    [Description("smoke (4 episodes per scheme, under a minute), default (300 episodes, under 10 minutes on 2 cores) or paper (1000 episodes, curves settled).")]
    [DefaultValue("default")]
    public string Budget { get; init; } = "default";

    /// <summary>Training seeds.</summary>
    [CommandOption("--seeds <LIST>")]
    [Description("Training seeds, comma-separated (default 1); with several, tables give mean and 95% interval and figures show the spread.")]
    [DefaultValue("1")]
    public string Seeds { get; init; } = "1";

    /// <summary>Evaluation seed.</summary>
    [CommandOption("--eval-seed <S>")]
    [Description("Seed of the evaluation episodes (default: evaluation.seed of the config).")]
    public ulong? EvalSeed { get; init; }

    /// <summary>Output folder.</summary>
    [CommandOption("--out <DIR>")]
    [Description("Output folder (default results/<budget>); running again with the same folder resumes unfinished runs.")]
    public string? Out { get; init; }

    /// <summary>Threads for the per-agent work.</summary>
    [CommandOption("--threads <T>")]
    [Description("Threads for the per-agent work (default: all cores; results are identical for any count).")]
    public int? Threads { get; init; }

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        if (Experiments.Budget.Find(Budget) is null)
        {
            return ValidationResult.Error($"--budget: unknown budget '{Budget}', expected one of {string.Join(", ", Experiments.Budget.All.Select(b => b.Name))}.");
        }
        try
        {
            Reproduction.ParseSeeds(Seeds);
        }
        catch (FormatException e)
        {
            return ValidationResult.Error($"--seeds: {e.Message}.");
        }
        return CliOptions.ValidateThreads(Threads);
    }
}

/// <summary><c>mecmarl reproduce</c>: the paper's Figs. 4-7 and the summary table, for every scheme and seed.</summary>
public sealed class ReproduceCommand(CliIo io) : Command<ReproduceSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, ReproduceSettings settings, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        Budget budget = Experiments.Budget.Find(settings.Budget)!;
        ExperimentConfig config = budget.Apply(CliFiles.Experiment(settings.Config));
        if (settings.EvalSeed is { } evalSeed)
        {
            config = config with { Evaluation = config.Evaluation with { Seed = evalSeed } };
        }
        IReadOnlyList<int> seeds = Reproduction.ParseSeeds(settings.Seeds);
        CliFiles.FromConfig(settings.Config, () =>
        {
            foreach (string scheme in SchemeIds.Learning)
            {
                MultiAgentTrainer.Validate(scheme, config);
            }
            return 0;
        });
        string output = settings.Out ?? Path.Combine("results", budget.Name);
        var reproduction = new Reproduction(output, config, seeds, budget.Name);
        CliFiles.Guard(() =>
        {
            reproduction.Prepare();
            return 0;
        });
        int threads = CliOptions.Threads(settings.Threads);
        io.Console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"reproduce: {budget.Name} budget, {config.Training.Episodes} episodes x {SchemeIds.Learning.Count} learning schemes x {seeds.Count} seed(s), {threads} thread(s), output {output}")));

        var episodes = new List<EpisodeRecord>();
        var evaluations = new List<EvaluationResult>();
        foreach (int seed in seeds)
        {
            foreach (string scheme in SchemeIds.Learning)
            {
                TrainingRun run = CliFiles.Guard(() => reproduction.OpenRun(scheme, seed));
                EvaluationResult result = TrainCommand.TrainWithProgress(io, run, threads, cancellationToken);
                evaluations.Add(result);
                episodes.AddRange(CliFiles.Guard(run.ReadEpisodes));
            }
        }
        IReadOnlyList<EvaluationResult> fixedResults = null!;
        io.Console.Status().Start("evaluating the fixed schemes...", _ => fixedResults = reproduction.EvaluateFixed(cancellationToken));
        evaluations.AddRange(fixedResults);
        IReadOnlyList<string> files = reproduction.WriteReport(episodes, evaluations, Figures.WriteAll);

        io.Console.Write(ResultTable.Of($"evaluation on {config.Evaluation.Episodes} episodes (eval seed {config.Evaluation.Seed})", evaluations));
        io.Out.WriteLine(File.ReadAllText(Path.Combine(output, "summary.md")));
        io.Console.MarkupLine($"wrote {files.Count} files to [bold]{Markup.Escape(output)}[/] in {clock.Elapsed.TotalMinutes.ToString("F1", CultureInfo.InvariantCulture)} min");
        return 0;
    }
}
