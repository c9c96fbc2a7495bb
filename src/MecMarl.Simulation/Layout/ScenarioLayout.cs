namespace MecMarl.Simulation;

/// <summary>
/// Everything of a scenario except its slots: system constants, SBSs and UEs (SPEC 10 scenario file
/// header). Also holds the cell membership (UEs of each cell in <c>ues</c> order) and flat per-device
/// arrays for the hot loops.
/// </summary>
public sealed class ScenarioLayout
{
    private readonly int[] _cellStart;
    private readonly int[] _cellMembers;
    private readonly int[] _indexInCell;

    /// <summary>Creates a layout; throws <see cref="ArgumentException"/> for inconsistent input (file readers check with paths first).</summary>
    public ScenarioLayout(int channels, double bandwidthHz, double noiseDbmPerHz, double beta, double? penaltyClipS,
        IReadOnlyList<SbsSite> sbs, IReadOnlyList<UeDevice> ues)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        ArgumentOutOfRangeException.ThrowIfZero(sbs.Count);
        Channels = channels;
        BandwidthHz = bandwidthHz;
        NoiseDbmPerHz = noiseDbmPerHz;
        Beta = beta;
        PenaltyClipS = penaltyClipS;
        Sbs = sbs.ToArray();
        Ues = ues.ToArray();
        NoisePowerW = Units.DbmPerHzToWPerHz(noiseDbmPerHz) * bandwidthHz;
        SbsCount = Sbs.Count;
        UeCount = Ues.Count;
        GainCount = UeCount * SbsCount * channels;

        int m = Sbs.Count;
        var counts = new int[m];
        foreach (UeDevice ue in Ues)
        {
            if ((uint)ue.Cell >= (uint)m)
            {
                throw new ArgumentException($"UE cell {ue.Cell} is not an SBS index (0..{m - 1}).", nameof(ues));
            }
            counts[ue.Cell]++;
        }
        _cellStart = new int[m + 1];
        for (int c = 0; c < m; c++)
        {
            _cellStart[c + 1] = _cellStart[c] + counts[c];
        }
        _cellMembers = new int[Ues.Count];
        _indexInCell = new int[Ues.Count];
        var fill = new int[m];
        for (int u = 0; u < Ues.Count; u++)
        {
            int c = Ues[u].Cell;
            _indexInCell[u] = fill[c];
            _cellMembers[_cellStart[c] + fill[c]++] = u;
        }

        UeCell = Ues.Select(u => u.Cell).ToArray();
        UeCpuHz = Ues.Select(u => u.CpuHz).ToArray();
        UeJoulesPerCycle = Ues.Select(u => u.JoulesPerCycle).ToArray();
        UeMaxPowerW = Ues.Select(u => u.MaxPowerW).ToArray();
        SbsCpuHz = Sbs.Select(s => s.CpuHz).ToArray();
        SbsJoulesPerCycle = Sbs.Select(s => s.JoulesPerCycle).ToArray();
        MaxCellSize = counts.Length == 0 ? 0 : counts.Max();
    }

    /// <summary>Orthogonal channels K.</summary>
    public int Channels { get; }

    /// <summary>Bandwidth B of each channel, Hz.</summary>
    public double BandwidthHz { get; }

    /// <summary>Noise spectral density N0, dBm/Hz.</summary>
    public double NoiseDbmPerHz { get; }

    /// <summary>Noise power of one channel N0*B, W.</summary>
    public double NoisePowerW { get; }

    /// <summary>Reward for a met deadline (SPEC 6).</summary>
    public double Beta { get; }

    /// <summary>Penalty clip, s, or null for the unbounded formulas (SPEC 6).</summary>
    public double? PenaltyClipS { get; }

    /// <summary>The SBSs (agents), index m.</summary>
    public IReadOnlyList<SbsSite> Sbs { get; }

    /// <summary>The UEs, index u (the <c>ues</c> order of the scenario file).</summary>
    public IReadOnlyList<UeDevice> Ues { get; }

    /// <summary>Number of SBSs M.</summary>
    public int SbsCount { get; }

    /// <summary>Number of UEs over all cells.</summary>
    public int UeCount { get; }

    /// <summary>Largest N_m.</summary>
    public int MaxCellSize { get; }

    /// <summary>The UEs of cell <paramref name="cell"/> (indices into <see cref="Ues"/>, in <c>ues</c> order).</summary>
    public ReadOnlySpan<int> CellUes(int cell) => _cellMembers.AsSpan(_cellStart[cell], _cellStart[cell + 1] - _cellStart[cell]);

    /// <summary>N_m of cell <paramref name="cell"/>.</summary>
    public int CellSize(int cell) => _cellStart[cell + 1] - _cellStart[cell];

    /// <summary>Position of UE <paramref name="ue"/> within its cell (the agent's UE index).</summary>
    public int IndexInCell(int ue) => _indexInCell[ue];

    /// <summary>Index of G[u, m, k] in a flat gain array (u-major, then m, then k).</summary>
    public int GainIndex(int ue, int sbs, int channel) => (ue * SbsCount + sbs) * Channels + channel;

    /// <summary>Length of a flat gain array of one slot: U * M * K.</summary>
    public int GainCount { get; }

    /// <summary>Serving cell of each UE.</summary>
    internal int[] UeCell { get; }

    /// <summary>C_n of each UE, Hz.</summary>
    internal double[] UeCpuHz { get; }

    /// <summary>eps_n of each UE, J/cycle.</summary>
    internal double[] UeJoulesPerCycle { get; }

    /// <summary>P_max of each UE, W.</summary>
    internal double[] UeMaxPowerW { get; }

    /// <summary>C_bar_m of each SBS, Hz.</summary>
    internal double[] SbsCpuHz { get; }

    /// <summary>eps_bar_m of each SBS, J/cycle.</summary>
    internal double[] SbsJoulesPerCycle { get; }

    /// <summary>True when <paramref name="other"/> has the same channels, SBSs and UEs in the same cells (positions may differ).</summary>
    public bool SameShape(ScenarioLayout other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return other.Channels == Channels && other.SbsCount == SbsCount && other.UeCount == UeCount && other.UeCell.AsSpan().SequenceEqual(UeCell);
    }

    /// <summary>The same layout with other UEs (same count, cells and constants; used when UEs are redropped).</summary>
    public ScenarioLayout WithUes(IReadOnlyList<UeDevice> ues) =>
        new(Channels, BandwidthHz, NoiseDbmPerHz, Beta, PenaltyClipS, Sbs, ues);
}
