namespace MecMarl.Learning.Tests;

public sealed class Crc32Tests
{
    [Fact]
    public void StandardCheckValue() => Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));

    [Fact]
    public void EmptyInputIsZero() => Assert.Equal(0u, Crc32.Compute([]));
}
