using System.Globalization;
using MecMarl.Experiments;
using MecMarl.Simulation;
using Microsoft.Extensions.Logging;

namespace MecMarl.Cluster;

/// <summary>
/// The work side of one silo: its name, its view of the run store (<c>--store</c>) and how many work
/// items it runs at a time (<c>--jobs</c>, each on one thread). It checks a <see cref="WorkRequest"/>
/// (refusing it with one line when it cannot run it) and runs it with the local sweep's code
/// (<see cref="Sweep.RunWork"/>), so a work item's files are those the local command writes.
/// </summary>
public sealed class SiloWork : IDisposable
{
    private readonly SemaphoreSlim _slots;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _stopping = new();
    private int _running;

    /// <summary>Creates the work side of a silo.</summary>
    /// <param name="name">Silo name.</param>
    /// <param name="store">The run store as this silo sees it.</param>
    /// <param name="jobs">Work items run at the same time (at least 1).</param>
    /// <param name="log">Where refusals and failures are logged.</param>
    public SiloWork(string name, string store, int jobs, ILogger<SiloWork> log)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(store);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(jobs);
        Name = name;
        Store = Path.GetFullPath(store);
        Jobs = jobs;
        _slots = new SemaphoreSlim(jobs, jobs);
        _log = log;
    }

    /// <summary>Silo name.</summary>
    public string Name { get; }

    /// <summary>The run store, absolute.</summary>
    public string Store { get; }

    /// <summary>Work items run at the same time.</summary>
    public int Jobs { get; }

    /// <summary>Work items running now (waiting for a slot included).</summary>
    public int Running => Volatile.Read(ref _running);

    /// <summary>Cancelled when the silo stops: running trainings checkpoint and stop (the item stays running and resumes elsewhere).</summary>
    public CancellationToken Stopping => _stopping.Token;

    /// <summary>Asks running work to checkpoint and stop.</summary>
    public void Stop() => _stopping.Cancel();

    /// <summary>Waits until no work item runs, at most <paramref name="timeout"/>.</summary>
    public async Task DrainAsync(TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (Running > 0 && DateTime.UtcNow < until)
        {
            await Task.Delay(100).ConfigureAwait(false);
        }
    }

    /// <summary>The folder of <paramref name="request"/> as this silo sees it.</summary>
    public string FolderOf(WorkRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Path.GetFullPath(Path.Combine(Store, request.Folder.Replace('/', Path.DirectorySeparatorChar)));
    }

    /// <summary>
    /// Why this silo cannot run <paramref name="request"/> (one line), or null when it can: another
    /// build, a config that does not validate, a folder outside or missing from its store, a store
    /// it cannot write. A refusal is logged.
    /// </summary>
    public string? Refusal(WorkRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string? why = Check(request);
        if (why is not null)
        {
            _log.LogWarning("silo {Silo} refused work item {Item}: {Why}", Name, request.Description, why);
        }
        return why;
    }

    private string? Check(WorkRequest request)
    {
        if (Compatibility.Mismatch("the client", request.Version, request.Schema) is { } mismatch)
        {
            return mismatch;
        }
        try
        {
            _ = Config(request);
        }
        catch (ConfigException e)
        {
            return $"config does not validate: {e.Message}";
        }
        if (request.Kind == WorkKind.FederatedTraining)
        {
            if (FederatedCluster.Problem(Config(request), request.Scheme) is { } problem)
            {
                return problem;
            }
            if (request.Seed is null)
            {
                return $"scheme '{request.Scheme}' needs a seed";
            }
        }
        else if (!StudySchemes.IsLearning(request.Scheme) && !StudySchemes.IsFixed(request.Scheme))
        {
            return $"unknown scheme '{request.Scheme}'";
        }
        else if (StudySchemes.IsLearning(request.Scheme) != request.Seed.HasValue)
        {
            return $"scheme '{request.Scheme}' {(request.Seed.HasValue ? "takes no seed" : "needs a seed")}";
        }
        if (!Directory.Exists(Store))
        {
            return $"its --store {Store} does not exist";
        }
        string folder = FolderOf(request);
        if (Path.IsPathRooted(request.Folder) || !folder.StartsWith(Store + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return $"folder {request.Folder} lies outside its --store {Store}";
        }
        if (!Directory.Exists(folder))
        {
            return $"folder {request.Folder} not found in its --store {Store} (do client and silos share the store?)";
        }
        if (request.Kind == WorkKind.FederatedTraining && !TrainingRun.Exists(folder))
        {
            return $"folder {request.Folder} of its --store {Store} holds no run ({TrainingRun.RunFile} is missing)";
        }
        string probe = Path.Combine(folder, $".mecmarl-probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot write in {folder} of its --store ({e.Message.ReplaceLineEndings(" ")})";
        }
        return null;
    }

    private static ExperimentConfig Config(WorkRequest request) => ExperimentConfig.Parse(request.ConfigJson, "work item config");

    /// <summary>True when the work of <paramref name="request"/> is finished in the store.</summary>
    public bool IsDone(WorkRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            return request.Kind == WorkKind.FederatedTraining
                ? TrainingRun.IsCompleteOnDisk(FolderOf(request))
                : Directory.Exists(FolderOf(request)) && Sweep.IsWorkDone(Point(request), request.Scheme, request.Seed);
        }
        catch (Exception e) when (e is RunFolderException or IOException or ConfigException)
        {
            return false;
        }
    }

    private Reproduction Point(WorkRequest request) =>
        new(FolderOf(request), Config(request), [request.Seed ?? 1], "sweep", [request.Scheme]);

    /// <summary>
    /// Runs <paramref name="request"/> (already checked) once one of the silo's <see cref="Jobs"/> slots is
    /// free, on a thread of its own: <see cref="Sweep.RunWork"/>, waiting while another process holds the
    /// run folder's lock (a silo that lost the item still checkpointing on its way down).
    /// <paramref name="onEpisode"/> gets the number of the run's episodes done after each episode. A
    /// federated training (<see cref="WorkKind.FederatedTraining"/>) runs its trainer here and its
    /// agents and coordinator as grains of <paramref name="grains"/> (<see cref="FederatedCluster.Train"/>).
    /// </summary>
    public async Task ExecuteAsync(WorkRequest request, IGrainFactory grains, Action<int> onEpisode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(onEpisode);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        Interlocked.Increment(ref _running);
        try
        {
            await _slots.WaitAsync(stop.Token).ConfigureAwait(false);
            try
            {
                await Task.Factory.StartNew(() => Execute(request, grains, onEpisode, stop.Token), CancellationToken.None,
                    TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
            }
            finally
            {
                _slots.Release();
            }
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    private void Execute(WorkRequest request, IGrainFactory grains, Action<int> onEpisode, CancellationToken stop)
    {
        _log.LogInformation("silo {Silo} runs {Item}", Name, request.Description);
        if (request.Kind == WorkKind.FederatedTraining)
        {
            FederatedCluster.Train(request, FolderOf(request), grains, onEpisode, line => _log.LogWarning("silo {Silo}: {Item}: {Line}", Name, request.Description, line), stop);
            _log.LogInformation("silo {Silo} finished {Item}", Name, request.Description);
            return;
        }
        Reproduction point = Point(request);
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                Sweep.RunWork(point, request.Scheme, request.Seed, e => onEpisode(e.Episode + 1), stop);
                break;
            }
            catch (RunFolderException e) when (e.InUse && attempt < 600 && !stop.IsCancellationRequested)
            {
                // Another process still holds the run (a silo checkpointing on its way down): wait for it.
                Thread.Sleep(200);
            }
        }
        _log.LogInformation("silo {Silo} finished {Item}", Name, request.Description);
    }

    /// <summary>Releases the slots and the stop signal.</summary>
    public void Dispose()
    {
        _slots.Dispose();
        _stopping.Dispose();
    }

    /// <summary>A count for logs.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Name}: {Running} running, {Jobs} job(s), store {Store}");
}
