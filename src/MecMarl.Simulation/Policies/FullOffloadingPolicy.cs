using MecMarl.Randomness;

namespace MecMarl.Simulation;

/// <summary>
/// Full offloading (SPEC 8): alpha = 1 for every UE, channels a random one-to-one assignment per cell
/// and slot (when N_m &gt; K the first K UEs in <c>ues</c> order offload and the rest compute locally),
/// p = P_max, equal MEC shares among the offloading UEs.
/// </summary>
/// <remarks>
/// Expressed as raw actions for the SPEC 7 decoder: an offloading UE has alpha, power fraction and
/// share weight 1 and score 1 on its drawn channel only (distinct per UE, so the greedy matching
/// gives each its channel); the others are all zeros (alpha 0: local). The decoder then yields
/// p = max(1, minPowerFraction) * P_max = P_max and shares 1 / (number of offloading UEs).
/// </remarks>
public sealed class FullOffloadingPolicy : IPolicy
{
    private readonly ScenarioLayout _layout;
    private readonly Rng _rng;
    private readonly int[] _channels;

    /// <summary>Creates the policy for a layout, drawing channel permutations from <paramref name="rng"/>.</summary>
    public FullOffloadingPolicy(ScenarioLayout layout, Rng rng)
    {
        _layout = layout;
        _rng = rng;
        _channels = new int[layout.Channels];
    }

    /// <inheritdoc />
    public void Act(IReadOnlyList<float[]> observations, float[][] actions)
    {
        int k = _layout.Channels, stride = 3 + k;
        for (int m = 0; m < _layout.SbsCount; m++)
        {
            float[] a = actions[m];
            Array.Clear(a);
            for (int c = 0; c < k; c++)
            {
                _channels[c] = c;
            }
            _rng.Shuffle(_channels.AsSpan());
            int offloading = Math.Min(_layout.CellSize(m), k);
            for (int i = 0; i < offloading; i++)
            {
                int b = i * stride;
                a[b] = 1f;
                a[b + 1] = 1f;
                a[b + 2] = 1f;
                a[b + 3 + _channels[i]] = 1f;
            }
        }
    }
}
