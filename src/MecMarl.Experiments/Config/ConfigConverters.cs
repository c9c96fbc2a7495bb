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

/// <summary><c>schemes.&lt;id&gt;.critic</c> (<see cref="SchemeDescription.Critic"/>).</summary>
internal sealed class CriticViewConverter() : ConfigEnumConverter<CriticView>("critic", (CriticView.Local, "local"), (CriticView.Joint, "joint"));

/// <summary><c>schemes.&lt;id&gt;.reward</c> (<see cref="SchemeDescription.Reward"/>).</summary>
internal sealed class LearnedRewardConverter() : ConfigEnumConverter<LearnedReward>("reward",
    (LearnedReward.Local, "local"), (LearnedReward.Cooperative, "cooperative"), (LearnedReward.CooperativeMean, "cooperative-mean"),
    (LearnedReward.Difference, "difference"), (LearnedReward.DifferenceFromMean, "difference-mean"),
    (LearnedReward.DifferencePerUe, "difference-ue"));

/// <summary><c>schemes.&lt;id&gt;.replay</c> (<see cref="SchemeDescription.Replay"/>).</summary>
internal sealed class ReplayLayoutConverter() : ConfigEnumConverter<ReplayLayout>("replay", (ReplayLayout.PerAgent, "per-agent"), (ReplayLayout.Joint, "joint"));

/// <summary><c>schemes.&lt;id&gt;.parameterSharing</c> (<see cref="SchemeDescription.Sharing"/>).</summary>
internal sealed class ParameterSharingConverter() : ConfigEnumConverter<ParameterSharing>("parameter sharing",
    (ParameterSharing.None, "none"), (ParameterSharing.SharedWithAgentId, "shared-with-agent-id"));

/// <summary><c>schemes.&lt;id&gt;.initialModel</c> (<see cref="SchemeDescription.InitialModel"/>).</summary>
internal sealed class InitialModelConverter() : ConfigEnumConverter<InitialModel>("initial model", (InitialModel.Own, "own"), (InitialModel.Common, "common"));

/// <summary><c>schemes.&lt;id&gt;.learner</c> (<see cref="SchemeDescription.Learner"/>).</summary>
internal sealed class LearnerKindConverter() : ConfigEnumConverter<LearnerKind>("learner", (LearnerKind.Ddpg, "ddpg"), (LearnerKind.Ppo, "ppo"));

/// <summary><c>schemes.&lt;id&gt;.aggregation.weighting</c> (<see cref="FedAvgAggregation.Weighting"/>).</summary>
internal sealed class AggregationWeightingConverter() : ConfigEnumConverter<AggregationWeighting>("weighting",
    (AggregationWeighting.BatchSize, "batch-size"), (AggregationWeighting.Equal, "equal"), (AggregationWeighting.Samples, "samples"));

/// <summary><c>schemes.&lt;id&gt;.aggregation.quantization</c> (<see cref="FedAvgAggregation.Quantization"/>).</summary>
internal sealed class UploadQuantizationConverter() : ConfigEnumConverter<UploadQuantization>("quantization",
    (UploadQuantization.None, "none"), (UploadQuantization.Float16, "float16"), (UploadQuantization.EightBit, "int8"));

/// <summary><c>schemes.&lt;id&gt;.aggregation.topology</c> (<see cref="FedAvgAggregation.Topology"/>).</summary>
internal sealed class AggregationTopologyConverter() : ConfigEnumConverter<AggregationTopology>("topology",
    (AggregationTopology.Coordinator, "coordinator"), (AggregationTopology.Hierarchical, "hierarchical"), (AggregationTopology.Gossip, "gossip"));

/// <summary><c>schemes.&lt;id&gt;.ppo.std</c> (<see cref="PpoOptions.Std"/>).</summary>
internal sealed class PpoStdConverter() : ConfigEnumConverter<PpoStd>("std", (PpoStd.Learned, "learned"), (PpoStd.Schedule, "schedule"));

/// <summary>
/// <c>schemes.&lt;id&gt;.aggregation.networks</c> and <c>.targets</c> (<see cref="AggregatedNetworks"/>): an array of
/// distinct names <c>"actor"</c>, <c>"critic"</c>, written in that order.
/// </summary>
internal sealed class AggregatedNetworksConverter : JsonConverter<AggregatedNetworks>
{
    private static readonly (AggregatedNetworks Value, string Name)[] Names = [(AggregatedNetworks.Actor, "actor"), (AggregatedNetworks.Critic, "critic")];

    public override bool HandleNull => true;

    public override AggregatedNetworks Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new ConfigJsonException($"expected an array, found {ConfigBinding.Describe(reader.TokenType)}");
        }
        AggregatedNetworks networks = AggregatedNetworks.None;
        for (int i = 0; reader.Read() && reader.TokenType != JsonTokenType.EndArray; i++)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                throw new ConfigJsonException($"expected a string, found {ConfigBinding.Describe(reader.TokenType)}", $"[{i}]");
            }
            string name = reader.GetString()!;
            AggregatedNetworks one = Array.Find(Names, n => n.Name == name).Value;
            if (one == AggregatedNetworks.None)
            {
                throw new ConfigJsonException($"unknown network '{name}', expected \"actor\" or \"critic\"", $"[{i}]");
            }
            if ((networks & one) != 0)
            {
                throw new ConfigJsonException($"'{name}' is listed twice", $"[{i}]");
            }
            networks |= one;
        }
        return networks;
    }

    public override void Write(Utf8JsonWriter writer, AggregatedNetworks value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach ((AggregatedNetworks one, string name) in Names)
        {
            if ((value & one) != 0)
            {
                writer.WriteStringValue(name);
            }
        }
        writer.WriteEndArray();
    }
}
