using System.Text.Json;

namespace MecMarl.Simulation;

/// <summary>Reading and writing of the simulation configuration sections (user units in JSON, SI in records).</summary>
internal static class SimulationConfigJson
{
    public static SimulationConfig Read(JsonInput root)
    {
        var d = new SimulationConfig();
        return d with
        {
            Network = root.Section("network", d.Network, ReadNetwork),
            Channel = root.Section("channel", d.Channel, ReadChannel),
            Tasks = root.Section("tasks", d.Tasks, ReadTasks),
            Reward = root.Section("reward", d.Reward, ReadReward),
            Environment = root.Section("environment", d.Environment, ReadEnvironment),
        };
    }

    private static EquatableArray<double> Nums(JsonInput o, string name, EquatableArray<double> fallback, Func<double, double> toSi)
    {
        JsonInput? v = o.Optional(name);
        if (v is null)
        {
            return fallback;
        }
        if (!v.IsArray)
        {
            return new EquatableArray<double>(toSi(v.Number()));
        }
        JsonInput[] items = v.Items();
        if (items.Length == 0)
        {
            throw v.Fail("expected a number or a non-empty list of numbers");
        }
        return new EquatableArray<double>(items.Select(i => toSi(i.Number())).ToArray());
    }

    private static NetworkConfig ReadNetwork(JsonInput o, NetworkConfig d)
    {
        EquatableArray<int> uesPerCell = d.UesPerCell;
        if (o.Optional("uesPerCell") is { } u)
        {
            uesPerCell = u.IsArray
                ? new EquatableArray<int>(u.Items().Select(i => i.Integer()).ToArray())
                : new EquatableArray<int>(u.Integer());
        }
        return new NetworkConfig
        {
            AreaWidthM = o.OptionalNumber("areaWidthM", d.AreaWidthM),
            AreaHeightM = o.OptionalNumber("areaHeightM", d.AreaHeightM),
            SbsCount = o.OptionalInteger("sbsCount", d.SbsCount),
            UesPerCell = uesPerCell,
            CellRadiusM = o.OptionalNumber("cellRadiusM", d.CellRadiusM),
            MinSbsDistanceM = o.OptionalNumber("minSbsDistanceM", d.MinSbsDistanceM),
            MinUeDistanceM = o.OptionalNumber("minUeDistanceM", d.MinUeDistanceM),
            RedropEachEpisode = o.Optional("redropEachEpisode")?.Boolean() ?? d.RedropEachEpisode,
            UeCpuHz = Nums(o, "ueCpuGhz", d.UeCpuHz, Units.GhzToHz),
            UeJoulesPerCycle = Nums(o, "ueJoulesPerGcycle", d.UeJoulesPerCycle, Units.JoulesPerGcycleToJoulesPerCycle),
            MecCpuHz = Nums(o, "mecCpuGhz", d.MecCpuHz, Units.GhzToHz),
            MecJoulesPerCycle = Nums(o, "mecJoulesPerGcycle", d.MecJoulesPerCycle, Units.JoulesPerGcycleToJoulesPerCycle),
        };
    }

    private static ChannelConfig ReadChannel(JsonInput o, ChannelConfig d) => new()
    {
        Channels = o.OptionalInteger("channels", d.Channels),
        BandwidthHz = o.Optional("bandwidthMhz") is { } b ? Units.MhzToHz(b.Number()) : d.BandwidthHz,
        NoiseDbmPerHz = o.OptionalNumber("noiseDbmPerHz", d.NoiseDbmPerHz),
        MaxPowerW = Nums(o, "maxPowerDbm", d.MaxPowerW, Units.DbmToW),
        ShadowingDb = o.OptionalNumber("shadowingDb", d.ShadowingDb),
        PathLossAt1KmDb = o.OptionalNumber("pathLossAt1KmDb", d.PathLossAt1KmDb),
        PathLossSlopeDb = o.OptionalNumber("pathLossSlopeDb", d.PathLossSlopeDb),
    };

