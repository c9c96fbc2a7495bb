using System.Text.Json;

namespace MecMarl.Simulation;

/// <summary>
/// Reads and writes results files (SPEC 10): per slot the per-UE outcomes, the cell rewards and the
/// system reward; and the error document of invalid input.
/// </summary>
public static class ResultsFile
{
    /// <summary>Writes a results file.</summary>
    public static void Write(string file, IReadOnlyList<SlotResult> slots) => ExchangeJson.WriteFile(file, w => Write(w, slots));

    /// <summary>The results as JSON text.</summary>
    public static string ToJson(IReadOnlyList<SlotResult> slots) => ExchangeJson.WriteString(w => Write(w, slots));

    private static void Write(Utf8JsonWriter w, IReadOnlyList<SlotResult> slots)
    {
        w.WriteStartObject();
        w.WriteStartArray("slots");
        foreach (SlotResult r in slots)
        {
            w.WriteStartObject();
            w.WriteStartArray("ues");
            foreach (UeOutcome o in r.Ues)
            {
                w.WriteStartObject();
                w.WriteNumber("rateBps", o.RateBps);
                w.WriteNumber("interferenceW", o.InterferenceW);
                w.WriteNumber("localDelayS", o.LocalDelayS);
                w.WriteNumber("offloadDelayS", o.OffloadDelayS);
                w.WriteNumber("delayS", o.DelayS);
                w.WriteNumber("localEnergyJ", o.LocalEnergyJ);
                w.WriteNumber("offloadEnergyJ", o.OffloadEnergyJ);
                w.WriteBoolean("met", o.Met);
                w.WriteNumber("v", o.V);
                w.WriteNumber("utility", o.Utility);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("cellRewards");
            foreach (double c in r.CellRewards)
            {
                w.WriteNumberValue(c);
            }
            w.WriteEndArray();
            w.WriteNumber("systemReward", r.SystemReward);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>Reads a results file (deadlines are not part of the file and read as 0).</summary>
    public static SlotResult[] Read(string file)
    {
        JsonInput root = JsonInput.Load(file, ExchangeJson.Error);
        JsonInput[] slotItems = root.Required("slots").Items();
        var slots = new SlotResult[slotItems.Length];
        for (int t = 0; t < slots.Length; t++)
        {
            JsonInput s = slotItems[t];
            JsonInput[] ues = s.Required("ues").Items();
            JsonInput[] cells = s.Required("cellRewards").Items();
            var r = new SlotResult(ues.Length, cells.Length);
            for (int u = 0; u < ues.Length; u++)
            {
                JsonInput e = ues[u];
                r.Ues[u] = new UeOutcome
                {
                    RateBps = e.Required("rateBps").Number(),
                    InterferenceW = e.Required("interferenceW").Number(),
                    LocalDelayS = e.Required("localDelayS").Number(),
                    OffloadDelayS = e.Required("offloadDelayS").Number(),
                    DelayS = e.Required("delayS").Number(),
                    LocalEnergyJ = e.Required("localEnergyJ").Number(),
                    OffloadEnergyJ = e.Required("offloadEnergyJ").Number(),
                    Met = e.Required("met").Boolean(),
                    V = e.Required("v").Number(),
                    Utility = e.Required("utility").Number(),
                };
                e.EnsureAllRead();
            }
            for (int m = 0; m < cells.Length; m++)
            {
                r.CellRewards[m] = cells[m].Number();
            }
            r.SystemReward = s.Required("systemReward").Number();
            s.EnsureAllRead();
            slots[t] = r;
        }
        root.EnsureAllRead();
        return slots;
    }

    /// <summary>
    /// The error document of invalid decisions, as the independent implementation writes it:
    /// <c>{"error":{"constraint","slot","cell","ue","message"}}</c>.
    /// </summary>
    public static string ErrorJson(DecisionViolation v) => ExchangeJson.WriteString(w =>
    {
        w.WriteStartObject();
        w.WriteStartObject("error");
        w.WriteString("constraint", v.Constraint);
        w.WriteNumber("slot", v.Slot);
        w.WriteNumber("cell", v.Cell);
        w.WriteNumber("ue", v.Ue);
        w.WriteString("message", v.Message);
        w.WriteEndObject();
        w.WriteEndObject();
    }, indented: true);
}
