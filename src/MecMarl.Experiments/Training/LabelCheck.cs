namespace MecMarl.Experiments;

/// <summary>How far the heuristic decoder can express the teacher (<see cref="YardstickImitation.CheckLabels"/>): deadlines met
/// (SPEC 9, %) on the same evaluation episodes by the yardstick, by its labels decoded with full knowledge of the slot (what a
/// perfect imitator would do), and by the plain heuristic.</summary>
/// <param name="Episodes">Evaluation episodes played.</param>
/// <param name="EvalSeed">Their seed (<c>MecEnvironment.EpisodeSeed(evalSeed, e)</c>, as evaluation).</param>
/// <param name="YardstickPct">The yardstick's deadlines met.</param>
/// <param name="LabelsPct">The labels' deadlines met, through the scheme's heuristic decoder.</param>
/// <param name="HeuristicPct">The plain heuristic's deadlines met.</param>
public sealed record LabelCheck(int Episodes, ulong EvalSeed, double YardstickPct, double LabelsPct, double HeuristicPct);
