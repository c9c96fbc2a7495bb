using System.Text.Json.Serialization;

namespace MecMarl.Simulation;

/// <summary>The radio channel of SPEC section 2 and the uplink constants of section 1. JSON section <c>channel</c>.</summary>
public sealed record ChannelConfig
{
    /// <summary>Orthogonal channels K, fully reused by every cell (SPEC 1; JSON <c>channels</c>, default 16).</summary>
    public int Channels { get; init; } = 16;

    /// <summary>Bandwidth B of each channel, Hz (SPEC 1; JSON <c>bandwidthMhz</c> in MHz, default 10).</summary>
    [JsonPropertyName("bandwidthMhz"), JsonConverter(typeof(MhzConverter))]
    public double BandwidthHz { get; init; } = Units.MhzToHz(10.0);

    /// <summary>Noise power spectral density N0, dBm/Hz (kept in dBm/Hz as in the scenario file; SPEC 1; JSON <c>noiseDbmPerHz</c>, default -174).</summary>
    public double NoiseDbmPerHz { get; init; } = -174.0;

    /// <summary>UE maximum transmit power P_max, W: one value or one per UE (SPEC 1; JSON <c>maxPowerDbm</c> in dBm, default 23).</summary>
    [JsonPropertyName("maxPowerDbm"), JsonConverter(typeof(DbmPerDeviceConverter))]
    public EquatableArray<double> MaxPowerW { get; init; } = new(Units.DbmToW(23.0));

    /// <summary>Standard deviation of log-normal shadowing, dB, drawn once per (UE, SBS) per run; 0 disables it (SPEC 2 [choice]; JSON <c>shadowingDb</c>, default 0).</summary>
    public double ShadowingDb { get; init; }

    /// <summary>Path-loss constant: PL at 1 km, dB (SPEC 2; JSON <c>pathLossAt1KmDb</c>, default 137.74).</summary>
    public double PathLossAt1KmDb { get; init; } = 137.74;

    /// <summary>Path-loss slope, dB per decade of distance (SPEC 2; JSON <c>pathLossSlopeDb</c>, default 35.22).</summary>
    public double PathLossSlopeDb { get; init; } = 35.22;

    /// <summary>Noise power of one channel N0*B, W.</summary>
    [JsonIgnore]
    public double NoisePowerW => Units.DbmPerHzToWPerHz(NoiseDbmPerHz) * BandwidthHz;
}
