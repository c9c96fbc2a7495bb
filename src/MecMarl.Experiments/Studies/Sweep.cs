using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MecMarl.Learning.Signalling;
using MecMarl.Simulation;

namespace MecMarl.Experiments;

/// <summary>
/// <c>mecmarl sweep</c>: a grid over one or two config paths; at every point the chosen learning
/// schemes are trained (one run per seed) and the chosen fixed schemes evaluated, exactly as
/// <c>reproduce</c> does (each point is a <see cref="Reproduction"/> folder under <c>points/</c>).
/// Units run in parallel up to a number of jobs, each single-threaded, so results do not depend on
/// the job count or order. The folder's <c>sweep.json</c> records the grid; running the same
/// command again resumes (finished units are read back, not recomputed), a different grid, config,
/// scheme list or seed list is refused. Writes <c>sweep.csv</c> (one row per point, scheme and seed),
/// <c>sweep_summary.csv</c> (mean and 95% interval per point and scheme) and the figures of
/// MecMarl.Reports' <c>SweepFigures</c>; docs/studies.md.
/// </summary>
public sealed class Sweep
{
    /// <summary>The grid description and results file.</summary>
    public const string StateFile = "sweep.json";

    /// <summary>Tidy results: one row per point, scheme and seed.</summary>
    public const string CsvFile = "sweep.csv";

    /// <summary>Aggregated results: one row per point and scheme.</summary>
    public const string SummaryFile = "sweep_summary.csv";

    private const int FormatVersion = 1;

    private Sweep(string directory, IReadOnlyList<SweepAxis> axes, IReadOnlyList<SweepPoint> points, IReadOnlyList<string> schemes, IReadOnlyList<int> seeds)
    {
        Directory = directory;
        Axes = axes;
        Points = points;
        Schemes = schemes;
        Seeds = seeds;
        var units = new List<SweepUnit>();
        foreach (SweepPoint p in points)
        {
            foreach (string s in schemes)
            {
                if (!StudySchemes.IsFixed(s))
                {
                    units.AddRange(seeds.Select(seed => new SweepUnit(units.Count, p, s, seed, LearningCost(p.Config))));
                }
                else
                {
                    units.Add(new SweepUnit(units.Count, p, s, null, FixedCost(p.Config, s)));
                }
            }
        }
        Units = units;
    }

    /// <summary>Output folder.</summary>
    public string Directory { get; }

    /// <summary>The varied paths (one or two).</summary>
    public IReadOnlyList<SweepAxis> Axes { get; }

    /// <summary>The grid points, first axis outermost.</summary>
    public IReadOnlyList<SweepPoint> Points { get; }

    /// <summary>Schemes run at every point.</summary>
    public IReadOnlyList<string> Schemes { get; }

    /// <summary>Training seeds of the learning schemes.</summary>
    public IReadOnlyList<int> Seeds { get; }

    /// <summary>Every unit of work, in result order.</summary>
    public IReadOnlyList<SweepUnit> Units { get; }

