using System.Text.Json.Serialization;

namespace MecMarl.Simulation;

/// <summary>The task model of SPEC section 3 (a new task every slot for every UE). JSON section <c>tasks</c>.</summary>
public sealed record TaskConfig
{
    /// <summary>Bits in one KB (SPEC 3 [choice]; JSON <c>bitsPerKb</c>, default 8192).</summary>
    public double BitsPerKb { get; init; } = 8192.0;

    /// <summary>Smallest task size d_n, KB of <see cref="BitsPerKb"/> bits (SPEC 3; JSON <c>sizeMinKb</c>, default 200).</summary>
    [JsonConverter(typeof(TidyConverter))]
    public double SizeMinKb { get; init; } = 200.0;

    /// <summary>Largest task size d_n, KB of <see cref="BitsPerKb"/> bits (SPEC 3; JSON <c>sizeMaxKb</c>, default 300).</summary>
    [JsonConverter(typeof(TidyConverter))]
    public double SizeMaxKb { get; init; } = 300.0;

    /// <summary>Smallest computation intensity c_n, cycles/bit (SPEC 3; JSON <c>cyclesPerBitMin</c>, default 500).</summary>
    public double CyclesPerBitMin { get; init; } = 500.0;

    /// <summary>Largest computation intensity c_n, cycles/bit (SPEC 3; JSON <c>cyclesPerBitMax</c>, default 1000).</summary>
    public double CyclesPerBitMax { get; init; } = 1000.0;

    /// <summary>Deadline factor: T~_n = deadlineFactor * omega_n / C_n (SPEC 3; JSON <c>deadlineFactor</c>, default 0.9).</summary>
    public double DeadlineFactor { get; init; } = 0.9;

    /// <summary>Smallest task size d_n, bits (<see cref="SizeMinKb"/> x <see cref="BitsPerKb"/>).</summary>
    [JsonIgnore]
    public double SizeMinBits => SizeMinKb * BitsPerKb;

    /// <summary>Largest task size d_n, bits (<see cref="SizeMaxKb"/> x <see cref="BitsPerKb"/>).</summary>
    [JsonIgnore]
    public double SizeMaxBits => SizeMaxKb * BitsPerKb;
}
