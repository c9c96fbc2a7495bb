namespace MecMarl.Experiments;

/// <summary>How a fixed policy turns into decisions.</summary>
public enum FixedPolicyKind
{
    /// <summary>A scheme SPEC 8 defines as decisions and MecMarl writes as raw actions for the SPEC 7 greedy decoder;
    /// it is always decoded greedily, whatever <c>environment.decoder</c> says (full offloading, local computing).</summary>
    Spec8Actions,

    /// <summary>Raw actions through the config's decoder (<c>environment.decoder</c>): random, constant.</summary>
    DecodedActions,

    /// <summary>Decisions written directly, validated by the environment (SPEC 4): heuristic and the yardsticks.</summary>
    Decisions,
}
