namespace MecMarl.Simulation;

/// <summary>The action decoders (SPEC 7 and the alternatives of docs/decoders.md).</summary>
public enum DecoderKind
{
    /// <summary>SPEC 7: greedy maximum score, power fraction of P_max, shares by weights (<see cref="GreedyActionDecoder"/>).</summary>
    Greedy,

    /// <summary>Channels by score plus observed gain, shares by cycles times weight, power relative to the
    /// power the observed gain, task and previous interference call for (<see cref="DeadlineAwareDecoder"/>).</summary>
    DeadlineAware,

    /// <summary>Per-UE corrections to the decisions of the <c>heuristic</c> policy; 0.5 everywhere is the heuristic
    /// (<see cref="HeuristicDecoder"/>, docs/dense.md).</summary>
    Heuristic,
}
