namespace MecMarl.Simulation;

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
