namespace MecMarl.Cluster;

/// <summary>Where a work item stands (docs/cluster.md).</summary>
public enum WorkPhase
{
    /// <summary>Never started (no state in grain storage).</summary>
    New = 0,

    /// <summary>Running on a silo (or lost with its silo and resumed from its last checkpoint at the next call).</summary>
    Running = 1,

    /// <summary>Finished: its run folder is complete or its fixed evaluation stored in the run store.</summary>
    Done = 2,

    /// <summary>Refused by a silo for bad input (another MecMarl version or config schema, a config that does not validate, a store it cannot use).</summary>
    Refused = 3,

    /// <summary>Failed while running for another reason (the message says which).</summary>
    Failed = 4,
}

/// <summary>What a work item runs.</summary>
public enum WorkKind
{
    /// <summary>A unit of a sweep or reproduction: train one learning scheme with one seed, or evaluate one fixed scheme (<c>Sweep.RunWork</c>).</summary>
    StudyUnit = 0,

    /// <summary>A federated training (<c>train --cluster</c>) in a run folder: the trainer and the environment here, every agent and the coordinator as grains (<see cref="FederatedCluster"/>).</summary>
    FederatedTraining = 1,
}

/// <summary>
/// One unit of a sweep or reproduction sent to the cluster: train one learning scheme with one seed,
/// or evaluate one fixed scheme, in a point or reproduction folder of the run store, exactly as the
/// local command does it (<c>Sweep.RunWork</c>). Immutable; serialized by Orleans.
/// </summary>
/// <param name="Key">The work item's grain key: <c>&lt;slot&gt;:&lt;folder&gt;|&lt;scheme&gt;|&lt;seed&gt;|&lt;config fingerprint&gt;</c>; the slot spreads items over the silos (<see cref="SpreadPlacementDirector"/>).</param>
/// <param name="Folder">The point or reproduction folder, relative to the run store (<c>--store</c>), with <c>/</c> separators.</param>
/// <param name="Scheme">Scheme id (<c>f-drl</c>, <c>full-offload</c>, ...).</param>
/// <param name="Seed">Training seed of a learning scheme; null for a fixed scheme.</param>
/// <param name="ConfigJson">The resolved config of the folder (<c>ExperimentConfig.ToJson</c>), validated again by the silo.</param>
/// <param name="Version">MecMarl version of the client (<see cref="Compatibility.Version"/>).</param>
/// <param name="Schema">Config schema fingerprint of the client (<see cref="Compatibility.Schema"/>).</param>
/// <param name="Description">The item for humans, e.g. <c>network.sbsCount=8: f-drl seed 1</c>.</param>
[GenerateSerializer, Immutable]
public sealed record WorkRequest(
    [property: Id(0)] string Key,
    [property: Id(1)] string Folder,
    [property: Id(2)] string Scheme,
    [property: Id(3)] int? Seed,
    [property: Id(4)] string ConfigJson,
    [property: Id(5)] string Version,
    [property: Id(6)] string Schema,
    [property: Id(7)] string Description)
{
    /// <summary>What the item runs (a study unit unless said otherwise).</summary>
    [Id(8)]
    public WorkKind Kind { get; init; }

    /// <summary>For a federated training: the placement slot of agent 0's grain (agent m gets this + m, the coordinator this + M), which decides the silos they land on.</summary>
    [Id(9)]
    public int AgentSlot { get; init; }
}

/// <summary>What a work item grain reports to the client and to <c>cluster status</c>. Immutable.</summary>
/// <param name="Phase">Where it stands.</param>
/// <param name="Silo">Name of the silo running or having run it, or null.</param>
/// <param name="EpisodesDone">Training episodes finished so far (0 for a fixed scheme).</param>
/// <param name="Message">Why it was refused or failed, or a transient note (e.g. waiting for Redis); else null.</param>
/// <param name="Starts">How many times its work was started (1 without failures; +1 per resumption after a lost silo).</param>
[GenerateSerializer, Immutable]
public sealed record WorkStatus(
    [property: Id(0)] WorkPhase Phase,
    [property: Id(1)] string? Silo,
    [property: Id(2)] int EpisodesDone,
    [property: Id(3)] string? Message,
    [property: Id(4)] int Starts);

/// <summary>One line of the cluster's ledger (<see cref="ILedgerGrain"/>): a work item and where it stands. Immutable.</summary>
/// <param name="Key">Work item key.</param>
/// <param name="Description">The item for humans.</param>
/// <param name="Folder">Its folder relative to the run store.</param>
/// <param name="Phase">Where it stands.</param>
/// <param name="Silo">Silo running or having run it.</param>
/// <param name="UpdatedUtc">When it last changed (UTC).</param>
[GenerateSerializer, Immutable]
public sealed record LedgerEntry(
    [property: Id(0)] string Key,
    [property: Id(1)] string Description,
    [property: Id(2)] string Folder,
    [property: Id(3)] WorkPhase Phase,
    [property: Id(4)] string? Silo,
    [property: Id(5)] DateTime UpdatedUtc);

/// <summary>A silo as <c>cluster status</c> lists it. Immutable.</summary>
/// <param name="Name">Silo name (<c>--name</c>).</param>
/// <param name="Address">Its silo endpoint.</param>
/// <param name="Status">Membership status (Active, Dead, ...).</param>
/// <param name="StartedUtc">When it started (UTC).</param>
public sealed record SiloEntry(string Name, string Address, string Status, DateTime StartedUtc);

/// <summary>What <c>cluster status</c> shows: the silos and the ledger. Immutable.</summary>
/// <param name="Silos">Silos known to the membership table.</param>
/// <param name="Work">Every work item the ledger knows.</param>
public sealed record ClusterSnapshot(IReadOnlyList<SiloEntry> Silos, IReadOnlyList<LedgerEntry> Work);
