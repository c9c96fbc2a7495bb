namespace MecMarl.Simulation;

/// <summary>
/// Range and consistency checks of a <see cref="SimulationConfig"/>, with the JSON path of each field.
/// Every value has a range: physically meaningful for a small-cell network (docs/reliability.md gives
/// each range and its reason), and narrow enough that every quantity derived from it (gains, rates,
/// delays, energies, rewards) stays a finite double. Values are checked and reported in the unit the
/// file is written in (GHz, J/Gcycle, MHz, dBm, Kb), not after conversion.
/// </summary>
internal static class SimulationConfigValidator
{
    public static void Validate(SimulationConfig c, string file)
    {
        void Fail(string path, string problem) => throw new ConfigException(file, path, problem);

        void Positive(string path, double v)
        {
            if (!(v > 0) || !double.IsFinite(v))
            {
                Fail(path, $"must be a finite number > 0, found {v:R}");
            }
        }

        void NonNegative(string path, double v)
        {
            if (!(v >= 0) || !double.IsFinite(v))
            {
                Fail(path, $"must be a finite number >= 0, found {v:R}");
            }
        }

        // v as written in the file must lie in [lo, hi].
        void Within(string path, double v, double lo, double hi, string unit = "")
        {
            if (!(v >= lo && v <= hi))
            {
                Fail(path, $"must be between {lo:R} and {hi:R}{unit}, found {v:R}");
            }
        }

        void PerDevice(string path, EquatableArray<double> values, int devices, string what, Func<double, double> written, double lo, double hi, string unit)
        {
            if (values is null || (values.Count != 1 && values.Count != devices))
            {
                Fail(path, $"must be one number or a list of {devices} numbers (one per {what}), found {values?.Count ?? 0}");
            }
            for (int i = 0; i < values!.Count; i++)
            {
                string p = values.Count == 1 ? path : $"{path}[{i}]";
                Within(p, written(values[i]), lo, hi, unit);
            }
        }

        NetworkConfig n = c.Network;
        Positive("network.areaWidthM", n.AreaWidthM);
        Positive("network.areaHeightM", n.AreaHeightM);
        Within("network.areaWidthM", n.AreaWidthM, 1, 1e6, " m");
        Within("network.areaHeightM", n.AreaHeightM, 1, 1e6, " m");
        if (n.SbsCount is <= 0 or > 1000)
        {
            Fail("network.sbsCount", $"must be between 1 and 1000, found {n.SbsCount}");
        }
        if (n.UesPerCell is null || (n.UesPerCell.Count != 1 && n.UesPerCell.Count != n.SbsCount))
        {
            Fail("network.uesPerCell", $"must be one number or a list of network.sbsCount = {n.SbsCount} numbers, found {n.UesPerCell?.Count ?? 0}");
        }
        for (int i = 0; i < n.UesPerCell!.Count; i++)
        {
            if (n.UesPerCell[i] is <= 0 or > 1000)
            {
                Fail(n.UesPerCell.Count == 1 ? "network.uesPerCell" : $"network.uesPerCell[{i}]", $"N_m must be between 1 and 1000, found {n.UesPerCell[i]}");
            }
        }
        if (n.SbsCount * (long)(n.UesPerCell.Count == 1 ? n.UesPerCell[0] : n.UesPerCell.Max()) > 100_000)
        {
            Fail("network.uesPerCell", $"gives more than 100000 UEs in all ({n.SbsCount} cells)");
        }
        Positive("network.cellRadiusM", n.CellRadiusM);
        Within("network.cellRadiusM", n.CellRadiusM, 1, 1e5, " m");
        NonNegative("network.minSbsDistanceM", n.MinSbsDistanceM);
        Within("network.minSbsDistanceM", n.MinSbsDistanceM, 0, 1e6, " m");
        Positive("network.minUeDistanceM", n.MinUeDistanceM);
        if (n.MinUeDistanceM >= n.CellRadiusM)
        {
            Fail("network.minUeDistanceM", $"must be smaller than network.cellRadiusM = {n.CellRadiusM:R}, found {n.MinUeDistanceM:R}");
        }
        // Packing bound: discs of radius d/2 around the SBSs are disjoint and lie inside the area grown
        // by d/2 on every side; the densest packing of equal discs covers at most pi/sqrt(12) of a region.
        double d = n.MinSbsDistanceM;
        double discs = n.SbsCount * Math.PI * d * d / 4.0;
        double room = (n.AreaWidthM + d) * (n.AreaHeightM + d) * Math.PI / Math.Sqrt(12.0);
        if (n.SbsCount > 1 && discs > room)
        {
            Fail("network.minSbsDistanceM",
                $"{n.SbsCount} SBSs cannot be {d:R} m apart in a {n.AreaWidthM:R} m x {n.AreaHeightM:R} m area (packing bound); lower network.minSbsDistanceM or network.sbsCount, or enlarge the area");
        }
        int totalUes = n.TotalUes;
        PerDevice("network.ueCpuGhz", n.UeCpuHz, totalUes, "UE", Units.HzToGhz, 1e-6, 1e3, " GHz");
        PerDevice("network.ueJoulesPerGcycle", n.UeJoulesPerCycle, totalUes, "UE", Units.JoulesPerCycleToJoulesPerGcycle, 0, 1e3, " J/Gcycle");
        PerDevice("network.mecCpuGhz", n.MecCpuHz, n.SbsCount, "SBS", Units.HzToGhz, 1e-6, 1e4, " GHz");
        PerDevice("network.mecJoulesPerGcycle", n.MecJoulesPerCycle, n.SbsCount, "SBS", Units.JoulesPerCycleToJoulesPerGcycle, 0, 1e3, " J/Gcycle");

        ChannelConfig ch = c.Channel;
        if (ch.Channels is <= 0 or > 1024)
        {
            Fail("channel.channels", $"K must be between 1 and 1024, found {ch.Channels}");
        }
        Within("channel.bandwidthMhz", Units.HzToMhz(ch.BandwidthHz), 1e-3, 1e5, " MHz");
        Within("channel.noiseDbmPerHz", ch.NoiseDbmPerHz, -250, -100, " dBm/Hz");
        if (!(ch.NoisePowerW > 0) || !double.IsFinite(ch.NoisePowerW))
        {
            Fail("channel.noiseDbmPerHz", $"gives a noise power N0*B that is not a positive finite number ({ch.NoisePowerW:R} W)");
        }
        PerDevice("channel.maxPowerDbm", ch.MaxPowerW, totalUes, "UE", Units.WToDbm, -60, 60, " dBm");
        Within("channel.shadowingDb", ch.ShadowingDb, 0, 30, " dB");
        Within("channel.pathLossAt1KmDb", ch.PathLossAt1KmDb, 0, 250, " dB");
        Positive("channel.pathLossSlopeDb", ch.PathLossSlopeDb);
        Within("channel.pathLossSlopeDb", ch.PathLossSlopeDb, 1, 100, " dB per decade");

        TaskConfig t = c.Tasks;
        Within("tasks.bitsPerKb", t.BitsPerKb, 1, 1e4);
        Positive("tasks.sizeMinKb", t.SizeMinBits);
        Positive("tasks.sizeMaxKb", t.SizeMaxBits);
        Within("tasks.sizeMinKb", t.SizeMinBits / t.BitsPerKb, 1e-3, 1e7, " Kb");
        Within("tasks.sizeMaxKb", t.SizeMaxBits / t.BitsPerKb, 1e-3, 1e7, " Kb");
        if (t.SizeMinBits > t.SizeMaxBits)
        {
            Fail("tasks.sizeMinKb", $"must be <= tasks.sizeMaxKb ({t.SizeMinBits / t.BitsPerKb:R} > {t.SizeMaxBits / t.BitsPerKb:R})");
        }
        Within("tasks.cyclesPerBitMin", t.CyclesPerBitMin, 1e-3, 1e5);
        Within("tasks.cyclesPerBitMax", t.CyclesPerBitMax, 1e-3, 1e5);
        if (t.CyclesPerBitMin > t.CyclesPerBitMax)
        {
            Fail("tasks.cyclesPerBitMin", $"must be <= tasks.cyclesPerBitMax ({t.CyclesPerBitMin:R} > {t.CyclesPerBitMax:R})");
        }
        Positive("tasks.deadlineFactor", t.DeadlineFactor);
        Within("tasks.deadlineFactor", t.DeadlineFactor, 1e-3, 1e3);

        Within("reward.beta", c.Reward.Beta, -1e6, 1e6);
        if (c.Reward.PenaltyClipS is { } clip)
        {
            Within("reward.penaltyClipS", clip, 0, 1e6, " s");
        }

        EnvironmentConfig e = c.Environment;
        if (e.SlotsPerEpisode is <= 0 or > 1_000_000)
        {
            Fail("environment.slotsPerEpisode", $"must be between 1 and 1000000, found {e.SlotsPerEpisode}");
        }
        UnitInterval("environment.alphaMin", e.AlphaMin);
        UnitInterval("environment.minPowerFraction", e.MinPowerFraction);
        UnitInterval("environment.minShareWeight", e.MinShareWeight);
        Within("environment.gainDbOffset", e.GainDbOffset, -1000, 1000, " dB");
        Within("environment.gainDbScale", e.GainDbScale, 1e-3, 1e3, " dB");
        if (!(e.DecoderDeadlineMargin >= 0 && e.DecoderDeadlineMargin < 1))
        {
            Fail("environment.decoderDeadlineMargin", $"must be in [0, 1), found {e.DecoderDeadlineMargin:R}");
        }
        if (!(e.DecoderPowerRangeDecades >= 0 && e.DecoderPowerRangeDecades <= 12))
        {
            Fail("environment.decoderPowerRangeDecades", $"must be in [0, 12], found {e.DecoderPowerRangeDecades:R}");
        }
        if (!(e.DecoderGainWeight >= 0 && double.IsFinite(e.DecoderGainWeight)))
        {
            Fail("environment.decoderGainWeight", $"must be a finite number >= 0, found {e.DecoderGainWeight:R}");
        }
        if (e.PowerControlRounds is < 0 or > 1000)
        {
            Fail("environment.powerControlRounds", $"must be between 0 and 1000, found {e.PowerControlRounds}");
        }
        if (e.PowerControlMargin is { } pcMargin && !(pcMargin >= 0 && pcMargin < 1))
        {
            Fail("environment.powerControlMargin", $"must be in [0, 1), found {pcMargin:R}");
        }
        if (e.PowerControlLeaveOut && e.PowerControlRounds == 0)
        {
            Fail("environment.powerControlLeaveOut", "needs environment.powerControlRounds >= 1 (the rounds it leaves UEs out in)");
        }

        void UnitInterval(string path, double v)
        {
            // Strictly positive: alpha = 0 would make a transmitting UE with alpha 0, and a zero
            // power fraction or share weight an offloading UE with p = 0 or f = 0 (SPEC 4).
            if (!(v > 0 && v <= 1))
            {
                Fail(path, $"must be in (0, 1], found {v:R}");
            }
        }
    }
}
