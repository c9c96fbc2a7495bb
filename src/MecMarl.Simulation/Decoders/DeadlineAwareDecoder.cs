namespace MecMarl.Simulation;

/// <summary>
/// A structured action parametrization (docs/decoders.md), an alternative to the SPEC 7 decoder:
/// the same action vector per UE <c>[alpha, power, shareWeight, score_0 .. score_{K-1}]</c> in
/// [0, 1], read against what the agent observes of the slot (its own cell's gains, the tasks and
/// the previous slot's interference at its SBS), so that a mid-range action is already a sensible
/// decision and learning only has to correct it.
/// <list type="number">
/// <item>Candidates: alpha &gt;= alphaMin, as SPEC 7 step 1.</item>
/// <item>Channels: greedy maximum of <c>score + decoderGainWeight * g</c> over the cell's (candidate,
/// channel) pairs, with g the observed gain feature <c>(10 log10 h + gainDbOffset) / gainDbScale</c>;
/// ties and leftovers as SPEC 7 step 2.</item>
/// <item>Shares: <c>f_n ∝ alpha_n omega_n max(w_n, minShareWeight)</c> over the cell's offloading UEs.</item>
/// <item>Power: the power that would meet <c>(1 - decoderDeadlineMargin) T~_n</c> if the interference
/// were the previous slot's, <c>p_req = (2^(alpha d / (B t)) - 1) (N0 B + I_prev[k]) / h</c> with
/// <c>t = (1 - margin) T~ - alpha omega / (f C_bar)</c>, scaled by <c>10^(decades (a_p - 1/2))</c> and
/// clipped to [minPowerFraction P_max, P_max]; P_max when t &lt;= 0.</item>
/// </list>
/// Everything it reads is part of the agent's observation (SPEC 7), so it is a fixed layer of
/// the agent's policy, not extra knowledge. Allocation-free after construction.
/// </summary>
public sealed class DeadlineAwareDecoder : IActionDecoder
{
    private readonly ScenarioLayout _layout;
    private readonly EnvironmentConfig _config;
    private readonly GreedyChannelMatcher _matcher;
    private readonly double[] _preference;
    private readonly bool[] _candidate;
    private readonly int[] _assigned;
    private readonly ObservedSlot _slot;

    /// <summary>Creates the decoder for a layout and the decoder constants of <paramref name="config"/>.</summary>
    public DeadlineAwareDecoder(ScenarioLayout layout, EnvironmentConfig config)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(config);
        _layout = layout;
        _config = config;
        int n = layout.MaxCellSize;
        _matcher = new GreedyChannelMatcher(n, layout.Channels);
        _preference = new double[n * layout.Channels];
        _candidate = new bool[n];
        _assigned = new int[n];
        _slot = new ObservedSlot(layout);
    }

    /// <inheritdoc />
    public void BeginSlot(ReadOnlySpan<double> gains, ReadOnlySpan<UeTask> tasks, ReadOnlySpan<double> previousInterferenceW) =>
        _slot.Copy(gains, tasks, previousInterferenceW);

    /// <inheritdoc />
    public void Decode(int cell, ReadOnlySpan<double> action, SlotDecisions decisions)
    {
        ScenarioLayout l = _layout;
        ReadOnlySpan<int> ues = l.CellUes(cell);
        int n = ues.Length, k = l.Channels, stride = 3 + k;
        if (action.Length != n * stride)
        {
            throw new ArgumentException($"agent {cell}: action has {action.Length} values, expected N_m*(3+K) = {n * stride}", nameof(action));
        }
        for (int i = 0; i < action.Length; i++)
        {
            if (double.IsNaN(action[i]))
            {
                throw new ArgumentException($"agent {cell}: action value {i} (UE {i / stride} of the cell, entry {i % stride}) is NaN", nameof(action));
            }
        }

        // Steps 1-2: candidates and channels by score plus observed gain.
        double gainWeight = _config.DecoderGainWeight, offset = _config.GainDbOffset, scale = _config.GainDbScale;
        Span<double> preference = _preference.AsSpan(0, n * k);
        for (int i = 0; i < n; i++)
        {
            _candidate[i] = Clip(action[i * stride]) >= _config.AlphaMin;
            int g0 = l.GainIndex(ues[i], cell, 0);
            for (int c = 0; c < k; c++)
            {
                double feature = (10.0 * Math.Log10(_slot.Gains[g0 + c]) + offset) / scale;
                preference[i * k + c] = Clip(action[i * stride + 3 + c]) + gainWeight * feature;
            }
        }
        _matcher.Match(preference, n, _candidate, _assigned);

        // Step 3: shares proportional to alpha * omega * weight.
        double weightSum = 0;
        for (int i = 0; i < n; i++)
        {
            if (_assigned[i] != SlotDecisions.NoChannel)
            {
                weightSum += ShareWeight(action, i, stride, ues[i]);
            }
        }

        // Step 4: power relative to the estimated requirement.
        double noise = l.NoisePowerW, bandwidth = l.BandwidthHz, edgeCpu = l.SbsCpuHz[cell];
        double margin = _config.DecoderDeadlineMargin, decades = _config.DecoderPowerRangeDecades;
        for (int i = 0; i < n; i++)
        {
            int u = ues[i];
            int ch = _assigned[i];
            if (ch == SlotDecisions.NoChannel)
            {
                decisions.SetLocal(u);
                continue;
            }
            int b = i * stride;
            double alpha = Clip(action[b]);
            double share = ShareWeight(action, i, stride, u) / weightSum;
            UeTask t = _slot.Tasks[u];
            double pMax = l.UeMaxPowerW[u];
            double transmitTime = (1 - margin) * t.DeadlineS - alpha * t.Cycles / (share * edgeCpu);
            double power = pMax;
            if (transmitTime > 0)
            {
                double sinr = Math.Exp(Math.Log(2) * alpha * t.Bits / (bandwidth * transmitTime)) - 1;
                double required = sinr * (noise + _slot.PreviousInterferenceW[cell * k + ch]) / _slot.Gains[l.GainIndex(u, cell, ch)];
                power = required * Math.Pow(10, decades * (Clip(action[b + 1]) - 0.5));
            }
            power = Math.Clamp(double.IsFinite(power) ? power : pMax, _config.MinPowerFraction * pMax, pMax);
            decisions.Set(u, alpha, ch, power, share);
        }
    }

    private double ShareWeight(ReadOnlySpan<double> action, int i, int stride, int ue) =>
        Clip(action[i * stride]) * _slot.Tasks[ue].Cycles * Math.Max(Clip(action[i * stride + 2]), _config.MinShareWeight);

    private static double Clip(double v) => v < 0 ? 0 : v > 1 ? 1 : v;
}
