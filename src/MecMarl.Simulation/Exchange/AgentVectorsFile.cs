using System.Text.Json;

namespace MecMarl.Simulation;

/// <summary>
/// Reads and writes actions files and observations files (SPEC 10): <c>{"slots":[{"agents":[[...],...]}]}</c>,
/// one vector per agent (SBS) per slot; data as <c>double[slot][agent][i]</c>.
/// </summary>
public static class AgentVectorsFile
{
    /// <summary>
    /// Reads an actions file for <paramref name="layout"/>: every slot has M agents, agent m a vector
    /// of N_m * (3 + K) finite numbers (else <c>shape</c> / <c>format</c> errors).
    /// </summary>
    public static double[][][] ReadActions(string file, ScenarioLayout layout, int? slots = null) =>
        Read(JsonInput.Load(file, ExchangeJson.Error), layout, slots, m => layout.CellSize(m) * (3 + layout.Channels), "action values");

    /// <summary>Parses actions JSON (see <see cref="ReadActions"/>).</summary>
    public static double[][][] ParseActions(string json, ScenarioLayout layout, int? slots = null, string file = "<actions>") =>
        Read(JsonInput.Parse(json, file, ExchangeJson.Error), layout, slots, m => layout.CellSize(m) * (3 + layout.Channels), "action values");

    /// <summary>Reads an observations file for <paramref name="layout"/> (agent m: N_m * (K + 3) + K numbers).</summary>
    public static double[][][] ReadObservations(string file, ScenarioLayout layout, int? slots = null) =>
        Read(JsonInput.Load(file, ExchangeJson.Error), layout, slots, m => ObservationBuilder.Size(layout, m), "observation values");

    private static double[][][] Read(JsonInput root, ScenarioLayout layout, int? slotCount, Func<int, int> size, string what)
    {
        JsonInput slotsInput = root.Required("slots");
        JsonInput[] slotItems = slotCount is { } n ? slotsInput.Items(n, "slots (one per scenario slot)") : slotsInput.Items();
        var data = new double[slotItems.Length][][];
        for (int t = 0; t < slotItems.Length; t++)
        {
            JsonInput[] agents = slotItems[t].Required("agents").Items(layout.SbsCount, "agents (one per SBS)");
            slotItems[t].EnsureAllRead();
            data[t] = new double[layout.SbsCount][];
            for (int m = 0; m < layout.SbsCount; m++)
            {
                data[t][m] = new double[size(m)];
                agents[m].NumbersInto(data[t][m], what);
            }
        }
        root.EnsureAllRead();
        return data;
    }

    /// <summary>Writes an actions or observations file.</summary>
    public static void Write(string file, IReadOnlyList<IReadOnlyList<double[]>> slots) => ExchangeJson.WriteFile(file, w => Write(w, slots));

    /// <summary>The vectors as JSON text.</summary>
    public static string ToJson(IReadOnlyList<IReadOnlyList<double[]>> slots) => ExchangeJson.WriteString(w => Write(w, slots));

    private static void Write(Utf8JsonWriter w, IReadOnlyList<IReadOnlyList<double[]>> slots)
    {
        w.WriteStartObject();
        w.WriteStartArray("slots");
        foreach (IReadOnlyList<double[]> agents in slots)
        {
            w.WriteStartObject();
            w.WriteStartArray("agents");
            foreach (double[] v in agents)
            {
                w.WriteStartArray();
                foreach (double x in v)
                {
                    w.WriteNumberValue(x);
                }
                w.WriteEndArray();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
