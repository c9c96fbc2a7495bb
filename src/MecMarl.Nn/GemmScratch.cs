namespace MecMarl.Nn;

/// <summary>
/// Preallocated packing buffers of <see cref="Gemm"/> (a B panel of <see cref="Gemm.Kc"/> rows,
/// an A tile, a C tile and a row of zeros). Their sizes do not depend on the matrix shapes, so one instance per
/// thread (each <see cref="DenseNetwork"/> owns one) makes every multiply allocation-free.
/// Not thread-safe: never share an instance between concurrent multiplies.
/// </summary>
public sealed class GemmScratch
{
    internal readonly float[] PackB = new float[Gemm.Kc * Gemm.NrMax + 16];
    internal readonly float[] PackA = new float[Gemm.Mr * Gemm.Kc + 16];
    internal readonly float[] Tile = new float[Gemm.Mr * Gemm.NrMax + 16];
    internal readonly float[] Zeros = new float[Gemm.NrMax + 16];
}
