namespace MecMarl.Learning;

/// <summary>
/// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320, init and final xor 0xFFFFFFFF), as zlib's
/// crc32; computed by System.IO.Hashing (vectorised, several GB/s).
/// </summary>
public static class Crc32
{
    /// <summary>CRC-32 of <paramref name="data"/>; "123456789" gives 0xCBF43926.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => System.IO.Hashing.Crc32.HashToUInt32(data);
}
