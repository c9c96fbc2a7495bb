namespace MecMarl.Simulation;

/// <summary>
/// Turns an agent's raw action vector into valid decisions for the UEs of its cell (SPEC 7). A
/// replaceable component: <see cref="GreedyActionDecoder"/> is the SPEC decoder; a Hungarian
/// matching decoder is a natural alternative.
/// </summary>
public interface IActionDecoder
{
    /// <summary>
    /// Decodes the action of agent <paramref name="cell"/> (length N_m * (3 + K), UE-major, per UE
    /// <c>[alpha, powerFraction, shareWeight, score_0 .. score_{K-1}]</c>) into the decisions of
    /// the cell's UEs in <paramref name="decisions"/>; other UEs are left untouched. Values outside
    /// [0, 1] are clipped; a NaN throws <see cref="ArgumentException"/>.
    /// </summary>
    void Decode(int cell, ReadOnlySpan<double> action, SlotDecisions decisions);

    /// <summary>
    /// Called once per slot before the agents' actions are decoded, with what the agents observe of
    /// that slot: the gains <paramref name="gains"/> (layout <see cref="ScenarioLayout.GainIndex"/>; the
    /// own-cell entries, which every agent observes, are always set), the tasks, and the interference
    /// I[k](m) of the previous slot (flat m * K + k, W; zeros at slot 0). Decoders that only map the
    /// action ignore it.
    /// </summary>
    void BeginSlot(ReadOnlySpan<double> gains, ReadOnlySpan<UeTask> tasks, ReadOnlySpan<double> previousInterferenceW)
    {
    }

    /// <summary>
    /// The environment's call at the start of a slot: what <c>BeginSlot</c> with three arguments receives, and
    /// <paramref name="previousChannels"/>, the channel every UE transmitted on in the previous slot (-1 for a UE that
    /// computed locally, and for every UE at slot 0), which each SBS knows of its own UEs since it decided it. By
    /// default it forwards to the three-argument call; decoders that use the history override it.
    /// </summary>
    void BeginSlotWithHistory(ReadOnlySpan<double> gains, ReadOnlySpan<UeTask> tasks, ReadOnlySpan<double> previousInterferenceW,
        ReadOnlySpan<int> previousChannels) => BeginSlot(gains, tasks, previousInterferenceW);
}
