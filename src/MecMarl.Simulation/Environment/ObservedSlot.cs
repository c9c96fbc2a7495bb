namespace MecMarl.Simulation;

/// <summary>
/// What the agents observe of one slot, as a decoder that reads it keeps it between
/// <see cref="IActionDecoder.BeginSlot"/> and its <see cref="IActionDecoder.Decode"/> calls (SPEC 7): the gains
/// (<see cref="ScenarioLayout.GainIndex"/>), the tasks, and the interference I[k](m) of the previous slot (flat m * K + k, W).
/// Allocated once per layout; <see cref="Copy"/> allocates nothing.
/// </summary>
internal sealed class ObservedSlot(ScenarioLayout layout)
{
    /// <summary>Channel gains of the slot, flat by <see cref="ScenarioLayout.GainIndex"/>.</summary>
    public double[] Gains { get; } = new double[layout.GainCount];

    /// <summary>Every UE's task of the slot.</summary>
    public UeTask[] Tasks { get; } = new UeTask[layout.UeCount];

    /// <summary>I[k](m) of the previous slot, W, flat m * K + k (zeros at slot 0).</summary>
    public double[] PreviousInterferenceW { get; } = new double[layout.SbsCount * layout.Channels];

    /// <summary>The channel every UE transmitted on in the previous slot, -1 for none (local computing, slot 0, or not given).</summary>
    public int[] PreviousChannels { get; } = new int[layout.UeCount];

    /// <summary>Copies the slot's observation in; <paramref name="previousChannels"/> empty means none known (all -1).</summary>
    public void Copy(ReadOnlySpan<double> gains, ReadOnlySpan<UeTask> tasks, ReadOnlySpan<double> previousInterferenceW,
        ReadOnlySpan<int> previousChannels = default)
    {
        gains.CopyTo(Gains);
        tasks.CopyTo(Tasks);
        previousInterferenceW.CopyTo(PreviousInterferenceW);
        if (previousChannels.IsEmpty)
        {
            Array.Fill(PreviousChannels, SlotDecisions.NoChannel);
        }
        else
        {
            previousChannels.CopyTo(PreviousChannels);
        }
    }
}
