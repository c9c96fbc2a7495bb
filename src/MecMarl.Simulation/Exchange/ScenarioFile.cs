using System.Text.Json;

namespace MecMarl.Simulation;

/// <summary>
/// Reads and writes scenario files (SPEC 10; schema in docs/exchange-formats.md). Reading validates
/// everything and throws <see cref="ExchangeFormatException"/> with the file, JSON path and class.
/// </summary>
public static class ScenarioFile
{
    /// <summary>Smallest channel gain a scenario file may hold: below it the rate of a UE's link, and then its delay and energy, leave double's range.</summary>
    public const double MinGain = 1e-200;

    /// <summary>Reads a scenario file.</summary>
    public static Scenario Read(string file) => Read(JsonInput.Load(file, ExchangeJson.Error));

    /// <summary>Parses scenario JSON; <paramref name="file"/> names the source in errors.</summary>
    public static Scenario Parse(string json, string file = "<scenario>") => Read(JsonInput.Parse(json, file, ExchangeJson.Error));

    private static Scenario Read(JsonInput root)
    {
        int k = root.Required("channels").Integer();
        if (k <= 0)
        {
            throw root.Required("channels").Fail($"must be >= 1, found {k}");
        }
        double bandwidth = ExchangeJson.InRange(root.Required("bandwidthHz"), 1e3, 1e11);
        double noise = ExchangeJson.InRange(root.Required("noiseDbmPerHz"), -250, -100);
        double beta = ExchangeJson.InRange(root.Required("beta"), -1e6, 1e6);
        JsonInput clipInput = root.Required("penaltyClipS");
        double? clip = clipInput.IsNull ? null : ExchangeJson.InRange(clipInput, 0, 1e6);

        JsonInput[] sbsItems = root.Required("sbs").Items();
        if (sbsItems.Length == 0)
        {
            throw root.Required("sbs").Fail("needs at least one SBS", ErrorClasses.Shape);
        }
        var sbs = new SbsSite[sbsItems.Length];
        for (int m = 0; m < sbs.Length; m++)
        {
            JsonInput s = sbsItems[m];
            sbs[m] = new SbsSite(ExchangeJson.InRange(s.Required("x"), -1e7, 1e7), ExchangeJson.InRange(s.Required("y"), -1e7, 1e7),
                ExchangeJson.InRange(s.Required("cpuHz"), 1e3, 1e13), ExchangeJson.InRange(s.Required("joulesPerCycle"), 0, 1e-6));
            s.EnsureAllRead();
        }

        JsonInput[] ueItems = root.Required("ues").Items();
        var ues = new UeDevice[ueItems.Length];
        for (int u = 0; u < ues.Length; u++)
        {
            JsonInput e = ueItems[u];
            JsonInput cellInput = e.Required("cell");
            int cell = cellInput.Integer();
            if (cell < 0 || cell >= sbs.Length)
            {
                throw cellInput.Fail($"cell {cell} is not an index into sbs (0..{sbs.Length - 1})");
            }
            ues[u] = new UeDevice(cell, ExchangeJson.InRange(e.Required("x"), -1e7, 1e7), ExchangeJson.InRange(e.Required("y"), -1e7, 1e7),
                ExchangeJson.InRange(e.Required("cpuHz"), 1e3, 1e13), ExchangeJson.InRange(e.Required("joulesPerCycle"), 0, 1e-6),
                ExchangeJson.InRange(e.Required("maxPowerW"), 1e-9, 1e3));
            e.EnsureAllRead();
        }

        var layout = new ScenarioLayout(k, bandwidth, noise, beta, clip, sbs, ues);
        if (!(layout.NoisePowerW > 0) || !double.IsFinite(layout.NoisePowerW))
        {
            throw root.Required("noiseDbmPerHz").Fail("gives a noise power N0*B that is not a positive finite number");
        }
        JsonInput[] slotItems = root.Required("slots").Items();
        var slots = new ScenarioSlot[slotItems.Length];
        for (int t = 0; t < slots.Length; t++)
        {
            JsonInput slot = slotItems[t];
            var gains = new double[layout.GainCount];
            JsonInput[] perUe = slot.Required("gains").Items(ues.Length, "UEs");
            for (int u = 0; u < ues.Length; u++)
            {
                JsonInput[] perSbs = perUe[u].Items(sbs.Length, "SBSs");
                for (int m = 0; m < sbs.Length; m++)
                {
                    Span<double> row = gains.AsSpan(layout.GainIndex(u, m, 0), k);
                    perSbs[m].NumbersInto(row, "channels");
                    for (int c = 0; c < k; c++)
                    {
                        if (!(row[c] >= MinGain && row[c] <= 1))
                        {
                            throw new ExchangeFormatException(root.File, $"{perSbs[m].Path}[{c}]", ErrorClasses.Format,
                                $"gain must be between {MinGain:R} and 1, found {row[c]:R}");
                        }
                    }
                }
            }
            JsonInput[] taskItems = slot.Required("tasks").Items(ues.Length, "UEs");
            var tasks = new UeTask[ues.Length];
            for (int u = 0; u < ues.Length; u++)
            {
                JsonInput ti = taskItems[u];
                tasks[u] = new UeTask(ExchangeJson.InRange(ti.Required("bits"), 1, 1e12), ExchangeJson.InRange(ti.Required("cycles"), 1, 1e15),
                    ExchangeJson.InRange(ti.Required("deadlineS"), 1e-6, 1e6));
                ti.EnsureAllRead();
            }
            slot.EnsureAllRead();
            slots[t] = new ScenarioSlot(gains, tasks);
        }
        root.EnsureAllRead();
        return new Scenario(layout, slots);
    }

