namespace MecMarl.Learning;

/// <summary>Which networks FedAvg averages (<see cref="FedAvgAggregation.Networks"/>) and whose targets it averages (<see cref="FedAvgAggregation.Targets"/>).</summary>
[Flags]
public enum AggregatedNetworks
{
    /// <summary>None (not a valid <see cref="FedAvgAggregation.Networks"/>; as targets: every target stays local).</summary>
    None = 0,

    /// <summary>The actor (as a target: the target actor).</summary>
    Actor = 1,

    /// <summary>The critic, and the second critic with twin critics (as a target: their targets).</summary>
    Critic = 2,

    /// <summary>Actor and critic (paper Algorithm 2, with both targets).</summary>
    All = Actor | Critic,
}
