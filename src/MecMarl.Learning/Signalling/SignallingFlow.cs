namespace MecMarl.Learning.Signalling;

/// <summary>
/// One recurring message between two nodes: SBS <see cref="From"/> (0-based) or <see cref="Central"/>
/// to SBS <see cref="To"/> or <see cref="Central"/>, in <see cref="Phase"/>, sent per
/// <see cref="Schedule"/>. Its bytes are uplink for a sending SBS and downlink for a receiving SBS
/// (an SBS-to-SBS message of a mesh counts as both, at its two ends).
/// </summary>
public sealed record SignallingFlow(SignallingMessage Message, int From, int To, SignallingPhase Phase, SignallingSchedule Schedule)
{
    /// <summary>The central node: the MA-DRL trainer, the F-DRL aggregator (macro BS), or the yardstick's controller.</summary>
    public const int Central = -1;
}
