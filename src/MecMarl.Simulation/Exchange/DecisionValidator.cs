using System.Globalization;

namespace MecMarl.Simulation;

/// <summary>
/// Checks decisions against the constraints of SPEC 4 (paper C2-C7). Reports the first violation in
/// slot order, then <c>ues</c> order; per UE the checks run in the order alpha_range, power_range,
/// share_range, channel_range, offload_needs_channel, offload_needs_power, offload_needs_share,
/// local_has_channel, channel_conflict, share_sum. Never repairs anything.
/// </summary>
public static class DecisionValidator
{
    /// <summary>Tolerance of the share sum: a cell's shares may sum to at most 1 + 1e-9 (C7).</summary>
    public const double ShareSumTolerance = 1e-9;

    /// <summary>The first violation over all slots, or null when every slot is valid.</summary>
    public static DecisionViolation? FindFirst(ScenarioLayout layout, IReadOnlyList<SlotDecisions> slots)
    {
        for (int t = 0; t < slots.Count; t++)
        {
            if (FindFirst(layout, slots[t], t) is { } v)
            {
                return v;
            }
        }
        return null;
    }

    /// <summary>The first violation of one slot's decisions (labelled slot <paramref name="slot"/>), or null.</summary>
    public static DecisionViolation? FindFirst(ScenarioLayout layout, SlotDecisions d, int slot)
    {
        if (d.Count != layout.UeCount)
        {
            return new DecisionViolation(ErrorClasses.Shape, slot, 0, 0, "ues",
                $"invalid decisions: slot {slot}: shape: {d.Count} UE decisions for {layout.UeCount} UEs");
        }
        int k = layout.Channels;
        var holder = new int[layout.SbsCount * k];
        Array.Fill(holder, -1);
        var shareSum = new double[layout.SbsCount];
        for (int u = 0; u < d.Count; u++)
        {
            int cell = layout.UeCell[u];
            double alpha = d.Alpha[u], p = d.PowerW[u], f = d.Share[u];
            int ch = d.Channel[u];
            double pMax = layout.UeMaxPowerW[u];

            DecisionViolation V(string constraint, string field, string detail) =>
                new(constraint, slot, cell, u, field, $"invalid decisions: slot {slot}, cell {cell}, UE {u}: {constraint}: {detail}");

            if (!(alpha >= 0 && alpha <= 1))
            {
                return V(ErrorClasses.AlphaRange, "alpha", $"alpha {F(alpha)} is not in [0, 1]");
            }
            if (!(p >= 0 && p <= pMax))
            {
                return V(ErrorClasses.PowerRange, "powerW", $"power {F(p)} W is not in [0, {F(pMax)}]");
            }
            if (!(f >= 0 && f <= 1))
            {
                return V(ErrorClasses.ShareRange, "share", $"share {F(f)} is not in [0, 1]");
            }
            if (ch != SlotDecisions.NoChannel && (ch < 0 || ch >= k))
            {
                return V(ErrorClasses.ChannelRange, "channel",
                    ch == SlotDecisions.InvalidChannel ? $"channel is not an integer in 0..{k - 1}" : $"channel {ch} is not in 0..{k - 1}");
            }
            if (alpha > 0)
            {
                if (ch == SlotDecisions.NoChannel)
                {
                    return V(ErrorClasses.OffloadNeedsChannel, "channel", $"alpha {F(alpha)} > 0 but no channel");
                }
                if (!(p > 0))
                {
                    return V(ErrorClasses.OffloadNeedsPower, "powerW", $"alpha {F(alpha)} > 0 but power 0");
                }
                if (!(f > 0))
                {
                    return V(ErrorClasses.OffloadNeedsShare, "share", $"alpha {F(alpha)} > 0 but share 0");
                }
            }
            else if (ch != SlotDecisions.NoChannel)
            {
                return V(ErrorClasses.LocalHasChannel, "channel", $"alpha 0 but channel {ch}");
            }
            if (ch != SlotDecisions.NoChannel)
            {
                int first = holder[cell * k + ch];
                if (first >= 0)
                {
                    return V(ErrorClasses.ChannelConflict, "channel", $"channel {ch} is already used by UE {first} of the cell");
                }
                holder[cell * k + ch] = u;
            }
            shareSum[cell] += f;
            if (shareSum[cell] > 1 + ShareSumTolerance)
            {
                return V(ErrorClasses.ShareSum, "share", $"shares of the cell sum to {F(shareSum[cell])} > 1");
            }
        }
        return null;
    }

    private static string F(double v) => v.ToString("G15", CultureInfo.InvariantCulture);
}
