namespace MecMarl.Simulation;

/// <summary>
/// The action decoder of SPEC 7: clip to [0, 1]; candidates alpha &gt;= alphaMin; greedy
/// maximum-score channel assignment over (candidate, channel) pairs (ties: lower UE index, then lower
/// channel), each UE and channel at most once; candidates left without a channel and non-candidates
/// compute locally; <c>p = max(powerFraction, minPowerFraction) * P_max</c>;
/// <c>f = max(w, minShareWeight) / sum over offloading UEs of max(w, minShareWeight)</c> (the sum in
/// <see cref="PairwiseSum"/> order).
/// Allocation-free after construction.
/// </summary>
/// <remarks>The greedy order is computed by <see cref="GreedyChannelMatcher"/> without sorting the N_m * K pairs.</remarks>
public sealed class GreedyActionDecoder : IActionDecoder
{
    private readonly ScenarioLayout _layout;
    private readonly EnvironmentConfig _config;
    private readonly GreedyChannelMatcher _matcher;
    private readonly bool[] _candidate;
    private readonly double[] _scores;
    private readonly int[] _assigned;
    private readonly double[] _weights;

    /// <summary>Creates the decoder for a layout (cells, K, P_max) and the decoder constants of <paramref name="config"/>.</summary>
    public GreedyActionDecoder(ScenarioLayout layout, EnvironmentConfig config)
    {
        _layout = layout;
        _config = config;
        int n = layout.MaxCellSize;
        _matcher = new GreedyChannelMatcher(n, layout.Channels);
        _candidate = new bool[n];
        _scores = new double[n * layout.Channels];
        _assigned = new int[n];
        _weights = new double[n];
    }

    /// <summary>Length of the action of agent <paramref name="cell"/>: N_m * (3 + K).</summary>
    public int ActionSize(int cell) => _layout.CellSize(cell) * (3 + _layout.Channels);

    // Adding +0.0 turns -0.0 into +0.0, so that equal scores tie as equal (lowest index wins).
    private static double Clip(double v) => v < 0 ? 0 : v > 1 ? 1 : v + 0.0;

    /// <inheritdoc />
    public void Decode(int cell, ReadOnlySpan<double> action, SlotDecisions decisions)
    {
        ReadOnlySpan<int> ues = _layout.CellUes(cell);
        int n = ues.Length, k = _layout.Channels, stride = 3 + k;
        if (action.Length != n * stride)
        {
            throw new ArgumentException($"agent {cell}: action has {action.Length} values, expected N_m*(3+K) = {n * stride}", nameof(action));
        }
        // A NaN makes the (vectorised) sum NaN; only then look for it (+inf - inf also gives NaN).
        if (double.IsNaN(System.Numerics.Tensors.TensorPrimitives.Sum(action)))
        {
            for (int i = 0; i < action.Length; i++)
            {
                if (double.IsNaN(action[i]))
                {
                    throw new ArgumentException($"agent {cell}: action value {i} (UE {i / stride} of the cell, entry {i % stride}) is NaN", nameof(action));
                }
            }
        }

        // Steps 1-2: candidates (alpha >= alphaMin) and greedy assignment on the clipped scores.
        Span<double> scores = _scores.AsSpan(0, n * k);
        for (int i = 0; i < n; i++)
        {
            _candidate[i] = Clip(action[i * stride]) >= _config.AlphaMin;
            ReadOnlySpan<double> raw = action.Slice(i * stride + 3, k);
            for (int c = 0; c < k; c++)
            {
                scores[i * k + c] = Clip(raw[c]);
            }
        }
        _matcher.Match(scores, n, _candidate, _assigned);

        // Steps 3-5: power, shares, locals.
        double minW = _config.MinShareWeight, minP = _config.MinPowerFraction;
        int offloading = 0;
        for (int i = 0; i < n; i++)
        {
            if (_assigned[i] != SlotDecisions.NoChannel)
            {
                _weights[offloading++] = Math.Max(Clip(action[i * stride + 2]), minW);
            }
        }
        // Summed in NumPy's pairwise order (see PairwiseSum) so that shares match bit for bit.
        double weightSum = PairwiseSum.Sum(_weights.AsSpan(0, offloading));
        double[] pMax = _layout.UeMaxPowerW;
        for (int i = 0; i < n; i++)
        {
            int u = ues[i];
            if (_assigned[i] == SlotDecisions.NoChannel)
            {
                decisions.SetLocal(u);
                continue;
            }
            int b = i * stride;
            decisions.Set(u,
                Clip(action[b]),
                _assigned[i],
                Math.Max(Clip(action[b + 1]), minP) * pMax[u],
                Math.Max(Clip(action[b + 2]), minW) / weightSum);
        }
    }
}
