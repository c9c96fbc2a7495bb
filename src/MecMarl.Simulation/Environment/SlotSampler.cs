using System.Numerics.Tensors;

namespace MecMarl.Simulation;

/// <summary>
/// Draws the fading and tasks of any slot of an episode (SPEC 2-3) with <see cref="CounterRandom"/>:
/// <c>G[t,u,m,k] = meanGain(u,m) * xi</c>, <c>xi = -ln(U)</c>, U uniform on (0, 1). One 64-bit hash of
/// the episode's fading key and the index (t, u, m, k/2) gives the two 32-bit uniforms of channels
/// k = 2j and 2j+1; one hash of the task key and (t, u) gives a task's size and cycles per bit.
/// </summary>
/// <remarks>
/// Logarithms are taken in batches whose length is a multiple of 8 (padded with U = 1), so every
/// draw goes through the same vectorised code path of <c>TensorPrimitives.Log</c>
/// whatever else is drawn with it: a gain depends only on its index, never on which other gains a
/// policy's decisions made the environment draw.
/// </remarks>
public sealed class SlotSampler
{
    private const int Batch = 8;
    private readonly ScenarioLayout _layout;
    private readonly TaskConfig _tasks;
    private readonly double[] _meanGain;
    private readonly double[] _uniform;
    private readonly int _ownCount;
    private readonly int _pairs;
    private ulong _fadingKey, _taskKey;

    /// <summary>Creates a sampler for a layout with mean gains [u * M + m] (see <see cref="PathLoss.LinearGains"/>).</summary>
    public SlotSampler(ScenarioLayout layout, TaskConfig tasks, double[] meanGain)
    {
        _layout = layout;
        _tasks = tasks;
        _meanGain = meanGain;
        _pairs = (layout.Channels + 1) / 2;
        int own = layout.UeCount * layout.Channels;
        _ownCount = own;
        int largest = Math.Max(own, layout.UeCount * layout.SbsCount);
        _uniform = new double[(largest + Batch - 1) / Batch * Batch];
    }

    /// <summary>Mean linear gain of every (UE, SBS) pair, [u * M + m].</summary>
    public ReadOnlySpan<double> MeanGains => _meanGain;

    /// <summary>Selects the episode whose slots are drawn.</summary>
    public void BeginEpisode(ulong episodeSeed)
    {
        _fadingKey = CounterRandom.Key(episodeSeed, CounterRandom.FadingPurpose);
        _taskKey = CounterRandom.Key(episodeSeed, CounterRandom.TaskPurpose);
    }

    /// <summary>Draws every UE's task of <paramref name="slot"/> (SPEC 3).</summary>
    public void SampleTasks(int slot, Span<UeTask> tasks)
    {
        double[] cpu = _layout.UeCpuHz;
        double sizeMin = _tasks.SizeMinBits, sizeSpan = _tasks.SizeMaxBits - _tasks.SizeMinBits;
        double cpbMin = _tasks.CyclesPerBitMin, cpbSpan = _tasks.CyclesPerBitMax - _tasks.CyclesPerBitMin;
        ulong first = (ulong)slot * (ulong)_layout.UeCount;
        for (int u = 0; u < _layout.UeCount; u++)
        {
            ulong bits = CounterRandom.Bits(_taskKey, first + (ulong)u);
            double size = sizeMin + sizeSpan * ((uint)bits * (1.0 / 4294967296.0));
            double cycles = size * (cpbMin + cpbSpan * ((uint)(bits >> 32) * (1.0 / 4294967296.0)));
            tasks[u] = new UeTask(size, cycles, _tasks.DeadlineFactor * cycles / cpu[u]);
        }
    }

    /// <summary>
    /// Draws every own-cell gain h[u,k] = G[t,u,cell(u),k] of <paramref name="slot"/> into the flat
    /// gain array <paramref name="gains"/> (U*M*K), and its fading factor xi (h / mean gain) into
    /// <paramref name="ownFading"/> [u * K + k].
    /// </summary>
    public void SampleOwnGains(int slot, Span<double> gains, Span<double> ownFading)
    {
        int k = _layout.Channels, m = _layout.SbsCount, n = _ownCount;
        int[] cells = _layout.UeCell;
        ulong slotBase = SlotBase(slot);
        int padded = (n + Batch - 1) / Batch * Batch;
        Span<double> uni = _uniform.AsSpan(0, padded);
        for (int u = 0; u < _layout.UeCount; u++)
        {
            ulong pairBase = slotBase + (ulong)((u * m + cells[u]) * _pairs);
            int o = u * k;
            for (int j = 0; j < _pairs; j++)
            {
                ulong bits = CounterRandom.Bits(_fadingKey, pairBase + (ulong)j);
                uni[o + 2 * j] = ToOpenUnit((uint)bits);
                if (2 * j + 1 < k)
                {
                    uni[o + 2 * j + 1] = ToOpenUnit((uint)(bits >> 32));
                }
            }
        }
        uni[n..].Fill(1.0);
        TensorPrimitives.Log(uni, uni);
        for (int u = 0; u < _layout.UeCount; u++)
        {
            double g = _meanGain[u * m + cells[u]];
            int o = u * k, dst = _layout.GainIndex(u, cells[u], 0);
            for (int c = 0; c < k; c++)
            {
                double xi = -uni[o + c];
                ownFading[o + c] = xi;
                gains[dst + c] = xi * g;
            }
        }
    }

