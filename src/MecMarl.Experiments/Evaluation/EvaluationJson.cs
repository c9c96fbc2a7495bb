using System.Text.Json;
using System.Text.Json.Nodes;

namespace MecMarl.Experiments;

/// <summary>evaluation.json: one <see cref="EvaluationResult"/> as JSON.</summary>
public static class EvaluationJson
{
    /// <summary>The result as indented JSON.</summary>
    public static string Write(EvaluationResult r) => JsonText.Indented(Node(r));

    /// <summary>The result as a JSON object (the content of evaluation.json).</summary>
    public static JsonObject Node(EvaluationResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new JsonObject
        {
            ["scheme"] = r.Scheme,
            ["seed"] = r.Seed,
            ["evalSeed"] = r.EvalSeed,
            ["episodes"] = r.Episodes,
            ["totalEnergyJ"] = r.TotalEnergyJ,
            ["localEnergyJ"] = r.LocalEnergyJ,
            ["edgeEnergyJ"] = r.EdgeEnergyJ,
            ["latencyMetPct"] = r.LatencyMetPct,
            ["systemReward"] = r.SystemReward,
            ["agentRewards"] = new JsonArray([.. r.AgentRewards.Select(a => (JsonNode?)a)]),
        };
    }

    /// <summary>Reads a file written by <see cref="Write"/>.</summary>
    public static EvaluationResult Read(string path)
    {
        try
        {
            JsonNode root = JsonNode.Parse(System.IO.File.ReadAllText(path), documentOptions: TrainingRun.StrictJson) ?? throw new FormatException("empty document");
            return new EvaluationResult
            {
                Scheme = root["scheme"]!.GetValue<string>(),
                Seed = root["seed"]!.GetValue<int>(),
                EvalSeed = root["evalSeed"]!.GetValue<ulong>(),
                Episodes = root["episodes"]!.GetValue<int>(),
                LocalEnergyJ = root["localEnergyJ"]!.GetValue<double>(),
                EdgeEnergyJ = root["edgeEnergyJ"]!.GetValue<double>(),
                LatencyMetPct = root["latencyMetPct"]!.GetValue<double>(),
                SystemReward = root["systemReward"]!.GetValue<double>(),
                AgentRewards = [.. root["agentRewards"]!.AsArray().Select(n => n!.GetValue<double>())],
            };
        }
        catch (Exception e) when (e is JsonException or NullReferenceException or InvalidOperationException or FormatException)
        {
            throw new RunFolderException($"{path}: not an evaluation file: {e.Message}", e);
        }
    }
}
