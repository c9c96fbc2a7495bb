using System.Text.Json;
using System.Text.Json.Serialization;

namespace MecMarl.Simulation;

/// <summary>A config number that may be JSON null (e.g. <c>reward.penaltyClipS</c>): null, or a finite number as in <see cref="ConfigDoubleConverter"/>.</summary>
public sealed class ConfigNullableDoubleConverter : JsonConverter<double?>
{
    /// <inheritdoc />
    public override bool HandleNull => true;

    /// <inheritdoc />
    public override double? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? null : ConfigDoubleConverter.ReadFinite(ref reader);

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, double? value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is { } v)
        {
            writer.WriteNumberValue(v);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
