using System.Numerics.Tensors;

namespace MecMarl.Simulation;

/// <summary>
/// Greedy maximum-preference matching of a cell's UEs to channels (SPEC 7 step 2): repeatedly the
/// largest preference over the free (candidate, channel) pairs, ties to the lower UE index, then the
/// lower channel index; each UE and channel at most once; candidates left over get no channel.
/// </summary>
/// <remarks>
/// The pairs are not sorted: each candidate caches its best free channel; the next pair taken is the
/// best cached pair (highest preference, then lowest UE); after a channel is taken only the
/// candidates whose cached channel it was look again. This picks the same pairs as walking the
/// sorted pair list. Preferences must not be NaN. Allocation-free after construction.
/// </remarks>
internal sealed class GreedyChannelMatcher
{
    private const double Taken = double.NegativeInfinity;
    private readonly int _channels;
    private readonly double[] _scores;
    private readonly double[] _best;
    private readonly int[] _bestChannel;
    private readonly bool[] _open;

    public GreedyChannelMatcher(int maxUes, int channels)
    {
        _channels = channels;
        _scores = new double[maxUes * channels];
        _best = new double[maxUes];
        _bestChannel = new int[maxUes];
        _open = new bool[maxUes];
    }

    /// <summary>
    /// Matches <paramref name="ues"/> UEs (preferences row-major [ue, channel]) and writes each UE's
    /// channel, or <see cref="SlotDecisions.NoChannel"/>, into <paramref name="assigned"/>.
    /// </summary>
    public void Match(ReadOnlySpan<double> preferences, int ues, ReadOnlySpan<bool> candidate, Span<int> assigned)
    {
        int k = _channels;
        Span<double> scores = _scores.AsSpan(0, ues * k);
        preferences[..(ues * k)].CopyTo(scores);
        Span<double> best = _best.AsSpan(0, ues);
        int remaining = 0;
        for (int i = 0; i < ues; i++)
        {
            assigned[i] = SlotDecisions.NoChannel;
            _open[i] = candidate[i];
            best[i] = Taken;
            if (candidate[i])
            {
                remaining++;
                _bestChannel[i] = ArgMax(scores.Slice(i * k, k), out best[i]);
            }
        }
        int free = k;
        while (remaining > 0 && free > 0)
        {
            int pick = BestOpen(best);
            int ch = _bestChannel[pick];
            assigned[pick] = ch;
            _open[pick] = false;
            best[pick] = Taken;
            remaining--;
            free--;
            if (remaining == 0 || free == 0)
            {
                break;
            }
            for (int i = 0; i < ues; i++)
            {
                if (_open[i])
                {
                    scores[i * k + ch] = Taken;
                    if (_bestChannel[i] == ch)
                    {
                        _bestChannel[i] = ArgMax(scores.Slice(i * k, k), out best[i]);
                    }
                }
            }
        }
    }

    // The open candidate with the highest cached preference, the lowest index on ties: closed
    // UEs hold -infinity, and an open candidate always has a finite best while a channel is free.
    private static int BestOpen(ReadOnlySpan<double> best)
    {
        int pick = 0;
        double top = best[0];
        for (int i = 1; i < best.Length; i++)
        {
            if (best[i] > top)
            {
                pick = i;
                top = best[i];
            }
        }
        return pick;
    }

    private static int ArgMax(ReadOnlySpan<double> values, out double top)
    {
        int index = TensorPrimitives.IndexOfMax(values);
        top = values[index];
        return index;
    }
}