    /// <summary>
    /// Draws the gains G[t, u, m, k] of <paramref name="slot"/> for the (UE, SBS, channel) triples
    /// <paramref name="gains"/> into <paramref name="values"/> (same length).
    /// </summary>
    public void Draw(int slot, ReadOnlySpan<GainRef> gains, Span<double> values)
    {
        int m = _layout.SbsCount;
        ulong slotBase = SlotBase(slot);
        for (int start = 0; start < gains.Length; start += _uniform.Length)
        {
            int n = Math.Min(_uniform.Length, gains.Length - start);
            int padded = (n + Batch - 1) / Batch * Batch;
            Span<double> uni = _uniform.AsSpan(0, padded);
            for (int i = 0; i < n; i++)
            {
                GainRef r = gains[start + i];
                ulong bits = CounterRandom.Bits(_fadingKey, slotBase + (ulong)((r.Ue * m + r.Sbs) * _pairs + (r.Channel >> 1)));
                uni[i] = ToOpenUnit((r.Channel & 1) == 0 ? (uint)bits : (uint)(bits >> 32));
            }
            uni[n..].Fill(1.0);
            TensorPrimitives.Log(uni, uni);
            for (int i = 0; i < n; i++)
            {
                GainRef r = gains[start + i];
                values[start + i] = -uni[i] * _meanGain[r.Ue * m + r.Sbs];
            }
        }
    }

    /// <summary>
    /// Draws the slot's cross-cell gains of every transmitting UE of <paramref name="decisions"/> (each
    /// offloading UE on its channel towards every other SBS) into <paramref name="gains"/> (layout
    /// <see cref="ScenarioLayout.GainIndex"/>), using <paramref name="refs"/> and <paramref name="values"/>
    /// (at least UEs x (SBSs - 1) long) as scratch. The draws depend on (slot, UE, SBS, channel) only.
    /// </summary>
    internal void DrawTransmitterGains(int slot, SlotDecisions decisions, GainRef[] refs, double[] values, Span<double> gains)
    {
        int n = 0;
        for (int u = 0; u < _layout.UeCount; u++)
        {
            n = AddTransmitterRefs(u, decisions, refs, n);
        }
        DrawInto(slot, refs, values, n, gains);
    }

    /// <summary>
    /// As <see cref="DrawTransmitterGains"/> for the UEs of one cell only, and of those only the transmitting UEs
    /// whose gains on their channel are not in <paramref name="gains"/> yet: <paramref name="drawn"/> (flat
    /// u * K + k) says which (UE, channel) already are, and the UEs drawn here are marked in it. The values are
    /// those <see cref="DrawTransmitterGains"/> gives, since every draw depends on (slot, UE, SBS, channel) only;
    /// a slot whose other cells' decisions are unchanged needs no other draw (the counterfactual slots of
    /// <see cref="DifferenceRewards"/>).
    /// </summary>
    internal void DrawCellTransmitterGains(int slot, int cell, SlotDecisions decisions, Span<bool> drawn, GainRef[] refs, double[] values,
        Span<double> gains)
    {
        int n = 0, k = _layout.Channels;
        foreach (int u in _layout.CellUes(cell))
        {
            if (decisions.Alpha[u] > 0 && !drawn[u * k + decisions.Channel[u]])
            {
                drawn[u * k + decisions.Channel[u]] = true;
                n = AddTransmitterRefs(u, decisions, refs, n);
            }
        }
        if (n > 0)
        {
            DrawInto(slot, refs, values, n, gains);
        }
    }

    // Adds UE u's cross gains towards every other SBS on its channel to refs[n..] when it offloads; returns the new count.
    private int AddTransmitterRefs(int u, SlotDecisions decisions, GainRef[] refs, int n)
    {
        if (decisions.Alpha[u] > 0)
        {
            int own = _layout.UeCell[u], ch = decisions.Channel[u];
            for (int m = 0; m < _layout.SbsCount; m++)
            {
                if (m != own)
                {
                    refs[n++] = new GainRef(u, m, ch);
                }
            }
        }
        return n;
    }

    private void DrawInto(int slot, GainRef[] refs, double[] values, int n, Span<double> gains)
    {
        Draw(slot, refs.AsSpan(0, n), values.AsSpan(0, n));
        for (int i = 0; i < n; i++)
        {
            GainRef r = refs[i];
            gains[_layout.GainIndex(r.Ue, r.Sbs, r.Channel)] = values[i];
        }
    }

    private ulong SlotBase(int slot) => (ulong)slot * (ulong)(_layout.UeCount * _layout.SbsCount * _pairs);

    private static double ToOpenUnit(uint bits) => (bits + 0.5) * (1.0 / 4294967296.0);

    /// <summary>Draws every gain of <paramref name="slot"/> (own and cross) into <paramref name="gains"/> (U*M*K).</summary>
    public void SampleAllGains(int slot, Span<double> gains)
    {
        var own = new double[_ownCount];
        SampleOwnGains(slot, gains, own);
        var cross = new List<GainRef>();
        for (int u = 0; u < _layout.UeCount; u++)
        {
            for (int s = 0; s < _layout.SbsCount; s++)
            {
                if (s != _layout.UeCell[u])
                {
                    for (int c = 0; c < _layout.Channels; c++)
                    {
                        cross.Add(new GainRef(u, s, c));
                    }
                }
            }
        }
        var values = new double[cross.Count];
        Draw(slot, cross.ToArray(), values);
        for (int i = 0; i < values.Length; i++)
        {
            gains[_layout.GainIndex(cross[i].Ue, cross[i].Sbs, cross[i].Channel)] = values[i];
        }
    }
}
