namespace MecMarl.Nn;

/// <summary>
/// Which loop of <see cref="ElementwiseLoop.Run{TKernel}"/> covers the whole vectors of a span.
/// Production code passes <see cref="Widest"/>; the other values let the tests run each path on any
/// machine (a Vector512 loop on hardware without AVX-512 runs correctly, only slowly).
/// </summary>
internal enum VectorWidth
{
    /// <summary>Vector512 if it is hardware accelerated, else Vector256 if it is, else scalar only.</summary>
    Widest = 0,

    /// <summary>The scalar loop alone.</summary>
    Scalar = 1,

    /// <summary>Vector256 steps, then the scalar tail.</summary>
    Vector256 = 2,

    /// <summary>Vector512 steps, then the scalar tail.</summary>
    Vector512 = 3,
}
