namespace MecMarl.Cluster;

/// <summary>
/// A work item of a distributed sweep or reproduction: a thin adapter that runs one
/// <see cref="WorkRequest"/> on the silo it is placed on (<see cref="SiloWork"/>) and keeps where
/// it stands in grain storage (Redis), so that a silo lost mid-run is noticed and the item resumed
/// elsewhere from its last checkpoint.
/// </summary>
public interface IWorkItemGrain : IGrainWithStringKey
{
    /// <summary>
    /// Starts the work unless it is running or finished (then only its status is returned).
    /// A silo that cannot take it (another version or schema, a config that does not validate, a
    /// store it cannot use) refuses it: phase <see cref="WorkPhase.Refused"/> with the reason.
    /// </summary>
    Task<WorkStatus> Start(WorkRequest request);

    /// <summary>Where the item stands; activating it on a new silo resumes a lost run.</summary>
    Task<WorkStatus> Status();
}

/// <summary>The cluster's ledger (one grain, key <c>ledger</c>): which work item is where and what is finished, kept in grain storage.</summary>
public interface ILedgerGrain : IGrainWithStringKey
{
    /// <summary>Records a change of a work item.</summary>
    Task Report(LedgerEntry entry);

    /// <summary>Every entry, in the order first reported.</summary>
    Task<IReadOnlyList<LedgerEntry>> Entries();
}
