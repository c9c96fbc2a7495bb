using System.Globalization;
using MecMarl.Experiments;
using MecMarl.Simulation;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MecMarl.Cli.Commands;

/// <summary><c>mecmarl train</c>: trains one learning scheme into a run folder, or resumes one.</summary>
public sealed class TrainCommand(CliIo io) : Command<TrainSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, TrainSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Cluster is not null)
        {
            return ClusterTraining.Execute(io, settings, cancellationToken);
        }
        TrainingRun run;
        if (settings.Resume is not null)
        {
            run = CliFiles.Guard(() => TrainingRun.Open(settings.Resume));
            if (run.IsComplete)
            {
                io.Console.MarkupLine($"{Markup.Escape(settings.Resume)}: the run is already complete ({run.EpisodesDone} episodes).");
                return 0;
            }
        }
        else
        {
            ResolvedConfig resolved = CliFiles.Experiment(settings);
            ExperimentConfig config = resolved.Config;
            if (settings.Episodes is { } e)
            {
                config = config with { Training = config.Training with { Episodes = e } };
                resolved.Layers.Note("training.episodes", "--episodes");
            }
            if (!config.Schemes.Contains(settings.Scheme!))
            {
                throw new CliInputException($"--scheme: unknown scheme '{settings.Scheme}', expected one of {string.Join(", ", config.Schemes.Ids)} (the config's schemes section may define more).");
            }
            CliFiles.FromConfig(resolved.Layers, () =>
            {
                MultiAgentTrainer.Validate(settings.Scheme!, config);
                MemoryBudget.Check(settings.Scheme!, config);
                _ = MultiAgentTrainer.LoadInitPolicy(settings.Scheme!, config, settings.Seed);
                return 0;
            });
            run = CliFiles.Guard(() => TrainingRun.Create(settings.Out!, settings.Scheme!, config, settings.Seed));
            CliFiles.Guard(() => resolved.Layers.WriteSources(run.Directory, config));
            if (StudySchemes.FdrlWarning([settings.Scheme!], config) is { } warning)
            {
                io.Error.WriteLine($"mecmarl: warning: {warning}");
            }
        }
        using TrainingRun lockedRun = run;
        int threads = CliOptions.Threads(settings.Threads);
        EvaluationResult result = TrainWithProgress(io, run, threads, cancellationToken);
        io.Console.Write(ResultTable.Of($"{run.Scheme} seed {run.Seed}: evaluation on {result.Episodes} episodes (eval seed {result.EvalSeed})", [result]));
        if (run.SelectionOutcome is { } selection)
        {
            io.Out.WriteLine($"{selection} ({TrainingRun.SelectionFile})");
        }
        if (run.TrainedBudget.Episodes > 0)
        {
            io.Out.WriteLine($"{run.TrainedBudget.Describe()} (the {run.TrainedBudget.Episodes} episodes trained by this command)");
        }
        io.Console.MarkupLine($"run folder [bold]{Markup.Escape(run.Directory)}[/]");
        return 0;
    }

    /// <summary>Trains <paramref name="run"/> with a live progress line (episode, system reward, deadlines met, time left).</summary>
    internal static EvaluationResult TrainWithProgress(CliIo io, TrainingRun run, int threads, CancellationToken cancellationToken)
    {
        int total = run.Config.Training.Episodes;
        string name = $"{run.Scheme} seed {run.Seed}";
        EvaluationResult result = null!;
        if (io.Console.Profile.Capabilities.Interactive)
        {
            io.Console.Progress()
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask(Markup.Escape(name), maxValue: total);
                    task.Value = run.EpisodesDone;
                    result = CliFiles.Guard(() => run.Train(threads, r =>
                    {
                        task.Description = Markup.Escape(Describe(name, r, total));
                        task.Value = r.Episode;
                    }, cancellationToken));
                });
            return result;
        }
        int step = Math.Max(1, total / 10);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        int first = run.EpisodesDone;
        return CliFiles.Guard(() => run.Train(threads, r =>
        {
            if (r.Episode % step == 0 || r.Episode == total)
            {
                double perEpisode = clock.Elapsed.TotalSeconds / Math.Max(1, r.Episode - first);
                io.Out.WriteLine($"{Describe(name, r, total)}, ETA {TimeSpan.FromSeconds(Math.Round(perEpisode * (total - r.Episode))):c}");
            }
        }, cancellationToken));
    }

    private static string Describe(string name, EpisodeRecord r, int total) => string.Create(CultureInfo.InvariantCulture,
        $"{name}: episode {r.Episode}/{total}, system reward {r.SystemReward:F1}, deadlines met {r.LatencyMetPct:F1}%");
}

