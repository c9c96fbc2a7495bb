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
/// <remarks>
/// The greedy order is computed without sorting the N_m * K pairs: each candidate caches its best
/// free channel; the next pair taken is the best cached pair (highest score, then lowest UE); after
/// a channel is taken only the candidates whose cached channel it was look again. This picks the
/// same pairs as walking the sorted pair list.
/// </remarks>
public sealed class GreedyActionDecoder : IActionDecoder
{
    private readonly ScenarioLayout _layout;
    private readonly EnvironmentConfig _config;
    private readonly int[] _bestChannel;
    private readonly double[] _bestScore;
    private readonly double[] _scores;
    private readonly int[] _assigned;
    private readonly double[] _weights;

    /// <summary>Creates the decoder for a layout (cells, K, P_max) and the decoder constants of <paramref name="config"/>.</summary>
    public GreedyActionDecoder(ScenarioLayout layout, EnvironmentConfig config)
    {
        _layout = layout;
        _config = config;
        int n = layout.MaxCellSize;
        _bestChannel = new int[n];
        _bestScore = new double[n];
        _scores = new double[n * layout.Channels];
        _assigned = new int[n];
        _weights = new double[n];
    }

    /// <summary>Length of the action of agent <paramref name="cell"/>: N_m * (3 + K).</summary>
    public int ActionSize(int cell) => _layout.CellSize(cell) * (3 + _layout.Channels);

    private static double Clip(double v) => v < 0 ? 0 : v > 1 ? 1 : v;

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

        // Step 1: candidates; clipped scores with taken channels set to -1 (below any score), and
        // each candidate's best channel (highest score, lowest index on ties).
        Span<double> scores = _scores.AsSpan(0, n * k);
        Span<double> best = _bestScore.AsSpan(0, n);
        int remaining = 0;
        for (int i = 0; i < n; i++)
        {
            _assigned[i] = SlotDecisions.NoChannel;
            Span<double> row = scores.Slice(i * k, k);
            ReadOnlySpan<double> raw = action.Slice(i * stride + 3, k);
            for (int c = 0; c < k; c++)
            {
                row[c] = Clip(raw[c]);
            }
            if (Clip(action[i * stride]) >= _config.AlphaMin)
            {
                remaining++;
                _bestChannel[i] = ArgMax(row, out best[i]);
            }
            else
            {
                best[i] = NotCandidate;
            }
        }

        // Step 2: greedy assignment, best pair first (ties: lower UE, then lower channel).
        int free = k;
        while (remaining > 0 && free > 0)
        {
            int pick = ArgMax(best, out _);
            int ch = _bestChannel[pick];
            _assigned[pick] = ch;
            best[pick] = NotCandidate;
            remaining--;
            free--;
            if (remaining == 0 || free == 0)
            {
                break;
            }
            for (int i = 0; i < n; i++)
            {
                scores[i * k + ch] = Taken;
            }
            for (int i = 0; i < n; i++)
            {
                if (_bestChannel[i] == ch && best[i] > NotCandidate)
                {
                    _bestChannel[i] = ArgMax(scores.Slice(i * k, k), out best[i]);
                }
            }
        }

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

    private const double Taken = -1.0;
    private const double NotCandidate = -2.0;

    /// <summary>
    /// Index of the first largest value (ties keep the lower index). Values here are never NaN or
    /// -0 (clipped scores, -1 and -2 markers), where <c>TensorPrimitives.IndexOfMax</c> returns the
    /// first occurrence of the maximum; the tie tests and the decoder case check it.
    /// </summary>
    private static int ArgMax(ReadOnlySpan<double> values, out double top)
    {
        int index = System.Numerics.Tensors.TensorPrimitives.IndexOfMax(values);
        top = values[index];
        return index;
    }
}
