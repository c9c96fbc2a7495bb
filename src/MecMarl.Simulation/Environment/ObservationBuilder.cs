namespace MecMarl.Simulation;

/// <summary>
/// Builds the observation of an agent (SPEC 7), UE-major, length N_m * (K + 3) + K: per UE of the
/// cell (in <c>ues</c> order) its K own-cell gains normalized <c>(10 log10(h) + 115) / 15</c>, then
/// <c>d/d_max</c>, <c>omega/omega_max</c>, <c>T~/T~_max</c>; then the K interference values
/// <c>log10(1 + I[k](m) / (N0 B))</c> of the previous slot (other cells' UEs only; zeros at slot 0).
/// With <see cref="EnvironmentConfig.ObserveLastChannel"/>, N_m * K more values follow: per UE, 1 on
/// the channel it transmitted on in the previous slot, 0 elsewhere. The double-precision reference
/// path, used for observation files.
/// </summary>
public static class ObservationBuilder
{
    /// <summary>Observation length of agent <paramref name="cell"/>: N_m * (K + 3) + K, plus N_m * K with <paramref name="lastChannel"/>.</summary>
    public static int Size(ScenarioLayout layout, int cell, bool lastChannel = false) =>
        layout.CellSize(cell) * (layout.Channels + 3) + layout.Channels + (lastChannel ? layout.CellSize(cell) * layout.Channels : 0);

    /// <summary>Writes agent <paramref name="cell"/>'s observation into <paramref name="destination"/>.</summary>
    /// <param name="layout">The layout.</param>
    /// <param name="norm">Normalization constants.</param>
    /// <param name="cell">Agent (SBS) index.</param>
    /// <param name="gains">Flat gains of the slot; only own-cell gains are read.</param>
    /// <param name="tasks">Tasks of the slot.</param>
    /// <param name="previousInterferenceW">I[k](m) of the previous slot, flat [m * K + k], or empty at slot 0.</param>
    /// <param name="destination">Output, length <see cref="Size"/> (with the last-channel values when
    /// <paramref name="previousChannels"/> is not empty).</param>
    /// <param name="previousChannels">The channel every UE transmitted on in the previous slot (-1: none), per UE;
    /// empty (the default) for SPEC 7's observation without the last-channel values.</param>
    public static void Build(ScenarioLayout layout, ObservationNormalization norm, int cell, ReadOnlySpan<double> gains,
        ReadOnlySpan<UeTask> tasks, ReadOnlySpan<double> previousInterferenceW, Span<double> destination,
        ReadOnlySpan<int> previousChannels = default)
    {
        int k = layout.Channels;
        bool lastChannel = !previousChannels.IsEmpty;
        ReadOnlySpan<int> ues = layout.CellUes(cell);
        if (destination.Length != Size(layout, cell, lastChannel))
        {
            throw new ArgumentException($"observation buffer has {destination.Length} values, expected {Size(layout, cell, lastChannel)}", nameof(destination));
        }
        int o = 0;
        foreach (int u in ues)
        {
            int g = layout.GainIndex(u, cell, 0);
            for (int c = 0; c < k; c++)
            {
                destination[o++] = (10.0 * Math.Log10(gains[g + c]) + norm.GainDbOffset) / norm.GainDbScale;
            }
            UeTask t = tasks[u];
            destination[o++] = t.Bits / norm.MaxBits;
            destination[o++] = t.Cycles / norm.MaxCycles;
            destination[o++] = t.DeadlineS / norm.MaxDeadlineS;
        }
        double noiseW = layout.NoisePowerW;
        for (int c = 0; c < k; c++)
        {
            destination[o++] = previousInterferenceW.IsEmpty ? 0.0 : Math.Log10(1.0 + previousInterferenceW[cell * k + c] / noiseW);
        }
        if (lastChannel)
        {
            foreach (int u in ues)
            {
                for (int c = 0; c < k; c++)
                {
                    destination[o++] = previousChannels[u] == c ? 1.0 : 0.0;
                }
            }
        }
    }
}
