using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MecMarl.Experiments;

/// <summary>
/// <c>mecmarl reproduce</c>: trains every learning scheme once per seed and evaluates it, evaluates
/// the fixed schemes on the same evaluation episodes, and writes Figs. 4-8 (PNG, SVG and CSV),
/// summary.md and summary.json into one folder. Run folders live in <c>runs/</c>; running the
/// same command again resumes unfinished runs and keeps finished ones.
/// </summary>
public sealed class Reproduction : IDisposable
{
    private const string StateFile = "reproduce.json";

    /// <summary>Folder of the stored evaluations of the fixed schemes.</summary>
    public const string FixedFolder = "fixed";

    private const string ConfigFile = "config.json";

    // The exclusive lock on the output folder, taken by Prepare.
    private FolderLock? _lock;

    /// <summary>Prepares a reproduction into <paramref name="directory"/> (new, empty, or an earlier reproduction with the same config and seeds).</summary>
    /// <param name="directory">Output folder.</param>
    /// <param name="config">The config after the budget.</param>
    /// <param name="seeds">Training seeds.</param>
    /// <param name="budget">Budget name (recorded; a folder is resumed only under the same one).</param>
    /// <param name="schemes">Learning schemes and fixed schemes to run (<see cref="StudySchemes.Parse"/>); null: all of them.</param>
    public Reproduction(string directory, ExperimentConfig config, IReadOnlyList<int> seeds, string budget, IReadOnlyList<string>? schemes = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(seeds);
        if (seeds.Count == 0 || seeds.Distinct().Count() != seeds.Count || seeds.Any(s => s < 0))
        {
            throw new ArgumentException("Seeds must be distinct non-negative integers, at least one.", nameof(seeds));
        }
        Directory = directory;
        Config = config;
        Seeds = seeds;
        Budget = budget;
        schemes ??= StudySchemes.All;
        if (schemes.FirstOrDefault(s => !config.Schemes.Contains(s) && !StudySchemes.IsFixed(s)) is { } unknown)
        {
            throw new ArgumentException($"'{unknown}' is neither a learning scheme nor a fixed policy.", nameof(schemes));
        }
        if (schemes.Distinct().Count() != schemes.Count)
        {
            throw new ArgumentException("Schemes must be distinct.", nameof(schemes));
        }
        Schemes = schemes;
    }

    /// <summary>The schemes this reproduction runs (learning and fixed), in the order given.</summary>
    public IReadOnlyList<string> Schemes { get; }

    /// <summary>The learning schemes among <see cref="Schemes"/>.</summary>
    public IReadOnlyList<string> LearningSchemes => [.. Schemes.Where(s => !StudySchemes.IsFixed(s))];

    /// <summary>The fixed schemes among <see cref="Schemes"/>.</summary>
    public IReadOnlyList<string> FixedSchemesRun => [.. Schemes.Where(StudySchemes.IsFixed)];

    /// <summary>Output folder.</summary>
    public string Directory { get; }

    /// <summary>The config after the budget.</summary>
    public ExperimentConfig Config { get; }

    /// <summary>Training seeds.</summary>
    public IReadOnlyList<int> Seeds { get; }

    /// <summary>Budget name.</summary>
    public string Budget { get; }

    /// <summary>Run folder of one scheme and seed.</summary>
    public string RunDirectory(string scheme, int seed) => Path.Combine(Directory, "runs", $"{scheme}-seed{seed}");

