using MecMarl.Experiments;

namespace MecMarl.Cli;

/// <summary>An experiment config and the layers it was resolved from.</summary>
/// <param name="Config">The resolved config.</param>
/// <param name="Layers">The <c>--config</c> files and <c>--set</c> values it came from.</param>
internal sealed record ResolvedConfig(ExperimentConfig Config, ConfigLayers Layers);
