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
        const float scale = 1.0f / (1 << 24);
        foreach (float[] a in actions)
        {
            // Two 24-bit uniforms per 64-bit draw.
            int i = 0;
            for (; i + 1 < a.Length; i += 2)
            {
                ulong bits = _rng.NextUInt64();
                a[i] = (bits >> 40) * scale;
                a[i + 1] = ((bits >> 8) & 0xFFFFFF) * scale;
            }
            if (i < a.Length)
            {
                a[i] = _rng.NextSingle();
            }
        }
    }
}
