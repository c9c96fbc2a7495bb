namespace MecMarl.Simulation;

/// <summary>The error classes of SPEC section 4 that name invalid decisions and invalid files.</summary>
public static class ErrorClasses
{
    /// <summary>alpha outside [0, 1] (C2).</summary>
    public const string AlphaRange = "alpha_range";

    /// <summary>Transmit power outside [0, maxPowerW] (C6).</summary>
    public const string PowerRange = "power_range";

    /// <summary>MEC share outside [0, 1].</summary>
    public const string ShareRange = "share_range";

    /// <summary>Channel not an integer in 0..K-1 (C3).</summary>
    public const string ChannelRange = "channel_range";

    /// <summary>alpha &gt; 0 without a channel.</summary>
    public const string OffloadNeedsChannel = "offload_needs_channel";

    /// <summary>alpha &gt; 0 with power 0.</summary>
    public const string OffloadNeedsPower = "offload_needs_power";

    /// <summary>alpha &gt; 0 with share 0.</summary>
    public const string OffloadNeedsShare = "offload_needs_share";

    /// <summary>alpha = 0 with a channel.</summary>
    public const string LocalHasChannel = "local_has_channel";

    /// <summary>Two UEs of one cell on one channel (C4, C5); names the second holder.</summary>
    public const string ChannelConflict = "channel_conflict";

    /// <summary>Shares of a cell sum to more than 1 + 1e-9 (C7); names the UE that takes the sum over.</summary>
    public const string ShareSum = "share_sum";

    /// <summary>Wrong array lengths.</summary>
    public const string Shape = "shape";

    /// <summary>Malformed JSON, missing or unknown fields, wrong types, non-finite numbers, gains not &gt; 0.</summary>
    public const string Format = "format";
}
