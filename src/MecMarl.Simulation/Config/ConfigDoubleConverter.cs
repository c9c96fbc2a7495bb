using System.Text.Json;
using System.Text.Json.Serialization;

namespace MecMarl.Simulation;

/// <summary>A config number: a finite JSON number; anything else is a <see cref="ConfigJsonException"/> ("expected a number, found a string").</summary>
public sealed class ConfigDoubleConverter : JsonConverter<double>
{
    /// <inheritdoc />
    public override bool HandleNull => true;

    /// <summary>Reads the current token as a finite number; <paramref name="subPath"/> locates it inside the value being converted.</summary>
    public static double ReadFinite(ref Utf8JsonReader reader, string subPath = "")
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw new ConfigJsonException($"expected a number, found {ConfigBinding.Describe(reader.TokenType)}", subPath);
        }
        if (!reader.TryGetDouble(out double v) || !double.IsFinite(v))
        {
            throw new ConfigJsonException("number is not finite", subPath);
        }
        return v;
    }

    /// <inheritdoc />
    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadFinite(ref reader);

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumberValue(value);
    }
}
