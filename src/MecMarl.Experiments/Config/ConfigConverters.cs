using System.Text.Json;
using System.Text.Json.Serialization;
using MecMarl.Learning;
using MecMarl.Learning.Signalling;
using MecMarl.Simulation;

namespace MecMarl.Experiments;

/// <summary>A seed: a JSON integer in [0, 2^53] (the integers a double holds exactly).</summary>
internal sealed class SeedConverter : JsonConverter<ulong>
{
    public override bool HandleNull => true;

    public override ulong Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        double x = ConfigDoubleConverter.ReadFinite(ref reader);
        if (x < 0 || x > 9_007_199_254_740_992 || Math.Floor(x) != x)
        {
            throw new ConfigJsonException($"expected a non-negative integer seed (at most 2^53), found {ConfigBinding.Format(x)}");
        }
        return (ulong)x;
    }

    public override void Write(Utf8JsonWriter writer, ulong value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
}

/// <summary>A list of finite numbers, or JSON null for none (<c>policies.constant.action</c>).</summary>
internal sealed class NumberListConverter : JsonConverter<EquatableArray<double>?>
{
    public override bool HandleNull => true;

    public override EquatableArray<double>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new ConfigJsonException($"expected an array, found {ConfigBinding.Describe(reader.TokenType)}");
        }
        var values = new List<double>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            values.Add(ConfigDoubleConverter.ReadFinite(ref reader, $"[{values.Count}]"));
        }
        return new EquatableArray<double>([.. values]);
    }

    public override void Write(Utf8JsonWriter writer, EquatableArray<double>? value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNullValue();
            return;
        }
        writer.WriteStartArray();
        foreach (double v in value)
        {
            writer.WriteNumberValue(v);
        }
        writer.WriteEndArray();
    }
}

/// <summary><c>training.criticLoss</c>.</summary>
internal sealed class CriticLossConverter() : ConfigEnumConverter<CriticLoss>("critic loss", (CriticLoss.Mse, "mse"), (CriticLoss.Huber, "huber"));

/// <summary><c>signalling.topology</c>.</summary>
internal sealed class SignallingTopologyConverter() : ConfigEnumConverter<SignallingTopology>("topology",
    (SignallingTopology.Relay, "relay"), (SignallingTopology.Mesh, "mesh"));

/// <summary><c>policies.heuristic.interferenceEstimate</c>.</summary>
internal sealed class InterferenceEstimateConverter() : ConfigEnumConverter<InterferenceEstimate>("interference estimate",
    (InterferenceEstimate.Channel, "channel"), (InterferenceEstimate.Mean, "mean"), (InterferenceEstimate.ChannelOrMean, "max"));

/// <summary><c>policies.heuristic.hopeless</c>.</summary>
internal sealed class HopelessUeHandlingConverter() : ConfigEnumConverter<HopelessUeHandling>("handling",
    (HopelessUeHandling.Drop, "drop"), (HopelessUeHandling.Local, "local"), (HopelessUeHandling.MaxPower, "max-power"));

/// <summary><c>policies.heuristic.objective</c>.</summary>
internal sealed class HeuristicObjectiveConverter() : ConfigEnumConverter<HeuristicObjective>("objective",
    (HeuristicObjective.Energy, "energy"), (HeuristicObjective.Risk, "risk"));
