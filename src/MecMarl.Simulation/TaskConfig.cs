namespace MecMarl.Simulation;

/// <summary>The task model of SPEC section 3 (a new task every slot for every UE). JSON section <c>tasks</c>.</summary>
public sealed record TaskConfig
{
    /// <summary>Bits in one KB (SPEC 3 [choice]; JSON <c>bitsPerKb</c>, default 8192).</summary>
    public double BitsPerKb { get; init; } = 8192.0;

    /// <summary>Smallest task size d_n, bits (SPEC 3; JSON <c>sizeMinKb</c> in KB, default 200).</summary>
    public double SizeMinBits { get; init; } = 200.0 * 8192.0;

    /// <summary>Largest task size d_n, bits (SPEC 3; JSON <c>sizeMaxKb</c> in KB, default 300).</summary>
    public double SizeMaxBits { get; init; } = 300.0 * 8192.0;

    /// <summary>Smallest computation intensity c_n, cycles/bit (SPEC 3; JSON <c>cyclesPerBitMin</c>, default 500).</summary>
    public double CyclesPerBitMin { get; init; } = 500.0;

    /// <summary>Largest computation intensity c_n, cycles/bit (SPEC 3; JSON <c>cyclesPerBitMax</c>, default 1000).</summary>
    public double CyclesPerBitMax { get; init; } = 1000.0;

    /// <summary>Deadline factor: T~_n = deadlineFactor * omega_n / C_n (SPEC 3; JSON <c>deadlineFactor</c>, default 0.9).</summary>
    public double DeadlineFactor { get; init; } = 0.9;
}