    /// <summary>
    /// Locks the output folder for this process (<see cref="FolderLock"/>, until <see cref="Dispose"/>
    /// or the end of the process) and checks it: either new or empty (or holding only the unfinished
    /// start of a reproduction killed before its reproduce.json landed, which is taken over), then it is
    /// claimed by writing config.json and reproduce.json; or an earlier reproduction of the same
    /// training config and budget. The seeds and the evaluation section may differ from the earlier
    /// reproduction's: runs of new seeds are trained, runs evaluated on other episodes are evaluated
    /// again (<see cref="EvaluationOf"/>), and reproduce.json and config.json are rewritten with the
    /// report (<see cref="WriteReport"/>), so they always describe the summary beside them.
    /// Returns true when the folder was claimed now, false when an earlier reproduction is resumed.
    /// </summary>
    public bool Prepare()
    {
        if (File.Exists(Directory))
        {
            throw new RunFolderException($"{Directory}: is a file, expected an output folder.");
        }
        CheckClaim();
        _lock ??= FolderLock.Acquire(Directory, "reproduction folder");
        if (CheckClaim())
        {
            return false;
        }
        foreach (string leftover in System.IO.Directory.EnumerateFiles(Directory).Where(p => !FolderLock.IsLockFile(p)))
        {
            File.Delete(leftover);
        }
        AtomicFile.WriteAllText(Path.Combine(Directory, ConfigFile), Config.ToJson());
        WriteState();
        return true;
    }

    /// <summary>Releases the folder's lock.</summary>
    public void Dispose() => _lock?.Dispose();