/// <summary>
/// <c>train --cluster</c>: a federated training across the silos of a cluster (docs/cluster.md). The
/// client checks everything the local command checks and that the scheme can run there, connects
/// before anything is written, creates the run folder in the store (or takes the one of
/// <c>--resume</c>), sends the training as one work item and follows it; then it prints the
/// evaluation and the bytes the averaging rounds sent against the accounting of docs/overhead.md.
/// </summary>
internal static class ClusterTraining
{
    public static int Execute(CliIo io, TrainSettings settings, CancellationToken cancellationToken)
    {
        string folder;
        ExperimentConfig config;
        string scheme;
        int seed;
        MecMarl.Cluster.ClusterConnection connection;
        if (settings.Resume is not null)
        {
            folder = settings.Resume;
            using (TrainingRun existing = CliFiles.Guard(() => TrainingRun.Open(folder)))
            {
                (config, scheme, seed) = (existing.Config, existing.Scheme, existing.Seed);
                if (MecMarl.Cluster.FederatedCluster.Problem(config, scheme) is { } problem)
                {
                    throw new CliInputException($"--resume {folder}: {problem}.");
                }
                if (existing.IsComplete)
                {
                    io.Console.MarkupLine($"{Markup.Escape(folder)}: the run is already complete ({existing.EpisodesDone} episodes).");
                    return 0;
                }
            }
            connection = ClusterRun.Connect(settings.Cluster!, settings.Store!, folder, cancellationToken);
        }
        else
        {
            ResolvedConfig resolved = CliFiles.Experiment(settings);
            config = resolved.Config;
            if (settings.Episodes is { } e)
            {
                config = config with { Training = config.Training with { Episodes = e } };
                resolved.Layers.Note("training.episodes", "--episodes");
            }
            scheme = settings.Scheme!;
            seed = settings.Seed;
            if (!config.Schemes.Contains(scheme))
            {
                throw new CliInputException($"--scheme: unknown scheme '{scheme}', expected one of {string.Join(", ", config.Schemes.Ids)} (the config's schemes section may define more).");
            }
            ExperimentConfig checkedConfig = config;
            CliFiles.FromConfig(resolved.Layers, () =>
            {
                MultiAgentTrainer.Validate(scheme, checkedConfig);
                MemoryBudget.Check(scheme, checkedConfig);
                if (checkedConfig.Training.InitPolicy is not null)
                {
                    throw new ConfigException("<config>", "training.initPolicy",
                        "train --cluster trains the agents as grains, which cannot start from a trained policy; train without --cluster");
                }
                return 0;
            });
            if (MecMarl.Cluster.FederatedCluster.Problem(config, scheme) is { } problem)
            {
                throw new CliInputException($"--scheme {scheme}: {problem}.");
            }
            folder = settings.Out!;
            // Connected (Redis, a silo, the store, --out inside it) before anything is written.
            connection = ClusterRun.Connect(settings.Cluster!, settings.Store!, folder, cancellationToken);
            try
            {
                using TrainingRun run = CliFiles.Guard(() => TrainingRun.Create(folder, scheme, checkedConfig, seed));
                CliFiles.Guard(() => resolved.Layers.WriteSources(run.Directory, checkedConfig));
            }
            catch
            {
                connection.DisposeAsync().AsTask().GetAwaiter().GetResult();
                throw;
            }
            if (StudySchemes.FdrlWarning([scheme], config) is { } warning)
            {
                io.Error.WriteLine($"mecmarl: warning: {warning}");
            }
        }
        string description = string.Create(CultureInfo.InvariantCulture, $"{scheme} seed {seed}");
        // The trainer's work item takes slot 0 and agent m slot 1 + m: with two silos, agent 0 lives on the silo the trainer does not.
        var item = new MecMarl.Cluster.ClusterItem(0, folder, scheme, seed, config.ToJson(), config.TrainingFingerprint(), description, config.Training.Episodes)
        {
            Kind = MecMarl.Cluster.WorkKind.FederatedTraining,
            AgentSlot = 1,
        };
        try
        {
            ClusterRun.Run(io, connection, settings.Store!, [item], cancellationToken);
        }
        catch (MecMarl.Cluster.ClusterFailureException e)
        {
            throw new MecMarl.Cluster.ClusterFailureException($"{e.Message} For this training: mecmarl train --resume {folder} --cluster {settings.Cluster} --store {settings.Store}", e);
        }
        EvaluationResult result;
        using (TrainingRun done = CliFiles.Guard(() => TrainingRun.Open(folder)))
        {
            result = CliFiles.Guard(done.ReadEvaluation);
        }
        io.Console.Write(ResultTable.Of($"{description}: evaluation on {result.Episodes} episodes (eval seed {result.EvalSeed})", [result]));
        io.Out.WriteLine(BytesReport(folder, scheme, config));
        io.Out.WriteLine(BudgetReport(folder));
        io.Console.MarkupLine($"run folder [bold]{Markup.Escape(folder)}[/]");
        return 0;
    }

