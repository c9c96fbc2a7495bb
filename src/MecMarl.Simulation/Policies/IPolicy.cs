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

/// <summary>Helpers for policies.</summary>
public static class Policies
{
    /// <summary>Allocates one action buffer per agent of <paramref name="layout"/> (N_m * (3 + K) each).</summary>
    public static float[][] ActionBuffers(ScenarioLayout layout)
    {
        var actions = new float[layout.SbsCount][];
        for (int m = 0; m < actions.Length; m++)
        {
            actions[m] = new float[layout.CellSize(m) * (3 + layout.Channels)];
        }
        return actions;
    }
}
