using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using MecMarl.Experiments;

namespace MecMarl.Cluster;

/// <summary>
/// What must be equal on every silo and client of a cluster: the MecMarl version (the build's
/// informational version, which carries the source revision) and the config schema (the set of
/// JSON paths of the resolved config). A silo refuses to join a cluster that runs another build, and
/// refuses any work item sent by another build.
/// </summary>
public static class Compatibility
{
    /// <summary>The MecMarl version of this build (informational version of MecMarl.Experiments).</summary>
    public static string Version { get; } =
        typeof(ExperimentConfig).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(ExperimentConfig).Assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>SHA-256 (hex, first 12 characters) of the sorted JSON paths of the default config: changes when a config field is added, removed or renamed.</summary>
    public static string Schema { get; } = ComputeSchema();

    /// <summary>Version and schema as one text, e.g. <c>1.0.0+abc (config schema 0123456789ab)</c>.</summary>
    public static string Describe(string version, string schema) => $"MecMarl {version} (config schema {schema})";

    /// <summary>Why <paramref name="version"/> and <paramref name="schema"/> of <paramref name="who"/> cannot work with this build, or null when they can.</summary>
    public static string? Mismatch(string who, string version, string schema) =>
        version == Version && schema == Schema
            ? null
            : $"{who} runs {Describe(version, schema)}, this silo {Describe(Version, Schema)}";

    private static string ComputeSchema()
    {
        var paths = new List<string>();
        void Walk(JsonNode? node, string path)
        {
            if (node is JsonObject o)
            {
                foreach (KeyValuePair<string, JsonNode?> kv in o)
                {
                    Walk(kv.Value, path.Length == 0 ? kv.Key : path + "." + kv.Key);
                }
            }
            else
            {
                paths.Add(path);
            }
        }
        Walk(JsonNode.Parse(ExperimentConfig.Paper.ToJson()), "");
        paths.Sort(StringComparer.Ordinal);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', paths))))[..12];
    }
}
