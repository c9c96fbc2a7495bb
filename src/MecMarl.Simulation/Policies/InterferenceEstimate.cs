namespace MecMarl.Simulation;

/// <summary>How <see cref="HeuristicPolicy"/> estimates this slot's interference on a channel from last slot's measurement.</summary>
public enum InterferenceEstimate
{
    /// <summary>The channel's own measurement I_prev[k] (JSON "channel").</summary>
    Channel,

    /// <summary>The mean of I_prev over the SBS's channels (JSON "mean"): channels of other cells are reshuffled every slot.</summary>
    Mean,

    /// <summary>The larger of the channel's measurement and the mean over channels (JSON "max").</summary>
    ChannelOrMean,
}
