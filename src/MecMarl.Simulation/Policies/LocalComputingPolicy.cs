namespace MecMarl.Simulation;

/// <summary>Local computing (SPEC 8): alpha = 0 for every UE (an all-zero action: no UE reaches alphaMin).</summary>
public sealed class LocalComputingPolicy : IPolicy
{
    /// <inheritdoc />
    public void Act(IReadOnlyList<float[]> observations, float[][] actions)
    {
        foreach (float[] a in actions)
        {
            Array.Clear(a);
        }
    }
}
