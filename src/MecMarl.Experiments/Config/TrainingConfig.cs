using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using MecMarl.Learning;
using MecMarl.Simulation;

namespace MecMarl.Experiments;

/// <summary>
/// The <c>training</c> section of an experiment config: every SPEC 8 hyperparameter with the
/// paper's default, and the documented options beyond the paper (each off by default;
/// <c>configs/tuned.json</c> turns the useful ones on; docs/schemes.md and docs/reproduction.md).
/// The DDPG hyperparameters are the inherited <see cref="DdpgOptions"/> properties, written flat in the
/// section; the record is bound from JSON by <see cref="ConfigBinding"/> (one property per JSON field,
/// camelCase) and checked by <see cref="Validate"/>.
/// </summary>
public sealed record TrainingConfig : DdpgOptions
{
    /// <summary>Fields that left this section, with where they went (docs/schemes.md).</summary>
    internal static IReadOnlyDictionary<string, string> Moved { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["episodesPerRound"] = "moved: the F-DRL aggregation period is now schemes.f-drl.aggregation.periodEpisodes (docs/schemes.md)",
        ["cooperativeRewardMean"] = "moved: write \"schemes\": { \"ma-drl\": { \"reward\": \"cooperative-mean\" } } instead (docs/schemes.md)",
    };

    /// <summary>The DDPG hyperparameters of every agent (SPEC 8; <see cref="DdpgOptions"/> documents each), without this section's own fields.</summary>
    [JsonIgnore]
    public DdpgOptions Learner => ToDdpgOptions();

    /// <summary>Training episodes per scheme and seed (each <c>environment.slotsPerEpisode</c> slots).</summary>
    [JsonPropertyOrder(-2)]
    [Range(1, 10_000_000)]
    public int Episodes { get; init; } = 300;

    /// <summary>
    /// Seed of the network layout (SBS and UE positions, shadowing; SPEC 1), shared by training and
    /// evaluation so that every scheme and seed works on the same deployment.
    /// </summary>
    [JsonPropertyOrder(-1), JsonConverter(typeof(SeedConverter))]
    public ulong LayoutSeed { get; init; } = 1;

    /// <summary>
    /// Fraction of all training slots over which the noise std decays linearly from start to end
    /// (SPEC 8: 1, the whole run); afterwards it stays at <see cref="DdpgOptions.NoiseStdEnd"/>.
    /// </summary>
    [JsonPropertyOrder(1)]
    [Range(0.0, 1.0, MinimumIsExclusive = true)]
    public double NoiseDecayFraction { get; init; } = 1.0;

    /// <summary>Factor applied to every reward stored for learning (SPEC 8: 1, no scaling). Metrics always use the unscaled rewards.</summary>
    [JsonPropertyOrder(3)]
    [Range(1e-6, 1e3, ErrorMessage = "must be between 1E-06 and 1000")]
    public double RewardScale { get; init; } = 1.0;

    /// <summary>Episodes between two resume checkpoints (the last episode is always checkpointed).</summary>
    [JsonPropertyOrder(5)]
    [Range(1, int.MaxValue)]
    public int CheckpointEveryEpisodes { get; init; } = 25;

    /// <summary>
    /// A trained policy whose actors the learning schemes start from instead of their initial draw
    /// (docs/schemes.md, "Starting from a trained policy"): a policy file (<c>policy.ckpt</c>,
    /// docs/policy-format.md), a run folder holding one, or an output folder of <c>reproduce</c>, of
    /// which the run of the same scheme and seed (<c>runs/&lt;scheme&gt;-seed&lt;seed&gt;</c>) is taken.
    /// The policy must have one actor per SBS mapping each SBS's observation to its action under this
    /// config; value networks, critics, optimisers and random streams start as without it. A path
    /// relative to the working directory. Null (the default, not written): every actor starts from its
    /// SPEC 8 initialisation.
    /// </summary>
    [JsonPropertyOrder(6), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? InitPolicy { get; init; }

    /// <summary>
    /// Selection against the start (docs/schemes.md, "Keeping the start when training did not
    /// improve on it"): when set, the actors training started from (<see cref="InitPolicy"/> or the
    /// SPEC 8 initialisation) and the trained actors each play this many episodes of the training
    /// layout, without noise, from a selection stream of the training seed (neither the training
    /// episodes nor any evaluation seed), and the run keeps the actors with the higher mean system
    /// reward per episode (SPEC 6; the trained ones on a tie) as its policy. Null (the default, not
    /// written): the trained actors are kept, as SPEC 8 has it. Episodes, 1 to 100,000.
    /// </summary>
    [JsonPropertyOrder(7), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Range(1, 100_000)]
    public int? SelectionEpisodes { get; init; }

    /// <summary>
    /// Checks the section: the ranges declared on the properties (<see cref="ConfigBinding.CheckRanges"/>),
    /// then the layer widths and the values that depend on each other; throws <see cref="ConfigException"/> naming the JSON path.
    /// </summary>
    internal void Validate(string file)
    {
        ConfigBinding.CheckRanges(this, ExperimentJsonContext.Default.TrainingConfig, file, "training");
        void Fail(string field, string problem) => throw new ConfigException(file, "training." + field, problem);
        void Widths(string field, IReadOnlyList<int> widths)
        {
            if (widths.Count == 0)
            {
                Fail(field, "expected a non-empty list of layer widths");
            }
            for (int i = 0; i < widths.Count; i++)
            {
                if (widths[i] is < 1 or > 65_536)
                {
                    Fail($"{field}[{i}]", $"a layer width must be between 1 and 65536, found {widths[i]}");
                }
            }
        }
        if (InitPolicy is not null && string.IsNullOrWhiteSpace(InitPolicy))
        {
            Fail("initPolicy", "expected the path of a policy file, a run folder or a reproduce output folder, found an empty string");
        }
        Widths("actorHidden", ActorHidden);
        Widths("criticHidden", CriticHidden);
        if (BufferCapacity < BatchSize || BufferCapacity > 100_000_000)
        {
            Fail("bufferCapacity", $"must be at least training.batchSize = {BatchSize} and at most 100000000, found {BufferCapacity}");
        }
        if (LearningStarts < BatchSize || LearningStarts > BufferCapacity)
        {
            Fail("learningStarts", $"must be between training.batchSize = {BatchSize} and training.bufferCapacity = {BufferCapacity}, found {LearningStarts}");
        }
    }
}
