namespace MecMarl.Simulation;

/// <summary>The decoders selectable by <see cref="EnvironmentConfig.Decoder"/>.</summary>
public static class ActionDecoders
{
    /// <summary>Creates the decoder that <paramref name="config"/> selects for <paramref name="layout"/>.</summary>
    public static IActionDecoder Create(ScenarioLayout layout, EnvironmentConfig config) => config.Decoder switch
    {
        DecoderKind.DeadlineAware => new DeadlineAwareDecoder(layout, config),
        DecoderKind.Heuristic => new HeuristicDecoder(layout, config),
        _ => new GreedyActionDecoder(layout, config),
    };
}
