using System.Numerics.Tensors;

namespace MecMarl.Simulation;

/// <summary>
/// Draws the fading and tasks of any slot of an episode (SPEC 2-3) with <see cref="CounterRandom"/>:
/// <c>G[t,u,m,k] = meanGain(u,m) * xi</c>, <c>xi = -ln(U)</c>, U ~ (0,1) the draw of index
/// (t,u,m,k) of the episode's fading key; tasks from the draws (t,u,0..1) of its task key. Own-cell
/// gains (needed by every observation) are drawn in one vectorised batch; a cross-cell gain alone,
/// only when needed. Each G is always computed by the same one of the two paths, so it does not
/// depend on which other gains were drawn.
/// </summary>
public sealed class SlotSampler
{
    private readonly ScenarioLayout _layout;
    private readonly TaskConfig _tasks;
    private readonly double[] _meanGain;
    private readonly double[] _scratch;
    private ulong _fadingKey, _taskKey;

    /// <summary>Creates a sampler for a layout with mean gains [u * M + m] (see <see cref="PathLoss.LinearGains"/>).</summary>
    public SlotSampler(ScenarioLayout layout, TaskConfig tasks, double[] meanGain)
    {
        _layout = layout;
        _tasks = tasks;
        _meanGain = meanGain;
        _scratch = new double[layout.UeCount * layout.Channels];
    }

    /// <summary>Selects the episode whose slots are drawn.</summary>
    public void BeginEpisode(ulong episodeSeed)
    {
        _fadingKey = CounterRandom.Key(episodeSeed, CounterRandom.FadingPurpose);
        _taskKey = CounterRandom.Key(episodeSeed, CounterRandom.TaskPurpose);
    }

    private ulong FadingIndex(int slot, int ue, int sbs, int channel) =>
        (ulong)slot * (ulong)_layout.GainCount + (ulong)_layout.GainIndex(ue, sbs, channel);

    /// <summary>Draws every UE's task of <paramref name="slot"/> (SPEC 3).</summary>
    public void SampleTasks(int slot, Span<UeTask> tasks)
    {
        double[] cpu = _layout.UeCpuHz;
        for (int u = 0; u < _layout.UeCount; u++)
        {
            ulong i = ((ulong)slot * (ulong)_layout.UeCount + (ulong)u) * 2;
            double bits = _tasks.SizeMinBits + (_tasks.SizeMaxBits - _tasks.SizeMinBits) * CounterRandom.Unit(_taskKey, i);
            double cpb = _tasks.CyclesPerBitMin + (_tasks.CyclesPerBitMax - _tasks.CyclesPerBitMin) * CounterRandom.Unit(_taskKey, i + 1);
            double cycles = bits * cpb;
            tasks[u] = new UeTask(bits, cycles, _tasks.DeadlineFactor * cycles / cpu[u]);
        }
    }

    /// <summary>
    /// Draws every own-cell gain h[u,k] = G[t,u,cell(u),k] of <paramref name="slot"/> into the flat
    /// gain array <paramref name="gains"/> (U*M*K) and into <paramref name="ownGains"/> [u * K + k].
    /// </summary>
    public void SampleOwnGains(int slot, Span<double> gains, Span<double> ownGains)
    {
        int k = _layout.Channels, m = _layout.SbsCount;
        Span<double> xi = _scratch;
        int[] cells = _layout.UeCell;
        for (int u = 0; u < _layout.UeCount; u++)
        {
            ulong baseIndex = FadingIndex(slot, u, cells[u], 0);
            for (int c = 0; c < k; c++)
            {
                xi[u * k + c] = CounterRandom.OpenUnit(_fadingKey, baseIndex + (ulong)c);
            }
        }
        TensorPrimitives.Log(xi, xi);
        for (int u = 0; u < _layout.UeCount; u++)
        {
            double g = _meanGain[u * m + cells[u]];
            int dst = _layout.GainIndex(u, cells[u], 0);
            for (int c = 0; c < k; c++)
            {
                double h = -xi[u * k + c] * g;
                gains[dst + c] = h;
                ownGains[u * k + c] = h;
            }
        }
    }

    /// <summary>Draws one cross-cell gain G[t,u,m,k], m not the UE's cell.</summary>
    public double CrossGain(int slot, int ue, int sbs, int channel) =>
        -Math.Log(CounterRandom.OpenUnit(_fadingKey, FadingIndex(slot, ue, sbs, channel))) * _meanGain[ue * _layout.SbsCount + sbs];

    /// <summary>Draws every gain of <paramref name="slot"/> (own and cross) into <paramref name="gains"/> (U*M*K).</summary>
    public void SampleAllGains(int slot, Span<double> gains)
    {
        var own = new double[_layout.UeCount * _layout.Channels];
        SampleOwnGains(slot, gains, own);
        for (int u = 0; u < _layout.UeCount; u++)
        {
            for (int s = 0; s < _layout.SbsCount; s++)
            {
                if (s == _layout.UeCell[u])
                {
                    continue;
                }
                for (int c = 0; c < _layout.Channels; c++)
                {
                    gains[_layout.GainIndex(u, s, c)] = CrossGain(slot, u, s, c);
                }
            }
        }
    }
}
