using System.Text.Json;

namespace MecMarl.Simulation;

/// <summary>
/// Reads and writes decisions files (SPEC 10). Reading checks the format and shape against the
/// scenario, then the constraints of SPEC 4 (<see cref="DecisionValidator"/>); the first problem
/// throws <see cref="ExchangeFormatException"/> with file, JSON path and error class.
/// </summary>
public static class DecisionsFile
{
    /// <summary>Reads and validates a decisions file against <paramref name="scenario"/>.</summary>
    public static SlotDecisions[] Read(string file, Scenario scenario) =>
        Read(JsonInput.Load(file, ExchangeJson.Error), scenario);

    /// <summary>Parses and validates decisions JSON against <paramref name="scenario"/>.</summary>
    public static SlotDecisions[] Parse(string json, Scenario scenario, string file = "<decisions>") =>
        Read(JsonInput.Parse(json, file, ExchangeJson.Error), scenario);

    /// <summary>Reads a decisions file checking only format and shape (no constraint check), for tools that report violations themselves.</summary>
    public static SlotDecisions[] ReadUnchecked(string file, Scenario scenario) =>
        ReadShape(JsonInput.Load(file, ExchangeJson.Error), scenario);

    private static SlotDecisions[] Read(JsonInput root, Scenario scenario)
    {
        SlotDecisions[] slots = ReadShape(root, scenario);
        if (DecisionValidator.FindFirst(scenario.Layout, slots) is { } violation)
        {
            throw violation.ToException(root.File);
        }
        return slots;
    }

    private static SlotDecisions[] ReadShape(JsonInput root, Scenario scenario)
    {
        int ueCount = scenario.Layout.UeCount;
        JsonInput[] slotItems = root.Required("slots").Items(scenario.Slots.Count, "slots (one per scenario slot)");
        var slots = new SlotDecisions[slotItems.Length];
        for (int t = 0; t < slots.Length; t++)
        {
            JsonInput[] ueItems = slotItems[t].Required("ues").Items(ueCount, "UE decisions (one per scenario UE)");
            slotItems[t].EnsureAllRead();
            var d = new SlotDecisions(ueCount);
            for (int u = 0; u < ueCount; u++)
            {
                JsonInput e = ueItems[u];
                d.Alpha[u] = e.Required("alpha").Number();
                d.Channel[u] = ReadChannel(e.Required("channel"));
                // Not positive and tiny (rates and delays stay finite); ranges and sums are the validator's (SPEC 4 classes).
                d.PowerW[u] = ExchangeJson.NotTinyPositive(e.Required("powerW"), 1e-12);
                d.Share[u] = ExchangeJson.NotTinyPositive(e.Required("share"), 1e-9);
                e.EnsureAllRead();
            }
            slots[t] = d;
        }
        root.EnsureAllRead();
        return slots;
    }

    private static int ReadChannel(JsonInput v)
    {
        if (v.IsNull)
        {
            return SlotDecisions.NoChannel;
        }
        double x = v.Number();
        // Non-integers and values beyond int are channel_range violations, reported in slot/UE order by the validator.
        if (x != Math.Floor(x) || x < int.MinValue + 1 || x > int.MaxValue)
        {
            return SlotDecisions.InvalidChannel;
        }
        int c = (int)x;
        return c == SlotDecisions.NoChannel ? SlotDecisions.InvalidChannel : c;
    }

    /// <summary>Writes a decisions file.</summary>
    public static void Write(string file, IReadOnlyList<SlotDecisions> slots) => ExchangeJson.WriteFile(file, w => Write(w, slots));

    /// <summary>The decisions as JSON text.</summary>
    public static string ToJson(IReadOnlyList<SlotDecisions> slots) => ExchangeJson.WriteString(w => Write(w, slots));

    private static void Write(Utf8JsonWriter w, IReadOnlyList<SlotDecisions> slots)
    {
        w.WriteStartObject();
        w.WriteStartArray("slots");
        foreach (SlotDecisions d in slots)
        {
            w.WriteStartObject();
            w.WriteStartArray("ues");
            for (int u = 0; u < d.Count; u++)
            {
                w.WriteStartObject();
                w.WriteNumber("alpha", d.Alpha[u]);
                if (d.Channel[u] == SlotDecisions.NoChannel)
                {
                    w.WriteNull("channel");
                }
                else
                {
                    w.WriteNumber("channel", d.Channel[u]);
                }
                w.WriteNumber("powerW", d.PowerW[u]);
                w.WriteNumber("share", d.Share[u]);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
