namespace MecMarl.Learning;

/// <summary>
/// How a learner assembles its critic's input rows from a mini-batch's observations and actions
/// (the hook that makes one DDPG learner serve MA-DRL, F-DRL and IL-DRL). The learner then
/// overwrites the columns [<see cref="ActionStart"/>, + <see cref="ActionWidth"/>) with mu(s)
/// in the actor step and differentiates the critic with respect to those columns only.
/// </summary>
public interface ICriticInput
{
    /// <summary>Critic input width.</summary>
    int Width { get; }

    /// <summary>First critic-input column of this agent's own action.</summary>
    int ActionStart { get; }

    /// <summary>Width of this agent's own action.</summary>
    int ActionWidth { get; }

    /// <summary>
    /// Writes <paramref name="batch"/> critic-input rows [batch, Width] into
    /// <paramref name="destination"/> from observation rows and action rows as stored in the
    /// replay buffer (for the target: next observations and the target actions).
    /// </summary>
    void Build(ReadOnlySpan<float> observations, ReadOnlySpan<float> actions, int batch, Span<float> destination);
}
