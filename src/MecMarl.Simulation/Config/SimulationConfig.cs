using System.Text.Json;

namespace MecMarl.Simulation;

/// <summary>
/// Every parameter of the simulated system (SPEC sections 1-3, 6 and 7), SI inside; the defaults
/// are the paper's and SPEC's. JSON layout: <c>{"network":{...},"channel":{...},"tasks":{...},
/// "reward":{...},"environment":{...}}</c> (camelCase, user-facing units, unknown fields rejected).
/// </summary>
/// <remarks>
/// Each section is a record bound from JSON by <see cref="ConfigBinding"/> with the generated metadata of
/// <c>SimulationJsonContext</c> (JSON name = camelCase property name unless a <c>[JsonPropertyName]</c> says
/// otherwise; a user unit is a <c>[JsonConverter]</c> on the property), then checked by <see cref="Validate(string)"/>.
/// Extending: a layer that adds top-level sections (for example <c>training</c>) holds this record, parses its
/// file with <see cref="JsonInput"/>, calls <see cref="ReadSections(JsonInput)"/> on the root object, binds its
/// own sections with <see cref="ConfigBinding.Section"/>, then calls <see cref="JsonInput.EnsureAllRead"/> and
/// <see cref="Validate(string)"/>; for writing it calls <see cref="WriteSections"/> inside its own root object.
/// See <see cref="Load"/> for the pattern.
/// </remarks>
public record SimulationConfig
{
    /// <summary>Network layout and per-device constants (SPEC 1). JSON <c>network</c>.</summary>
    public NetworkConfig Network { get; init; } = new();

    /// <summary>Channel and radio constants (SPEC 1-2). JSON <c>channel</c>.</summary>
    public ChannelConfig Channel { get; init; } = new();

    /// <summary>Task model (SPEC 3). JSON <c>tasks</c>.</summary>
    public TaskConfig Tasks { get; init; } = new();

    /// <summary>Reward (SPEC 6). JSON <c>reward</c>.</summary>
    public RewardConfig Reward { get; init; } = new();

    /// <summary>Environment, decoder and observation (SPEC 7). JSON <c>environment</c>.</summary>
    public EnvironmentConfig Environment { get; init; } = new();

    /// <summary>The paper's default configuration.</summary>
    public static SimulationConfig Paper { get; } = new();

    /// <summary>The error factory of configuration files: every problem is a <see cref="ConfigException"/>.</summary>
    public static JsonInputError ConfigError { get; } = (file, path, _, problem) => new ConfigException(file, path, problem);

    /// <summary>Loads and validates a configuration file; throws <see cref="ConfigException"/> naming the file, the field and the problem.</summary>
    public static SimulationConfig Load(string file)
    {
        JsonInput root = JsonInput.Load(file, ConfigError);
        SimulationConfig config = ReadSections(root);
        root.EnsureAllRead();
        config.Validate(file);
        return config;
    }

    /// <summary>Parses and validates configuration JSON; <paramref name="file"/> names the source in errors.</summary>
    public static SimulationConfig Parse(string json, string file = "<config>")
    {
        JsonInput root = JsonInput.Parse(json, file, ConfigError);
        SimulationConfig config = ReadSections(root);
        root.EnsureAllRead();
        config.Validate(file);
        return config;
    }

    /// <summary>
    /// Reads the five simulation sections from the root object (each optional, missing fields take
    /// their defaults) without validating or rejecting other top-level members.
    /// </summary>
    public static SimulationConfig ReadSections(JsonInput root)
    {
        SimulationJsonContext json = SimulationJsonContext.Default;
        var d = new SimulationConfig();
        return d with
        {
            Network = ConfigBinding.Section(root, "network", json.NetworkConfig) ?? d.Network,
            Channel = ConfigBinding.Section(root, "channel", json.ChannelConfig) ?? d.Channel,
            Tasks = ConfigBinding.Section(root, "tasks", json.TaskConfig) ?? d.Tasks,
            Reward = ConfigBinding.Section(root, "reward", json.RewardConfig) ?? d.Reward,
            Environment = ConfigBinding.Section(root, "environment", json.EnvironmentConfig) ?? d.Environment,
        };
    }

    /// <summary>
    /// Checks ranges and consistency (including a packing bound on the SBS placement); throws
    /// <see cref="ConfigException"/> naming <paramref name="file"/> and the JSON path of the field.
    /// </summary>
    public void Validate(string file = "<config>") => SimulationConfigValidator.Validate(this, file);

    /// <summary>Writes the five sections, all fields explicit, in user-facing units, into the current JSON object.</summary>
    public void WriteSections(Utf8JsonWriter writer)
    {
        SimulationJsonContext json = SimulationJsonContext.Default;
        ConfigBinding.Write(writer, "network", Network, json.NetworkConfig);
        ConfigBinding.Write(writer, "channel", Channel, json.ChannelConfig);
        ConfigBinding.Write(writer, "tasks", Tasks, json.TaskConfig);
        ConfigBinding.Write(writer, "reward", Reward, json.RewardConfig);
        ConfigBinding.Write(writer, "environment", Environment, json.EnvironmentConfig);
    }

    /// <summary>The configuration as an indented JSON document.</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            WriteSections(writer);
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}
