namespace MecMarl.Learning.Signalling;

/// <summary>Where the bytes of a flow are counted: while training, or while the trained (or fixed) policy runs.</summary>
public enum SignallingPhase
{
    /// <summary>Training slots (counted per training slot and per run).</summary>
    Training,

    /// <summary>Execution slots: acting with a trained or fixed policy (counted per slot).</summary>
    Execution,
}
