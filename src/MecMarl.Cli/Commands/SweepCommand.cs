using System.Diagnostics;
using System.Globalization;
using MecMarl.Experiments;
using MecMarl.Reports;
using MecMarl.Simulation;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MecMarl.Cli.Commands;

/// <summary><c>mecmarl sweep</c>: every chosen scheme at every point of a grid over one or two config paths.</summary>
public sealed class SweepCommand(CliIo io) : Command<SweepSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, SweepSettings settings, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        foreach (string file in settings.ConfigFiles)
        {
            CliFiles.Input(file, "--config");
        }
        IReadOnlyList<SweepAxis> axes = [.. settings.Vary!.Select(SweepAxis.Parse)];
        IReadOnlyList<int> seeds = Reproduction.ParseSeeds(settings.Seeds);
        // Learning schemes a config defines are checked at every point below.
        IReadOnlyList<string> schemes = StudySchemes.Parse(settings.Schemes, _ => true);
        string output = settings.Out!;
        Sweep sweep = CliFiles.Guard(() =>
        {
            ConfigLayers layers = ConfigLayers.Of(settings.ConfigFiles, settings.Set);
            if (settings.Episodes is { } e)
            {
                layers.Set(string.Create(CultureInfo.InvariantCulture, $"training.episodes={e}"), "--episodes");
            }
            return Sweep.Create(output, layers, axes, schemes, seeds);
        });
        // Every point must be runnable before anything is written: the schemes' own checks and the layout.
        foreach (SweepPoint p in sweep.Points)
        {
            CliOptions.ParseSchemes(settings.Schemes, p.Config.Schemes);
            CliFiles.FromConfig(p.Layers, () =>
            {
                foreach (string scheme in schemes.Where(s => !StudySchemes.IsFixed(s)))
                {
                    MultiAgentTrainer.Validate(scheme, p.Config);
                    foreach (int seed in seeds)
                    {
                        _ = MultiAgentTrainer.LoadInitPolicy(scheme, p.Config, seed);
                    }
                }
                _ = new MecEnvironment(p.Config.Simulation, p.Config.Training.LayoutSeed);
                return 0;
            });
        }
        MecMarl.Cluster.ClusterConnection? cluster = settings.Cluster is { } c ? ClusterRun.Connect(c, settings.Store!, output, cancellationToken) : null;
        bool created;
        try
        {
            created = CliFiles.Guard(sweep.Prepare);
        }
        catch
        {
            cluster?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
        foreach (string warning in sweep.Points.Select(p => StudySchemes.FdrlWarning(schemes, p.Config)).OfType<string>().Distinct())
        {
            io.Error.WriteLine($"mecmarl: warning: {warning}");
        }
        int jobs = settings.Jobs ?? Environment.ProcessorCount;
        string where = cluster is not null ? $"on cluster {cluster.Target.Text}" : string.Create(CultureInfo.InvariantCulture, $"{jobs} job(s)");
        io.Console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"sweep: {sweep.Points.Count} point(s) x {schemes.Count} scheme(s), {seeds.Count} seed(s): {sweep.Units.Count} runs and evaluations, {where}, output {output}{(created ? "" : " (resumed)")}")));

        if (cluster is not null)
        {
            // Every unit not finished in the store becomes a work item on the cluster, largest first as locally;
            // the local pass below then only reads the results back and writes the outputs with the same code.
            SweepUnit[] pending = [.. sweep.Units.Where(u => !Sweep.IsWorkDone(u.Point.Reproduction, u.Scheme, u.Seed)).OrderByDescending(u => u.Cost).ThenBy(u => u.Order)];
            ClusterRun.Run(io, cluster, settings.Store!, [.. pending.Select((u, i) => ClusterRun.Item(i, u.Point.Reproduction, u.Scheme, u.Seed, sweep.Describe(u)))], cancellationToken);
        }
        IReadOnlyList<SweepRow> rows = null!;
        if (io.Console.Profile.Capabilities.Interactive)
        {
            io.Console.Progress()
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask("sweep", maxValue: 1.0);
                    var gate = new Lock();
                    rows = CliFiles.Guard(() => sweep.Run(jobs, p =>
                    {
                        using Lock.Scope scope = gate.EnterScope();
                        task.Value = p.Fraction;
                        task.Description = Markup.Escape($"sweep: {p.UnitsDone}/{p.UnitsTotal} done");
                        if (p.Message is not null)
                        {
                            ctx.Refresh();
                            io.Console.MarkupLine(Markup.Escape($"[{p.UnitsDone}/{p.UnitsTotal}] {p.Message}"));
                        }
                    }, cancellationToken));
                });
        }
        else
        {
            double nextLine = 0.1;
            var gate = new Lock();
            rows = CliFiles.Guard(() => sweep.Run(jobs, p =>
            {
                lock (gate)
                {
                    string eta = p.Eta is { } t ? $", ETA {t:c}" : "";
                    if (p.Message is not null)
                    {
                        io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{p.UnitsDone}/{p.UnitsTotal}] {p.Message}; grid {100 * p.Fraction:F0}% done{eta}"));
                    }
                    else if (p.Fraction >= nextLine)
                    {
                        nextLine = Math.Floor(p.Fraction * 10 + 1) / 10;
                        io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sweep: grid {100 * p.Fraction:F0}% done{eta}"));
                    }
                }
            }, cancellationToken));
        }
        IReadOnlyList<string> files = CliFiles.Guard(() => sweep.WriteOutputs(rows, SweepFigures.WriteAll));
        io.Console.Write(SummaryTable(sweep, sweep.Summarize(rows)));
        io.Console.MarkupLine($"wrote {files.Count} files to [bold]{Markup.Escape(output)}[/] in {clock.Elapsed.TotalMinutes.ToString("F1", CultureInfo.InvariantCulture)} min");
        return 0;
    }

    private static Table SummaryTable(Sweep sweep, IReadOnlyList<SweepSummary> summary)
    {
        var table = new Table().Title("sweep: evaluation per point (mean over seeds)");
        foreach (SweepAxis a in sweep.Axes)
        {
            table.AddColumn(Markup.Escape(a.Path));
        }
        table.AddColumns("scheme", "n", "total energy (J/UE/slot)", "deadlines met (%)", "system reward / episode", "training (s)");
        foreach (SweepSummary s in summary)
        {
            List<string> cells = [.. s.Point.Values.Select(Markup.Escape), Markup.Escape(s.Scheme), s.Count.ToString(CultureInfo.InvariantCulture),
                F(s.Values[0], "G5"), F(s.Values[3], "F2"), F(s.Values[4], "F1"), F(s.Values[6], "F1")];
            table.AddRow([.. cells]);
        }
        return table;
    }

    private static string F(MeanCi? m, string format) => m is { } v ? v.Mean.ToString(format, CultureInfo.InvariantCulture) : "–";
}
