using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace MecMarl.Cluster;

/// <summary>The stored state of a work item (grain storage <see cref="ClusterTarget.StorageName"/>: Redis, or memory with <c>--cluster localhost</c>).</summary>
[GenerateSerializer]
public sealed class WorkItemState
{
    /// <summary>Where it stands.</summary>
    [Id(0)] public WorkPhase Phase { get; set; }

    /// <summary>The request it runs (kept so that a new activation can resume it without the client).</summary>
    [Id(1)] public WorkRequest? Request { get; set; }

    /// <summary>Silo that last ran it.</summary>
    [Id(2)] public string? Silo { get; set; }

    /// <summary>Why it was refused or failed.</summary>
    [Id(3)] public string? Message { get; set; }

    /// <summary>How many times its work was started.</summary>
    [Id(4)] public int Starts { get; set; }
}

/// <summary>
/// <see cref="IWorkItemGrain"/>: kept alive while its silo lives, placed by <see cref="SpreadPlacementAttribute"/>.
/// Its state says Running while the work runs; an activation that finds Running (its former silo was
/// lost, or stopped) starts the work again, which resumes from the run's last checkpoint in the store.
/// A finished item is never run again while its result is in the store.
/// </summary>
[KeepAlive]
[SpreadPlacement]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The semaphore is only awaited (WaitAsync), so it never allocates a wait handle to dispose; Orleans owns the grain's lifetime.")]
public sealed class WorkItemGrain(
    [PersistentState("work", ClusterTarget.StorageName)] IPersistentState<WorkItemState> state,
    SiloWork silo,
    ILogger<WorkItemGrain> log) : Grain, IWorkItemGrain
{
    private readonly SemaphoreSlim _writing = new(1, 1);
    private Task? _running;
    private int _episodes;
    private string? _note;

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State is { Phase: WorkPhase.Running, Request: { } request })
        {
            if (silo.Refusal(request) is { } why)
            {
                state.State.Phase = WorkPhase.Refused;
                state.State.Silo = silo.Name;
                state.State.Message = why;
                await Persist(request).ConfigureAwait(true);
                return;
            }
            log.LogWarning("silo {Silo} resumes {Item}, last run on {Previous}, from its last checkpoint", silo.Name, request.Description, state.State.Silo);
            Launch(request);
        }
    }

    /// <inheritdoc />
    public async Task<WorkStatus> Start(WorkRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_running is { IsCompleted: false })
        {
            return Current();
        }
        if (state.State.Phase == WorkPhase.Done && silo.IsDone(request))
        {
            return Current();
        }
        if (silo.Refusal(request) is { } why)
        {
            state.State.Phase = WorkPhase.Refused;
            state.State.Request = request;
            state.State.Silo = silo.Name;
            state.State.Message = why;
            await Persist(request).ConfigureAwait(true);
            return Current();
        }
        state.State.Phase = WorkPhase.Running;
        state.State.Request = request;
        state.State.Message = null;
        await Persist(request).ConfigureAwait(true);
        Launch(request);
        return Current();
    }

    /// <inheritdoc />
    public Task<WorkStatus> Status() => Task.FromResult(Current());

    private WorkStatus Current() => new(state.State.Phase, state.State.Silo, Volatile.Read(ref _episodes), _note ?? state.State.Message, state.State.Starts);

    private void Launch(WorkRequest request) => _running = RunAsync(request);

    private async Task RunAsync(WorkRequest request)
    {
        state.State.Silo = silo.Name;
        state.State.Starts++;
        await Persist(request).ConfigureAwait(true);
        try
        {
            // On a thread of its own, off the grain's scheduler: the work is long and single-threaded.
            await silo.ExecuteAsync(request, GrainFactory, n => Volatile.Write(ref _episodes, n), silo.Stopping).ConfigureAwait(true);
            state.State.Phase = WorkPhase.Done;
            state.State.Message = null;
        }
        catch (OperationCanceledException)
        {
            // The silo is stopping: the run has checkpointed; the item stays Running and resumes on another silo.
            return;
        }
        catch (Exception e) when (e is Experiments.RunFolderException or Learning.CheckpointException or Simulation.ConfigException)
        {
            log.LogWarning("silo {Silo} refused {Item}: {Why}", silo.Name, request.Description, e.Message);
            state.State.Phase = WorkPhase.Refused;
            state.State.Message = e.Message.ReplaceLineEndings(" ");
        }
        catch (Exception e)
        {
            log.LogError(e, "silo {Silo}: {Item} failed", silo.Name, request.Description);
            state.State.Phase = WorkPhase.Failed;
            state.State.Message = $"{e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}";
        }
        await Persist(request).ConfigureAwait(true);
        if (state.State.Phase == WorkPhase.Done)
        {
            DeactivateOnIdle();
        }
    }

    // Writes the state, retrying while grain storage (Redis) is unreachable: the item pauses, it is never lost.
    private async Task Persist(WorkRequest request)
    {
        await _writing.WaitAsync().ConfigureAwait(true);
        try
        {
            for (int attempt = 0; ; attempt++)
            {
                try
                {
                    await state.WriteStateAsync().ConfigureAwait(true);
                    _note = null;
                    break;
                }
                catch (Exception e) when (e is not InconsistentStateException && attempt < 3600)
                {
                    _note = "waiting for grain storage (Redis): " + e.Message.ReplaceLineEndings(" ");
                    if (attempt == 0)
                    {
                        log.LogWarning("silo {Silo}: cannot store the state of {Item}, retrying every second: {Why}", silo.Name, request.Description, e.Message);
                    }
                    await Task.Delay(1000).ConfigureAwait(true);
                }
            }
        }
        finally
        {
            _writing.Release();
        }
        // The ledger lists the item; the item's own state above is what counts (cluster status asks the item).
        var entry = new LedgerEntry(request.Key, request.Description, request.Folder, state.State.Phase, state.State.Silo, DateTime.UtcNow);
        for (int attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                await GrainFactory.GetGrain<ILedgerGrain>(LedgerGrain.Key).Report(entry).ConfigureAwait(true);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning("silo {Silo}: the ledger did not take the state of {Item}: {Why}", silo.Name, request.Description, e.Message);
                await Task.Delay(2000).ConfigureAwait(true);
            }
        }
    }
}
