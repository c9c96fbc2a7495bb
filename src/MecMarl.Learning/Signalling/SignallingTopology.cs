namespace MecMarl.Learning.Signalling;

/// <summary>How the central trainer of joint critics is reached (config <c>signalling.topology</c>, docs/overhead.md).</summary>
public enum SignallingTopology
{
    /// <summary>Every SBS sends to one central trainer, which returns to each SBS what its critic needs.</summary>
    Relay,

    /// <summary>No central node: every SBS sends its messages to every other SBS (all-to-all).</summary>
    Mesh,
}
