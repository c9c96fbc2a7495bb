namespace MecMarl.Learning;

/// <summary>The weight W_m of agent m's model in an average (eq. 26).</summary>
public enum AggregationWeighting
{
    /// <summary>W_m = agent m's mini-batch size (eq. 26 as SPEC 8 reads it; with the shared batch size every agent weighs the same).</summary>
    BatchSize,

    /// <summary>W_m = 1 for every agent.</summary>
    Equal,

    /// <summary>
    /// W_m = mini-batch samples agent m trained on since its model last came from an average
    /// (batch size x its gradient steps since then; eq. 26 read as FedAvg's n_k over the round).
    /// Equal for all agents under full participation; it differs once agents skip rounds. When
    /// every member of an average has 0 (rounds before learning starts), the members weigh the same.
    /// </summary>
    Samples,
}
