using System.ComponentModel;
using Spectre.Console.Cli;

namespace MecMarl.Cli;

/// <summary>
/// Options of the commands that can run on a MecMarl cluster (<c>train</c>, <c>reproduce</c>,
/// <c>sweep</c>) besides the config options: <c>--cluster</c> and <c>--store</c> (docs/cluster.md).
/// Their combination is checked by <c>ClusterRun.Validate</c> in each command's validation.
/// </summary>
public abstract class ClusterRunSettings : ConfigSettings
{
    /// <summary>The cluster to run on: a Redis connection or <c>localhost</c>.</summary>
    [CommandOption("--cluster <CONN>")]
    [Description("Run on a MecMarl cluster: its Redis connection (e.g. 127.0.0.1:6379) or localhost. reproduce and sweep send every unit as a work item; train runs a federated scheme with every SBS's agent and the coordinator as grains. Results are identical to the local command (docs/cluster.md). Needs --store.")]
    public string? Cluster { get; init; }

    /// <summary>The cluster's run store: the folder the silos share, holding <c>--out</c>.</summary>
    [CommandOption("--store <DIR>")]
    [Description("With --cluster: the run store folder the silos share (as this machine sees it); --out must lie inside it.")]
    public string? Store { get; init; }
}
