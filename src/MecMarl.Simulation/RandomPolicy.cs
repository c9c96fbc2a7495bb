using MecMarl.Randomness;

namespace MecMarl.Simulation;

/// <summary>Random actions (SPEC 8 baseline): every action value uniform in [0, 1), decoded like any other action.</summary>
public sealed class RandomPolicy : IPolicy
{
    private readonly Rng _rng;

    /// <summary>Creates the policy drawing from <paramref name="rng"/>.</summary>
    public RandomPolicy(Rng rng)
    {
        _rng = rng;
    }

    /// <inheritdoc />
    public void Act(IReadOnlyList<float[]> observations, float[][] actions)
    {
        foreach (float[] a in actions)
        {
            for (int i = 0; i < a.Length; i++)
            {
                a[i] = _rng.NextSingle();
            }
        }
    }
}
