using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MecMarl.Learning;
using MecMarl.Simulation;

namespace MecMarl.Experiments;

/// <summary>
/// One training run of one learning scheme and seed, kept in a folder:
/// <list type="bullet">
/// <item><c>run.json</c>: scheme, seed, planned and finished episodes, status, config fingerprint;</item>
/// <item><c>config.json</c>: the resolved experiment config (every field);</item>
/// <item><c>episodes.csv</c>: one row per training episode (<see cref="EpisodeCsv"/>), appended after every episode and
/// flushed to disk with every checkpoint;</item>
/// <item><c>checkpoint.ckpt</c>: the resume checkpoint (networks, optimisers, replay, generators, counters), every
/// <see cref="TrainingConfig.CheckpointEveryEpisodes"/> episodes; removed once the run is complete;</item>
/// <item><c>policy.ckpt</c>: the trained actors, the policy artifact (<see cref="PolicyFile"/>, docs/policy-format.md) that <c>eval</c> loads;</item>
/// <item><c>evaluation.json</c>: the SPEC 9 metrics on the evaluation episodes;</item>
/// <item><c>train.log</c>: one line per episode and per event;</item>
/// <item>with <see cref="TrainingConfig.SelectionEpisodes"/> set, <c>start.ckpt</c>: the actors training started
/// from (a policy artifact, written before the first episode), and <c>selection.json</c>: the trained and the
/// start actors' results on the selection episodes and which of them <c>policy.ckpt</c> holds.</item>
/// </list>
/// Every file but the log is written atomically (temporary file, then rename), so a run killed at
/// any moment resumes from its last checkpoint and ends exactly as an uninterrupted run would.
/// </summary>
public sealed class TrainingRun : IDisposable
{
    /// <summary>Run description file.</summary>
    public const string RunFile = "run.json";

    /// <summary>Resolved config file.</summary>
    public const string ConfigFile = "config.json";

    /// <summary>Training curve file.</summary>
    public const string EpisodesFile = "episodes.csv";

    /// <summary>Resume checkpoint file.</summary>
    public const string CheckpointFile = "checkpoint.ckpt";

    /// <summary>Policy artifact file: the trained actors (<see cref="Learning.PolicyFile"/>).</summary>
    public const string PolicyFile = "policy.ckpt";

    /// <summary>Evaluation result file.</summary>
    public const string EvaluationFile = "evaluation.json";

    /// <summary>Log file.</summary>
    public const string LogFile = "train.log";

    /// <summary>The actors training started from, kept for the selection against the start (<see cref="TrainingConfig.SelectionEpisodes"/>).</summary>
    public const string StartPolicyFile = "start.ckpt";

    /// <summary>The selection against the start: both results and the actors kept (<see cref="TrainingConfig.SelectionEpisodes"/>).</summary>
    public const string SelectionFile = "selection.json";

    // Stream of the selection episodes' seed, drawn from the training seed (distinct from the training episodes' stream).
    private const ulong SelectionStream = 0x5E1EC7;

    // 2: schemes section in config.json, per-agent random streams, policy.ckpt instead of model.ckpt.
    private const int FormatVersion = 2;

    /// <summary>JSON reading of run-folder files: a repeated key is an error, not a silent choice.</summary>
    internal static readonly JsonDocumentOptions StrictJson = new() { AllowDuplicateProperties = false, MaxDepth = 64 };

    private TrainingRun(string directory, string scheme, int seed, ExperimentConfig config, int episodesDone, string status)
    {
        Directory = directory;
        Scheme = scheme;
        Seed = seed;
        Config = config;
        EpisodesDone = episodesDone;
        Status = status;
    }

    // The exclusive lock on the folder, held from Create or Open until Dispose (or the end of the process).
    private FolderLock? _lock;

    /// <summary>The run folder.</summary>
    public string Directory { get; }

    /// <summary>Scheme id.</summary>
    public string Scheme { get; }

    /// <summary>Training seed.</summary>
    public int Seed { get; }

