namespace MecMarl.Cluster;

/// <summary>
/// Bad input met by the cluster code (an unreachable Redis, a store folder that cannot be used, a
/// silo of another build, a work item refused by a silo): the message is one line naming what and
/// why; the command exits with code 2 and writes nothing more.
/// </summary>
public sealed class ClusterInputException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The client lost the cluster (no silo answered for <see cref="ClusterConnection.LostAfter"/>)
/// or a work item failed on a silo: one line; the work already done is kept in the store, and
/// running the same command again re-attaches.
/// </summary>
public sealed class ClusterFailureException(string message, Exception? inner = null) : Exception(message, inner);
