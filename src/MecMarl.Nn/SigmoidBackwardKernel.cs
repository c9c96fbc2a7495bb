using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MecMarl.Nn;

/// <summary>
/// g[i] = (g[i] * y[i]) * (1 - y[i]), the sigmoid derivative applied to a gradient given the
/// layer's output y, in one pass (TensorPrimitives would take three: g * y, 1 - y, product).
/// Same operations in the same order as those three passes, so the results are identical.
/// Vector512 / Vector256 body, scalar tail.
/// </summary>
internal static class SigmoidBackwardKernel
{
    /// <summary>Multiplies <paramref name="gradient"/> by y (1 - y), y = <paramref name="output"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Apply(ReadOnlySpan<float> output, Span<float> gradient)
    {
        if (output.Length != gradient.Length)
        {
            throw new ArgumentException("Output and gradient lengths differ.");
        }
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= output.Length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                Vector512<float> y = Vector512.Create(output.Slice(i, Vector512<float>.Count));
                Vector512<float> g = Vector512.Create(gradient.Slice(i, Vector512<float>.Count));
                (g * y * (Vector512<float>.One - y)).CopyTo(gradient.Slice(i));
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= output.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                Vector256<float> y = Vector256.Create(output.Slice(i, Vector256<float>.Count));
                Vector256<float> g = Vector256.Create(gradient.Slice(i, Vector256<float>.Count));
                (g * y * (Vector256<float>.One - y)).CopyTo(gradient.Slice(i));
            }
        }
        for (; i < output.Length; i++)
        {
            float y = output[i];
            gradient[i] = gradient[i] * y * (1f - y);
        }
    }
}
