using System.Text.Json.Serialization;

namespace MecMarl.Simulation;

/// <summary>
/// System.Text.Json metadata of the five simulation sections (generated at build time): camelCase names,
/// unknown members rejected, and the config converters (finite numbers, integers, switches, choices by name,
/// user units) that give the messages of <see cref="ConfigBinding"/>.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectNullableAnnotations = true,
    Converters = [typeof(ConfigInt32Converter), typeof(ConfigDoubleConverter), typeof(ConfigNullableDoubleConverter), typeof(ConfigBooleanConverter), typeof(DecoderKindConverter)])]
[JsonSerializable(typeof(NetworkConfig))]
[JsonSerializable(typeof(ChannelConfig))]
[JsonSerializable(typeof(TaskConfig))]
[JsonSerializable(typeof(RewardConfig))]
[JsonSerializable(typeof(EnvironmentConfig))]
internal sealed partial class SimulationJsonContext : JsonSerializerContext;
