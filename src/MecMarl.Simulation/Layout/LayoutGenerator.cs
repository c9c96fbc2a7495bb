using MecMarl.Randomness;

namespace MecMarl.Simulation;

/// <summary>
/// Draws SBS and UE positions (SPEC 1) and the per-run shadowing (SPEC 2) from a layout seed.
/// Positions are a pure function of (config, layout seed) and, with <c>redropEachEpisode</c>,
/// the UE positions of an episode a pure function of (config, layout seed, episode seed).
/// </summary>
public static class LayoutGenerator
{
    /// <summary>Draws of SBS positions allowed before placement fails (SPEC 1).</summary>
    public const int MaxSbsDraws = 10_000;

    private const ulong SbsStream = 11, UeStream = 12, ShadowStream = 13;

    /// <summary>
    /// The layout of a run: SBSs by rejection sampling, UEs uniform on the annulus
    /// [minUeDistanceM, cellRadiusM] around their SBS (radius sqrt of a uniform in r^2), cells
    /// contiguous in <c>ues</c> order. With <paramref name="episodeSeed"/> and <c>redropEachEpisode</c>
    /// the UEs are those of that episode.
    /// </summary>
    public static ScenarioLayout Generate(SimulationConfig config, ulong layoutSeed, ulong? episodeSeed = null)
    {
        SbsSite[] sbs = PlaceSbs(config, new Rng(layoutSeed, SbsStream), layoutSeed);
        Rng ueRng = config.Network.RedropEachEpisode && episodeSeed is { } e
            ? new Rng(CounterRandom.Key(layoutSeed ^ CounterRandom.Mix(e), CounterRandom.RedropPurpose), UeStream)
            : new Rng(layoutSeed, UeStream);
        UeDevice[] ues = DropUes(config, sbs, ueRng);
        ChannelConfig ch = config.Channel;
        return new ScenarioLayout(ch.Channels, ch.BandwidthHz, ch.NoiseDbmPerHz, config.Reward.Beta, config.Reward.PenaltyClipS, sbs, ues);
    }

    /// <summary>Shadowing of every (UE, SBS) pair in dB, flat [u * M + m], drawn once per run (empty when <c>shadowingDb</c> is 0).</summary>
    public static double[] Shadowing(SimulationConfig config, ulong layoutSeed)
    {
        if (config.Channel.ShadowingDb == 0)
        {
            return [];
        }
        var rng = new Rng(layoutSeed, ShadowStream);
        var x = new double[config.Network.TotalUes * config.Network.SbsCount];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = config.Channel.ShadowingDb * rng.NextGaussian();
        }
        return x;
    }

    /// <summary>Places the SBSs uniformly in the area, each at least <c>minSbsDistanceM</c> from the others.</summary>
    public static SbsSite[] PlaceSbs(SimulationConfig config, Rng rng, ulong layoutSeed = 0)
    {
        NetworkConfig n = config.Network;
        var sites = new SbsSite[n.SbsCount];
        double minSq = n.MinSbsDistanceM * n.MinSbsDistanceM;
        int placed = 0, draws = 0;
        while (placed < n.SbsCount)
        {
            if (draws++ >= MaxSbsDraws)
            {
                throw new ConfigException("<config>", "network.minSbsDistanceM",
                    $"could not place network.sbsCount = {n.SbsCount} SBSs at least network.minSbsDistanceM = {n.MinSbsDistanceM:R} m apart " +
                    $"in network.areaWidthM x network.areaHeightM = {n.AreaWidthM:R} m x {n.AreaHeightM:R} m within {MaxSbsDraws} draws " +
                    $"(layout seed {layoutSeed}, {placed} placed); lower the distance or the count, or enlarge the area");
            }
            double x = rng.NextDouble() * n.AreaWidthM;
            double y = rng.NextDouble() * n.AreaHeightM;
            bool ok = true;
            for (int j = 0; j < placed && ok; j++)
            {
                double dx = x - sites[j].XM, dy = y - sites[j].YM;
                ok = dx * dx + dy * dy >= minSq;
            }
            if (ok)
            {
                sites[placed] = new SbsSite(x, y, n.MecCpuHz.ForDevice(placed), n.MecJoulesPerCycle.ForDevice(placed));
                placed++;
            }
        }
        return sites;
    }

    /// <summary>Drops N_m UEs around each SBS, uniform on the disc of radius R outside the minimum distance.</summary>
    public static UeDevice[] DropUes(SimulationConfig config, IReadOnlyList<SbsSite> sbs, Rng rng)
    {
        NetworkConfig n = config.Network;
        var ues = new UeDevice[n.TotalUes];
        double r0Sq = n.MinUeDistanceM * n.MinUeDistanceM, rSq = n.CellRadiusM * n.CellRadiusM;
        int u = 0;
        for (int m = 0; m < n.SbsCount; m++)
        {
            for (int i = 0; i < n.UesInCell(m); i++, u++)
            {
                double r = Math.Sqrt(r0Sq + rng.NextDouble() * (rSq - r0Sq));
                double theta = 2.0 * Math.PI * rng.NextDouble();
                ues[u] = new UeDevice(m, sbs[m].XM + r * Math.Cos(theta), sbs[m].YM + r * Math.Sin(theta),
                    n.UeCpuHz.ForDevice(u), n.UeJoulesPerCycle.ForDevice(u), config.Channel.MaxPowerW.ForDevice(u));
            }
        }
        return ues;
    }
}
