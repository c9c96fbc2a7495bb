namespace MecMarl.Learning.Signalling;

/// <summary>What a signalling message carries (docs/overhead.md lists who sends each and when).</summary>
public enum MessageKind
{
    /// <summary>An SBS's networks uploaded to the aggregator (F-DRL, paper Algorithm 2): one parameter array per averaged network.</summary>
    ModelUpload,

    /// <summary>The averaged networks sent back to an SBS (eq. 26): one parameter array per averaged network.</summary>
    ModelBroadcast,

    /// <summary>An SBS's experience of one slot for joint critics: its observation s_m, its action a_m and, when the learned reward is cooperative, its cell reward R^Fl_m.</summary>
    Experience,

    /// <summary>An SBS's observation after the last slot of an episode (the s' of the episode's last transition; every other s' is the next slot's s).</summary>
    FinalObservation,

    /// <summary>What a joint critic needs from the others for one slot, relayed by the central trainer: every other SBS's s_j and a_j and, when the learned reward is cooperative, the learned reward.</summary>
    RelayedExperience,

    /// <summary>The other SBSs' final observations of an episode, relayed by the central trainer.</summary>
    RelayedFinalObservations,

    /// <summary>What a centralized controller needs from an SBS per slot: channel gains it measures and its UEs' tasks (bits, cycles, deadline).</summary>
    ChannelStateReport,

    /// <summary>Large-scale gains (path loss and shadowing) an SBS measures towards other cells' UEs, which change only with the layout.</summary>
    LargeScaleGainReport,

    /// <summary>A centralized controller's decisions for an SBS's UEs: offloading fraction, channel, power and MEC share per UE.</summary>
    Decisions,
}
