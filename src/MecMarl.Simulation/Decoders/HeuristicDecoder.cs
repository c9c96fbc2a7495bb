namespace MecMarl.Simulation;

/// <summary>
/// A residual action decoder over the <c>heuristic</c> policy (JSON <c>environment.decoder</c> "heuristic";
/// docs/dense.md): the agent's action does not describe the decisions, it corrects what <see cref="HeuristicPolicy"/>
/// decides for the agent's cell from the same observation. Per UE, with an entry a in [0, 1] acting as the factor
/// 10^(decades (a - 1/2)) (decades = <see cref="EnvironmentConfig.DecoderPowerRangeDecades"/>):
/// <list type="bullet">
/// <item>alpha entry: scales the admission limit (a UE whose least power exceeds it is planned with partial
/// offloading or left out; above P_max, a UE the estimate calls hopeless is still sent, at P_max);</item>
/// <item>power entry: scales the planned least power (capped at P_max);</item>
/// <item>share entry: scales the UE's weight in the cycle-proportional MEC shares;</item>
/// <item>score entries: divide the cost of the (UE, channel) pair in the channel matching.</item>
/// </list>
/// An action of 0.5 everywhere gives exactly the heuristic's decisions, so an agent whose actor starts near
/// 0.5 (SPEC 8's output-layer initialisation) starts as the heuristic and learns corrections to it. It reads
/// only what the agent observes (SPEC 7), like the heuristic itself. Allocation-free after construction.
/// </summary>
public sealed class HeuristicDecoder : IActionDecoder
{
    private readonly ScenarioLayout _layout;
    private readonly HeuristicPolicy _policy;
    private readonly ObservedSlot _slot;

    /// <summary>Creates the decoder for a layout, the heuristic's options and the environment's decoder constants.</summary>
    public HeuristicDecoder(ScenarioLayout layout, EnvironmentConfig config)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(config);
        _layout = layout;
        _policy = new HeuristicPolicy(layout, config.Heuristic) { AdjustmentDecades = config.DecoderPowerRangeDecades };
        _slot = new ObservedSlot(layout);
    }

    /// <inheritdoc />
    public void BeginSlot(ReadOnlySpan<double> gains, ReadOnlySpan<UeTask> tasks, ReadOnlySpan<double> previousInterferenceW) =>
        _slot.Copy(gains, tasks, previousInterferenceW);

    /// <inheritdoc />
    public void BeginSlotWithHistory(ReadOnlySpan<double> gains, ReadOnlySpan<UeTask> tasks, ReadOnlySpan<double> previousInterferenceW,
        ReadOnlySpan<int> previousChannels) =>
        _slot.Copy(gains, tasks, previousInterferenceW, previousChannels);

    /// <inheritdoc />
    public void Decode(int cell, ReadOnlySpan<double> action, SlotDecisions decisions)
    {
        int k = _layout.Channels;
        if (action.IsEmpty)
        {
            throw new ArgumentException($"agent {cell}: action has no values, expected N_m*(3+K) = {_layout.CellUes(cell).Length * (3 + k)}", nameof(action));
        }
        _policy.DecideCell(cell, _slot.Gains, _slot.Tasks, _slot.PreviousInterferenceW.AsSpan(cell * k, k), decisions, action,
            _slot.PreviousChannels);
    }
}
