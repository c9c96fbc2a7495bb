namespace MecMarl.Simulation;

/// <summary>
/// The decisions of every UE in one slot (SPEC 4), indexed by UE (the scenario's <c>ues</c> order):
/// offloading ratio, channel, transmit power and MEC share. A mutable buffer, reused across slots.
/// </summary>
public sealed class SlotDecisions
{
    /// <summary>Channel value of a UE without a channel (a local UE).</summary>
    public const int NoChannel = -1;

    /// <summary>Channel value of a channel read from a file that is not an integer (reported as <c>channel_range</c>).</summary>
    public const int InvalidChannel = int.MinValue;

    /// <summary>Creates decisions for <paramref name="ueCount"/> UEs, all local.</summary>
    public SlotDecisions(int ueCount)
    {
        Alpha = new double[ueCount];
        Channel = new int[ueCount];
        PowerW = new double[ueCount];
        Share = new double[ueCount];
        Array.Fill(Channel, NoChannel);
    }

    /// <summary>Number of UEs.</summary>
    public int Count => Alpha.Length;

    /// <summary>Offloading ratio alpha_n in [0, 1].</summary>
    public double[] Alpha { get; }

    /// <summary>Channel k_n in 0..K-1, or <see cref="NoChannel"/>.</summary>
    public int[] Channel { get; }

    /// <summary>Transmit power p_n, W.</summary>
    public double[] PowerW { get; }

    /// <summary>Share f_n of the serving MEC server's CPU in [0, 1].</summary>
    public double[] Share { get; }

    /// <summary>Sets the decision of one UE.</summary>
    public void Set(int ue, double alpha, int channel, double powerW, double share)
    {
        Alpha[ue] = alpha;
        Channel[ue] = channel;
        PowerW[ue] = powerW;
        Share[ue] = share;
    }

    /// <summary>
    /// Writes the channel every UE transmits on (eq. 1: a UE transmits when alpha &gt; 0), or <see cref="NoChannel"/>
    /// for a UE that computes locally, into <paramref name="destination"/> (one entry per UE).
    /// </summary>
    public void TransmitChannels(Span<int> destination)
    {
        for (int u = 0; u < Alpha.Length; u++)
        {
            destination[u] = Alpha[u] > 0 ? Channel[u] : NoChannel;
        }
    }

    /// <summary>Makes UE <paramref name="ue"/> compute locally (alpha 0, no channel, p 0, f 0).</summary>
    public void SetLocal(int ue) => Set(ue, 0.0, NoChannel, 0.0, 0.0);

    /// <summary>Copies these decisions into <paramref name="destination"/>.</summary>
    public void CopyTo(SlotDecisions destination)
    {
        Alpha.CopyTo(destination.Alpha, 0);
        Channel.CopyTo(destination.Channel, 0);
        PowerW.CopyTo(destination.PowerW, 0);
        Share.CopyTo(destination.Share, 0);
    }

    /// <summary>A copy of these decisions.</summary>
    public SlotDecisions Clone()
    {
        var copy = new SlotDecisions(Count);
        CopyTo(copy);
        return copy;
    }
}