    // True when the folder holds a reproduction this one may continue; false when it is new, empty or an
    // unfinished start; throws when it holds anything else.
    private bool CheckClaim()
    {
        string state = Path.Combine(Directory, StateFile);
        if (File.Exists(state))
        {
            JsonNode? root;
            try
            {
                root = JsonNode.Parse(File.ReadAllText(state), documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false });
            }
            catch (JsonException e)
            {
                throw new RunFolderException($"{state}: malformed JSON: {e.Message}", e);
            }
            string? stored;
            string? storedBudget;
            try
            {
                stored = root?["fingerprint"]?.GetValue<string>();
                storedBudget = root?["budget"]?.GetValue<string>();
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException)
            {
                throw new RunFolderException($"{state}: fingerprint and budget must be strings.", e);
            }
            if (stored != Config.TrainingFingerprint() || storedBudget != Budget)
            {
                throw new RunFolderException($"{Directory}: holds a reproduction with another training config or budget ({storedBudget}, config {stored}); choose another --out.");
            }
            return true;
        }
        if (System.IO.Directory.Exists(Directory) && System.IO.Directory.EnumerateFileSystemEntries(Directory).Any(p => !FolderLock.IsLockFile(p) && !IsUnfinishedStart(p)))
        {
            if (File.Exists(state))
            {
                // Claimed by another process between the two looks.
                return CheckClaim();
            }
            throw new RunFolderException($"{Directory}: folder is not empty and holds no reproduction; choose an empty or new folder for --out.");
        }
        return false;
    }

    // config.json or a temporary file of config.json or reproduce.json: what Prepare writes before reproduce.json.
    private static bool IsUnfinishedStart(string path)
    {
        string name = Path.GetFileName(path);
        return !System.IO.Directory.Exists(path) && (name == ConfigFile || AtomicFile.IsTemporaryOf(name, ConfigFile) || AtomicFile.IsTemporaryOf(name, StateFile));
    }

    private void WriteState()
    {
        var json = new JsonObject
        {
            ["format"] = 1,
            ["budget"] = Budget,
            ["fingerprint"] = Config.TrainingFingerprint(),
            ["seeds"] = new JsonArray([.. Seeds.Select(s => (JsonNode?)s)]),
            ["evaluation"] = new JsonObject { ["episodes"] = Config.Evaluation.Episodes, ["seed"] = Config.Evaluation.Seed },
        };
        AtomicFile.WriteAllText(Path.Combine(Directory, StateFile), JsonText.Indented(json));
    }

    /// <summary>
    /// The evaluation of a complete run on this reproduction's evaluation episodes: the run's
    /// evaluation.json when it was made on the same episodes and seed, otherwise a new evaluation.
    /// </summary>
    public EvaluationResult EvaluationOf(TrainingRun run, EvaluationResult stored)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(stored);
        return stored.Episodes == Config.Evaluation.Episodes && stored.EvalSeed == Config.Evaluation.Seed
            ? stored
            : run.Evaluate(Config.Evaluation.Episodes, Config.Evaluation.Seed);
    }

    /// <summary>Opens or creates the run folder of one scheme and seed.</summary>
    public TrainingRun OpenRun(string scheme, int seed)
    {
        string dir = RunDirectory(scheme, seed);
        if (TrainingRun.Exists(dir))
        {
            TrainingRun run = TrainingRun.Open(dir);
            if (run.Scheme != scheme || run.Seed != seed || run.Config.TrainingFingerprint() != Config.TrainingFingerprint())
            {
                throw new RunFolderException($"{dir}: holds another run ({run.Scheme} seed {run.Seed}) or another config.");
            }
            return run;
        }
        if (System.IO.Directory.Exists(dir))
        {
            // A run killed before its run.json landed: nothing of value is in it.
            System.IO.Directory.Delete(dir, recursive: true);
        }
        return TrainingRun.Create(dir, scheme, Config, seed);
    }

    /// <summary>Evaluates the chosen fixed schemes on the evaluation episodes (the same for every scheme).</summary>
    public IReadOnlyList<EvaluationResult> EvaluateFixed(CancellationToken cancellationToken = default) =>
        [.. FixedSchemesRun.Select(s => FixedResult(s, cancellationToken))];

    /// <summary>
    /// The evaluation of fixed scheme <paramref name="scheme"/>: read from <c>fixed/&lt;scheme&gt;.json</c>
    /// when an earlier run of this folder stored it for the same evaluation episodes and seed, else
    /// evaluated (<see cref="StudySchemes.EvaluateFixed"/>) and stored there.
    /// </summary>
    public EvaluationResult FixedResult(string scheme, CancellationToken cancellationToken = default)
    {
        string path = Path.Combine(Directory, FixedFolder, scheme + ".json");
        if (File.Exists(path))
        {
            EvaluationResult stored = EvaluationJson.Read(path);
            if (stored.Scheme == scheme && stored.Episodes == Config.Evaluation.Episodes && stored.EvalSeed == Config.Evaluation.Seed)
            {
                return stored;
            }
        }
        EvaluationResult result = StudySchemes.EvaluateFixed(scheme, Config, Config.Evaluation.Episodes, Config.Evaluation.Seed, cancellationToken: cancellationToken);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // A process killed while storing this evaluation left its temporary file here.
        AtomicFile.DeleteStaleTemporariesOf(path);
        AtomicFile.WriteAllText(path, EvaluationJson.Write(result));
        return result;
    }

    /// <summary>
    /// Writes Figs. 4-8 with <paramref name="writeFigures"/> (the report and the output folder in, the files written
    /// out; the CLI draws them with <c>MecMarl.Reports.Figures.WriteAll</c> as PNG + SVG + CSV), then summary.md (with
    /// the figures' captions and, with <c>training.selectionEpisodes</c> set, which runs kept their start actors) and
    /// summary.json; returns the files written. A run folder's malformed selection.json is a <see cref="RunFolderException"/>
    /// before anything is written.
    /// </summary>
    public IReadOnlyList<string> WriteReport(IReadOnlyList<EpisodeRecord> episodes, IReadOnlyList<EvaluationResult> evaluations,
        Func<Report, string, IEnumerable<string>> writeFigures, FigureOptions? figures = null)
    {
        ArgumentNullException.ThrowIfNull(writeFigures);
        ArgumentNullException.ThrowIfNull(evaluations);
        // Read from the run folders before anything is written: a bad selection.json stops the report whole.
        string selection = SelectionMarkdown(evaluations);
        var report = new Report(episodes, evaluations, SignallingOf(evaluations.Select(e => e.Scheme)), Config.Signalling);
        List<string> files = [.. writeFigures(report, Directory)];
        string md = Path.Combine(Directory, "summary.md");
        string header = FormattableString.Invariant(
            $"# MecMarl reproduction ({Budget} budget)\n\nTraining seeds {string.Join(", ", Seeds)}; {Config.Training.Episodes} training episodes per scheme and seed; ") + FormattableString.Invariant(
            $"evaluation on {Config.Evaluation.Episodes} episodes from evaluation seed {Config.Evaluation.Seed} (SPEC 9). ") +
            "Energy in J per UE per slot; with several seeds, mean ± 95% interval (Student t) over seeds. " +
            "Fixed schemes do not train: they have no training seeds (–) and are evaluated once. " +
            "The yardstick is a model-based reference with full channel knowledge, not a learned scheme. " +
            FormattableString.Invariant($"Signalling: kB (1000 bytes) per slot summed over the SBSs, uplink / downlink; per training slot for a scheme that trains, per execution slot for one that signals while acting; ") +
            FormattableString.Invariant($"topology {SignallingConfig.TopologyName(Config.Signalling.Topology)}, {Config.Signalling.HeaderBytes} header bytes per message (docs/overhead.md).\n\n");
        string captions = "\n## Figures\n\n" + string.Join("\n\n", FigureCaptions.Captions(report, figures)) + "\n";
        AtomicFile.WriteAllText(md, header + report.SummaryMarkdown() + selection + captions);
        files.Add(md);
        string json = Path.Combine(Directory, "summary.json");
        AtomicFile.WriteAllText(json, report.SummaryJson());
        files.Add(json);
        AtomicFile.WriteAllText(Path.Combine(Directory, ConfigFile), Config.ToJson());
        WriteState();
        AtomicFile.DeleteStaleTemporaries(Directory);
        return files;
    }

    // With training.selectionEpisodes set, one paragraph of summary.md: which runs kept their start actors and which
    // their trained ones (each run's selection.json); empty otherwise.
    private string SelectionMarkdown(IReadOnlyList<EvaluationResult> evaluations)
    {
        if (Config.Training.SelectionEpisodes is not { } n)
        {
            return "";
        }
        var kept = evaluations.Where(e => Config.Schemes.Contains(e.Scheme))
            .Select(e => (e.Scheme, e.Seed, Kept: TrainingRun.KeptBySelection(RunDirectory(e.Scheme, e.Seed))))
            .Where(r => r.Kept is not null)
            .ToList();
        // Schemes in the order of the results, seeds ascending.
        List<string> order = [.. kept.Select(r => r.Scheme).Distinct()];
        string Runs(string which) => string.Join("; ", kept.Where(r => r.Kept == which).GroupBy(r => r.Scheme).OrderBy(g => order.IndexOf(g.Key))
            .Select(g => $"{g.Key} seed{(g.Count() > 1 ? "s" : "")} {string.Join(", ", g.Select(r => r.Seed).Order().Select(seed => seed.ToString(CultureInfo.InvariantCulture)))}"));
        string start = Runs("start"), trained = Runs("trained");
        return FormattableString.Invariant(
            $"\nSelection against the start (`training.selectionEpisodes` = {n}, docs/schemes.md): the start actors were kept in {(start.Length == 0 ? "no run" : start)}, the trained actors in {(trained.Length == 0 ? "no run" : trained)} (each run's `selection.json`).\n");
    }

    /// <summary>The signalling overhead (<see cref="SignallingAccounting"/>) of those of <paramref name="schemes"/> the config knows (learning schemes of its <c>schemes</c> section and fixed policies), by id.</summary>
    public IReadOnlyDictionary<string, Learning.Signalling.SignallingCounts> SignallingOf(IEnumerable<string> schemes)
    {
        ArgumentNullException.ThrowIfNull(schemes);
        return SignallingAccounting.For(schemes.Where(s => Config.Schemes.Contains(s) || FixedPolicies.Contains(s)), Config);
    }

    /// <summary>Parses a seed list such as <c>1,2,3</c>; throws <see cref="FormatException"/> naming the bad item.</summary>
    public static IReadOnlyList<int> ParseSeeds(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        var seeds = new List<int>();
        foreach (string p in parts)
        {
            if (!int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out int s) || p.Length == 0)
            {
                throw new FormatException($"'{p}' is not a non-negative integer seed (expected a list such as 1,2,3)");
            }
            if (seeds.Contains(s))
            {
                throw new FormatException($"seed {s} appears twice");
            }
            seeds.Add(s);
        }
        return seeds;
    }
}
