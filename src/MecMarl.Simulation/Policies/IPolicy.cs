namespace MecMarl.Simulation;

/// <summary>
/// A policy acting for every agent at once: reads each agent's observation and writes each agent's
/// raw action (length N_m * (3 + K), values in [0, 1]) that the environment's decoder turns into
/// decisions. The fixed schemes of SPEC 8 implement it; so can trained actors.
/// </summary>
public interface IPolicy
{
    /// <summary>Writes the action of every agent into <paramref name="actions"/> (indexed by agent, preallocated).</summary>
    /// <param name="observations">Current observation of every agent.</param>
    /// <param name="actions">Output: one action vector per agent, of the environment's action sizes.</param>
    void Act(IReadOnlyList<float[]> observations, float[][] actions);
}
