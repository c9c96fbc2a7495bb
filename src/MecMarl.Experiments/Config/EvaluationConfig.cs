using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using MecMarl.Simulation;

namespace MecMarl.Experiments;

/// <summary>The <c>evaluation</c> section of an experiment config (SPEC 9), bound from JSON by <see cref="ConfigBinding"/>.</summary>
public sealed record EvaluationConfig
{
    /// <summary>Evaluation episodes (SPEC 9 [choice]: 20).</summary>
    [Range(1, 1_000_000)]
    public int Episodes { get; init; } = 20;

    /// <summary>
    /// Seed of the evaluation episodes' fading and tasks (SPEC 9: different from training; training
    /// episodes draw from a hash of the training seed, so no value here collides with them).
    /// </summary>
    [JsonConverter(typeof(SeedConverter))]
    public ulong Seed { get; init; } = 20_210_001;

    internal void Validate(string file) => ConfigBinding.CheckRanges(this, ExperimentJsonContext.Default.EvaluationConfig, file, "evaluation");
}
