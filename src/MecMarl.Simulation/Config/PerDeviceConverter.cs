using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MecMarl.Simulation;

/// <summary>
/// A per-device constant written in a user unit (GHz, J/Gcycle, dBm) and held in SI: one number for every
/// device, or a non-empty list of numbers (one per device; the count is checked by the validator).
/// Written back in the user unit, rounded to 15 significant digits (<see cref="Tidy"/>).
/// </summary>
internal abstract class PerDeviceConverter(Func<double, double> toSi, Func<double, double> fromSi) : JsonConverter<EquatableArray<double>>
{
    public override bool HandleNull => true;

    public override EquatableArray<double> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return new EquatableArray<double>(toSi(ConfigDoubleConverter.ReadFinite(ref reader)));
        }
        var values = new List<double>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            values.Add(toSi(ConfigDoubleConverter.ReadFinite(ref reader, $"[{values.Count}]")));
            reader.Skip();
        }
        if (values.Count == 0)
        {
            throw new ConfigJsonException("expected a number or a non-empty list of numbers");
        }
        return new EquatableArray<double>([.. values]);
    }

    public override void Write(Utf8JsonWriter writer, EquatableArray<double> value, JsonSerializerOptions options)
    {
        if (value.Count == 1)
        {
            writer.WriteNumberValue(Tidy(fromSi(value[0])));
            return;
        }
        writer.WriteStartArray();
        foreach (double v in value)
        {
            writer.WriteNumberValue(Tidy(fromSi(v)));
        }
        writer.WriteEndArray();
    }

    /// <summary>Rounds a unit-converted value to 15 significant digits, so that 23 dBm written back from watts reads 23.</summary>
    public static double Tidy(double value) =>
        double.Parse(value.ToString("G15", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}

/// <summary>CPU frequencies: GHz in JSON, Hz in the record.</summary>
internal sealed class GhzPerDeviceConverter() : PerDeviceConverter(Units.GhzToHz, Units.HzToGhz);

/// <summary>Energies per cycle: J/Gcycle in JSON, J/cycle in the record.</summary>
internal sealed class JoulesPerGcyclePerDeviceConverter() : PerDeviceConverter(Units.JoulesPerGcycleToJoulesPerCycle, Units.JoulesPerCycleToJoulesPerGcycle);

/// <summary>Transmit powers: dBm in JSON, W in the record.</summary>
internal sealed class DbmPerDeviceConverter() : PerDeviceConverter(Units.DbmToW, Units.WToDbm);

/// <summary>A number written in a user unit and held in SI; written back rounded to 15 significant digits (<see cref="PerDeviceConverter.Tidy"/>).</summary>
internal abstract class UnitConverter(Func<double, double> toSi, Func<double, double> fromSi) : JsonConverter<double>
{
    public override bool HandleNull => true;

    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        toSi(ConfigDoubleConverter.ReadFinite(ref reader));

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(PerDeviceConverter.Tidy(fromSi(value)));
}

/// <summary>A bandwidth: MHz in JSON, Hz in the record.</summary>
internal sealed class MhzConverter() : UnitConverter(Units.MhzToHz, Units.HzToMhz);

/// <summary>A task size in KB, written back rounded to 15 significant digits as when sizes were held in bits.</summary>
internal sealed class TidyConverter() : UnitConverter(x => x, x => x);

/// <summary>UEs per cell: one integer for every cell, or a list of integers (one per cell; the count is checked by the validator).</summary>
internal sealed class CellCountsConverter : JsonConverter<EquatableArray<int>>
{
    public override bool HandleNull => true;

    public override EquatableArray<int> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return new EquatableArray<int>(ConfigInt32Converter.ReadInteger(ref reader));
        }
        var values = new List<int>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            values.Add(ConfigInt32Converter.ReadInteger(ref reader, $"[{values.Count}]"));
            reader.Skip();
        }
        return new EquatableArray<int>([.. values]);
    }

    public override void Write(Utf8JsonWriter writer, EquatableArray<int> value, JsonSerializerOptions options)
    {
        if (value.Count == 1)
        {
            writer.WriteNumberValue(value[0]);
            return;
        }
        writer.WriteStartArray();
        foreach (int v in value)
        {
            writer.WriteNumberValue(v);
        }
        writer.WriteEndArray();
    }
}

/// <summary>The action decoders by JSON name.</summary>
internal sealed class DecoderKindConverter() : ConfigEnumConverter<DecoderKind>("decoder",
    (DecoderKind.Greedy, "greedy"), (DecoderKind.DeadlineAware, "deadline-aware"), (DecoderKind.Heuristic, "heuristic"));
