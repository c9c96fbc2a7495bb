namespace MecMarl.Simulation;

/// <summary>The path-loss model of SPEC 2 (Okumura-Hata as given by the paper).</summary>
public static class PathLoss
{
    /// <summary>
    /// <c>PL(d) = pathLossAt1KmDb + pathLossSlopeDb * log10(d_km)</c>, dB, with the distance clamped to
    /// at least <c>minUeDistanceM</c> (defaults: 137.74 + 35.22 log10(d_km)).
    /// </summary>
    public static double Db(double distanceM, ChannelConfig channel, double minDistanceM)
    {
        double dKm = Math.Max(distanceM, minDistanceM) / Units.MetresPerKm;
        return channel.PathLossAt1KmDb + channel.PathLossSlopeDb * Math.Log10(dKm);
    }

    /// <summary>
    /// Mean linear gain of every (UE, SBS) pair, flat [u * M + m]: <c>10^(-(PL + X)/10)</c> with X the
    /// shadowing in dB of the pair (0 without shadowing).
    /// </summary>
    public static double[] LinearGains(ScenarioLayout layout, SimulationConfig config, ReadOnlySpan<double> shadowingDb)
    {
        int m = layout.SbsCount;
        var gains = new double[layout.UeCount * m];
        for (int u = 0; u < layout.UeCount; u++)
        {
            UeDevice ue = layout.Ues[u];
            for (int s = 0; s < m; s++)
            {
                SbsSite sbs = layout.Sbs[s];
                double d = Math.Sqrt((ue.XM - sbs.XM) * (ue.XM - sbs.XM) + (ue.YM - sbs.YM) * (ue.YM - sbs.YM));
                double pl = Db(d, config.Channel, config.Network.MinUeDistanceM);
                double x = shadowingDb.IsEmpty ? 0.0 : shadowingDb[u * m + s];
                gains[u * m + s] = Math.Pow(10.0, -(pl + x) / 10.0);
            }
        }
        return gains;
    }
}
