namespace MecMarl.Experiments;

/// <summary>One point of a sweep grid: its values (one per axis), resolved config and folder.</summary>
/// <param name="Index">Position in the grid (first axis outermost).</param>
/// <param name="Values">The value of each axis, as given.</param>
/// <param name="Reproduction">The point's reproduction folder (runs, fixed evaluations, config.json).</param>
/// <param name="Layers">The config layers of the point (the sweep's, then <c>--vary</c> values).</param>
public sealed record SweepPoint(int Index, IReadOnlyList<string> Values, Reproduction Reproduction, ConfigLayers Layers)
{
    /// <summary>The point's resolved config.</summary>
    public ExperimentConfig Config => Reproduction.Config;
}
