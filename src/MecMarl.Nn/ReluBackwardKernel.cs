using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MecMarl.Nn;

/// <summary>
/// g[i] = y[i] &gt; 0 ? g[i] : 0, the ReLU derivative applied to a gradient given the layer's
/// output y (TensorPrimitives has no masked select). Vector512 / Vector256 body, scalar tail.
/// </summary>
internal static class ReluBackwardKernel
{
    /// <summary>Zeroes the entries of <paramref name="gradient"/> whose <paramref name="output"/> is not positive.</summary>
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
                Vector512.ConditionalSelect(Vector512.GreaterThan(y, Vector512<float>.Zero), g, Vector512<float>.Zero)
                    .CopyTo(gradient.Slice(i));
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= output.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                Vector256<float> y = Vector256.Create(output.Slice(i, Vector256<float>.Count));
                Vector256<float> g = Vector256.Create(gradient.Slice(i, Vector256<float>.Count));
                Vector256.ConditionalSelect(Vector256.GreaterThan(y, Vector256<float>.Zero), g, Vector256<float>.Zero)
                    .CopyTo(gradient.Slice(i));
            }
        }
        for (; i < output.Length; i++)
        {
            if (!(output[i] > 0f))
            {
                gradient[i] = 0f;
            }
        }
    }
}