    private static TaskConfig ReadTasks(JsonInput o, TaskConfig d)
    {
        double bitsPerKb = o.OptionalNumber("bitsPerKb", d.BitsPerKb);
        return new TaskConfig
        {
            BitsPerKb = bitsPerKb,
            SizeMinBits = o.Optional("sizeMinKb") is { } a ? a.Number() * bitsPerKb : d.SizeMinBits / d.BitsPerKb * bitsPerKb,
            SizeMaxBits = o.Optional("sizeMaxKb") is { } b ? b.Number() * bitsPerKb : d.SizeMaxBits / d.BitsPerKb * bitsPerKb,
            CyclesPerBitMin = o.OptionalNumber("cyclesPerBitMin", d.CyclesPerBitMin),
            CyclesPerBitMax = o.OptionalNumber("cyclesPerBitMax", d.CyclesPerBitMax),
            DeadlineFactor = o.OptionalNumber("deadlineFactor", d.DeadlineFactor),
        };
    }

    private static RewardConfig ReadReward(JsonInput o, RewardConfig d) => new()
    {
        Beta = o.OptionalNumber("beta", d.Beta),
        PenaltyClipS = o.Optional("penaltyClipS") is { } c ? c.NullableNumber() : d.PenaltyClipS,
    };

    private static EnvironmentConfig ReadEnvironment(JsonInput o, EnvironmentConfig d) => new()
    {
        SlotsPerEpisode = o.OptionalInteger("slotsPerEpisode", d.SlotsPerEpisode),
        AlphaMin = o.OptionalNumber("alphaMin", d.AlphaMin),
        MinPowerFraction = o.OptionalNumber("minPowerFraction", d.MinPowerFraction),
        MinShareWeight = o.OptionalNumber("minShareWeight", d.MinShareWeight),
        GainDbOffset = o.OptionalNumber("gainDbOffset", d.GainDbOffset),
        GainDbScale = o.OptionalNumber("gainDbScale", d.GainDbScale),
        Decoder = o.Optional("decoder") is { } k ? ReadDecoder(k) : d.Decoder,
        DecoderDeadlineMargin = o.OptionalNumber("decoderDeadlineMargin", d.DecoderDeadlineMargin),
        DecoderPowerRangeDecades = o.OptionalNumber("decoderPowerRangeDecades", d.DecoderPowerRangeDecades),
        DecoderGainWeight = o.OptionalNumber("decoderGainWeight", d.DecoderGainWeight),
    };

    private static DecoderKind ReadDecoder(JsonInput v) => v.String() switch
    {
        "greedy" => DecoderKind.Greedy,
        "deadline-aware" => DecoderKind.DeadlineAware,
        "heuristic" => DecoderKind.Heuristic,
        string other => throw v.Fail($"unknown decoder '{other}', expected \"greedy\", \"deadline-aware\" or \"heuristic\""),
    };

    private static string DecoderName(DecoderKind k) => k switch
    {
        DecoderKind.DeadlineAware => "deadline-aware",
        DecoderKind.Heuristic => "heuristic",
        _ => "greedy",
    };

