namespace MecMarl.Simulation;

/// <summary>Range and consistency checks of a <see cref="SimulationConfig"/>, with the JSON path of each field.</summary>
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

        void Finite(string path, double v)
        {
            if (!double.IsFinite(v))
            {
                Fail(path, $"must be finite, found {v:R}");
            }
        }

        void PerDevice(string path, EquatableArray<double> values, int devices, string what, bool strictlyPositive)
        {
            if (values is null || (values.Count != 1 && values.Count != devices))
            {
                Fail(path, $"must be one number or a list of {devices} numbers (one per {what}), found {values?.Count ?? 0}");
            }
            for (int i = 0; i < values!.Count; i++)
            {
                string p = values.Count == 1 ? path : $"{path}[{i}]";
                if (strictlyPositive)
                {
                    Positive(p, values[i]);
                }
                else
                {
                    NonNegative(p, values[i]);
                }
            }
        }

        NetworkConfig n = c.Network;
        Positive("network.areaWidthM", n.AreaWidthM);
        Positive("network.areaHeightM", n.AreaHeightM);
        if (n.SbsCount <= 0)
        {
            Fail("network.sbsCount", $"must be >= 1, found {n.SbsCount}");
        }
        if (n.UesPerCell is null || (n.UesPerCell.Count != 1 && n.UesPerCell.Count != n.SbsCount))
        {
            Fail("network.uesPerCell", $"must be one number or a list of network.sbsCount = {n.SbsCount} numbers, found {n.UesPerCell?.Count ?? 0}");
        }
        for (int i = 0; i < n.UesPerCell!.Count; i++)
        {
            if (n.UesPerCell[i] <= 0)
            {
                Fail(n.UesPerCell.Count == 1 ? "network.uesPerCell" : $"network.uesPerCell[{i}]", $"N_m must be >= 1, found {n.UesPerCell[i]}");
            }
        }
        Positive("network.cellRadiusM", n.CellRadiusM);
        NonNegative("network.minSbsDistanceM", n.MinSbsDistanceM);
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
        PerDevice("network.ueCpuGhz", n.UeCpuHz, totalUes, "UE", true);
        PerDevice("network.ueJoulesPerGcycle", n.UeJoulesPerCycle, totalUes, "UE", false);
        PerDevice("network.mecCpuGhz", n.MecCpuHz, n.SbsCount, "SBS", true);
        PerDevice("network.mecJoulesPerGcycle", n.MecJoulesPerCycle, n.SbsCount, "SBS", false);

        ChannelConfig ch = c.Channel;
        if (ch.Channels <= 0)
        {
            Fail("channel.channels", $"K must be >= 1, found {ch.Channels}");
        }
        Positive("channel.bandwidthMhz", ch.BandwidthHz);
        Finite("channel.noiseDbmPerHz", ch.NoiseDbmPerHz);
        if (!(ch.NoisePowerW > 0) || !double.IsFinite(ch.NoisePowerW))
        {
            Fail("channel.noiseDbmPerHz", $"gives a noise power N0*B that is not a positive finite number ({ch.NoisePowerW:R} W)");
        }
        PerDevice("channel.maxPowerDbm", ch.MaxPowerW, totalUes, "UE", true);
        NonNegative("channel.shadowingDb", ch.ShadowingDb);
        Finite("channel.pathLossAt1KmDb", ch.PathLossAt1KmDb);
        Positive("channel.pathLossSlopeDb", ch.PathLossSlopeDb);

        TaskConfig t = c.Tasks;
        Positive("tasks.bitsPerKb", t.BitsPerKb);
        Positive("tasks.sizeMinKb", t.SizeMinBits);
        Positive("tasks.sizeMaxKb", t.SizeMaxBits);
        if (t.SizeMinBits > t.SizeMaxBits)
        {
            Fail("tasks.sizeMinKb", $"must be <= tasks.sizeMaxKb ({t.SizeMinBits / t.BitsPerKb:R} > {t.SizeMaxBits / t.BitsPerKb:R})");
        }
        Positive("tasks.cyclesPerBitMin", t.CyclesPerBitMin);
        Positive("tasks.cyclesPerBitMax", t.CyclesPerBitMax);
        if (t.CyclesPerBitMin > t.CyclesPerBitMax)
        {
            Fail("tasks.cyclesPerBitMin", $"must be <= tasks.cyclesPerBitMax ({t.CyclesPerBitMin:R} > {t.CyclesPerBitMax:R})");
        }
        Positive("tasks.deadlineFactor", t.DeadlineFactor);

        Finite("reward.beta", c.Reward.Beta);
        if (c.Reward.PenaltyClipS is { } clip)
        {
            NonNegative("reward.penaltyClipS", clip);
        }

        EnvironmentConfig e = c.Environment;
        if (e.SlotsPerEpisode <= 0)
        {
            Fail("environment.slotsPerEpisode", $"must be >= 1, found {e.SlotsPerEpisode}");
        }
        UnitInterval("environment.alphaMin", e.AlphaMin);
        UnitInterval("environment.minPowerFraction", e.MinPowerFraction);
        UnitInterval("environment.minShareWeight", e.MinShareWeight);
        Finite("environment.gainDbOffset", e.GainDbOffset);
        Positive("environment.gainDbScale", e.GainDbScale);
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
