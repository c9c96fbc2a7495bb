using System.Text.Json;
using System.Text.Json.Serialization;

namespace MecMarl.Simulation;

/// <summary>
/// A single-precision config number that may be JSON null (e.g. <c>training.maxGradientNorm</c>): null, or a
/// finite number as in <see cref="ConfigDoubleConverter"/> rounded to float (a number beyond float's range becomes
/// infinity, which the section's validation rejects with its value).
/// </summary>
public sealed class ConfigNullableSingleConverter : JsonConverter<float?>
{
    /// <inheritdoc />
    public override bool HandleNull => true;

    /// <inheritdoc />
    public override float? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? null : (float)ConfigDoubleConverter.ReadFinite(ref reader);

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, float? value, JsonSerializerOptions options)
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
