using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MecMarl.Nn;

/// <summary>
/// g' = (g y) (1 - y), the sigmoid derivative applied to a gradient g given the layer's output y,
/// for <see cref="ElementwiseLoop.Binary{TOp}"/> with x = y (the output) and y = g (the gradient):
/// one pass where TensorPrimitives would take three (g * y, 1 - y, product), with the same
/// operations in the same order, so the results are identical. No fused multiply-add.
/// </summary>
internal readonly struct SigmoidBackwardOperator : IBinaryOperator
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => y * x * (Vector512<float>.One - x);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => y * x * (Vector256<float>.One - x);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float x, float y) => y * x * (1f - x);
}
