using System.Text.Json.Serialization;

namespace MecMarl.Simulation;

/// <summary>
/// The network of SPEC section 1: where SBSs and UEs are, how many, and the per-device constants.
/// JSON section <c>network</c>. Values are SI; the JSON uses the units named in each field.
/// </summary>
public sealed record NetworkConfig
{
    /// <summary>Width of the rectangle where SBSs are placed, m (SPEC 1; JSON <c>areaWidthM</c>, default 1500).</summary>
    public double AreaWidthM { get; init; } = 1500.0;

    /// <summary>Height of the rectangle where SBSs are placed, m (SPEC 1; JSON <c>areaHeightM</c>, default 1000).</summary>
    public double AreaHeightM { get; init; } = 1000.0;

    /// <summary>Number of small-cell base stations M, each with an MEC server (SPEC 1; JSON <c>sbsCount</c>, default 6).</summary>
    public int SbsCount { get; init; } = 6;

    /// <summary>
    /// UEs served by each SBS, N_m: one number for every cell, or one per cell (SPEC 1; JSON
    /// <c>uesPerCell</c>, a number or a list of <c>sbsCount</c> numbers, default 10).
    /// </summary>
    [JsonConverter(typeof(CellCountsConverter))]
    public EquatableArray<int> UesPerCell { get; init; } = new(10);

    /// <summary>Cell radius R: UEs are dropped uniformly on the disc of this radius around their SBS, m (SPEC 1; JSON <c>cellRadiusM</c>, default 250).</summary>
    public double CellRadiusM { get; init; } = 250.0;

    /// <summary>Minimum distance between two SBSs, m (SPEC 1 [choice]; JSON <c>minSbsDistanceM</c>, default 250).</summary>
    public double MinSbsDistanceM { get; init; } = 250.0;

    /// <summary>Minimum UE-to-serving-SBS distance, and the clamp of the path-loss distance, m (SPEC 1-2 [choice]; JSON <c>minUeDistanceM</c>, default 10).</summary>
    public double MinUeDistanceM { get; init; } = 10.0;

    /// <summary>Redraw UE positions every episode instead of once per run (SPEC 1 [choice]; JSON <c>redropEachEpisode</c>, default false).</summary>
    public bool RedropEachEpisode { get; init; }

    /// <summary>UE CPU frequency C_n, Hz: one value or one per UE (SPEC 1; JSON <c>ueCpuGhz</c> in GHz, default 1).</summary>
    [JsonPropertyName("ueCpuGhz"), JsonConverter(typeof(GhzPerDeviceConverter))]
    public EquatableArray<double> UeCpuHz { get; init; } = new(Units.GhzToHz(1.0));

    /// <summary>UE energy per cycle eps_n, J/cycle: one value or one per UE (SPEC 1; JSON <c>ueJoulesPerGcycle</c> in J/Gcycle, default 1).</summary>
    [JsonPropertyName("ueJoulesPerGcycle"), JsonConverter(typeof(JoulesPerGcyclePerDeviceConverter))]
    public EquatableArray<double> UeJoulesPerCycle { get; init; } = new(Units.JoulesPerGcycleToJoulesPerCycle(1.0));

    /// <summary>MEC server CPU frequency C_bar_m, Hz: one value or one per SBS (SPEC 1; JSON <c>mecCpuGhz</c> in GHz, default 50).</summary>
    [JsonPropertyName("mecCpuGhz"), JsonConverter(typeof(GhzPerDeviceConverter))]
    public EquatableArray<double> MecCpuHz { get; init; } = new(Units.GhzToHz(50.0));

    /// <summary>MEC energy per cycle eps_bar_m, J/cycle: one value or one per SBS (SPEC 1; JSON <c>mecJoulesPerGcycle</c> in J/Gcycle, default 0.01 = 10 mJ/Gcycle).</summary>
    [JsonPropertyName("mecJoulesPerGcycle"), JsonConverter(typeof(JoulesPerGcyclePerDeviceConverter))]
    public EquatableArray<double> MecJoulesPerCycle { get; init; } = new(Units.JoulesPerGcycleToJoulesPerCycle(0.01));

    /// <summary>N_m of cell <paramref name="cell"/>.</summary>
    public int UesInCell(int cell) => UesPerCell.ForDevice(cell);

    /// <summary>Total number of UEs, sum of N_m.</summary>
    [JsonIgnore]
    public int TotalUes
    {
        get
        {
            int total = 0;
            for (int m = 0; m < SbsCount; m++)
            {
                total += UesInCell(m);
            }
            return total;
        }
    }
}
