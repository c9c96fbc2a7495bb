using System.Text.Json;
using System.Text.Json.Serialization;

namespace MecMarl.Simulation;

/// <summary>
/// A config integer: a JSON number with no fractional part in the range of a 32-bit integer (<c>300</c>,
/// <c>300.0</c> and <c>3e2</c> alike); anything else is a <see cref="ConfigJsonException"/>.
/// </summary>
public sealed class ConfigInt32Converter : JsonConverter<int>
{
    /// <inheritdoc />
    public override bool HandleNull => true;

    /// <summary>Reads the current token as an integer; <paramref name="subPath"/> locates it inside the value being converted.</summary>
    public static int ReadInteger(ref Utf8JsonReader reader, string subPath = "")
    {
        double v = ConfigDoubleConverter.ReadFinite(ref reader, subPath);
        if (v != Math.Floor(v) || v < int.MinValue || v > int.MaxValue)
        {
            throw new ConfigJsonException($"expected an integer, found {ConfigBinding.Format(v)}", subPath);
        }
        return (int)v;
    }

    /// <inheritdoc />
    public override int Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadInteger(ref reader);

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, int value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumberValue(value);
    }
}
