using System.Text.Json;
using System.Text.Json.Nodes;

namespace MecMarl.Experiments;

/// <summary>The one way MecMarl prints the JSON files it writes (run.json, evaluation.json, summary.json, reproduce.json, bench output).</summary>
public static class JsonText
{
    private static readonly JsonSerializerOptions IndentedOptions = new() { WriteIndented = true };

    /// <summary><paramref name="node"/> as indented JSON with a final newline.</summary>
    public static string Indented(JsonNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node.ToJsonString(IndentedOptions) + "\n";
    }
}
