using System.Text.Json.Serialization;
using MecMarl.Learning;
using MecMarl.Simulation;

namespace MecMarl.Experiments;

/// <summary>
/// System.Text.Json metadata of the experiment sections bound from JSON (<c>training</c>, each scheme of <c>schemes</c>,
/// <c>evaluation</c>, <c>policies</c>, <c>signalling</c>; generated at build time): camelCase names, unknown members rejected, and the
/// config converters that give the messages of <see cref="ConfigBinding"/>.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectNullableAnnotations = true,
    Converters = [
        typeof(ConfigInt32Converter), typeof(ConfigDoubleConverter), typeof(ConfigNullableDoubleConverter), typeof(ConfigNullableSingleConverter),
        typeof(ConfigBooleanConverter), typeof(CriticLossConverter), typeof(SignallingTopologyConverter), typeof(InterferenceEstimateConverter),
        typeof(HopelessUeHandlingConverter), typeof(HeuristicObjectiveConverter),
        typeof(CriticViewConverter), typeof(LearnedRewardConverter), typeof(ReplayLayoutConverter), typeof(ParameterSharingConverter),
        typeof(InitialModelConverter), typeof(LearnerKindConverter), typeof(AggregationWeightingConverter), typeof(UploadQuantizationConverter),
        typeof(AggregationTopologyConverter), typeof(PpoStdConverter), typeof(AggregatedNetworksConverter)])]
[JsonSerializable(typeof(TrainingConfig))]
[JsonSerializable(typeof(SchemeDescription))]
[JsonSerializable(typeof(EvaluationConfig))]
[JsonSerializable(typeof(PoliciesConfig))]
[JsonSerializable(typeof(SignallingConfig))]
internal sealed partial class ExperimentJsonContext : JsonSerializerContext;
