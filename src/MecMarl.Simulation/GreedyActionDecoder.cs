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
    private readonly bool[] _candidate;
    private readonly bool[] _channelUsed;
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
        _candidate = new bool[n];
        _assigned = new int[n];
        _weights = new double[n];
        _channelUsed = new bool[layout.Channels];
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
        for (int i = 0; i < action.Length; i++)
        {
            if (double.IsNaN(action[i]))
            {
                throw new ArgumentException($"agent {cell}: action value {i} (UE {i / stride} of the cell, entry {i % stride}) is NaN", nameof(action));
            }
        }

        // Step 1: candidates, each with its best channel (highest clipped score, lowest index on ties).
        Span<bool> used = _channelUsed;
        used.Clear();
        int remaining = 0;
        for (int i = 0; i < n; i++)
        {
            _assigned[i] = SlotDecisions.NoChannel;
            _candidate[i] = Clip(action[i * stride]) >= _config.AlphaMin;
            if (_candidate[i])
            {
                remaining++;
                FindBest(action.Slice(i * stride + 3, k), i);
            }
        }

        // Step 2: greedy assignment, best pair first.
        int free = k;
        while (remaining > 0 && free > 0)
        {
            int pick = -1;
            double top = double.NegativeInfinity;
            for (int i = 0; i < n; i++)
            {
                if (_candidate[i] && _assigned[i] == SlotDecisions.NoChannel && _bestScore[i] > top)
                {
                    top = _bestScore[i];
                    pick = i;
                }
            }
            int ch = _bestChannel[pick];
            _assigned[pick] = ch;
            used[ch] = true;
            remaining--;
            free--;
            if (free == 0)
            {
                break;
            }
            for (int i = 0; i < n; i++)
            {
                if (_candidate[i] && _assigned[i] == SlotDecisions.NoChannel && _bestChannel[i] == ch)
                {
                    FindBest(action.Slice(i * stride + 3, k), i);
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

    private void FindBest(ReadOnlySpan<double> scores, int i)
    {
        int best = -1;
        double top = double.NegativeInfinity;
        for (int c = 0; c < scores.Length; c++)
        {
            if (!_channelUsed[c])
            {
                double s = Clip(scores[c]);
                if (s > top)
                {
                    top = s;
                    best = c;
                }
            }
        }
        _bestChannel[i] = best;
        _bestScore[i] = top;
    }
}