    /// <summary>Writes a scenario file (numbers round-trip exactly).</summary>
    public static void Write(string file, Scenario scenario) => ExchangeJson.WriteFile(file, w => Write(w, scenario));

    /// <summary>The scenario as JSON text.</summary>
    public static string ToJson(Scenario scenario) => ExchangeJson.WriteString(w => Write(w, scenario));

    private static void Write(Utf8JsonWriter w, Scenario scenario)
    {
        ScenarioLayout l = scenario.Layout;
        w.WriteStartObject();
        w.WriteNumber("channels", l.Channels);
        w.WriteNumber("bandwidthHz", l.BandwidthHz);
        w.WriteNumber("noiseDbmPerHz", l.NoiseDbmPerHz);
        w.WriteNumber("beta", l.Beta);
        if (l.PenaltyClipS is { } clip)
        {
            w.WriteNumber("penaltyClipS", clip);
        }
        else
        {
            w.WriteNull("penaltyClipS");
        }
        w.WriteStartArray("sbs");
        foreach (SbsSite s in l.Sbs)
        {
            w.WriteStartObject();
            w.WriteNumber("x", s.XM);
            w.WriteNumber("y", s.YM);
            w.WriteNumber("cpuHz", s.CpuHz);
            w.WriteNumber("joulesPerCycle", s.JoulesPerCycle);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("ues");
        foreach (UeDevice u in l.Ues)
        {
            w.WriteStartObject();
            w.WriteNumber("cell", u.Cell);
            w.WriteNumber("x", u.XM);
            w.WriteNumber("y", u.YM);
            w.WriteNumber("cpuHz", u.CpuHz);
            w.WriteNumber("joulesPerCycle", u.JoulesPerCycle);
            w.WriteNumber("maxPowerW", u.MaxPowerW);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("slots");
        foreach (ScenarioSlot slot in scenario.Slots)
        {
            w.WriteStartObject();
            w.WriteStartArray("gains");
            for (int u = 0; u < l.UeCount; u++)
            {
                w.WriteStartArray();
                for (int m = 0; m < l.SbsCount; m++)
                {
                    w.WriteStartArray();
                    for (int c = 0; c < l.Channels; c++)
                    {
                        w.WriteNumberValue(slot.Gains[l.GainIndex(u, m, c)]);
                    }
                    w.WriteEndArray();
                }
                w.WriteEndArray();
            }
            w.WriteEndArray();
            w.WriteStartArray("tasks");
            foreach (UeTask t in slot.Tasks)
            {
                w.WriteStartObject();
                w.WriteNumber("bits", t.Bits);
                w.WriteNumber("cycles", t.Cycles);
                w.WriteNumber("deadlineS", t.DeadlineS);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
