using System.Diagnostics;
using System.Globalization;
using MecMarl.Experiments;
using MecMarl.Reports;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MecMarl.Cli.Commands;

/// <summary><c>mecmarl reproduce</c>: the paper's Figs. 4-7, Fig. 8 (performance against signalling) and the summary table, for every scheme and seed.</summary>
public sealed class ReproduceCommand(CliIo io) : Command<ReproduceSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, ReproduceSettings settings, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        Budget budget = Experiments.Budget.Find(settings.Budget)!;
        string budgetSource = $"--budget {budget.Name}";
        if (settings.Episodes is { } e)
        {
            budget = budget with { Episodes = e };
        }
        ResolvedConfig resolved = CliFiles.Experiment(settings);
        string episodesSource = resolved.Layers.SourceOf("training.episodes");
        string? budgetWarning = settings.Episodes is null && episodesSource != ConfigLayers.DefaultSource && resolved.Config.Training.Episodes != budget.Episodes
            ? string.Create(CultureInfo.InvariantCulture,
                $"training.episodes {resolved.Config.Training.Episodes} of {episodesSource} is replaced by the {budget.Name} budget's {budget.Episodes}; give --episodes {resolved.Config.Training.Episodes} to train that long.")
            : null;
        ExperimentConfig config = budget.Apply(resolved.Config);
        Budget.Note(resolved.Layers, resolved.Config, config, budgetSource);
        if (settings.Episodes is not null)
        {
            resolved.Layers.Note("training.episodes", "--episodes");
        }
        if (settings.EvalSeed is { } evalSeed)
        {
            config = config with { Evaluation = config.Evaluation with { Seed = evalSeed } };
            resolved.Layers.Note("evaluation.seed", "--eval-seed");
        }
        IReadOnlyList<int> seeds = Reproduction.ParseSeeds(settings.Seeds);
        IReadOnlyList<string> schemes = CliOptions.ParseSchemes(settings.Schemes, config.Schemes);
        CliFiles.FromConfig(resolved.Layers, () =>
        {
            foreach (string scheme in schemes.Where(s => !StudySchemes.IsFixed(s)))
            {
                MultiAgentTrainer.Validate(scheme, config);
                MemoryBudget.Check(scheme, config);
                foreach (int seed in seeds)
                {
                    _ = MultiAgentTrainer.LoadInitPolicy(scheme, config, seed);
                }
            }
            return 0;
        });
        string output = settings.Out ?? Path.Combine("results", settings.Episodes is { } n ? $"{budget.Name}-{n}ep" : budget.Name);
        using var reproduction = new Reproduction(output, config, seeds, budget.Name, schemes);
        MecMarl.Cluster.ClusterConnection? cluster = settings.Cluster is { } c ? ClusterRun.Connect(c, settings.Store!, output, cancellationToken) : null;
        try
        {
            CliFiles.Guard(() =>
            {
                if (reproduction.Prepare())
                {
                    resolved.Layers.WriteSources(output, config);
                }
                return 0;
            });
        }
        catch
        {
            cluster?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
        // Warnings once every check has passed, so that bad input stays one line.
        foreach (string? warning in new[] { budgetWarning, StudySchemes.FdrlWarning(schemes, config) })
        {
            if (warning is not null)
            {
                io.Error.WriteLine($"mecmarl: warning: {warning}");
            }
        }
        int threads = CliOptions.Threads(settings.Threads);
        io.Console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"reproduce: {budget.Name} budget, {config.Training.Episodes} episodes x {reproduction.LearningSchemes.Count} learning scheme(s) x {seeds.Count} seed(s), {reproduction.FixedSchemesRun.Count} fixed scheme(s), {threads} thread(s), output {output}")));

        if (cluster is not null)
        {
            // Every run and fixed evaluation not finished in the store becomes a work item on the cluster;
            // the local pass below then reads them back (complete runs are not trained again) and writes the report.
            var units = new List<(string Scheme, int? Seed, string What)>();
            foreach (int seed in seeds)
            {
                units.AddRange(reproduction.LearningSchemes.Select(s => (s, (int?)seed, $"{s} seed {seed}")));
            }
            units.AddRange(reproduction.FixedSchemesRun.Select(s => (s, (int?)null, s)));
            var pending = units.Where(u => !Sweep.IsWorkDone(reproduction, u.Scheme, u.Seed)).ToList();
            ClusterRun.Run(io, cluster, settings.Store!, [.. pending.Select((u, i) => ClusterRun.Item(i, reproduction, u.Scheme, u.Seed, $"{output}: {u.What}"))], cancellationToken);
        }
        var episodes = new List<EpisodeRecord>();
        var evaluations = new List<EvaluationResult>();
        foreach (int seed in seeds)
        {
            foreach (string scheme in reproduction.LearningSchemes)
            {
                using TrainingRun run = CliFiles.Guard(() => reproduction.OpenRun(scheme, seed));
                EvaluationResult result = TrainCommand.TrainWithProgress(io, run, threads, cancellationToken);
                evaluations.Add(CliFiles.Guard(() => reproduction.EvaluationOf(run, result)));
                episodes.AddRange(CliFiles.Guard(run.ReadEpisodes));
            }
        }
        if (reproduction.FixedSchemesRun.Count > 0)
        {
            IReadOnlyList<EvaluationResult> fixedResults = null!;
            io.Console.Status().Start("evaluating the fixed schemes...", _ => fixedResults = CliFiles.Guard(() => reproduction.EvaluateFixed(cancellationToken)));
            evaluations.AddRange(fixedResults);
        }
        var figures = new FigureOptions { OmitFarFixedInFig4 = !settings.Fig4AllFixed, SmoothEpisodes = settings.Smooth };
        IReadOnlyList<string> files = CliFiles.Guard(() => reproduction.WriteReport(episodes, evaluations, (report, directory) => Figures.WriteAll(report, directory, figures), figures));

        io.Console.Write(ResultTable.Of($"evaluation on {config.Evaluation.Episodes} episodes (eval seed {config.Evaluation.Seed})", evaluations));
        io.Out.WriteLine(File.ReadAllText(Path.Combine(output, "summary.md")));
        io.Console.MarkupLine($"wrote {files.Count} files to [bold]{Markup.Escape(output)}[/] in {clock.Elapsed.TotalMinutes.ToString("F1", CultureInfo.InvariantCulture)} min");
        return 0;
    }
}