    public static void Write(SimulationConfig c, Utf8JsonWriter w)
    {
        NetworkConfig n = c.Network;
        w.WriteStartObject("network");
        w.WriteNumber("areaWidthM", n.AreaWidthM);
        w.WriteNumber("areaHeightM", n.AreaHeightM);
        w.WriteNumber("sbsCount", n.SbsCount);
        if (n.UesPerCell.Count == 1)
        {
            w.WriteNumber("uesPerCell", n.UesPerCell[0]);
        }
        else
        {
            w.WriteStartArray("uesPerCell");
            foreach (int v in n.UesPerCell)
            {
                w.WriteNumberValue(v);
            }
            w.WriteEndArray();
        }
        w.WriteNumber("cellRadiusM", n.CellRadiusM);
        w.WriteNumber("minSbsDistanceM", n.MinSbsDistanceM);
        w.WriteNumber("minUeDistanceM", n.MinUeDistanceM);
        w.WriteBoolean("redropEachEpisode", n.RedropEachEpisode);
        WriteNums(w, "ueCpuGhz", n.UeCpuHz, Units.HzToGhz);
        WriteNums(w, "ueJoulesPerGcycle", n.UeJoulesPerCycle, Units.JoulesPerCycleToJoulesPerGcycle);
        WriteNums(w, "mecCpuGhz", n.MecCpuHz, Units.HzToGhz);
        WriteNums(w, "mecJoulesPerGcycle", n.MecJoulesPerCycle, Units.JoulesPerCycleToJoulesPerGcycle);
        w.WriteEndObject();

        ChannelConfig ch = c.Channel;
        w.WriteStartObject("channel");
        w.WriteNumber("channels", ch.Channels);
        w.WriteNumber("bandwidthMhz", Tidy(Units.HzToMhz(ch.BandwidthHz)));
        w.WriteNumber("noiseDbmPerHz", ch.NoiseDbmPerHz);
        WriteNums(w, "maxPowerDbm", ch.MaxPowerW, Units.WToDbm);
        w.WriteNumber("shadowingDb", ch.ShadowingDb);
        w.WriteNumber("pathLossAt1KmDb", ch.PathLossAt1KmDb);
        w.WriteNumber("pathLossSlopeDb", ch.PathLossSlopeDb);
        w.WriteEndObject();

        TaskConfig t = c.Tasks;
        w.WriteStartObject("tasks");
        w.WriteNumber("bitsPerKb", t.BitsPerKb);
        w.WriteNumber("sizeMinKb", Tidy(t.SizeMinBits / t.BitsPerKb));
        w.WriteNumber("sizeMaxKb", Tidy(t.SizeMaxBits / t.BitsPerKb));
        w.WriteNumber("cyclesPerBitMin", t.CyclesPerBitMin);
        w.WriteNumber("cyclesPerBitMax", t.CyclesPerBitMax);
        w.WriteNumber("deadlineFactor", t.DeadlineFactor);
        w.WriteEndObject();

        w.WriteStartObject("reward");
        w.WriteNumber("beta", c.Reward.Beta);
        if (c.Reward.PenaltyClipS is { } clip)
        {
            w.WriteNumber("penaltyClipS", clip);
        }
        else
        {
            w.WriteNull("penaltyClipS");
        }
        w.WriteEndObject();

        EnvironmentConfig e = c.Environment;
        w.WriteStartObject("environment");
        w.WriteNumber("slotsPerEpisode", e.SlotsPerEpisode);
        w.WriteNumber("alphaMin", e.AlphaMin);
        w.WriteNumber("minPowerFraction", e.MinPowerFraction);
        w.WriteNumber("minShareWeight", e.MinShareWeight);
        w.WriteNumber("gainDbOffset", e.GainDbOffset);
        w.WriteNumber("gainDbScale", e.GainDbScale);
        w.WriteString("decoder", DecoderName(e.Decoder));
        w.WriteNumber("decoderDeadlineMargin", e.DecoderDeadlineMargin);
        w.WriteNumber("decoderPowerRangeDecades", e.DecoderPowerRangeDecades);
        w.WriteNumber("decoderGainWeight", e.DecoderGainWeight);
        w.WriteEndObject();
    }

    private static void WriteNums(Utf8JsonWriter w, string name, EquatableArray<double> values, Func<double, double> fromSi)
    {
        if (values.Count == 1)
        {
            w.WriteNumber(name, Tidy(fromSi(values[0])));
            return;
        }
        w.WriteStartArray(name);
        foreach (double v in values)
        {
            w.WriteNumberValue(Tidy(fromSi(v)));
        }
        w.WriteEndArray();
    }

    /// <summary>Rounds a unit-converted value to 15 significant digits, so that 23 dBm written back from watts reads 23.</summary>
    private static double Tidy(double value) =>
        double.Parse(value.ToString("G15", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture);
}