    /// <summary>
    /// Builds the grid: the config of every point is <paramref name="layers"/> with one
    /// <c>--vary path=value</c> layer per axis, read by the config reader (a bad value is a
    /// <see cref="ConfigException"/> against that <c>--vary</c>). Nothing is written.
    /// </summary>
    public static Sweep Create(string directory, ConfigLayers layers, IReadOnlyList<SweepAxis> axes, IReadOnlyList<string> schemes, IReadOnlyList<int> seeds)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentNullException.ThrowIfNull(axes);
        ArgumentNullException.ThrowIfNull(schemes);
        ArgumentNullException.ThrowIfNull(seeds);
        if (axes.Count is < 1 or > 2 || axes.Any(a => a.Values.Count == 0))
        {
            throw new ArgumentException("A sweep varies one or two paths, each with at least one value.", nameof(axes));
        }
        if (schemes.Count == 0)
        {
            throw new ArgumentException("A sweep needs at least one scheme.", nameof(schemes));
        }
        IEnumerable<IReadOnlyList<string>> combos = axes.Count == 1
            ? axes[0].Values.Select(v => (IReadOnlyList<string>)[v])
            : axes[0].Values.SelectMany(v => axes[1].Values.Select(w => (IReadOnlyList<string>)[v, w]));
        var points = new List<SweepPoint>();
        foreach (IReadOnlyList<string> values in combos)
        {
            ConfigLayers point = layers.Clone();
            for (int a = 0; a < axes.Count; a++)
            {
                point.Set($"{axes[a].Path}={values[a]}", "--vary");
            }
            ExperimentConfig config = point.Resolve();
            string dir = System.IO.Path.Combine(directory, "points", PointFolder(points.Count, axes, values));
            points.Add(new SweepPoint(points.Count, values, new Reproduction(dir, config, seeds, "sweep", schemes), point));
        }
        return new Sweep(directory, axes, points, schemes, seeds);
    }

    private static string PointFolder(int index, IReadOnlyList<SweepAxis> axes, IReadOnlyList<string> values)
    {
        var sb = new StringBuilder(FormattableString.Invariant($"p{index:D3}"));
        for (int a = 0; a < axes.Count; a++)
        {
            string leaf = axes[a].Path[(axes[a].Path.LastIndexOf('.') + 1)..];
            sb.Append('_').Append(leaf).Append('=').Append(values[a]);
        }
        var name = new StringBuilder();
        foreach (char c in sb.ToString())
        {
            name.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '=' or '.' or '-' ? c : '-');
        }
        return name.Length > 80 ? name.ToString(0, 80) : name.ToString();
    }

    private static int UeCount(ExperimentConfig c)
    {
        NetworkConfig n = c.Simulation.Network;
        int total = 0;
        for (int m = 0; m < n.SbsCount; m++)
        {
            total += n.UesInCell(m);
        }
        return total;
    }

    private static double LearningCost(ExperimentConfig c) =>
        (double)UeCount(c) * c.Simulation.Environment.SlotsPerEpisode * (c.Training.Episodes + 0.1 * c.Evaluation.Episodes);

    private static double FixedCost(ExperimentConfig c, string scheme) =>
        (double)UeCount(c) * c.Simulation.Environment.SlotsPerEpisode * c.Evaluation.Episodes * (scheme == SchemeIds.Yardstick ? 0.5 : 0.1);

    /// <summary>The grid as recorded in sweep.json (what a resumed sweep must match).</summary>
    private JsonObject Definition() => new()
    {
        ["axes"] = new JsonArray([.. Axes.Select(a => (JsonNode?)new JsonObject
        {
            ["path"] = a.Path,
            ["values"] = new JsonArray([.. a.Values.Select(v => (JsonNode?)v)]),
        })]),
        ["schemes"] = new JsonArray([.. Schemes.Select(s => (JsonNode?)s)]),
        ["seeds"] = new JsonArray([.. Seeds.Select(s => (JsonNode?)s)]),
        ["points"] = new JsonArray([.. Points.Select(p => (JsonNode?)new JsonObject
        {
            ["folder"] = System.IO.Path.GetFileName(p.Reproduction.Directory),
            ["values"] = new JsonArray([.. p.Values.Select(v => (JsonNode?)v)]),
            ["fingerprint"] = p.Config.TrainingFingerprint(),
            ["evaluationEpisodes"] = p.Config.Evaluation.Episodes,
            ["evaluationSeed"] = p.Config.Evaluation.Seed,
        })]),
    };

    /// <summary>
    /// Claims the folder (new or empty: writes sweep.json and every point's config.json and
    /// config.sources.json) or checks that it holds this very sweep (then it is resumed). A folder
    /// holding another sweep, or anything else, is a <see cref="RunFolderException"/> and nothing is touched.
    /// Returns true when the folder was claimed now.
    /// </summary>
    public bool Prepare()
    {
        string state = System.IO.Path.Combine(Directory, StateFile);
        JsonObject definition = Definition();
        if (File.Exists(Directory))
        {
            throw new RunFolderException($"{Directory}: is a file, expected an output folder.");
        }
        bool created = false;
        if (File.Exists(state))
        {
            JsonNode? stored;
            try
            {
                stored = JsonNode.Parse(File.ReadAllText(state));
            }
            catch (JsonException e)
            {
                throw new RunFolderException($"{state}: malformed JSON: {e.Message}", e);
            }
            if (stored?["format"]?.GetValueKind() != JsonValueKind.Number || stored["format"]!.GetValue<int>() != FormatVersion)
            {
                throw new RunFolderException($"{state}: not a sweep file of format {FormatVersion}.");
            }
            string? differs = null;
            foreach ((string key, string what) in new[] { ("axes", "grid (--vary)"), ("schemes", "schemes"), ("seeds", "seeds"), ("points", "config of the points") })
            {
                if (!JsonNode.DeepEquals(stored["definition"]?[key], definition[key]))
                {
                    differs = what;
                    break;
                }
            }
            if (differs is not null)
            {
                throw new RunFolderException($"{Directory}: holds a sweep with another {differs}; its finished points are kept: choose another --out, or rerun the command that made it.");
            }
        }
        else
        {
            if (System.IO.Directory.Exists(Directory) && System.IO.Directory.EnumerateFileSystemEntries(Directory).Any())
            {
                throw new RunFolderException($"{Directory}: folder is not empty and holds no sweep; choose an empty or new folder for --out.");
            }
            System.IO.Directory.CreateDirectory(Directory);
            AtomicFile.WriteAllText(state, JsonText.Indented(new JsonObject
            {
                ["format"] = FormatVersion,
                ["status"] = "running",
                ["layers"] = new JsonArray([.. Points[0].Layers.Layers.Where(l => !l.StartsWith("--vary ", StringComparison.Ordinal)).Select(l => (JsonNode?)l)]),
                ["definition"] = definition,
            }));
            created = true;
        }
        foreach (SweepPoint p in Points)
        {
            string dir = p.Reproduction.Directory;
            if (System.IO.Directory.Exists(dir) && !File.Exists(System.IO.Path.Combine(dir, "reproduce.json"))
                && !System.IO.Directory.Exists(System.IO.Path.Combine(dir, "runs")) && !System.IO.Directory.Exists(System.IO.Path.Combine(dir, Reproduction.FixedFolder)))
            {
                // A point killed while being claimed (config.json written, reproduce.json not yet): it holds no result.
                System.IO.Directory.Delete(dir, recursive: true);
            }
            if (p.Reproduction.Prepare())
            {
                p.Layers.WriteSources(p.Reproduction.Directory, p.Config);
            }
        }
        return created;
    }

    private static bool IsDone(SweepUnit u) => IsWorkDone(u.Point.Reproduction, u.Scheme, u.Seed);

    /// <summary>
    /// True when the work of <paramref name="scheme"/> (with <paramref name="seed"/> for a learning
    /// scheme, null for a fixed one) in the point or reproduction folder of <paramref name="point"/>
    /// is finished in the run store: a complete run folder, or a stored fixed evaluation.
    /// </summary>
    public static bool IsWorkDone(Reproduction point, string scheme, int? seed)
    {
        ArgumentNullException.ThrowIfNull(point);
        ArgumentException.ThrowIfNullOrEmpty(scheme);
        if (seed is { } s)
        {
            // Read without the run's lock: a cluster client asks while silos train.
            return TrainingRun.IsCompleteOnDisk(point.RunDirectory(scheme, s));
        }
        return File.Exists(System.IO.Path.Combine(point.Directory, Reproduction.FixedFolder, scheme + ".json"));
    }

    /// <summary>
    /// Runs every unit not yet finished, up to <paramref name="jobs"/> at a time, largest first, each
    /// on one thread; finished units are read back. Returns one row per unit in <see cref="Units"/>
    /// order. On cancellation, running trainings checkpoint and <see cref="OperationCanceledException"/>
    /// is thrown once all workers have stopped.
    /// </summary>
    public IReadOnlyList<SweepRow> Run(int jobs, Action<SweepProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(jobs);
        var rows = new SweepRow?[Units.Count];
        var pending = new List<SweepUnit>();
        foreach (SweepUnit u in Units)
        {
            if (IsDone(u))
            {
                rows[u.Order] = RunUnit(u, null, cancellationToken);
            }
            else
            {
                pending.Add(u);
            }
        }
        double total = Units.Sum(u => u.Cost);
        double done = Units.Where(u => rows[u.Order] is not null).Sum(u => u.Cost);
        double startDone = done;
        int unitsDone = Units.Count - pending.Count;
        var gate = new Lock();
        var clock = Stopwatch.StartNew();
        double lastTick = -1;
        TimeSpan? Eta() => done > startDone
            ? TimeSpan.FromSeconds(Math.Round(clock.Elapsed.TotalSeconds * (total - done) / (done - startDone)))
            : null;
        void Advance(double cost, string? message)
        {
            SweepProgress? report = null;
            lock (gate)
            {
                done += cost;
                if (message is not null)
                {
                    unitsDone++;
                }
                double fraction = total > 0 ? Math.Min(1, done / total) : 1;
                if (message is not null || fraction - lastTick >= 0.01)
                {
                    lastTick = fraction;
                    report = new SweepProgress(message, fraction, unitsDone, Units.Count, Eta());
                }
            }
            if (report is not null)
            {
                progress?.Invoke(report);
            }
        }
        progress?.Invoke(new SweepProgress(null, total > 0 ? done / total : 1, unitsDone, Units.Count, null));

        SweepUnit[] queue = [.. pending.OrderByDescending(u => u.Cost).ThenBy(u => u.Order)];
        int next = -1;
        var errors = new Exception?[queue.Length];
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        void Worker()
        {
            while (!stop.IsCancellationRequested)
            {
                int i = Interlocked.Increment(ref next);
                if (i >= queue.Length)
                {
                    return;
                }
                SweepUnit u = queue[i];
                try
                {
                    var unitClock = Stopwatch.StartNew();
                    double perEpisode = u.Seed is null ? 0 : u.Cost / (u.Point.Config.Training.Episodes + 0.1 * u.Point.Config.Evaluation.Episodes);
                    double counted = 0;
                    SweepRow row = RunUnit(u, _ =>
                    {
                        counted += perEpisode;
                        Advance(perEpisode, null);
                    }, stop.Token);
                    rows[u.Order] = row;
                    Advance(u.Cost - counted, string.Create(CultureInfo.InvariantCulture,
                        $"{Describe(u)} done in {unitClock.Elapsed.TotalSeconds:F1} s"));
                }
                catch (Exception e)
                {
                    errors[i] = e;
                    stop.Cancel();
                    return;
                }
            }
        }
        int workers = Math.Min(jobs, Math.Max(1, queue.Length));
        Task[] tasks = [.. Enumerable.Range(0, workers).Select(_ => Task.Factory.StartNew(Worker, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default))];
        Task.WaitAll(tasks, CancellationToken.None);
        // The first failure in queue order; a cancellation only when nothing else went wrong.
        Exception? failure = errors.FirstOrDefault(e => e is not null and not OperationCanceledException) ?? errors.FirstOrDefault(e => e is not null);
        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        }
        cancellationToken.ThrowIfCancellationRequested();
        return [.. rows.Select(r => r!)];
    }

    /// <summary>A unit for humans: <c>network.sbsCount=8: f-drl seed 1</c>.</summary>
    public string Describe(SweepUnit unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        string at = string.Join(", ", Axes.Select((a, i) => $"{a.Path}={unit.Point.Values[i]}"));
        return unit.Seed is { } s ? $"{at}: {unit.Scheme} seed {s}" : $"{at}: {unit.Scheme}";
    }

    private static SweepRow RunUnit(SweepUnit u, Action<EpisodeRecord>? onEpisode, CancellationToken cancellationToken)
    {
        (EvaluationResult result, double? wall) = RunWork(u.Point.Reproduction, u.Scheme, u.Seed, onEpisode, cancellationToken);
        return new SweepRow(u, result, wall);
    }

    /// <summary>
    /// The work of one unit, the train and eval code paths of <c>reproduce</c>: for a learning scheme
    /// (<paramref name="seed"/> given) its run folder in <paramref name="point"/> is opened or created
    /// and trained on one thread (from its last checkpoint; a complete run is read back), for a fixed
    /// scheme the stored evaluation is read or made and stored. Returns the evaluation and, for a
    /// run, its training wall time in s (the sum over its episodes). The run folder's lock is
    /// released on return, so another process (a cluster client reading results) may open it.
    /// A local sweep and a cluster silo both do their work through this method.
    /// </summary>
    public static (EvaluationResult Result, double? TrainWallSeconds) RunWork(Reproduction point, string scheme, int? seed,
        Action<EpisodeRecord>? onEpisode = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(point);
        if (seed is { } s)
        {
            using TrainingRun run = point.OpenRun(scheme, s);
            EvaluationResult result = run.Train(1, onEpisode, cancellationToken);
            return (result, run.ReadEpisodes().Sum(e => e.WallSeconds));
        }
        return (point.FixedResult(scheme, cancellationToken), null);
    }

    /// <summary>
    /// Writes sweep.csv, sweep_summary.csv, the figures (with <paramref name="writeFigures"/>: the sweep, its summary and
    /// the output folder in, the files written out; the CLI draws them with <c>MecMarl.Reports.SweepFigures.WriteAll</c>)
    /// and the results into sweep.json; returns the files written.
    /// </summary>
    public IReadOnlyList<string> WriteOutputs(IReadOnlyList<SweepRow> rows, Func<Sweep, IReadOnlyList<SweepSummary>, string, IEnumerable<string>> writeFigures)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(writeFigures);
        var files = new List<string>();
        string header = string.Join(',', ["point", .. Axes.Select(a => Csv(a.Path))]);
        var csv = new StringBuilder(header).Append(",scheme,seed,totalEnergyJ,localEnergyJ,edgeEnergyJ,latencyMetPct,systemReward,trainingBytesPerSlot,trainWallS\n");
        var signalling = new Dictionary<SweepPoint, IReadOnlyDictionary<string, SignallingCounts>>();
        foreach (SweepRow row in rows)
        {
            EvaluationResult e = row.Result;
            csv.Append(PointColumns(row.Unit.Point)).Append(',').Append(row.Unit.Scheme).Append(',')
               .Append(row.Unit.Seed?.ToString(CultureInfo.InvariantCulture) ?? "")
               .Append(',').Append(N(e.TotalEnergyJ)).Append(',').Append(N(e.LocalEnergyJ)).Append(',').Append(N(e.EdgeEnergyJ))
               .Append(',').Append(N(e.LatencyMetPct)).Append(',').Append(N(e.SystemReward))
               .Append(',').Append(N(TrainingBytesPerSlot(row.Unit.Point, row.Unit.Scheme, signalling)))
               .Append(',').Append(row.TrainWallSeconds is { } w ? N(w) : "").Append('\n');
        }
        string csvPath = System.IO.Path.Combine(Directory, CsvFile);
        AtomicFile.WriteAllText(csvPath, csv.ToString());
        files.Add(csvPath);

        IReadOnlyList<SweepSummary> summary = Summarize(rows, signalling);
        var sum = new StringBuilder(header).Append(",scheme,n");
        foreach (string m in SweepSummary.Metrics)
        {
            sum.Append(',').Append(m).Append("_mean,").Append(m).Append("_ci95");
        }
        sum.Append('\n');
        foreach (SweepSummary s in summary)
        {
            sum.Append(PointColumns(s.Point)).Append(',').Append(s.Scheme).Append(',').Append(s.Count);
            foreach (MeanCi? m in s.Values)
            {
                sum.Append(',').Append(m is { } v ? N(v.Mean) : "").Append(',').Append(m is { } c ? N(c.Ci95) : "");
            }
            sum.Append('\n');
        }
        string sumPath = System.IO.Path.Combine(Directory, SummaryFile);
        AtomicFile.WriteAllText(sumPath, sum.ToString());
        files.Add(sumPath);
        files.AddRange(writeFigures(this, summary, Directory));

        string state = System.IO.Path.Combine(Directory, StateFile);
        JsonObject root = JsonNode.Parse(File.ReadAllText(state))!.AsObject();
        root["status"] = "complete";
        root["results"] = new JsonArray([.. summary.Select(s =>
        {
            var o = new JsonObject
            {
                ["values"] = new JsonArray([.. s.Point.Values.Select(v => (JsonNode?)v)]),
                ["scheme"] = s.Scheme,
                ["n"] = s.Count,
            };
            for (int i = 0; i < SweepSummary.Metrics.Count; i++)
            {
                if (s.Values[i] is { } m)
                {
                    o[SweepSummary.Metrics[i]] = new JsonObject { ["mean"] = m.Mean, ["ci95"] = m.Ci95 };
                }
            }
            return (JsonNode?)o;
        })]);
        AtomicFile.WriteAllText(state, JsonText.Indented(root));
        files.Add(state);
        // Outputs of an earlier sweep of this folder killed while writing them.
        AtomicFile.DeleteOrphanedTemporaries(Directory);
        return files;
    }

    /// <summary>Mean and 95% interval over seeds per point and scheme, in point then scheme order.</summary>
    public IReadOnlyList<SweepSummary> Summarize(IReadOnlyList<SweepRow> rows) => Summarize(rows, new());

    private List<SweepSummary> Summarize(IReadOnlyList<SweepRow> rows, Dictionary<SweepPoint, IReadOnlyDictionary<string, SignallingCounts>> signalling)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var list = new List<SweepSummary>();
        foreach (SweepPoint p in Points)
        {
            foreach (string s in Schemes)
            {
                List<SweepRow> r = [.. rows.Where(x => x.Unit.Point == p && x.Unit.Scheme == s)];
                if (r.Count == 0)
                {
                    continue;
                }
                MeanCi?[] values =
                [
                    Statistics.Summarize([.. r.Select(x => x.Result.TotalEnergyJ)]),
                    Statistics.Summarize([.. r.Select(x => x.Result.LocalEnergyJ)]),
                    Statistics.Summarize([.. r.Select(x => x.Result.EdgeEnergyJ)]),
                    Statistics.Summarize([.. r.Select(x => x.Result.LatencyMetPct)]),
                    Statistics.Summarize([.. r.Select(x => x.Result.SystemReward)]),
                    Statistics.Summarize([.. r.Select(x => TrainingBytesPerSlot(p, s, signalling))]),
                    r.All(x => x.TrainWallSeconds is not null) ? Statistics.Summarize([.. r.Select(x => x.TrainWallSeconds!.Value)]) : null,
                ];
                list.Add(new SweepSummary(p, s, r.Count, values));
            }
        }
        return list;
    }

    // Training bytes per training slot of a scheme at a point (SignallingAccounting, counted once per point).
    private double TrainingBytesPerSlot(SweepPoint p, string scheme, Dictionary<SweepPoint, IReadOnlyDictionary<string, SignallingCounts>> cache)
    {
        if (!cache.TryGetValue(p, out IReadOnlyDictionary<string, SignallingCounts>? counts))
        {
            counts = p.Reproduction.SignallingOf(Schemes);
            cache[p] = counts;
        }
        return counts[scheme].TrainingBytesPerSlot;
    }

    private static string PointColumns(SweepPoint p) =>
        string.Join(',', [p.Index.ToString(CultureInfo.InvariantCulture), .. p.Values.Select(Csv)]);

    private static string Csv(string s) => s.Contains(',', StringComparison.Ordinal) || s.Contains('"', StringComparison.Ordinal)
        ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
        : s;

    private static string N(double v) => EpisodeCsv.Num(v);
}
