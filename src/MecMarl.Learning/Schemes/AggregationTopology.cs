namespace MecMarl.Learning;

/// <summary>Who averages with whom in an aggregation round.</summary>
public enum AggregationTopology
{
    /// <summary>One coordinator (the macro BS) averages the participants' models and broadcasts the result to them (paper Algorithm 2).</summary>
    Coordinator,

    /// <summary>
    /// Clusters of <see cref="FedAvgAggregation.ClusterSize"/> neighbouring SBSs average within the
    /// cluster every round; every <see cref="FedAvgAggregation.GlobalEveryRounds"/>-th round the macro
    /// BS averages all participants instead (paper Section IV, cooperating groups of neighbouring cells).
    /// </summary>
    Hierarchical,

    /// <summary>No coordinator: every SBS replaces its model by the average of its own and those of its <see cref="FedAvgAggregation.Degree"/> nearest SBSs (by SBS distance), all from the models before the round.</summary>
    Gossip,
}
