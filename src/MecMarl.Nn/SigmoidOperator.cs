using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MecMarl.Nn;

/// <summary>
/// y = 1 / (1 + exp(-x)) (SPEC 8 actor output), for <see cref="ElementwiseLoop.Unary{TOp}"/>. exp is
/// the Cephes single-precision scheme: z = -x clamped to [-87.3, 88.3] (so 2^n stays a normal
/// float; outside it sigmoid is 1 to within float precision, or below 4.6e-39), z = n ln 2 + r with
/// n = round(z / ln 2) and ln 2 split in two, exp(r) by a degree-6 polynomial with fused
/// multiply-adds, times 2^n built from the exponent bits. Within a few ulp of the exact sigmoid for
/// outputs above 1e-37. The three widths perform the same operations, so every element rounds alike.
/// </summary>
internal readonly struct SigmoidOperator : IUnaryOperator
{
    private const float Log2E = 1.44269504088896341f;
    private const float Ln2Hi = 0.693359375f;
    private const float Ln2Lo = -2.12194440e-4f;
    private const float ZMax = 88.3f;
    private const float ZMin = -87.3f;
    private const float P0 = 1.9875691500e-4f, P1 = 1.3981999507e-3f, P2 = 8.3334519073e-3f;
    private const float P3 = 4.1665795894e-2f, P4 = 1.6666665459e-1f, P5 = 5.0000001201e-1f;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Invoke(Vector512<float> x)
    {
        Vector512<float> z = Vector512.Min(Vector512.Max(-x, Vector512.Create(ZMin)), Vector512.Create(ZMax));
        Vector512<float> n = Vector512.Round(z * Vector512.Create(Log2E));
        Vector512<float> r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2Hi), z);
        r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2Lo), r);
        Vector512<float> p = Vector512.FusedMultiplyAdd(Vector512.Create(P0), r, Vector512.Create(P1));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P2));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P3));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P4));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P5));
        Vector512<float> e = Vector512.FusedMultiplyAdd(p, r * r, r) + Vector512<float>.One;
        Vector512<float> scale = (Vector512.ConvertToInt32(n) + Vector512.Create(127) << 23).AsSingle();
        return Vector512<float>.One / (Vector512<float>.One + e * scale);
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Invoke(Vector256<float> x)
    {
        Vector256<float> z = Vector256.Min(Vector256.Max(-x, Vector256.Create(ZMin)), Vector256.Create(ZMax));
        Vector256<float> n = Vector256.Round(z * Vector256.Create(Log2E));
        Vector256<float> r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2Hi), z);
        r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2Lo), r);
        Vector256<float> p = Vector256.FusedMultiplyAdd(Vector256.Create(P0), r, Vector256.Create(P1));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(P2));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(P3));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(P4));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(P5));
        Vector256<float> e = Vector256.FusedMultiplyAdd(p, r * r, r) + Vector256<float>.One;
        Vector256<float> scale = (Vector256.ConvertToInt32(n) + Vector256.Create(127) << 23).AsSingle();
        return Vector256<float>.One / (Vector256<float>.One + e * scale);
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float x)
    {
        float z = Math.Min(Math.Max(-x, ZMin), ZMax);
        float n = MathF.Round(z * Log2E);
        float r = MathF.FusedMultiplyAdd(n, -Ln2Hi, z);
        r = MathF.FusedMultiplyAdd(n, -Ln2Lo, r);
        float p = MathF.FusedMultiplyAdd(P0, r, P1);
        p = MathF.FusedMultiplyAdd(p, r, P2);
        p = MathF.FusedMultiplyAdd(p, r, P3);
        p = MathF.FusedMultiplyAdd(p, r, P4);
        p = MathF.FusedMultiplyAdd(p, r, P5);
        float e = MathF.FusedMultiplyAdd(p, r * r, r) + 1f;
        float scale = BitConverter.Int32BitsToSingle(((int)n + 127) << 23);
        return 1f / (1f + e * scale);
    }
}