    /// <summary>The resolved config.</summary>
    public ExperimentConfig Config { get; }

    /// <summary>Training episodes finished and saved.</summary>
    public int EpisodesDone { get; private set; }

    /// <summary><c>created</c>, <c>running</c>, <c>interrupted</c>, <c>diverged</c> (stopped on a non-finite loss or parameter, see <see cref="Divergence"/>) or <c>complete</c>.</summary>
    public string Status { get; private set; }

    /// <summary>True once training, the model and the evaluation are written.</summary>
    public bool IsComplete => Status == "complete";

    /// <summary>The config fingerprint as stored in checkpoints.</summary>
    public long Fingerprint => long.Parse(Config.TrainingFingerprint(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    private string PathOf(string file) => System.IO.Path.Combine(Directory, file);

    /// <summary>
    /// Creates a new run folder and locks it (<see cref="FolderLock"/>) for this process; writes
    /// config.json, then run.json. The folder may exist but must be empty, or hold only an unfinished
    /// start of a run (config.json and temporary files of a run killed before its run.json landed),
    /// which is taken over: nothing was trained in it.
    /// </summary>
    public static TrainingRun Create(string directory, string scheme, ExperimentConfig config, int seed)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (!config.Schemes.Contains(scheme))
        {
            throw new RunFolderException($"unknown learning scheme '{scheme}', expected one of {string.Join(", ", config.Schemes.Ids)}.");
        }
        if (System.IO.File.Exists(directory))
        {
            throw new RunFolderException($"{directory}: is a file, expected a run folder.");
        }
        // A policy to start from that cannot be used is refused before anything is written.
        _ = MultiAgentTrainer.LoadInitPolicy(scheme, config, seed);
        // Checked before the lock (a refused folder gets no lock file), and again under it (a racing writer).
        CheckNew(directory);
        FolderLock folderLock = FolderLock.Acquire(directory, "run folder");
        try
        {
            CheckNew(directory);
            foreach (string leftover in System.IO.Directory.EnumerateFileSystemEntries(directory).Where(p => !FolderLock.IsLockFile(p)))
            {
                System.IO.File.Delete(leftover);
            }
            var run = new TrainingRun(directory, scheme, seed, config, 0, "created") { _lock = folderLock };
            AtomicFile.WriteAllText(run.PathOf(ConfigFile), config.ToJson());
            run.WriteRunFile();
            return run;
        }
        catch
        {
            folderLock.Dispose();
            throw;
        }
    }

    // A folder a new run may use: absent, empty, or holding only an unfinished start (see Create).
    private static void CheckNew(string directory)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            return;
        }
        if (System.IO.File.Exists(System.IO.Path.Combine(directory, RunFile)))
        {
            throw new RunFolderException($"{directory}: already holds a run; continue it with --resume {directory}, or choose another --out.");
        }
        if (System.IO.Directory.EnumerateFileSystemEntries(directory).Any(p => !FolderLock.IsLockFile(p) && !IsUnfinishedStart(p)))
        {
            // A run started by another process between the two looks is a run, not clutter.
            throw new RunFolderException(System.IO.File.Exists(System.IO.Path.Combine(directory, RunFile))
                ? $"{directory}: already holds a run; continue it with --resume {directory}, or choose another --out."
                : $"{directory}: folder is not empty; choose an empty or new folder for --out.");
        }
    }

    // config.json or a temporary file of config.json or run.json: what Create writes before run.json.
    private static bool IsUnfinishedStart(string path)
    {
        string name = System.IO.Path.GetFileName(path);
        return !System.IO.Directory.Exists(path) && (name == ConfigFile || AtomicFile.IsTemporaryOf(name, ConfigFile) || AtomicFile.IsTemporaryOf(name, RunFile));
    }

    /// <summary>Opens an existing run folder, checking run.json and config.json.</summary>
    public static TrainingRun Open(string directory)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            throw new RunFolderException($"{directory}: no such run folder.");
        }
        if (!System.IO.File.Exists(System.IO.Path.Combine(directory, RunFile)))
        {
            throw new RunFolderException(System.IO.Directory.EnumerateFileSystemEntries(directory).Any() &&
                System.IO.Directory.EnumerateFileSystemEntries(directory).All(p => FolderLock.IsLockFile(p) || IsUnfinishedStart(p))
                ? $"{directory}: the run was stopped before it started ({RunFile} is missing, nothing was trained); start it again with --out {directory}."
                : $"{directory}: not a run folder ({RunFile} is missing).");
        }
        FolderLock folderLock = FolderLock.Acquire(directory, "run folder");
        try
        {
            TrainingRun run = OpenLocked(directory);
            run._lock = folderLock;
            return run;
        }
        catch
        {
            folderLock.Dispose();
            throw;
        }
    }

    private static TrainingRun OpenLocked(string directory)
    {
        string runPath = System.IO.Path.Combine(directory, RunFile);
        string configPath = System.IO.Path.Combine(directory, ConfigFile);
        if (!System.IO.File.Exists(runPath))
        {
            throw new RunFolderException($"{directory}: not a run folder ({RunFile} is missing).");
        }
        if (!System.IO.File.Exists(configPath))
        {
            throw new RunFolderException($"{configPath}: missing; the run folder is incomplete.");
        }
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(System.IO.File.ReadAllText(runPath), documentOptions: StrictJson);
        }
        catch (JsonException e)
        {
            throw new RunFolderException($"{runPath}: malformed JSON: {e.Message}", e);
        }
        try
        {
            int format = root!["format"]!.GetValue<int>();
            if (format != FormatVersion)
            {
                throw new RunFolderException(format == 1
                    ? $"{runPath}: format: version 1 (written before per-agent random streams and the schemes section) cannot be resumed or evaluated by this build (version {FormatVersion}); train the run again."
                    : $"{runPath}: format: version {format} is not supported (expected {FormatVersion}).");
            }
            ExperimentConfig config;
            try
            {
                config = ExperimentConfig.Load(configPath);
            }
            catch (ConfigException e)
            {
                throw new RunFolderException(e.Message, e);
            }
            string scheme = root["scheme"]!.GetValue<string>();
            if (!config.Schemes.Contains(scheme))
            {
                throw new RunFolderException($"{runPath}: scheme: unknown scheme '{scheme}'.");
            }
            int seed = root["seed"]!.GetValue<int>();
            int done = root["episodesDone"]!.GetValue<int>();
            string status = root["status"]!.GetValue<string>();
            string fingerprint = root["fingerprint"]!.GetValue<string>();
            if (fingerprint != config.TrainingFingerprint())
            {
                throw new RunFolderException($"{configPath}: differs from the config the run was started with (fingerprint {config.TrainingFingerprint()}, {RunFile} says {fingerprint}).");
            }
            if (seed < 0 || done < 0 || done > config.Training.Episodes)
            {
                throw new RunFolderException($"{runPath}: seed or episodesDone out of range.");
            }
            if (status is not ("created" or "running" or "interrupted" or "diverged" or "complete"))
            {
                throw new RunFolderException($"{runPath}: status: unknown status '{status}' (created, running, interrupted, diverged or complete).");
            }
            if (status == "complete")
            {
                foreach (string needed in new[] { PolicyFile, EvaluationFile })
                {
                    if (!System.IO.File.Exists(System.IO.Path.Combine(directory, needed)))
                    {
                        throw new RunFolderException($"{runPath}: says complete, but {needed} is missing; the run folder is damaged.");
                    }
                }
            }
            return new TrainingRun(directory, scheme, seed, config, done, status);
        }
        catch (Exception e) when (e is NullReferenceException or InvalidOperationException or FormatException)
        {
            throw new RunFolderException($"{runPath}: missing or mistyped field (needs format, scheme, seed, episodesDone, status, fingerprint).", e);
        }
    }

    /// <summary>Releases the folder's lock (<see cref="FolderLock"/>).</summary>
    public void Dispose() => _lock?.Dispose();

    /// <summary>True when <paramref name="directory"/> holds a run.json.</summary>
    public static bool Exists(string directory) => System.IO.File.Exists(System.IO.Path.Combine(directory, RunFile));

    /// <summary>
    /// True when the run.json of <paramref name="directory"/> says the run is complete, read without
    /// taking the folder's lock (so that it may be asked while another process trains the run); a
    /// missing or unreadable run.json is not complete.
    /// </summary>
    public static bool IsCompleteOnDisk(string directory)
    {
        string path = System.IO.Path.Combine(directory, RunFile);
        try
        {
            return System.IO.File.Exists(path)
                && JsonNode.Parse(System.IO.File.ReadAllText(path))?["status"] is JsonValue v
                && v.TryGetValue(out string? status) && status == "complete";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return false;
        }
    }

    /// <summary>Where the wall time of the episodes trained by <see cref="Train(LearnerFactory?, int, Action{EpisodeRecord}?, CancellationToken)"/> in this object went (<see cref="SlotBudget"/>; not stored in the run folder).</summary>
    public SlotBudget TrainedBudget { get; private set; } = SlotBudget.Zero;

    /// <summary>The budget of the last episode trained in this object (<see cref="SlotBudget.Zero"/> before one), as the episode callback of <c>Train</c> sees it.</summary>
    public SlotBudget LastEpisodeBudget { get; private set; } = SlotBudget.Zero;

    /// <summary>
    /// Trains (from the last checkpoint if there is one) to <see cref="TrainingConfig.Episodes"/>,
    /// then writes the model and the evaluation. On cancellation the episode in progress is finished
    /// and checkpointed, then <see cref="OperationCanceledException"/> is thrown.
    /// </summary>
    /// <param name="threads">Threads for the per-agent work (results identical for any count).</param>
    /// <param name="onEpisode">Called after every episode with its record.</param>
    /// <param name="cancellationToken">Stops the run cleanly after the current episode.</param>
    public EvaluationResult Train(int threads = 1, Action<EpisodeRecord>? onEpisode = null, CancellationToken cancellationToken = default) =>
        Train(null, threads, onEpisode, cancellationToken);

    /// <summary>
    /// <see cref="Train(int, Action{EpisodeRecord}?, CancellationToken)"/> with the learner built by
    /// <paramref name="learners"/> (null: every agent in this process; a federated training on a
    /// cluster gives agent grains): the files written are the same.
    /// </summary>
    /// <param name="learners">Builds the learner, or null.</param>
    /// <param name="threads">Threads for the per-agent work (results identical for any count).</param>
    /// <param name="onEpisode">Called after every episode with its record.</param>
    /// <param name="cancellationToken">Stops the run cleanly after the current episode.</param>
    public EvaluationResult Train(LearnerFactory? learners, int threads, Action<EpisodeRecord>? onEpisode = null, CancellationToken cancellationToken = default)
    {
        if (IsComplete)
        {
            return ReadEvaluation();
        }
        AtomicFile.DeleteStaleTemporaries(Directory);
        var trainer = new MultiAgentTrainer(Scheme, Config, Seed, threads, learners);
        List<EpisodeRecord> records = [];
        string checkpoint = PathOf(CheckpointFile);
        if (System.IO.File.Exists(checkpoint))
        {
            try
            {
                trainer.Restore(CheckpointReader.Load(checkpoint), Fingerprint);
            }
            catch (CheckpointException e)
            {
                throw new RunFolderException(e.Message, e);
            }
            if (NonFiniteParameter(trainer) is { } bad)
            {
                throw new RunFolderException($"{checkpoint}: holds {bad}; the file is corrupted.");
            }
            records = ReadEpisodes();
            if (records.Count < trainer.EpisodesDone)
            {
                throw new RunFolderException($"{PathOf(EpisodesFile)}: holds {records.Count} episodes, the checkpoint {trainer.EpisodesDone}.");
            }
            records.RemoveRange(trainer.EpisodesDone, records.Count - trainer.EpisodesDone);
            if (Config.Training.SelectionEpisodes is not null && !System.IO.File.Exists(PathOf(StartPolicyFile)))
            {
                throw new RunFolderException($"{Directory}: training.selectionEpisodes is set but {StartPolicyFile} (the actors training started from) is missing; the run cannot be resumed.");
            }
            Log($"resumed from {CheckpointFile} after episode {trainer.EpisodesDone}");
        }
        else if (EpisodesDone > 0)
        {
            throw new RunFolderException($"{Directory}: {RunFile} reports {EpisodesDone} episodes but {CheckpointFile} is missing; the run cannot be resumed.");
        }
        else
        {
            Log($"started {Scheme} seed {Seed}, {Config.Training.Episodes} episodes, config {Config.TrainingFingerprint()}");
            if (MultiAgentTrainer.LoadInitPolicy(Scheme, Config, Seed) is { } init)
            {
                trainer.StartFrom(init);
                Log($"actors start from {MultiAgentTrainer.InitPolicyFile(Scheme, Config, Seed)} (training.initPolicy: seed {init.Seed}, {init.Episodes} episodes)");
            }
            if (Config.Training.SelectionEpisodes is not null)
            {
                trainer.PolicyArtifact().Save(PathOf(StartPolicyFile));
            }
        }
        EpisodesDone = trainer.EpisodesDone;
        Status = "running";
        WriteRunFile();
        int every = Config.Training.CheckpointEveryEpisodes;
        int agents = trainer.Environment.AgentCount;
        // The curve as of the checkpoint (on a resume, lines of episodes after it are dropped), made
        // durable; from there every episode appends its line with one write, and the file is flushed
        // to disk with each checkpoint. A line cut by a kill is never a finished episode's (those were
        // flushed before their checkpoint), and EpisodeCsv.Read leaves a last line without its newline out.
        AtomicFile.WriteAllText(PathOf(EpisodesFile), EpisodeCsv.Format(records, agents));
        using var episodesOut = new FileStream(PathOf(EpisodesFile), FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 0);
        var line = new StringBuilder();
        while (trainer.EpisodesDone < Config.Training.Episodes)
        {
            EpisodeRecord? attempt = null;
            string? what;
            try
            {
                // Episodes are never cut short: cancellation is checked between them, at a checkpoint.
                attempt = trainer.RunEpisode(CancellationToken.None);
                what = Divergence(attempt, trainer);
            }
            catch (ArgumentException e)
            {
                // Config and inputs are validated before a run starts: an argument error inside an episode is a
                // non-finite action or observation of networks that blew up in the episode's updates.
                what = Divergence(null, trainer) ?? $"a non-finite value in the episode: {e.Message}";
            }
            if (what is not null)
            {
                int episode = EpisodesDone + 1;
                Status = "diverged";
                WriteRunFile();
                Log($"diverged in episode {episode}: {what}; nothing of the episode was written, the checkpoint of episode {EpisodesDone} is kept");
                throw new RunFolderException(string.Create(CultureInfo.InvariantCulture,
                    $"{Directory}: training diverged in episode {episode} ({what}); nothing of that episode was written and the last good checkpoint (after episode {EpisodesDone}) is kept. Lower the learning rates or training.rewardScale and start a new run."));
            }
            EpisodeRecord record = attempt!;
            LastEpisodeBudget = trainer.LastEpisodeBudget;
            TrainedBudget = TrainedBudget.Add(LastEpisodeBudget);
            // Every episode's line is written but made durable only with a checkpoint: after a kill the
            // run resumes from the last checkpoint anyway.
            line.Clear();
            EpisodeCsv.AppendLine(line, record, agents);
            episodesOut.Write(Encoding.UTF8.GetBytes(line.ToString()));
            bool last = trainer.EpisodesDone == Config.Training.Episodes;
            bool due = last || trainer.EpisodesDone % every == 0;
            Log(string.Create(CultureInfo.InvariantCulture,
                $"episode {record.Episode}: system reward {record.SystemReward:F3}, deadlines met {record.LatencyMetPct:F2}%, energy {record.EnergyJ:G5} J/UE/slot, critic loss {LogNumber(record.CriticLoss)}, actor loss {LogNumber(record.ActorLoss)}, noise {record.NoiseStd:F4}, {record.WallSeconds:F2} s"));
            onEpisode?.Invoke(record);
            bool stop = cancellationToken.IsCancellationRequested;
            if (due || stop)
            {
                // The lines up to this episode are on disk before the checkpoint that counts them.
                episodesOut.Flush(flushToDisk: true);
                SaveCheckpoint(trainer);
            }
            if (stop && !last)
            {
                Status = "interrupted";
                WriteRunFile();
                Log($"interrupted after episode {trainer.EpisodesDone}; resume with: mecmarl train --resume {Directory}");
                throw new OperationCanceledException(cancellationToken);
            }
        }
        Learning.PolicyFile kept = trainer.PolicyArtifact();
        if (Config.Training.SelectionEpisodes is { } selectionEpisodes)
        {
            kept = SelectAgainstStart(trainer, kept, selectionEpisodes);
        }
        kept.Save(PathOf(PolicyFile));
        // The final evaluation finishes once training has: the run is complete at that point.
        EvaluationResult result = Evaluate(new ActorPolicy(kept.Actors), null, CancellationToken.None);
        Status = "complete";
        WriteRunFile();
        TryDelete(checkpoint);
        AtomicFile.DeleteStaleTemporaries(Directory);
        Log(string.Create(CultureInfo.InvariantCulture,
            $"complete: evaluation on {result.Episodes} episodes: {result.TotalEnergyJ:G5} J/UE/slot, {result.LatencyMetPct:F2}% deadlines met"));
        return result;
    }

    /// <summary>
    /// What makes an episode divergent, or null: a non-finite reward, energy or deadline share, a
    /// non-finite loss once updates have started, or a non-finite parameter in any actor or critic.
    /// Such an episode is never written (no NaN or Infinity reaches episodes.csv or a checkpoint).
    /// </summary>
    /// <param name="record">The episode just run, or null to check the parameters only.</param>
    /// <param name="trainer">The trainer that ran it.</param>
    public static string? Divergence(EpisodeRecord? record, MultiAgentTrainer trainer)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        if (record is null)
        {
            return NonFiniteParameter(trainer);
        }
        if (!double.IsFinite(record.SystemReward) || record.AgentRewards.Any(r => !double.IsFinite(r)))
        {
            return string.Create(CultureInfo.InvariantCulture, $"system reward {record.SystemReward}");
        }
        if (!double.IsFinite(record.EnergyJ) || !double.IsFinite(record.LatencyMetPct))
        {
            return string.Create(CultureInfo.InvariantCulture, $"energy {record.EnergyJ} J");
        }
        if ((trainer.UpdatesDone > 0 && !double.IsFinite(record.CriticLoss)) || double.IsInfinity(record.CriticLoss))
        {
            return string.Create(CultureInfo.InvariantCulture, $"critic loss {record.CriticLoss}");
        }
        if (double.IsInfinity(record.ActorLoss))
        {
            return string.Create(CultureInfo.InvariantCulture, $"actor loss {record.ActorLoss}");
        }
        return NonFiniteParameter(trainer);
    }

    private static string? NonFiniteParameter(MultiAgentTrainer trainer) => trainer.Learner.NonFiniteParameter();

    // A loss for train.log: "none" before learning starts (NaN), so that no file holds NaN.
    private static string LogNumber(double v) => double.IsNaN(v) ? "none" : v.ToString("G4", CultureInfo.InvariantCulture);

    private void SaveCheckpoint(MultiAgentTrainer trainer)
    {
        var writer = new CheckpointWriter();
        trainer.Save(writer, Fingerprint);
        writer.Save(PathOf(CheckpointFile));
        EpisodesDone = trainer.EpisodesDone;
        WriteRunFile();
    }

    /// <summary>
    /// The selection against the start as one line (both results and the actors kept), once
    /// <see cref="Train(int, Action{EpisodeRecord}?, CancellationToken)"/> has made it in this
    /// process; null otherwise (<see cref="TrainingConfig.SelectionEpisodes"/> unset, or the run was
    /// complete before). selection.json holds it in full.
    /// </summary>
    public string? SelectionOutcome { get; private set; }

    /// <summary>
    /// Which actors the selection against the start kept in the run folder
    /// <paramref name="directory"/> (<c>"trained"</c> or <c>"start"</c>, from selection.json), or
    /// null when the folder holds no selection. A malformed file is a <see cref="RunFolderException"/>.
    /// </summary>
    public static string? KeptBySelection(string directory)
    {
        string path = System.IO.Path.Combine(directory, SelectionFile);
        if (!System.IO.File.Exists(path))
        {
            return null;
        }
        try
        {
            string? kept = JsonNode.Parse(System.IO.File.ReadAllText(path), documentOptions: StrictJson)?["kept"]?.GetValue<string>();
            return kept is "trained" or "start" ? kept : throw new FormatException($"\"kept\" must be \"trained\" or \"start\", found {kept ?? "nothing"}");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new RunFolderException($"{path}: not a selection file: {e.Message}", e);
        }
    }

    /// <summary>
    /// The seed of the selection episodes of training seed <paramref name="seed"/>
    /// (<see cref="TrainingConfig.SelectionEpisodes"/>): drawn from its own stream, so that it is
    /// neither the training episodes' seed nor, but by a 2^-53 chance, any evaluation seed; below
    /// 2^53, as every seed MecMarl writes, so that JSON readers that hold numbers as doubles read it exactly.
    /// </summary>
    public static ulong SelectionSeed(int seed) => new Randomness.Rng((ulong)seed, SelectionStream).NextUInt64() >> 11;

    // The selection against the start: the trained and the start actors play the same selection
    // episodes; the higher mean system reward keeps its actors (the trained ones on a tie).
    // Written to selection.json and the log; policy.ckpt then holds the kept actors.
    private Learning.PolicyFile SelectAgainstStart(MultiAgentTrainer trainer, Learning.PolicyFile trained, int episodes)
    {
        string startPath = PathOf(StartPolicyFile);
        Learning.PolicyFile start;
        try
        {
            start = Learning.PolicyFile.Load(startPath);
        }
        catch (CheckpointException e)
        {
            throw new RunFolderException(e.Message, e);
        }
        if (start.Mismatch(trainer.Environment.ObservationSizes(), trainer.Environment.ActionSizes()) is { } problem)
        {
            throw new RunFolderException($"{startPath}: {problem}, which does not fit the run's config.json.");
        }
        ulong seed = SelectionSeed(Seed);
        EvaluationResult ofTrained = Evaluation.Learned(Scheme, Seed, Config, new ActorPolicy(trained.Actors), episodes, seed);
        EvaluationResult ofStart = Evaluation.Learned(Scheme, Seed, Config, new ActorPolicy(start.Actors), episodes, seed);
        bool keepStart = ofStart.SystemReward > ofTrained.SystemReward;
        var root = new JsonObject
        {
            ["episodes"] = episodes,
            ["seed"] = seed,
            ["kept"] = keepStart ? "start" : "trained",
            ["trained"] = EvaluationJson.Node(ofTrained),
            ["start"] = EvaluationJson.Node(ofStart),
        };
        AtomicFile.WriteAllText(PathOf(SelectionFile), JsonText.Indented(root));
        SelectionOutcome = string.Create(CultureInfo.InvariantCulture,
            $"selection on {episodes} episodes: trained {ofTrained.SystemReward:G6} reward, {ofTrained.LatencyMetPct:F2}% deadlines met; start {ofStart.SystemReward:G6}, {ofStart.LatencyMetPct:F2}%; kept the {(keepStart ? "start" : "trained")} actors");
        Log(SelectionOutcome);
        return keepStart ? trained with { Actors = start.Actors } : trained;
    }

    // The evaluation of the config's evaluation section, written to evaluation.json.
    private EvaluationResult Evaluate(ActorPolicy policy, Action<int>? onEpisode = null, CancellationToken cancellationToken = default)
    {
        EvaluationResult result = Evaluation.Learned(Scheme, Seed, Config, policy, Config.Evaluation.Episodes, Config.Evaluation.Seed, onEpisode, cancellationToken);
        AtomicFile.WriteAllText(PathOf(EvaluationFile), EvaluationJson.Write(result));
        return result;
    }

    /// <summary>
    /// Evaluates the trained policy (SPEC 9) on <paramref name="episodes"/> episodes from
    /// <paramref name="evalSeed"/> (defaults: the config's evaluation section). With the defaults the
    /// result is also written to evaluation.json. Loads only the actors of policy.ckpt: no trainer,
    /// no replay.
    /// </summary>
    public EvaluationResult Evaluate(int? episodes = null, ulong? evalSeed = null, Action<int>? onEpisode = null, CancellationToken cancellationToken = default)
    {
        string policyPath = PathOf(PolicyFile);
        if (!System.IO.File.Exists(policyPath))
        {
            throw new RunFolderException($"{Directory}: no trained policy ({PolicyFile} is missing; the run is {Status} after {EpisodesDone} of {Config.Training.Episodes} episodes).");
        }
        Learning.PolicyFile policy;
        try
        {
            policy = Learning.PolicyFile.Load(policyPath);
        }
        catch (CheckpointException e)
        {
            throw new RunFolderException(e.Message, e);
        }
        var env = new MecEnvironment(Config.SimulationFor(Scheme), Config.Training.LayoutSeed);
        if (policy.Mismatch(env.ObservationSizes(), env.ActionSizes()) is { } problem)
        {
            throw new RunFolderException($"{policyPath}: {problem}, which does not fit the run's config.json.");
        }
        var actors = new ActorPolicy(policy.Actors);
        return episodes is null && evalSeed is null
            ? Evaluate(actors, onEpisode, cancellationToken)
            : Evaluation.Learned(Scheme, Seed, Config, actors, episodes ?? Config.Evaluation.Episodes, evalSeed ?? Config.Evaluation.Seed, onEpisode, cancellationToken);
    }

    /// <summary>The training curve (episodes.csv).</summary>
    public List<EpisodeRecord> ReadEpisodes()
    {
        string path = PathOf(EpisodesFile);
        if (!System.IO.File.Exists(path))
        {
            return [];
        }
        try
        {
            return EpisodeCsv.Read(path);
        }
        catch (FormatException e)
        {
            throw new RunFolderException(e.Message, e);
        }
    }

    /// <summary>The stored evaluation (evaluation.json).</summary>
    public EvaluationResult ReadEvaluation()
    {
        string path = PathOf(EvaluationFile);
        if (!System.IO.File.Exists(path))
        {
            throw new RunFolderException($"{path}: missing.");
        }
        return EvaluationJson.Read(path);
    }

    private void WriteRunFile()
    {
        var root = new JsonObject
        {
            ["format"] = FormatVersion,
            ["scheme"] = Scheme,
            ["seed"] = Seed,
            ["episodes"] = Config.Training.Episodes,
            ["episodesDone"] = EpisodesDone,
            ["status"] = Status,
            ["fingerprint"] = Config.TrainingFingerprint(),
        };
        AtomicFile.WriteAllText(PathOf(RunFile), JsonText.Indented(root));
    }

    private void Log(string line)
    {
        string stamp = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        System.IO.File.AppendAllText(PathOf(LogFile), $"{stamp} {line}\n");
    }

    private static void TryDelete(string path)
    {
        try
        {
            System.IO.File.Delete(path);
        }
        catch (IOException)
        {
        }
    }
}
