namespace MecMarl.Learning;

/// <summary>The finiteness check of the learners' divergence tests (<see cref="IMultiAgentLearner.NonFiniteParameter"/>).</summary>
internal static class Finite
{
    /// <summary>True when no value is NaN or infinite.</summary>
    public static bool All(ReadOnlySpan<float> values)
    {
        foreach (float v in values)
        {
            if (!float.IsFinite(v))
            {
                return false;
            }
        }
        return true;
    }
}
