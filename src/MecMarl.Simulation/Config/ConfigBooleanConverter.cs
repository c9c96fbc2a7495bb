using System.Text.Json;
using System.Text.Json.Serialization;

namespace MecMarl.Simulation;

/// <summary>A config switch: JSON true or false; anything else is a <see cref="ConfigJsonException"/>.</summary>
public sealed class ConfigBooleanConverter : JsonConverter<bool>
{
    /// <inheritdoc />
    public override bool HandleNull => true;

    /// <inheritdoc />
    public override bool Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        _ => throw new ConfigJsonException($"expected true or false, found {ConfigBinding.Describe(reader.TokenType)}"),
    };

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, bool value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteBooleanValue(value);
    }
}
