using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MecMarl.Nn;

/// <summary>
/// g' = y &gt; 0 ? g : 0, the ReLU derivative applied to a gradient g given the layer's output y
/// (TensorPrimitives has no masked select), for <see cref="ElementwiseLoop.Binary{TOp}"/> with
/// x = y (the output) and y = g (the gradient). A NaN output zeroes the gradient at every width.
/// </summary>
internal readonly struct ReluBackwardOperator : IBinaryOperator
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<float>.Zero), y, Vector512<float>.Zero);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) =>
        Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), y, Vector256<float>.Zero);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float x, float y) => x > 0f ? y : 0f;
}