    /// <summary>
    /// Where the training's wall time went, from <c>slot_budget.csv</c> (every episode once, as last
    /// trained), as one line (<see cref="SlotBudget.Describe"/>).
    /// </summary>
    public static string BudgetReport(string folder)
    {
        IReadOnlyList<(int Episode, SlotBudget Budget)> rows = MecMarl.Cluster.FederatedCluster.ReadBudget(folder);
        if (rows.Count == 0)
        {
            return $"slot budget: not recorded ({MecMarl.Cluster.FederatedCluster.BudgetFile} is missing or unreadable)";
        }
        SlotBudget total = rows.Aggregate(SlotBudget.Zero, (sum, r) => sum.Add(r.Budget));
        return $"{total.Describe()} ({MecMarl.Cluster.FederatedCluster.BudgetFile}, {rows.Count} episodes)";
    }

    /// <summary>
    /// The bytes of the averaging rounds as Orleans serialized them (<c>federated_bytes.csv</c>) against
    /// the accounting of docs/overhead.md for the same config, as one line.
    /// </summary>
    public static string BytesReport(string folder, string scheme, ExperimentConfig config)
    {
        IReadOnlyList<MecMarl.Cluster.RoundBytes> rounds = MecMarl.Cluster.GrainLearner.ReadBytes(folder);
        long up = rounds.Sum(r => r.BytesUp), down = rounds.Sum(r => r.BytesDown);
        MecMarl.Learning.Signalling.SignallingCounts accounted = SignallingAccounting.For(scheme, config);
        long accountedUp = accounted.TrainingUplinkBytes.Sum(), accountedDown = accounted.TrainingDownlinkBytes.Sum();
        string ratio = accountedUp + accountedDown > 0 ? ((double)(up + down) / (accountedUp + accountedDown)).ToString("F4", CultureInfo.InvariantCulture) : "-";
        return string.Create(CultureInfo.InvariantCulture,
            $"federated averaging: {rounds.Count} rounds; sent as Orleans serialized the messages: {up:N0} bytes up, {down:N0} down ({up + down:N0}, {MecMarl.Cluster.GrainLearner.BytesFile}); docs/overhead.md accounts {accountedUp:N0} up, {accountedDown:N0} down ({accountedUp + accountedDown:N0}); measured / accounted {ratio}");
    }
}
