namespace MecMarl.Experiments;

/// <summary>The result of one unit: the SPEC 9 metrics and, for a learning scheme, the training wall time (s, summed over resumes).</summary>
/// <param name="Unit">The unit.</param>
/// <param name="Result">Evaluation metrics.</param>
/// <param name="TrainWallSeconds">Training wall time in seconds (episodes.csv); null for a fixed scheme.</param>
public sealed record SweepRow(SweepUnit Unit, EvaluationResult Result, double? TrainWallSeconds);
